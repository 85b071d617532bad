"""One metadata row of the editor grid: key and value edited in place, with live counters.

Each keystroke updates the draft and this row's own counters only; the grid-wide state
(pair count, duplicates, summary) is refreshed by the screen from the `Edited` message.
"""

from __future__ import annotations

from collections.abc import Callable

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
        row = self.draft.row(self.row_id)
        with Horizontal(classes="row-line"):
            yield Static(" ", classes="row-gutter")
            yield FieldInput(
                row.key,
                self._key_changed,
                placeholder="key",
                compact=True,
                select_on_focus=False,
                classes="row-key",
                disabled=self.read_only,
            )
            yield Counter(limits.MAX_KEY_CHARS, classes="key-counter")
            yield FieldInput(
                row.value,
                self._value_changed,
                placeholder="value",
                compact=True,
                select_on_focus=False,
                classes="row-value",
                disabled=self.read_only,
            )
            yield Counter(limits.MAX_VALUE_CHARS, classes="value-counter")
        yield Static("", classes="row-problem")

    def on_mount(self) -> None:
        # Looked up once: refresh_state runs on every keystroke.
        self.key_input = self.query_one(".row-key", Input)
        self.value_input = self.query_one(".row-value", Input)
        self._key_counter = self.query_one(".key-counter", Counter)
        self._value_counter = self.query_one(".value-counter", Counter)
        self._gutter = self.query_one(".row-gutter", Static)
        self._note = self.query_one(".row-problem", Static)
        self._note_text: str | None = None
        self._mark: str | None = None
        blink = tui(self).cursor_blink
        self.key_input.cursor_blink = blink
        self.value_input.cursor_blink = blink
        self.refresh_state()

    def _key_changed(self, value: str) -> None:
        self._undelete_on_typing()
        if self.draft.row(self.row_id).key != value:
            self.draft.set_key(self.row_id, value)
            self._counters()
            self._edited()

    def _value_changed(self, value: str) -> None:
        self._undelete_on_typing()
        if self.draft.row(self.row_id).value != value:
            self.draft.set_value(self.row_id, value)
            self._counters()
            self._edited()

    def _undelete_on_typing(self) -> None:
        row = self.draft.row(self.row_id)
        if row.deleted and self.is_mounted:
            row.deleted = False

    def _edited(self) -> None:
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
        row = self.draft.row(self.row_id)
        self._counters()
        if problems is None:
            problems = self.draft.problems_for_row(self.row_id)
        edited = self.draft.row_is_edited(self.row_id)
        mark = "−" if row.deleted else "+" if row.is_new else "~" if edited else " "
        if mark != self._mark:
            self._mark = mark
            self._gutter.update(mark)
        self.set_class(row.deleted, "-deleted")
        self.set_class(row.is_new, "-new")
        self.set_class(edited and not row.is_new and not row.deleted, "-edited")
        key_bad = any(p.field == "key" for p in problems)
        value_bad = any(p.field == "value" for p in problems)
        self.key_input.set_class(key_bad, "-bad")
        self.value_input.set_class(value_bad, "-bad")
        # A removed row stays focusable, so Ctrl+Z can reach it; typing into it restores it.
        self.key_input.disabled = self.read_only
        self.value_input.disabled = self.read_only
        if row.deleted:
            text = (
                f"Removed here, but the server keeps {row.origin!r}: a key cannot be deleted. "
                "Ctrl+Z undoes; blank the value to clear it."
            )
        else:
            text = "  ".join(f"⚠ {p.message}" for p in problems)
        if text != self._note_text:
            self._note_text = text
            self._note.update(Text(text))
            self._note.display = bool(text)
        self.set_class(bool(problems), "-problem")
