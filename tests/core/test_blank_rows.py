"""New rows are not errors: a blank row is nothing (not sent, not counted, not blocking), and
a new row's empty key is not marked until the user leaves the row (it still blocks Submit)."""

from __future__ import annotations

from thread_tui.core.draft import Draft
from thread_tui.core.draft_state import dump_state, load_state
from thread_tui.core.ids import ResourceKind
from thread_tui.core.problems import ProblemCode
from thread_tui.core.resources import Thread


def loaded(metadata: dict[str, str]) -> Draft:
    return Draft.from_resource(Thread(id="thread_1", created_at=1, metadata=metadata))


def test_a_blank_trailing_row_is_neither_sent_nor_blocking() -> None:
    draft = loaded({"a": "1"})
    draft.set_value(0, "2")
    draft.add_row()
    assert draft.problems() == []
    assert draft.submit_block_reason() is None
    assert draft.request_body() == {"metadata": {"a": "2"}}
    assert draft.pair_count() == 1
    assert [c.key for c in draft.diff().metadata] == ["a"]


def test_a_blank_row_alone_is_no_change() -> None:
    draft = loaded({"a": "1"})
    draft.add_row()
    assert draft.is_noop and draft.diff().is_empty
    assert draft.submit_block_reason() == "Nothing to send: no changes yet."


def test_a_new_object_with_its_blank_row_is_created_empty() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    draft.add_row()  # the row a new object opens on
    assert draft.is_valid and draft.creates_empty
    assert draft.request_body() == {}
    assert draft.submit_block_reason() is None


def test_a_value_without_a_key_blocks_but_is_pending_until_the_row_is_left() -> None:
    draft = loaded({})
    row = draft.add_row()
    draft.set_value(row, "x")
    [problem] = draft.problems()
    assert problem.code is ProblemCode.KEY_EMPTY and problem.pending
    assert draft.submit_block_reason() == "Fix first: A key cannot be empty."
    draft.leave_row(row)
    [problem] = draft.problems()
    assert problem.code is ProblemCode.KEY_EMPTY and not problem.pending


def test_a_blank_row_that_was_left_is_still_no_error() -> None:
    draft = loaded({})
    row = draft.add_row()
    draft.leave_row(row)
    assert draft.problems() == []


def test_a_server_row_renamed_to_empty_is_marked_at_once() -> None:
    draft = loaded({"a": "1"})
    draft.set_key(0, "")
    draft.set_value(0, "")
    [problem] = [p for p in draft.problems() if p.code is ProblemCode.KEY_EMPTY]
    assert not problem.pending


def test_blank_rows_do_not_use_up_the_pair_limit() -> None:
    draft = loaded({f"k{i}": "v" for i in range(16)})
    draft.add_row()
    assert draft.pair_count() == 16 and draft.is_valid
    draft.set_key(16, "k16")
    assert [p.code for p in draft.problems()] == [ProblemCode.TOO_MANY_PAIRS]


def test_a_restored_draft_marks_an_empty_key_at_once() -> None:
    draft = loaded({})
    row = draft.add_row()
    draft.set_value(row, "x")
    again, _ = load_state(dump_state(draft, 1.0))
    [problem] = again.problems()
    assert problem.code is ProblemCode.KEY_EMPTY and not problem.pending
