"""Undo and redo of a draft (core, no Textual): one step per edit, a burst of typing in one
field is one step, each undo / redo restores the whole state, and the history is bounded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.draft import Draft
from thread_tui.core.history import History
from thread_tui.core.resources import Thread, ToolResources


def loaded() -> Draft:
    return Draft.from_resource(
        Thread(
            id="thread_1",
            created_at=1,
            metadata={"a": "1", "b": "2"},
            tool_resources=ToolResources.from_json(
                {
                    "code_interpreter": {"file_ids": ["file-1", "file-2"]},
                    "file_search": {"vector_store_ids": ["vs_1"]},
                }
            ),
        )
    )


def type_into(draft: Draft, history: History, row: int, text: str, *, value: bool = True) -> None:
    """Type `text` one character at a time, recording after each keystroke (as the grid does)."""
    current = draft.row(row).value if value else draft.row(row).key
    for ch in text:
        current += ch
        if value:
            draft.set_value(row, current)
        else:
            draft.set_key(row, current)
        history.record(coalesce=True)


def test_a_burst_of_typing_in_one_field_is_one_step() -> None:
    draft = loaded()
    history = History(draft)
    type_into(draft, history, 0, "xyz")
    assert history.steps == 1
    step = history.undo()
    assert draft.row(0).value == "1"
    assert step is not None and (step.row_id, step.field) == (0, "value")
    history.redo()
    assert draft.row(0).value == "1xyz"


def test_leaving_the_field_or_another_field_starts_a_new_step() -> None:
    draft = loaded()
    history = History(draft)
    type_into(draft, history, 0, "x")
    type_into(draft, history, 0, "k", value=False)  # the key of the same row
    type_into(draft, history, 0, "y")  # back in the value
    assert history.steps == 3
    history.seal()  # the focus left the field
    type_into(draft, history, 0, "z")
    assert history.steps == 4
    history.undo()
    assert draft.row(0).value == "1xy"


def test_structural_edits_are_steps_of_their_own() -> None:
    draft = loaded()
    history = History(draft)
    new = draft.add_row()
    history.record()
    type_into(draft, history, new, "tmp", value=False)
    draft.delete_row(0)
    history.record()
    draft.remove_file("file-1")
    history.record()
    draft.set_stores([])
    history.record()
    draft.blank_row(1)
    history.record()
    assert history.steps == 6
    for _ in range(6):
        history.undo()
    assert draft.snapshot() == loaded().snapshot()


def test_undo_then_redo_restores_the_whole_state_each_time() -> None:
    draft = loaded()
    history = History(draft)
    states = [draft.snapshot()]
    draft.add_row("c", "3")
    history.record()
    states.append(draft.snapshot())
    draft.delete_row(1)
    draft.remove_file("file-2")  # one recorded change of two kinds: one step
    history.record()
    states.append(draft.snapshot())
    for expected in reversed(states[:-1]):
        assert history.undo() is not None
        assert draft.snapshot() == expected
    assert history.undo() is None
    for expected in states[1:]:
        assert history.redo() is not None
        assert draft.snapshot() == expected
    assert history.redo() is None


def test_a_new_row_comes_back_with_what_was_typed() -> None:
    draft = loaded()
    history = History(draft)
    new = draft.add_row()
    history.record()
    type_into(draft, history, new, "tmp", value=False)
    history.undo()  # the typing
    assert draft.row(new).key == ""
    step = history.undo()  # the row
    assert [r.id for r in draft.rows] == [0, 1]
    assert step is not None and step.row_id is None and step.rows_changed
    history.redo()
    history.redo()
    assert draft.row(new).key == "tmp"


def test_a_new_edit_ends_what_could_be_redone() -> None:
    draft = loaded()
    history = History(draft)
    type_into(draft, history, 0, "x")
    history.undo()
    type_into(draft, history, 1, "y")
    assert not history.can_redo and history.redo() is None
    assert draft.row(1).value == "2y" and draft.row(0).value == "1"


def test_an_unrecorded_edit_is_undone_first() -> None:
    draft = loaded()
    history = History(draft)
    draft.set_value(0, "changed")  # no record() yet (a refresh still pending)
    step = history.undo()
    assert step is not None and draft.row(0).value == "1"


def test_the_history_is_bounded() -> None:
    draft = loaded()
    history = History(draft, limit=5)
    for i in range(8):
        draft.add_row(f"k{i}", "v")
        history.record()
    assert history.steps == 5
    while history.undo() is not None:
        pass
    assert [r.key for r in draft.rows] == ["a", "b", "k0", "k1", "k2"]


def test_a_reverted_new_row_can_be_undone() -> None:
    draft = loaded()
    history = History(draft)
    new = draft.add_row()
    history.record()
    type_into(draft, history, new, "tmp", value=False)
    draft.restore_row(new)  # "revert row" on a new row removes it
    history.record()
    assert all(r.id != new for r in draft.rows)
    step = history.undo()
    assert draft.row(new).key == "tmp"
    assert step is not None and step.row_id == new


def test_row_ids_stay_unique_after_undo() -> None:
    draft = loaded()
    history = History(draft)
    first = draft.add_row()
    history.record()
    history.undo()
    second = draft.add_row()
    history.record()
    assert second != first
    history.undo()
    history.redo()
    assert [r.id for r in draft.rows] == [0, 1, second]


EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.integers(0, 5), st.booleans(), st.text("ab", max_size=3)),
        st.tuples(st.just("add")),
        st.tuples(st.just("delete"), st.integers(0, 5)),
        st.tuples(st.just("file"), st.sampled_from(["file-1", "file-3"])),
        st.tuples(st.just("seal")),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(EDITS)
def test_undoing_everything_returns_to_the_start_and_redo_to_the_end(edits: list) -> None:
    draft = loaded()
    history = History(draft)
    start = draft.snapshot()
    for edit in edits:
        if edit[0] == "type" and draft.rows:
            row = draft.rows[edit[1] % len(draft.rows)]
            type_into(draft, history, row.id, edit[3], value=edit[2])
        elif edit[0] == "add":
            draft.add_row()
            history.record()
        elif edit[0] == "delete" and draft.rows:
            draft.delete_row(draft.rows[edit[1] % len(draft.rows)].id)
            history.record()
        elif edit[0] == "file":
            if edit[1] in draft.file_ids:
                draft.remove_file(edit[1])
            else:
                draft.add_file(edit[1])
            history.record()
        elif edit[0] == "seal":
            history.seal()
    end = draft.snapshot()
    while history.undo() is not None:
        pass
    assert draft.snapshot() == start
    while history.redo() is not None:
        pass
    assert draft.snapshot() == end
