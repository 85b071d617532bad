"""Rebasing edits onto a newer server version, and the autosave format."""

from __future__ import annotations

import pytest

from thread_tui.core.draft import Draft
from thread_tui.core.draft_state import dump_state, load_state
from thread_tui.core.rebase import drift, rebase
from thread_tui.core.resources import Conversation, Thread, ToolResources


def thread(metadata: dict[str, str], files: list[str] | None = None) -> Thread:
    tools = ToolResources.from_json({"code_interpreter": {"file_ids": files or []}})
    return Thread(id="thread_r", created_at=1, metadata=metadata, tool_resources=tools)


def test_untouched_rows_take_the_server_value_edited_rows_keep_mine() -> None:
    draft = Draft.from_resource(thread({"a": "1", "b": "2"}))
    draft.set_value(0, "mine")
    draft.add_row("c", "new")
    draft.delete_row(1)
    now = thread({"a": "theirs-a", "b": "theirs-b", "d": "4"})
    assert drift(draft, now).metadata_keys == ("a", "b", "d")
    rebased = rebase(draft, now)
    assert rebased.loaded_metadata == now.metadata
    assert rebased.intended_metadata() == {"a": "mine", "d": "4", "c": "new"}
    assert rebased.rows[1].deleted  # my removal of b carried over
    assert rebased.request_body() == {"metadata": {"a": "mine", "c": "new"}}


def test_file_lists_merge_three_ways() -> None:
    draft = Draft.from_resource(thread({}, ["f1", "f2", "f3"]))
    draft.remove_file("f1")
    draft.add_file("f9")
    now = thread({}, ["f2", "f3", "f4"])
    assert drift(draft, now).files
    assert rebase(draft, now).file_ids == ["f2", "f3", "f4", "f9"]


def tools_thread(files: list[str], stores: list[str]) -> Thread:
    tools = ToolResources.from_json(
        {"code_interpreter": {"file_ids": files}, "file_search": {"vector_store_ids": stores}}
    )
    return Thread(id="thread_r", created_at=1, metadata={}, tool_resources=tools)


def test_my_removal_of_a_file_the_server_still_has_is_kept() -> None:
    # The server kept f1 and added f4 meanwhile; my removal of f1 must survive the rebase.
    draft = Draft.from_resource(thread({}, ["f1", "f2"]))
    draft.remove_file("f1")
    now = thread({}, ["f1", "f2", "f4"])
    rebased = rebase(draft, now)
    assert rebased.file_ids == ["f2", "f4"]
    assert rebased.request_body() == {
        "tool_resources": {"code_interpreter": {"file_ids": ["f2", "f4"]}}
    }


def test_my_removal_of_a_store_is_kept_when_only_the_files_changed_on_the_server() -> None:
    draft = Draft.from_resource(tools_thread(["f1"], ["vs_1"]))
    draft.remove_store("vs_1")
    now = tools_thread(["f1", "f2"], ["vs_1"])
    rebased = rebase(draft, now)
    assert rebased.store_ids == []
    assert rebased.file_ids == ["f1", "f2"]  # the server's addition is not undone
    assert rebased.request_body()["tool_resources"]["file_search"] == {"vector_store_ids": []}


def test_no_drift_when_nothing_changed_on_the_server() -> None:
    draft = Draft.from_resource(thread({"a": "1"}, ["f1"]))
    draft.set_value(0, "2")
    assert not drift(draft, thread({"a": "1"}, ["f1"])).any


def test_state_round_trips() -> None:
    draft = Draft.from_resource(thread({"a": "1", "b": "2"}, ["f1"]))
    draft.set_key(0, "renamed 🙂")
    draft.delete_row(1)
    draft.add_row("", "half-typed")
    draft.add_file("f2")
    restored, saved_at = load_state(dump_state(draft, 123.0))
    assert saved_at == 123.0
    assert restored.request_body() == draft.request_body()
    assert [p.code for p in restored.problems()] == [p.code for p in draft.problems()]
    assert [(r.key, r.value, r.origin, r.deleted) for r in restored.rows] == [
        (r.key, r.value, r.origin, r.deleted) for r in draft.rows
    ]


def test_conversation_state_round_trips() -> None:
    draft = Draft.from_resource(Conversation(id="conv_x", created_at=1, metadata={"t": "1"}))
    draft.set_value(0, "2")
    restored, _ = load_state(dump_state(draft, 1.0))
    assert restored.kind is draft.kind and restored.request_body() == {"metadata": {"t": "2"}}


@pytest.mark.parametrize(
    "bad",
    [
        None,
        [],
        {"version": 99},
        {"version": 1, "resource_id": "thread_../x"},
        {"version": 1, "resource_id": "thread_x", "loaded": {"metadata": {"a": 1}}},
        {
            "version": 1,
            "resource_id": "thread_x",
            "saved_at": 1,
            "loaded": {"metadata": {}, "file_ids": [], "store_ids": []},
            "rows": [{"key": "k", "value": "v", "origin": "not-loaded"}],
            "file_ids": [],
            "store_ids": [],
        },
    ],
)
def test_damaged_state_is_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        load_state(bad)
