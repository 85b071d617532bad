"""plan_change: one change validated against each object's own current state.

The invariants (hypothesis) are checked against a tiny model of the server written here,
independently of the Draft: the API merges the sent metadata into what is stored (keys are
never removed), a sent list replaces the stored one, and the server answers 400 past 16
pairs, 20 files or 1 vector store. A plan sends a body exactly when the server would accept
it and it changes something; the body, merged by the model, gives what the change asked for.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from thread_tui.core import limits
from thread_tui.core.bulk_plan import (
    REASON_CONVERSATION,
    REASON_FILES,
    REASON_PAIRS,
    REASON_STORES,
    BulkChange,
    plan_change,
    summarise,
)

KEYS = [f"k{i}" for i in range(20)]
VALUES = ["", "a", "b", "x" * 512, "x" * 513]
FILES = [f"file-{i}" for i in range(24)]
STORES = ["vs_1", "vs_2"]


def thread(
    metadata: dict[str, str], files: list[str] | None = None, stores: list[str] | None = None
) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    if files is not None:
        tools["code_interpreter"] = {"file_ids": files}
    if stores is not None:
        tools["file_search"] = {"vector_store_ids": stores}
    return {
        "id": "thread_abc123",
        "object": "thread",
        "created_at": 1699014083,
        "metadata": metadata,
        "tool_resources": tools,
    }


def conversation(metadata: dict[str, str]) -> dict[str, Any]:
    return {"id": "conv_abc123", "object": "conversation", "created_at": 1, "metadata": metadata}


def many(n: int) -> dict[str, str]:
    return {f"have{i}": "v" for i in range(n)}


# -- examples ---------------------------------------------------------------------------------


def test_the_pair_limit_counts_the_keys_each_object_already_has() -> None:
    change = BulkChange({"owner": "ana"})
    fits = plan_change(change, thread(many(15)))
    over = plan_change(change, thread(many(16)))
    assert fits.body == {"metadata": {"owner": "ana"}}
    assert fits.refusal is None and not fits.noop
    assert over.body is None
    assert over.refusal is not None and "17 metadata pairs" in over.refusal
    assert over.reason == REASON_PAIRS


def test_changing_a_key_the_object_has_does_not_count_a_new_pair() -> None:
    plan = plan_change(BulkChange({"have3": "w"}), thread(many(16)))
    assert plan.body == {"metadata": {"have3": "w"}}
    assert plan.diff == ('~ have3: "v" → "w"',)


def test_a_change_the_object_already_holds_is_a_noop_and_sends_nothing() -> None:
    plan = plan_change(BulkChange({"have1": "v"}), thread(many(3)))
    assert plan.noop and plan.body is None and plan.refusal is None and plan.diff == ()


def test_the_same_file_list_is_a_noop() -> None:
    change = BulkChange(tool_resources={"code_interpreter": {"file_ids": ["file-1"]}})
    assert plan_change(change, thread({}, files=["file-1"])).noop


def test_tool_resources_are_refused_for_a_conversation_only() -> None:
    change = BulkChange({"owner": "ana"}, {"file_search": {"vector_store_ids": ["vs_1"]}})
    refused = plan_change(change, conversation({}))
    assert refused.body is None and refused.reason == REASON_CONVERSATION
    sent = plan_change(change, thread({}))
    assert sent.body == {
        "metadata": {"owner": "ana"},
        "tool_resources": {"file_search": {"vector_store_ids": ["vs_1"]}},
    }
    assert sent.diff == ('+ owner: "ana"', "+ vector store vs_1")


def test_metadata_alone_is_planned_for_a_conversation() -> None:
    plan = plan_change(BulkChange({"owner": "ana"}), conversation({"team": "a"}))
    assert plan.body == {"metadata": {"owner": "ana"}}


def test_list_limits() -> None:
    files = BulkChange(tool_resources={"code_interpreter": {"file_ids": FILES[:21]}})
    stores = BulkChange(tool_resources={"file_search": {"vector_store_ids": STORES}})
    assert plan_change(files, thread({})).reason == REASON_FILES
    assert plan_change(stores, thread({})).reason == REASON_STORES


def test_a_duplicate_id_in_the_change_is_refused_not_dropped() -> None:
    change = BulkChange(tool_resources={"code_interpreter": {"file_ids": ["file-1", "file-1"]}})
    plan = plan_change(change, thread({}))
    assert plan.body is None and plan.refusal is not None and "twice" in plan.refusal


def test_a_section_without_its_list_keeps_the_list() -> None:
    change = BulkChange({"a": "1"}, {"code_interpreter": {}})
    plan = plan_change(change, thread({}, files=["file-1"]))
    assert plan.body == {"metadata": {"a": "1"}}


def test_key_and_value_lengths() -> None:
    long_key = plan_change(BulkChange({"k" * 65: "v"}), thread({}))
    long_value = plan_change(BulkChange({"k": "v" * 513}), thread({}))
    assert long_key.body is None and long_key.refusal is not None
    assert long_value.body is None and long_value.refusal is not None


def test_an_unreadable_object_is_refused_not_raised() -> None:
    plan = plan_change(BulkChange({"a": "1"}), {"id": "thread_x", "object": "thread"})
    assert plan.body is None and plan.refusal is not None
    plan = plan_change(BulkChange({"a": "1"}), {"id": 5})
    assert plan.body is None and plan.refusal is not None


def test_the_summary_counts_by_reason() -> None:
    change = BulkChange({"owner": "ana"})
    objects = [thread(many(16))] * 3 + [thread(many(2))] * 116 + [thread({"owner": "ana"})]
    summary = summarise(plan_change(change, obj) for obj in objects)
    assert summary.lines() == [
        "116 of 120 would change",
        "1 of 120 already hold the change (nothing to send)",
        "3 of 120 would exceed 16 pairs",
    ]


# -- invariants against a model of the server --------------------------------------------------


def server_accepts(metadata: dict[str, str], files: list[str], stores: list[str]) -> bool:
    return (
        len(metadata) <= limits.MAX_METADATA_PAIRS
        and all(0 < len(k) <= limits.MAX_KEY_CHARS for k in metadata)
        and all(len(v) <= limits.MAX_VALUE_CHARS for v in metadata.values())
        and len(files) <= limits.MAX_FILE_IDS
        and len(stores) <= limits.MAX_VECTOR_STORE_IDS
    )


metadata_maps = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES[:3]), max_size=17)
change_maps = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), max_size=6)
id_lists = st.one_of(st.none(), st.lists(st.sampled_from(FILES), max_size=22, unique=True))
store_lists = st.one_of(st.none(), st.lists(st.sampled_from(STORES), max_size=2, unique=True))


@settings(max_examples=300, deadline=None)
@given(metadata_maps, change_maps, id_lists, id_lists, store_lists, st.booleans())
@example({}, {}, FILES[:21], None, None, False)  # a conversation: drawn files are not its own
def test_a_plan_sends_exactly_what_the_server_would_accept_and_changes_something(
    stored: dict[str, str],
    change_md: dict[str, str],
    stored_files: list[str] | None,
    change_files: list[str] | None,
    change_stores: list[str] | None,
    is_thread: bool,
) -> None:
    tools: dict[str, Any] = {}
    if change_files is not None:
        tools["code_interpreter"] = {"file_ids": change_files}
    if change_stores is not None:
        tools["file_search"] = {"vector_store_ids": change_stores}
    change = BulkChange(change_md, tools or None)
    current = thread(stored, stored_files or []) if is_thread else conversation(stored)
    plan = plan_change(change, current)

    # The model: merge, replace lists, check.
    merged = {**stored, **change_md}
    files = change_files if change_files is not None else (stored_files or [])
    stores = change_stores if change_stores is not None else []
    if not is_thread:  # a conversation has no tool resources: the drawn files are not its own
        files, stores = [], []
    changes = merged != stored or (
        is_thread
        and (
            (change_files is not None and sorted(change_files) != sorted(stored_files or []))
            or bool(change_stores)
        )
    )
    if not is_thread and tools:
        assert plan.body is None and plan.reason == REASON_CONVERSATION
        return
    accepted = server_accepts(merged, files, stores) and server_accepts(stored, [], [])
    if not accepted:
        assert plan.body is None and plan.refusal is not None and not plan.noop
        return
    if not changes:
        assert plan.noop and plan.body is None and plan.refusal is None
        return
    assert plan.refusal is None and not plan.noop and plan.body is not None
    # What the body does on the server is what the change asked for.
    after = {**stored, **plan.body.get("metadata", {})}
    assert after == merged
    sent_tools = plan.body.get("tool_resources", {})
    if "code_interpreter" in sent_tools:
        assert sorted(sent_tools["code_interpreter"]["file_ids"]) == sorted(files)
    if "file_search" in sent_tools:
        assert sent_tools["file_search"]["vector_store_ids"] == stores
    # Only the pairs that differ are sent, and each shows in the diff.
    assert all(stored.get(k) != v for k, v in plan.body.get("metadata", {}).items())
    assert len([line for line in plan.diff if line[0] in "+~" and ":" in line]) == len(
        plan.body.get("metadata", {})
    )
