"""One metadata row of the editor grid: key and value edited in place, with live counters.

Each keystroke updates the draft and this row's own counters only; the grid-wide state
(pair count, duplicates, summary) is refreshed by the screen from the `Edited` message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem
from thread_tui.ui.context import tui
from thread_tui.ui.widgets.counter import Counter
from thread_tui.ui.widgets.field_input import FieldInput


class MetadataRow(Vertical):
    class Edited(Message):
        def __init__(self, row: MetadataRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        draft: Draft,
        row_id: int,
        *,
        read_only: bool = False,
        on_edit: Callable[[MetadataRow], None] | None = None,
    ) -> None:
        super().__init__(classes="metadata-row", id=f"row-{row_id}")
        self.draft = draft
        self.row_id = row_id
        self.read_only = read_only
        # A direct call rather than a bubbling message: this runs on every keystroke.
        self.on_edit = on_edit

    def compose(self) -> ComposeResult:
        # The row is built in its final state (marks, counters, problem note), so the
        # editor's first paint needs no restyle or relayout after mounting.
        row = self.draft.row(self.row_id)
        state = self._state(self.draft.problems_for_row(self.row_id))
        self._mark, self._note_text = state.mark, state.note
        self._applied: RowState | None = state
        for name, on in state.classes.items():
            self.set_class(on, name, update=False)
        with Horizontal(classes="row-line"):
            yield Static(state.mark, classes="row-gutter")
            yield FieldInput(
                row.key,
                self._key_changed,
                placeholder="key",
                compact=True,
                select_on_focus=False,
                classes="row-key -bad" if state.key_bad else "row-key",
                disabled=self.read_only,
            )
            yield Counter(
                limits.MAX_KEY_CHARS, count=limits.count_chars(row.key), classes="key-counter"
            )
            yield FieldInput(
                row.value,
                self._value_changed,
                placeholder="value",
                compact=True,
                select_on_focus=False,
                classes="row-value -bad" if state.value_bad else "row-value",
                disabled=self.read_only,
            )
            yield Counter(
                limits.MAX_VALUE_CHARS, count=limits.count_chars(row.value), classes="value-counter"
            )
        note = Static(Text(state.note), classes="row-problem")
        note.display = bool(state.note)
        yield note

    def on_mount(self) -> None:
        # Looked up once: refresh_state runs on every keystroke.
        self.key_input = self.query_one(".row-key", Input)
        self.value_input = self.query_one(".row-value", Input)
        self._key_counter = self.query_one(".key-counter", Counter)
        self._value_counter = self.query_one(".value-counter", Counter)
        self._gutter = self.query_one(".row-gutter", Static)
        self._note = self.query_one(".row-problem", Static)
        blink = tui(self).cursor_blink
        self.key_input.cursor_blink = blink
        self.value_input.cursor_blink = blink

    def _key_changed(self, value: str) -> None:
        self._undelete_on_typing()
        if self.draft.row(self.row_id).key != value:
            self.draft.set_key(self.row_id, value)
            self._edited()

    def _value_changed(self, value: str) -> None:
        self._undelete_on_typing()
        if self.draft.row(self.row_id).value != value:
            self.draft.set_value(self.row_id, value)
            self._edited()

    def _undelete_on_typing(self) -> None:
        row = self.draft.row(self.row_id)
        if row.deleted and self.is_mounted:
            row.deleted = False

    def _edited(self) -> None:
        # The counters are drawn by the refresh this asks for, once per burst of keys: keys
        # that arrive together would each repaint them, and only the last would be seen.
        if self.on_edit is not None:
            self.on_edit(self)
        else:
            self.post_message(self.Edited(self))

    def _counters(self) -> None:
        row = self.draft.row(self.row_id)
        self._key_counter.show(limits.count_chars(row.key))
        self._value_counter.show(limits.count_chars(row.value))

    def sync_inputs(self) -> None:
        """Put the draft's key and value back into the inputs (after undo or blank)."""
        row = self.draft.row(self.row_id)
        # The draft already holds these values, so the change callbacks find nothing to do.
        self.key_input.value = row.key
        self.value_input.value = row.value
        self.refresh_state()

    def refresh_state(self, problems: list[Problem] | None = None) -> None:
        """Counters, the gutter mark, and the row's problems (given by the screen when known)."""
        self._counters()
        if problems is None:
            problems = self.draft.problems_for_row(self.row_id)
        state = self._state(problems)
        if state == self._applied:
            return  # most refreshes (a burst of keys in another field) change nothing here
        self._applied = state
        if state.mark != self._mark:
            self._mark = state.mark
            self._gutter.update(state.mark)
        for name, on in state.classes.items():
            self.set_class(on, name)
        self.key_input.set_class(state.key_bad, "-bad")
        self.value_input.set_class(state.value_bad, "-bad")
        if state.note != self._note_text:
            self._note_text = state.note
            self._note.update(Text(state.note))
            self._note.display = bool(state.note)

    def _state(self, problems: list[Problem]) -> RowState:
        row = self.draft.row(self.row_id)
        edited = self.draft.row_is_edited(self.row_id)
        if row.deleted:
            note = (
                f"Removed here, but the server keeps {row.origin!r}: a key cannot be deleted. "
                "Ctrl+Z undoes; blank the value to clear it."
            )
        else:
            note = "  ".join(f"⚠ {p.message}" for p in problems)
        return RowState(
            mark="−" if row.deleted else "+" if row.is_new else "~" if edited else " ",
            classes={
                "-deleted": row.deleted,
                "-new": row.is_new,
                "-edited": edited and not row.is_new and not row.deleted,
                "-problem": bool(problems),
            },
            key_bad=any(p.field == "key" for p in problems),
            value_bad=any(p.field == "value" for p in problems),
            note=note,
        )


@dataclass(frozen=True)
class RowState:
    """What a row shows for the draft's current state."""

    mark: str
    classes: dict[str, bool]
    key_bad: bool
    value_bad: bool
    note: str
