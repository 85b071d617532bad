"""The draft: limits at their edges, the merge rule, the diff, the body and the reasons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from thread_tui.core.diff import ListChange, MetadataChange
from thread_tui.core.draft import Draft, DraftError
from thread_tui.core.ids import ResourceKind
from thread_tui.core.problems import Field, ProblemCode
from thread_tui.core.resources import Conversation, Thread, ToolResources


def thread(
    metadata: dict[str, str] | None = None,
    files: Sequence[str] = (),
    stores: Sequence[str] = (),
    tools: dict[str, Any] | None = None,
) -> Thread:
    raw = tools
    if raw is None:
        raw = {
            "code_interpreter": {"file_ids": list(files)},
            "file_search": {"vector_store_ids": list(stores)},
        }
    return Thread(
        id="thread_t",
        created_at=1,
        metadata=metadata,
        tool_resources=ToolResources.from_json(raw),
    )


def conversation(metadata: dict[str, str] | None = None) -> Conversation:
    return Conversation(id="conv_c", created_at=1, metadata=metadata)


def sixteen() -> dict[str, str]:
    return {f"k{i}": "v" for i in range(16)}


def codes(draft: Draft) -> list[ProblemCode]:
    return [p.code for p in draft.problems()]


def row_of(draft: Draft, key: str) -> int:
    return next(row.id for row in draft.rows if row.key == key)


# -- loading -------------------------------------------------------------------------------


def test_loading_builds_one_row_per_pair_in_order() -> None:
    draft = Draft.from_resource(thread({"b": "2", "a": "1"}, files=["file-1"], stores=["vs_1"]))
    assert draft.kind is ResourceKind.THREAD
    assert draft.resource_id == "thread_t"
    assert [(r.key, r.value, r.origin, r.deleted) for r in draft.rows] == [
        ("b", "2", "b", False),
        ("a", "1", "a", False),
    ]
    assert len({r.id for r in draft.rows}) == 2
    assert draft.file_ids == ["file-1"]
    assert draft.store_ids == ["vs_1"]
    assert draft.file_ids is not draft.loaded_file_ids  # edits never touch what was loaded


@pytest.mark.parametrize("tools", [None, {}, {"file_search": {"vector_store_ids": ["vs_1"]}}])
def test_loading_null_or_partial_tool_resources_and_null_metadata(
    tools: dict[str, Any] | None,
) -> None:
    resource = Thread(
        id="thread_t",
        created_at=1,
        metadata=None,
        tool_resources=None if tools is None else ToolResources.from_json(tools),
    )
    draft = Draft.from_resource(resource)
    assert draft.rows == []
    assert draft.loaded_metadata == {}
    assert draft.file_ids == []
    assert draft.store_ids == (["vs_1"] if tools else [])
    assert draft.is_valid and draft.is_noop


def test_unchanged_draft_is_a_valid_noop() -> None:
    draft = Draft.from_resource(thread({"modified": "true", "user": "abc123"}))
    assert draft.is_valid
    assert draft.is_noop
    assert draft.request_body() == {}
    assert draft.diff().is_empty
    assert draft.diff().summary() == "no changes"
    assert draft.submit_block_reason() == "Nothing to send: no changes yet."


# -- limits at their edges -------------------------------------------------------------------


@pytest.mark.parametrize(("length", "ok"), [(1, True), (64, True), (65, False)])
def test_key_length_edge(length: int, ok: bool) -> None:
    draft = Draft.from_resource(thread({}))
    row = draft.add_row("k" * length, "v")
    assert draft.is_valid is ok
    if not ok:
        [problem] = draft.problems()
        assert (problem.code, problem.row, problem.field) == (
            ProblemCode.KEY_TOO_LONG,
            row,
            Field.KEY,
        )
        assert (problem.count, problem.limit) == (65, 64)
        assert draft.problems_for_row(row) == [problem]


@pytest.mark.parametrize(("length", "ok"), [(0, True), (512, True), (513, False)])
def test_value_length_edge(length: int, ok: bool) -> None:
    draft = Draft.from_resource(thread({}))
    row = draft.add_row("k", "v" * length)
    assert draft.is_valid is ok
    if not ok:
        [problem] = draft.problems()
        assert (problem.code, problem.row, problem.field) == (
            ProblemCode.VALUE_TOO_LONG,
            row,
            Field.VALUE,
        )
        assert problem.message == "The value of 'k' is 513 characters; at most 512."


def test_editing_a_loaded_value_past_the_limit() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.set_value(0, "x" * 513)
    assert codes(draft) == [ProblemCode.VALUE_TOO_LONG]
    draft.set_value(0, "x" * 512)
    assert draft.is_valid
    assert draft.request_body() == {"metadata": {"a": "x" * 512}}


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("é" * 64, "é" * 512, True),
        ("🙂" * 64, "🙂" * 512, True),
        ("🙂" * 65, "x", False),
        ("x", "🙂" * 513, False),
        ("e\u0301" * 32, "v", True),  # 64 code points
        ("e\u0301" * 32 + "\u0301", "v", False),  # 65 code points, still 32 letters on screen
        ("k", "👩‍💻" * 170 + "ab", True),  # 512 code points
        ("k", "👩‍💻" * 171, False),  # 513 code points
    ],
)
def test_characters_are_counted_as_code_points(key: str, value: str, ok: bool) -> None:
    draft = Draft.from_resource(thread({}))
    draft.add_row(key, value)
    assert draft.is_valid is ok
    if not ok:
        [problem] = draft.problems()
        assert problem.count == 65 or problem.count == 513


def test_sixteen_pairs_ok_seventeen_not() -> None:
    draft = Draft.from_resource(thread({f"k{i}": "v" for i in range(15)}))
    draft.add_row("k15", "v")
    assert draft.pair_count() == 16 and draft.is_valid
    row = draft.add_row("k16", "v")
    assert draft.pair_count() == 17
    [problem] = draft.problems()
    assert (problem.code, problem.field, problem.row) == (
        ProblemCode.TOO_MANY_PAIRS,
        Field.PAIRS,
        None,
    )
    assert (problem.count, problem.limit) == (17, 16)
    draft.delete_row(row)  # a new row really goes away
    assert draft.pair_count() == 16 and draft.is_valid


def test_merge_rule_a_deleted_server_key_still_counts() -> None:
    draft = Draft.from_resource(thread(sixteen()))
    assert draft.delete_row(row_of(draft, "k0")) is True  # the server keeps it
    assert draft.pair_count() == 16
    draft.add_row("new", "v")
    assert draft.pair_count() == 17
    [problem] = draft.problems()
    assert problem.code is ProblemCode.TOO_MANY_PAIRS
    assert problem.message == (
        "17 metadata pairs (counting the keys the server keeps: a key cannot be deleted); "
        "at most 16."
    )


def test_merge_rule_a_renamed_server_key_still_counts() -> None:
    draft = Draft.from_resource(thread(sixteen()))
    draft.set_key(row_of(draft, "k0"), "renamed")
    assert draft.pair_count() == 17
    assert codes(draft) == [ProblemCode.TOO_MANY_PAIRS]
    diff = draft.diff()
    assert MetadataChange("added", "renamed", None, "v") in diff.metadata
    assert MetadataChange("kept", "k0", "v", "v") in diff.metadata


def test_merge_rule_reusing_a_deleted_key_or_blanking_does_not_add_a_pair() -> None:
    draft = Draft.from_resource(thread(sixteen()))
    draft.delete_row(row_of(draft, "k0"))
    draft.add_row("k0", "again")
    assert draft.pair_count() == 16
    assert draft.is_valid
    assert draft.request_body() == {"metadata": {"k0": "again"}}

    blanked = Draft.from_resource(thread(sixteen()))
    blanked.blank_row(row_of(blanked, "k3"))
    assert blanked.pair_count() == 16 and blanked.is_valid
    assert blanked.request_body() == {"metadata": {"k3": ""}}


def test_each_unnamed_row_counts_as_a_pair_to_come() -> None:
    draft = Draft.from_resource(thread({f"k{i}": "v" for i in range(14)}))
    draft.add_row(value="x")
    draft.add_row(value="y")
    assert draft.pair_count() == 16
    draft.add_row()  # blank: not a pair (yet)
    assert draft.pair_count() == 16
    draft.add_row(value="z")
    assert draft.pair_count() == 17
    assert codes(draft).count(ProblemCode.TOO_MANY_PAIRS) == 1
    assert codes(draft).count(ProblemCode.KEY_EMPTY) == 3


def test_duplicate_keys_name_every_row() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    new = draft.add_row("a", "2")
    [first] = draft.problems_for_row(0)
    [second] = draft.problems_for_row(new)
    assert first.code is second.code is ProblemCode.KEY_DUPLICATE
    assert first.message == "Key 'a' appears 2 times; keys must be unique."
    assert (first.count, first.limit) == (2, 1)


def test_a_deleted_row_does_not_clash_with_a_live_one() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.delete_row(0)
    draft.add_row("a", "2")
    assert draft.is_valid


def test_empty_key() -> None:
    draft = Draft.from_resource(thread({}))
    row = draft.add_row("", "value")
    [problem] = draft.problems()
    assert (problem.code, problem.row) == (ProblemCode.KEY_EMPTY, row)
    renamed = Draft.from_resource(thread({"a": "1"}))
    renamed.set_key(0, "")
    assert ProblemCode.KEY_EMPTY in codes(renamed)


def test_lone_surrogates_are_a_problem_not_a_crash() -> None:
    draft = Draft.from_resource(thread({}))
    key_row = draft.add_row("k\udc00", "v")
    value_row = draft.add_row("k", "bad \ud800 text")
    found = {(p.code, p.field, p.row) for p in draft.problems()}
    assert found == {
        (ProblemCode.INVALID_TEXT, Field.KEY, key_row),
        (ProblemCode.INVALID_TEXT, Field.VALUE, value_row),
    }
    assert not draft.is_valid
    assert (draft.submit_block_reason() or "").startswith("Fix first:")


def test_problems_of_deleted_rows_do_not_block() -> None:
    draft = Draft.from_resource(thread({"a": "1", "b": "2"}))
    draft.set_value(0, "x" * 600)
    draft.delete_row(0)
    draft.set_value(1, "3")
    assert draft.is_valid
    assert draft.request_body() == {"metadata": {"b": "3"}}


def test_twenty_files_ok_twenty_one_not() -> None:
    draft = Draft.from_resource(thread({}, files=[f"file-{i}" for i in range(19)]))
    draft.add_file("file-19")
    assert draft.is_valid
    draft.add_file("file-20")
    [problem] = draft.problems()
    assert (problem.code, problem.field, problem.count, problem.limit) == (
        ProblemCode.TOO_MANY_FILES,
        Field.FILE_IDS,
        21,
        20,
    )
    draft.remove_file("file-0")
    assert draft.is_valid


def test_one_store_ok_two_not() -> None:
    draft = Draft.from_resource(thread({}))
    draft.add_store("vs_1")
    assert draft.is_valid
    draft.add_store("vs_2")
    [problem] = draft.problems()
    assert (problem.code, problem.count, problem.limit) == (ProblemCode.TOO_MANY_STORES, 2, 1)
    draft.set_stores(["vs_2"])
    assert draft.is_valid
    assert draft.store_ids == ["vs_2"]


def test_adding_the_same_id_twice_is_ignored_but_a_direct_list_is_checked() -> None:
    draft = Draft.from_resource(thread({}, files=["file-1"], stores=["vs_1"]))
    draft.add_file("file-1")
    draft.add_store("vs_1")
    assert (draft.file_ids, draft.store_ids) == (["file-1"], ["vs_1"])
    draft.file_ids = ["file-1", "file-1"]
    assert codes(draft) == [ProblemCode.DUPLICATE_FILE]
    draft.store_ids = ["vs_1", "vs_1"]
    assert ProblemCode.DUPLICATE_STORE in codes(draft)
    draft.set_files(["file-2", "file-1", "file-2"])
    assert draft.file_ids == ["file-2", "file-1"]  # first occurrence kept, order kept


def test_an_unencodable_file_id_is_a_problem() -> None:
    draft = Draft.from_resource(thread({}))
    draft.add_file("file-\ud800")
    assert codes(draft) == [ProblemCode.INVALID_TEXT]


def test_removing_an_absent_id_is_harmless() -> None:
    draft = Draft.from_resource(thread({}, files=["file-1"]))
    draft.remove_file("file-9")
    draft.remove_store("vs_9")
    assert draft.is_noop


# -- the diff and its summary ------------------------------------------------------------------


def test_diff_kinds() -> None:
    draft = Draft.from_resource(thread({"same": "s", "edit": "1", "gone": "g"}))
    draft.set_value(row_of(draft, "edit"), "2")
    draft.delete_row(row_of(draft, "gone"))
    draft.add_row("new", "n")
    assert set(draft.diff().metadata) == {
        MetadataChange("changed", "edit", "1", "2"),
        MetadataChange("added", "new", None, "n"),
        MetadataChange("kept", "gone", "g", "g"),
    }


def test_a_value_set_back_is_no_change() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.set_value(0, "2")
    draft.set_value(0, "1")
    assert draft.is_noop
    assert draft.diff().is_empty
    assert draft.row_is_edited(0) is False


@pytest.mark.parametrize(
    ("edit", "summary"),
    [
        (
            lambda d: (d.add_row("x", "1"), d.set_value(0, "2"), d.remove_file("file-1")),
            "+1 key, ~1 value, -1 file",
        ),
        (lambda d: (d.add_row("x", "1"), d.add_row("y", "2")), "+2 keys"),
        (lambda d: (d.set_value(0, "2"), d.set_value(1, "3")), "~2 values"),
        (lambda d: d.delete_row(0), "1 removed key kept by server"),
        (lambda d: (d.delete_row(0), d.delete_row(1)), "2 removed keys kept by server"),
        (lambda d: (d.add_file("file-2"), d.add_file("file-3")), "+2 files"),
        (lambda d: d.set_files([]), "-1 file"),
        (lambda d: d.set_stores(["vs_2"]), "+1 vector store, -1 vector store"),
        (lambda d: d.remove_store("vs_1"), "-1 vector store"),
        (lambda d: (d.set_stores([]), d.add_file("file-2")), "+1 file, -1 vector store"),
    ],
)
def test_summary_text(edit: Any, summary: str) -> None:
    draft = Draft.from_resource(thread({"a": "1", "b": "1"}, files=["file-1"], stores=["vs_1"]))
    edit(draft)
    assert draft.diff().summary() == summary


def test_list_changes() -> None:
    draft = Draft.from_resource(thread({}, files=["file-1", "file-2"], stores=["vs_1"]))
    draft.set_files(["file-2", "file-3"])
    draft.set_stores(["vs_2"])
    diff = draft.diff()
    assert diff.files == (ListChange("removed", "file-1"), ListChange("added", "file-3"))
    assert diff.stores == (ListChange("removed", "vs_1"), ListChange("added", "vs_2"))


# -- the request body ----------------------------------------------------------------------------


def test_body_has_only_changed_pairs_and_merges_as_the_server() -> None:
    draft = Draft.from_resource(thread({"modified": "true", "user": "abc123"}, files=["file-1"]))
    draft.set_value(0, "false")
    draft.add_row("env", "prod")
    body = draft.request_body()
    assert body == {"metadata": {"modified": "false", "env": "prod"}}
    assert "tool_resources" not in body
    assert draft.expected_metadata() == {"modified": "false", "user": "abc123", "env": "prod"}
    assert not draft.is_noop
    assert draft.submit_block_reason() is None


def test_expected_metadata_is_loaded_merged_with_body() -> None:
    loaded = {"a": "1", "b": "2", "c": "3"}
    draft = Draft.from_resource(thread(dict(loaded)))
    draft.set_key(row_of(draft, "a"), "a2")  # rename: the server keeps "a"
    draft.delete_row(row_of(draft, "b"))  # delete: the server keeps "b"
    draft.set_value(row_of(draft, "c"), "")
    draft.add_row("d", "4")
    body = draft.request_body()
    assert body == {"metadata": {"a2": "1", "c": "", "d": "4"}}
    assert draft.expected_metadata() == {**loaded, **body["metadata"]}
    assert draft.expected_metadata() == {"a": "1", "b": "2", "c": "", "a2": "1", "d": "4"}
    assert draft.intended_metadata() == {"a2": "1", "c": "", "d": "4"}
    assert draft.loaded_metadata == loaded  # never mutated by edits


def test_tool_resources_only_when_changed_with_both_lists_in_full() -> None:
    draft = Draft.from_resource(thread({"a": "1"}, files=["file-1", "file-2"], stores=["vs_1"]))
    draft.set_value(0, "2")
    assert "tool_resources" not in draft.request_body()
    draft.remove_file("file-1")
    assert draft.request_body()["tool_resources"] == {
        "code_interpreter": {"file_ids": ["file-2"]},
        "file_search": {"vector_store_ids": ["vs_1"]},  # unchanged, but sent in full
    }
    draft.add_file("file-1")  # the same set again, in another order
    assert draft.file_ids == ["file-2", "file-1"]
    assert "tool_resources" not in draft.request_body()
    assert draft.diff().files == ()


def test_emptied_lists_are_sent_empty() -> None:
    draft = Draft.from_resource(thread({}, files=["file-1"], stores=["vs_1"]))
    draft.set_files([])
    draft.set_stores([])
    assert draft.request_body() == {
        "tool_resources": {
            "code_interpreter": {"file_ids": []},
            "file_search": {"vector_store_ids": []},
        }
    }


def test_a_sub_object_empty_before_and_after_is_left_out() -> None:
    draft = Draft.from_resource(thread({}, tools={}))
    draft.add_store("vs_1")
    assert draft.request_body() == {
        "tool_resources": {"file_search": {"vector_store_ids": ["vs_1"]}}
    }


def test_a_reordered_selection_is_not_a_change() -> None:
    draft = Draft.from_resource(thread({}, files=["file-1", "file-2", "file-3"]))
    draft.set_files(["file-3", "file-1", "file-2"])
    assert draft.is_noop
    assert draft.diff().summary() == "no changes"
    assert draft.submit_block_reason() == "Nothing to send: no changes yet."


def test_body_metadata_and_tool_resources_together() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.add_row("b", "2")
    draft.add_file("file-1")
    assert draft.request_body() == {
        "metadata": {"b": "2"},
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
    }


# -- reasons and counters ----------------------------------------------------------------------


def test_block_reason_names_the_first_problem() -> None:
    draft = Draft.from_resource(thread({}))
    draft.add_row("k" * 70, "v" * 600)
    assert draft.submit_block_reason() == (
        "Fix first: Key 'kkkkkkkkkkkkkkkkkkkkkkk…' is 70 characters; at most 64. (and 1 more)"
    )
    draft.set_key(draft.rows[0].id, "k")
    assert (
        draft.submit_block_reason() == "Fix first: The value of 'k' is 600 characters; at most 512."
    )


def test_block_reason_when_only_kept_keys_were_removed() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    assert draft.delete_row(0) is True
    assert draft.rows[0].deleted
    assert draft.is_noop
    assert draft.submit_block_reason() == (
        "Nothing to send: the server keeps removed keys. Blank the value instead to clear it."
    )


@pytest.mark.parametrize(
    ("pairs", "files", "stores", "expected"),
    [
        (
            0,
            0,
            0,
            {"pairs": (0, 16, "ok"), "file_ids": (0, 20, "ok"), "vector_store_ids": (0, 1, "ok")},
        ),
        (
            14,
            17,
            0,
            {"pairs": (14, 16, "ok"), "file_ids": (17, 20, "ok"), "vector_store_ids": (0, 1, "ok")},
        ),
        (
            15,
            18,
            1,
            {
                "pairs": (15, 16, "warning"),
                "file_ids": (18, 20, "warning"),
                "vector_store_ids": (1, 1, "warning"),
            },
        ),
        (
            17,
            21,
            2,
            {
                "pairs": (17, 16, "error"),
                "file_ids": (21, 20, "error"),
                "vector_store_ids": (2, 1, "error"),
            },
        ),
    ],
)
def test_counters_follow_levels(
    pairs: int, files: int, stores: int, expected: dict[str, tuple[int, int, str]]
) -> None:
    draft = Draft.from_resource(thread({}))
    for i in range(pairs):
        draft.add_row(f"k{i}", "v")
    draft.set_files([f"file-{i}" for i in range(files)])
    draft.set_stores([f"vs_{i}" for i in range(stores)])
    assert draft.counters() == expected


def test_counters_count_kept_keys() -> None:
    draft = Draft.from_resource(thread(sixteen()))
    draft.delete_row(0)
    draft.add_row("x", "y")
    assert draft.counters()["pairs"] == (17, 16, "error")


# -- row operations -----------------------------------------------------------------------------


def test_deleting_a_new_row_removes_it() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    row = draft.add_row("x", "y")
    assert draft.delete_row(row) is False
    assert [r.key for r in draft.rows] == ["a"]
    with pytest.raises(DraftError):
        draft.row(row)
    assert draft.is_noop


def test_deleting_a_server_row_keeps_it_marked() -> None:
    draft = Draft.from_resource(thread({"a": "1", "b": "2"}))
    assert draft.delete_row(0) is True
    assert [(r.key, r.deleted) for r in draft.rows] == [("a", True), ("b", False)]
    assert [r.key for r in draft.live_rows()] == ["b"]
    assert draft.row_is_edited(0)
    assert draft.intended_metadata() == {"b": "2"}
    assert draft.expected_metadata() == {"a": "1", "b": "2"}


def test_blank_row_is_the_honest_delete() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.set_key(0, "renamed")
    draft.delete_row(0)
    draft.blank_row(0)
    row = draft.row(0)
    assert (row.key, row.value, row.deleted) == ("a", "", False)
    assert draft.request_body() == {"metadata": {"a": ""}}
    assert draft.diff().metadata == (MetadataChange("changed", "a", "1", ""),)
    assert draft.diff().summary() == "~1 value"


def test_blank_new_row_keeps_its_key() -> None:
    draft = Draft.from_resource(thread({}))
    row = draft.add_row("k", "v")
    draft.blank_row(row)
    assert (draft.row(row).key, draft.row(row).value) == ("k", "")
    assert draft.request_body() == {"metadata": {"k": ""}}


def test_restore_row_undoes_every_edit() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    draft.set_key(0, "b")
    draft.set_value(0, "2")
    draft.delete_row(0)
    assert draft.row_is_edited(0)
    draft.restore_row(0)
    row = draft.row(0)
    assert (row.key, row.value, row.deleted) == ("a", "1", False)
    assert not draft.row_is_edited(0)
    assert draft.is_noop


def test_restore_of_a_new_row_removes_it() -> None:
    draft = Draft.from_resource(thread({}))
    row = draft.add_row("x", "y")
    assert draft.row_is_edited(row)
    draft.restore_row(row)
    assert draft.rows == []


def test_row_ids_are_never_reused() -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    first = draft.add_row("x", "1")
    draft.delete_row(first)
    second = draft.add_row("y", "2")
    assert second != first
    assert second not in (0, first)


def test_reset_drops_every_edit() -> None:
    draft = Draft.from_resource(thread({"a": "1"}, files=["file-1"]))
    draft.set_value(0, "2")
    draft.add_row("b", "3")
    draft.add_file("file-2")
    draft.reset()
    assert draft.is_noop
    assert [(r.key, r.value) for r in draft.rows] == [("a", "1")]
    assert draft.file_ids == ["file-1"]


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.set_key(99, "x"),
        lambda d: d.set_value(99, "x"),
        lambda d: d.delete_row(99),
        lambda d: d.blank_row(99),
        lambda d: d.restore_row(99),
        lambda d: d.row_is_edited(99),
    ],
)
def test_unknown_row_raises(edit: Any) -> None:
    draft = Draft.from_resource(thread({"a": "1"}))
    with pytest.raises(DraftError, match="no metadata row 99"):
        edit(draft)


# -- conversations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.add_file("file-1"),
        lambda d: d.remove_file("file-1"),
        lambda d: d.set_files(["file-1"]),
        lambda d: d.add_store("vs_1"),
        lambda d: d.remove_store("vs_1"),
        lambda d: d.set_stores(["vs_1"]),
    ],
)
def test_conversation_rejects_tool_resources_edits(edit: Any) -> None:
    draft = Draft.from_resource(conversation({"a": "b"}))
    with pytest.raises(DraftError, match="no tool_resources"):
        edit(draft)
    assert draft.file_ids == [] and draft.store_ids == []


def test_conversation_body_never_has_tool_resources() -> None:
    draft = Draft.from_resource(conversation({"a": "b"}))
    assert draft.kind is ResourceKind.CONVERSATION
    draft.file_ids = ["file-1"] * 30  # even when a caller bypasses the methods
    draft.store_ids = ["vs_1", "vs_2"]
    assert draft.is_valid  # lists a conversation cannot send are not checked
    assert draft.is_noop
    draft.set_value(0, "c")
    assert draft.request_body() == {"metadata": {"a": "c"}}
    assert not draft.tool_resources_changed()
    assert draft.counters() == {"pairs": (1, 16, "ok")}


def test_conversation_limits_and_merge_rule() -> None:
    draft = Draft.from_resource(conversation(sixteen()))
    draft.delete_row(0)
    draft.add_row("new", "v")
    assert codes(draft) == [ProblemCode.TOO_MANY_PAIRS]
    empty = Draft.from_resource(conversation(None))
    assert empty.rows == [] and empty.is_noop
