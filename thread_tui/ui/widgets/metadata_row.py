"""One metadata row of the editor grid: key and value edited in place, with live counters.

Each keystroke updates the draft and this row's own counters only; the grid-wide state
(pair count, duplicates, summary) is refreshed by the screen from the `Edited` message.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem
from thread_tui.ui.context import tui
from thread_tui.ui.widgets.counter import Counter


class MetadataRow(Vertical):
    class Edited(Message):
        def __init__(self, row: MetadataRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, draft: Draft, row_id: int, *, read_only: bool = False) -> None:
        super().__init__(classes="metadata-row", id=f"row-{row_id}")
        self.draft = draft
        self.row_id = row_id
        self.read_only = read_only

    def compose(self) -> ComposeResult:
        row = self.draft.row(self.row_id)
        with Horizontal(classes="row-line"):
            yield Static(" ", classes="row-gutter")
            yield Input(
                row.key,
                placeholder="key",
                compact=True,
                select_on_focus=False,
                classes="row-key",
                disabled=self.read_only,
            )
            yield Counter(limits.MAX_KEY_CHARS, classes="key-counter")
            yield Input(
                row.value,
                placeholder="value",
                compact=True,
                select_on_focus=False,
                classes="row-value",
                disabled=self.read_only,
            )
            yield Counter(limits.MAX_VALUE_CHARS, classes="value-counter")
        yield Static("", classes="row-problem")

    def on_mount(self) -> None:
        blink = tui(self).cursor_blink
        for field in self.query(Input):
            field.cursor_blink = blink
        self.refresh_state()

    @property
    def key_input(self) -> Input:
        return self.query_one(".row-key", Input)

    @property
    def value_input(self) -> Input:
        return self.query_one(".row-value", Input)

    @on(Input.Changed, ".row-key")
    def _key_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.draft.row(self.row_id).key != event.value:
            self.draft.set_key(self.row_id, event.value)
            self._counters()
            self.post_message(self.Edited(self))

    @on(Input.Changed, ".row-value")
    def _value_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.draft.row(self.row_id).value != event.value:
            self.draft.set_value(self.row_id, event.value)
            self._counters()
            self.post_message(self.Edited(self))

    def _counters(self) -> None:
        row = self.draft.row(self.row_id)
        self.query_one(".key-counter", Counter).show(limits.count_chars(row.key))
        self.query_one(".value-counter", Counter).show(limits.count_chars(row.value))

    def sync_inputs(self) -> None:
        """Put the draft's key and value back into the inputs (after undo or blank)."""
        row = self.draft.row(self.row_id)
        with self.key_input.prevent(Input.Changed):
            self.key_input.value = row.key
        with self.value_input.prevent(Input.Changed):
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
        self.query_one(".row-gutter", Static).update(mark)
        self.set_class(row.deleted, "-deleted")
        self.set_class(row.is_new, "-new")
        self.set_class(edited and not row.is_new and not row.deleted, "-edited")
        key_bad = any(p.field == "key" for p in problems)
        value_bad = any(p.field == "value" for p in problems)
        self.key_input.set_class(key_bad, "-invalid")
        self.value_input.set_class(value_bad, "-invalid")
        self.key_input.disabled = self.read_only or row.deleted
        self.value_input.disabled = self.read_only or row.deleted
        note = self.query_one(".row-problem", Static)
        if row.deleted:
            note.update(
                Text(
                    f"Removed here, but the server keeps {row.origin!r}: a key cannot be deleted. "
                    "Ctrl+Z undoes; blank the value to clear it."
                )
            )
        else:
            note.update(Text("  ".join(f"⚠ {p.message}" for p in problems)))
        note.display = row.deleted or bool(problems)
        self.set_class(bool(problems), "-problem")
