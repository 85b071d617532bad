"""Pickers for the code_interpreter files and the file_search vector store of a thread.

A worker fetches the list page by page and the table fills as each page arrives. Typing
filters the rows already fetched (by name or id) without asking the server again. The
selection is capped at the API's limit, and a refused pick says why. Ids that were selected
before but are not in the list (deleted files, another purpose) stay selected and are shown
at the top, so nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from thread_tui.api import ClientError
from thread_tui.core import limits
from thread_tui.core.humanize import ago, size
from thread_tui.core.models import FileObject, VectorStore
from thread_tui.core.resource_details import Kind, detail_of_object
from thread_tui.ui.compat import LeanInput
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.resource_lookup import detail_cache
from thread_tui.ui.widgets.picker_table import Column, PickerTable, PickRow, Selection
from thread_tui.ui.widgets.wait_status import WaitLine
from thread_tui.ui.workers import safe_work

STYLES = Path(__file__).parent.parent / "styles"


class PickerScreen(ModalScreen[list[str] | None]):
    """The shared picker: subclasses say what to fetch and how a row looks."""

    CSS_PATH = STYLES / "pickers.tcss"
    AUTO_FOCUS = "#picker-filter"

    HEADING = "Pick"
    NOUN = "items"
    COLUMNS: Sequence[Column] = ()
    KIND: Kind = "file"
    REPLACES = False  # a pick when the selection is full replaces (a limit of one)

    BINDINGS = [
        Binding("ctrl+s", "done", "Done", priority=True, id="picker.done"),
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("ctrl+r", "retry", "Retry", id="picker.retry"),
        Binding("down", "focus_table", "To the list", show=False, id="picker.focus_table"),
    ]

    def __init__(self, selected: list[str], limit: int) -> None:
        super().__init__()
        self.selection = Selection(
            selected, limit, self.limit_message(limit), replaces=self.REPLACES
        )
        self.given = list(self.selection.ids)
        self.loading = False
        self.loaded = 0
        self.error: str | None = None
        # The list pages as they came: details are made of the few chosen IDs only on close.
        self._pages: list[Sequence[Any]] = []

    # -- what subclasses provide ----------------------------------------------------------------

    def limit_message(self, limit: int) -> str:
        return f"At most {limit} {self.NOUN}: deselect one first."

    def fetch_pages(self) -> AsyncIterator[Sequence[Any]]:
        raise NotImplementedError

    def make_row(self, item: Any) -> PickRow:
        raise NotImplementedError

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            with Horizontal(id="picker-heading"):
                yield Static(self.HEADING, id="picker-title")
                yield Static(self.selection.counter(), id="picker-counter")
            yield LeanInput(
                placeholder="Type to filter by name or id",
                id="picker-filter",
                select_on_focus=False,
            )
            yield PickerTable(
                self.COLUMNS,
                self.selection,
                empty_text=f"No {self.NOUN} match the filter.",
                id="picker-list",
            )
            yield Static("", id="picker-status")
            yield WaitLine(tui(self).wait_status, id="picker-wait")
            yield Static("", id="picker-refusal")
            with Horizontal(id="picker-footer"):
                yield Static(
                    "Space/Enter select · type to filter · ↓ list · Ctrl+R retry",
                    id="picker-hint",
                )
                yield Button("Done (Ctrl+S)", id="picker-done", variant="primary")
                yield Button("Cancel (Esc)", id="picker-cancel")

    @property
    def table(self) -> PickerTable:
        return self.query_one(PickerTable)

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).cursor_blink = tui(self).cursor_blink
        self._show_counter()
        if self.selection.replaces and self.selection.full:
            chosen = self.selection.ids[0]
            note = f"{chosen} is chosen: picking another replaces it."
            self.query_one("#picker-refusal", Static).update(plain(note))
        self.load()

    # -- loading --------------------------------------------------------------------------------

    def _placeholders(self, label: str) -> list[PickRow]:
        blanks = ("",) * (len(self.COLUMNS) - 2)
        return [
            PickRow(item, (label, item, *blanks), item.lower(), placeholder=True)
            for item in self.selection.ids
        ]

    @safe_work(exclusive=True, group="picker-load")
    async def load(self) -> None:
        table = self.table
        self._pages = []
        table.replace_rows(self._placeholders("(loading…)"))
        self.loading, self.loaded, self.error = True, 0, None
        self._show_status()
        try:
            async for items in self.fetch_pages():
                table.add_rows(self.make_row(item) for item in items)
                self._pages.append(items)
                self.loaded += len(items)
                self._show_status()
        except ClientError as exc:
            self.error = exc.user_message()
        except Exception as exc:  # a bug here must not close the app mid-edit
            self.error = f"unexpected {exc.__class__.__name__} while reading the list."
        finally:
            self.loading = False
        label = "(not loaded)" if self.error else "(not in the list)"
        relabelled = {row.id: row for row in self._placeholders(label)}
        if any(row.placeholder for row in table.rows):
            table.replace_rows(
                relabelled.get(row.id, row) if row.placeholder else row for row in table.rows
            )
        self._show_status()

    def _show_status(self) -> None:
        status = self.query_one("#picker-status", Static)
        status.set_class(self.error is not None, "-error")
        if self.error is not None:
            text = f"Could not load the {self.NOUN}: {self.error} Press Ctrl+R to retry."
        elif self.loading:
            text = f"Loading {self.NOUN}… {self.loaded} so far"
        else:
            text = self._count_line()
        status.update(plain(text))

    def _count_line(self) -> str:
        table = self.table
        total = sum(1 for row in table.rows if not row.placeholder)
        line = f"{total} {self.NOUN}"
        if table.query_text:
            shown = sum(1 for row in table.shown if not row.placeholder)
            line = f"{shown} of {total} {self.NOUN} match {table.query_text!r}"
        unlisted = sum(1 for row in table.rows if row.placeholder)
        if unlisted:
            line += f" · {unlisted} selected {'id is' if unlisted == 1 else 'ids are'} not listed"
        return line

    # -- filter ---------------------------------------------------------------------------------

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._show_status()

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    def action_focus_table(self) -> None:
        if self.focused is self.query_one("#picker-filter"):
            self.table.focus()

    def on_key(self, event: events.Key) -> None:
        # Typing while the list has focus goes on filtering, as the hint promises.
        if self.focused is self.table and event.is_printable and event.character not in (None, " "):
            filter_input = self.query_one("#picker-filter", Input)
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character or "")
            event.stop()
            event.prevent_default()

    # -- selection ------------------------------------------------------------------------------

    @on(PickerTable.Toggled)
    def _toggled(self, event: PickerTable.Toggled) -> None:
        event.stop()
        refusal = self.selection.toggle(event.row_id)
        self.query_one("#picker-refusal", Static).update(plain(refusal or ""))
        self.table.refresh()
        self._show_counter()

    def _show_counter(self) -> None:
        counter = self.query_one("#picker-counter", Static)
        counter.update(self.selection.counter())
        counter.set_class(self.selection.full, "-full")
        counter.set_class(len(self.selection) > self.selection.limit, "-over")

    # -- closing --------------------------------------------------------------------------------

    @on(Button.Pressed, "#picker-done")
    def action_done(self) -> None:
        self._keep_details(self.selection.ids)
        self.dismiss(list(self.selection.ids))

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        self._keep_details(self.given)
        self.dismiss(None)

    def _keep_details(self, ids: Sequence[str]) -> None:
        """Put the listed details of `ids` (the draft's files or store from now on) in the
        app's cache, so the tools panel names them without asking the server again."""
        wanted = set(ids)
        if not wanted:
            return
        cache = detail_cache(self.app)
        for items in self._pages:
            for item in items:
                if item.id in wanted:
                    cache.put(detail_of_object(self.KIND, item))

    def action_retry(self) -> None:
        if not self.loading:
            self.load()


class FilePickerScreen(PickerScreen):
    """Up to 20 files with purpose=assistants for code_interpreter."""

    HEADING = "Attach files to code_interpreter"
    NOUN = "files"
    COLUMNS = (
        Column("filename"),
        Column("id", 28),
        Column("size", 9, right=True),
        Column("created", 13),
        Column("status", 10),
    )

    def __init__(self, selected: list[str], limit: int = limits.MAX_FILE_IDS) -> None:
        super().__init__(selected, limit)

    async def fetch_pages(self) -> AsyncIterator[Sequence[FileObject]]:
        async for page in tui(self).client.iter_file_pages(purpose="assistants"):
            yield page.data

    def make_row(self, item: FileObject) -> PickRow:
        cells = (
            item.filename or "(no name)",
            item.id,
            size(item.bytes),
            ago(item.created_at, tui(self).now()),
            item.status or "–",
        )
        return PickRow.of(item.id, cells, item.filename, item.id)


class VectorStorePickerScreen(PickerScreen):
    """The one vector store file_search may use."""

    HEADING = "Attach a vector store to file_search"
    NOUN = "vector stores"
    KIND = "store"
    REPLACES = True
    COLUMNS = (
        Column("name"),
        Column("id", 28),
        Column("usage", 9, right=True),
        Column("files", 5, right=True),
        Column("created", 13),
        Column("status", 11),
    )

    def __init__(self, selected: list[str], limit: int = limits.MAX_VECTOR_STORE_IDS) -> None:
        super().__init__(selected, limit)

    def limit_message(self, limit: int) -> str:
        if limit == 1:
            return "Only 1 vector store: deselect the current one first."
        return super().limit_message(limit)

    async def fetch_pages(self) -> AsyncIterator[Sequence[VectorStore]]:
        async for page in tui(self).client.iter_vector_store_pages():
            yield page.data

    def make_row(self, item: VectorStore) -> PickRow:
        counts = item.file_counts
        cells = (
            item.name or "(unnamed)",
            item.id,
            size(item.usage_bytes),
            str(counts.total) if counts else "–",
            ago(item.created_at, tui(self).now()),
            item.status or "–",
        )
        return PickRow.of(item.id, cells, item.name or "", item.id)
