"""Pickers for code_interpreter files and the file_search vector store.

Rows arrive page by page from a worker and are shown as they come; typing filters by name
or id without fetching again; selection is capped at the API's limit, with the reason shown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static

from thread_tui.api import ClientError
from thread_tui.core import limits
from thread_tui.core.humanize import ago, size
from thread_tui.core.models import FileObject, VectorStore
from thread_tui.ui.context import tui

Row = tuple[str, tuple[str, ...], str]  # (id, cells, lower-cased text to filter on)
CHECK = "✓"


class PickerScreen(ModalScreen[list[str] | None]):
    """The shared picker; subclasses say what to fetch and how to show a row."""

    TITLE = "Pick"
    NOUN = "items"
    COLUMNS: Sequence[str] = ()
    LIMIT_HINT = ""

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("space", "toggle_row", "Select", show=False),
        Binding("ctrl+r", "reload", "Retry", show=False),
    ]

    def __init__(self, selected: list[str], limit: int) -> None:
        super().__init__(classes="dialog-screen")
        self.limit = limit
        self.selected: list[str] = list(dict.fromkeys(selected))
        self.rows: list[Row] = []
        self.loading = True
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="modal-box"):
            yield Static(self.TITLE, classes="modal-title")
            with Horizontal(id="picker-top"):
                yield Input(placeholder="filter by name or id", id="picker-filter")
                yield Static("", id="picker-count")
            yield DataTable(id="picker-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="picker-status")
            yield Static("", id="picker-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done (Ctrl+S)", id="picker-done", variant="success")
                yield Button("Cancel (Esc)", id="picker-cancel")
            yield Static(
                "type to filter · ↓ to the list · Space/Enter select · Ctrl+S done · Esc cancel",
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(" ", key="mark", width=1)
        for name in self.COLUMNS:
            table.add_column(name, key=name)
        filter_input = self.query_one("#picker-filter", Input)
        filter_input.cursor_blink = tui(self).cursor_blink
        filter_input.focus()
        self._show_count()
        self.load()

    # -- loading -----------------------------------------------------------------------------

    def pages(self) -> AsyncIterator[Sequence[Any]]:
        raise NotImplementedError

    def make_row(self, item: Any) -> Row:
        raise NotImplementedError

    @work(exclusive=True, group="picker")
    async def load(self) -> None:
        self.loading = True
        self.rows = []
        self.query_one(DataTable).clear()
        self._status(f"Loading {self.NOUN}…")
        try:
            async for data in self.pages():
                new_rows = [self.make_row(item) for item in data]
                self.rows.extend(new_rows)
                self._add_rows([r for r in new_rows if self._matches(r)])
                self._status(f"Loading {self.NOUN}… {len(self.rows)} so far")
        except ClientError as exc:
            self._status(f"Could not load {self.NOUN}: {exc.user_message()} Ctrl+R retries.", True)
            return
        finally:
            self.loading = False
        self._status(self._loaded_line())

    def _loaded_line(self) -> str:
        shown = self.query_one(DataTable).row_count
        if shown == len(self.rows):
            return f"{len(self.rows)} {self.NOUN}"
        return f"{shown} of {len(self.rows)} {self.NOUN} match {self.query_text!r}"

    def _status(self, text: str, error: bool = False) -> None:
        label = self.query_one("#picker-status", Static)
        label.update(Text(text))
        label.set_class(error, "-error")

    def _add_rows(self, rows: list[Row]) -> None:
        table = self.query_one(DataTable)
        for rid, cells, _ in rows:
            mark = CHECK if rid in self.selected else " "
            table.add_row(mark, *cells, key=rid)

    # -- filtering -------------------------------------------------------------------------

    def _matches(self, row: Row) -> bool:
        return not self.query_text or self.query_text in row[2]

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip().lower()
        self.query_one(DataTable).clear()
        self._add_rows([r for r in self.rows if self._matches(r)])
        if not self.loading:
            self._status(self._loaded_line())

    @on(Input.Submitted, "#picker-filter")
    def _to_table(self) -> None:
        self.query_one(DataTable).focus()

    def on_key(self, event: Any) -> None:
        if event.key == "down" and self.focused is self.query_one("#picker-filter"):
            self.query_one(DataTable).focus()
            event.stop()

    # -- selection ----------------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.toggle(event.row_key.value)

    def action_toggle_row(self) -> None:
        table = self.query_one(DataTable)
        if not table.has_focus or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key:
            self.toggle(key)

    def toggle(self, rid: str) -> None:
        message = ""
        if rid in self.selected:
            self.selected.remove(rid)
        elif len(self.selected) >= self.limit:
            message = self.LIMIT_HINT
        else:
            self.selected.append(rid)
        self.query_one("#picker-message", Static).update(Text(message))
        table = self.query_one(DataTable)
        if rid in table.rows:
            table.update_cell(rid, "mark", CHECK if rid in self.selected else " ")
        self._show_count()

    def _show_count(self) -> None:
        count = len(self.selected)
        label = self.query_one("#picker-count", Static)
        label.update(f"{count}/{self.limit} selected")
        label.set_class(count >= self.limit, "-full")

    # -- closing -------------------------------------------------------------------------------

    @on(Button.Pressed, "#picker-done")
    def action_done(self) -> None:
        self.dismiss(list(self.selected))

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.load()


class FilePickerScreen(PickerScreen):
    TITLE = "code_interpreter files (purpose=assistants)"
    NOUN = "files"
    COLUMNS = ("filename", "id", "size", "created", "status")

    def __init__(self, selected: list[str], limit: int = limits.MAX_FILE_IDS) -> None:
        super().__init__(selected, limit)
        self.LIMIT_HINT = (
            f"At most {limit} files can be attached to code_interpreter: deselect one first."
        )

    async def pages(self) -> AsyncIterator[Sequence[FileObject]]:
        async for page in tui(self).client.iter_file_pages():
            yield page.data

    def make_row(self, item: FileObject) -> Row:
        now = tui(self).now()
        cells = (
            item.filename,
            item.id,
            size(item.bytes),
            ago(item.created_at, now),
            item.status or "–",
        )
        return item.id, cells, f"{item.filename} {item.id}".lower()


class VectorStorePickerScreen(PickerScreen):
    TITLE = "file_search vector store"
    NOUN = "vector stores"
    COLUMNS = ("name", "id", "usage", "files", "created", "status")

    def __init__(self, selected: list[str], limit: int = limits.MAX_VECTOR_STORE_IDS) -> None:
        super().__init__(selected, limit)
        self.LIMIT_HINT = (
            f"Only {limit} vector store can be attached to a thread: deselect the current one "
            "first."
        )

    async def pages(self) -> AsyncIterator[Sequence[VectorStore]]:
        async for page in tui(self).client.iter_vector_store_pages():
            yield page.data

    def make_row(self, item: VectorStore) -> Row:
        now = tui(self).now()
        counts = item.file_counts
        files = f"{counts.completed}/{counts.total}" if counts else "–"
        cells = (
            item.name or "(unnamed)",
            item.id,
            size(item.usage_bytes),
            files,
            ago(item.created_at, now),
            item.status or "–",
        )
        return item.id, cells, f"{item.name or ''} {item.id}".lower()
