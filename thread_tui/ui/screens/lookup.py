"""The lookup screen: type or pick a thread / conversation ID and open it, or start a new
thread / conversation (Ctrl+N / Ctrl+O), which opens the editor on an unsaved draft.

Below the ID field, the catalog (every object thread-tui has seen) as a table that filters as
you type in its field, sorts by column and multi-selects for a bulk edit. The screen paints
first; the catalog loads after, a page at a time (ui/catalog_loader.py), into an in-memory
index (core/catalog_view.py) that a keystroke filters without asking SQLite again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from thread_tui.core.catalog_columns import RECENT
from thread_tui.core.ids import InvalidIdError, ResourceKind, check_id, parse_id
from thread_tui.ui.compat import LeanInput
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.catalog_table import CatalogTable, sort_title
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.widgets.wait_status import WaitLine
from thread_tui.ui.workers import safe_work

if TYPE_CHECKING:
    from thread_tui.core.catalog_view import CatalogIndex
    from thread_tui.storage.catalog import Catalog

DEMO_HINT = (
    "Demo mode: try thread_abc123 (the API reference's example), thread_full16 (16/16 pairs), "
    "thread_longvalues, thread_tools (20 files + a vector store) or conv_abc123."
)
EMPTY_CATALOG = (
    "Nothing in the catalog yet. Type an ID above and press Enter, or add a list of IDs "
    "with: thread-tui import FILE"
)
CATALOG_HINT = "/ filter · Space select · a all · b bulk edit · s sort · p pin · x remove"
SHORT_HEIGHT = 30  # below it the title and the spacing go, so the table keeps some rows


class LookupScreen(Screen[None]):
    AUTO_FOCUS = "#lookup-id"
    BINDINGS = [
        Binding("down", "focus_recents", "Catalog", show=False, id="lookup.focus_recents"),
        Binding("escape", "focus_input", "Edit ID", show=False, id="lookup.focus_input"),
        Binding("ctrl+n", "new_thread", "New thread", priority=True, id="lookup.new_thread"),
        Binding(
            "ctrl+o",
            "new_conversation",
            "New conversation",
            priority=True,
            id="lookup.new_conversation",
        ),
    ]

    def __init__(self, initial_id: str | None = None) -> None:
        super().__init__()
        self.initial_id = initial_id
        # Set when an editor is pushed: back from it, the ID field takes the focus (else the
        # focus went back to the recents list, where a typed ID went nowhere).
        self._editor_shown = False
        self.index: CatalogIndex | None = None
        self._opened: str | None = None  # the ID last opened: its row is read again on return
        self._filter_text = ""
        self._bulk_shown = False

    def compose(self) -> ComposeResult:
        app = tui(self)
        yield TitleBar()
        # The parts are the screen's own children, placed by their margins (lookup.tcss).
        yield Static("Open a thread or a conversation", id="lookup-title")
        yield LeanInput(
            value=self.initial_id or "",
            placeholder="thread_… or conv_…  then Enter",
            id="lookup-id",
        )
        yield Static("", id="lookup-check")
        # Mounted only while loading: an idle indicator would keep animating unseen.
        yield Vertical(id="lookup-loading")
        yield WaitLine(app.wait_status, id="lookup-wait")
        yield Static("", id="lookup-error")
        with Horizontal(id="lookup-new"):
            yield Static("or create one:", id="lookup-new-label")
            yield Button("New thread (Ctrl+N)", id="new-thread", compact=True)
            yield Button("New conversation (Ctrl+O)", id="new-conversation", compact=True)
        with Horizontal(id="catalog-head"):
            yield Static("Catalog", id="catalog-title")
            yield Static("", id="catalog-status")
        yield LeanInput(
            placeholder="Filter: thread_… / conv_… prefix, key=value, or text",
            id="catalog-filter",
            select_on_focus=False,
            compact=True,
        )
        yield CatalogTable(app.now, field="#catalog-filter", id="catalog")
        yield Static(CATALOG_HINT, id="catalog-hint")
        if app.settings.demo:
            yield Static(DEMO_HINT, id="demo-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        blink = tui(self).cursor_blink
        self.query_one("#lookup-id", Input).cursor_blink = blink
        self.query_one("#catalog-filter", Input).cursor_blink = blink
        self._show_check(self.query_one("#lookup-id", Input).value)
        self._error("")
        self._show_status()
        if self.initial_id:
            self.load(self.initial_id)
        # After the first frame (the app calls after_first_frame): the lookup is usable
        # before SQLite is even imported. A lookup pushed later loads at once.
        if tui(self).first_frame_shown:
            self.call_after_refresh(self.load_catalog)

    def after_first_frame(self) -> None:
        """Called by the app once its first frame is on the terminal."""
        self.load_catalog()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def on_screen_resume(self) -> None:
        self._refresh_catalog()
        if self._editor_shown:
            # Not after a dialog (help, the pinned-ID question): the focus stays where it was.
            self._editor_shown = False
            self.set_focus(self.query_one("#lookup-id", Input))

    # -- the catalog ----------------------------------------------------------------------------

    @property
    def table(self) -> CatalogTable:
        return self.query_one(CatalogTable)

    @property
    def catalog(self) -> Catalog:
        # Opened on first use, here after the first frame (sqlite3 is not on the start path).
        return tui(self).store.catalog

    @safe_work(exclusive=True, group="catalog")
    async def load_catalog(self) -> None:
        """Read the whole catalog into a fresh index, then show it (the old one stays on
        screen until then)."""
        store = tui(self).store
        if store.recents_surely_empty():
            # A first run: no catalog file, so nothing to read. Opening SQLite only to learn
            # that costs ≈ 2.2 MiB of peak RSS; it opens when something is recorded.
            from thread_tui.core.catalog_view import CatalogIndex

            self.index = CatalogIndex()
        else:
            from thread_tui.ui.catalog_loader import load_index

            self.index = await load_index(self.catalog)
        self.table.relayout()
        self._apply_filter(keep=self.table.current_id)

    def _refresh_catalog(self) -> None:
        """Back from the editor: read the opened object's row again, and reload all when the
        catalog holds another number of objects (created, deleted, a bulk edit's)."""
        index = self.index
        if index is None:
            return
        if tui(self).store.recents_surely_empty():
            self._opened = None  # still a first run: nothing was recorded
            return
        from thread_tui.ui.catalog_loader import count_live, refresh_row

        catalog = self.catalog
        if self._opened is not None:
            refresh_row(index, catalog, self._opened)
            self._opened = None
        if self._bulk_shown or count_live(catalog) != len(index):
            self._bulk_shown = False
            self.load_catalog()
        self._apply_filter(keep=self.table.current_id)

    @on(Input.Changed, "#catalog-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter_text = event.value
        self._apply_filter()

    def _apply_filter(self, keep: str | None = None) -> None:
        from thread_tui.core.catalog_view import describe, parse_filter

        table = self.table
        index = self.index
        if index is None:
            return
        flt = parse_filter(self._filter_text)
        rows = index.select(flt, table.sort_column, table.descending)
        if not len(index):
            table.empty_text = EMPTY_CATALOG
        elif flt.problem:
            table.empty_text = flt.problem
        else:
            table.empty_text = (
                f"Nothing matches {describe(flt)} (key=value is a whole value, text a part)."
            )
        table.show(index, rows, keep=keep)
        self._show_status(flt.problem)

    def _show_status(self, problem: str | None = None) -> None:
        table = self.table
        status = self.query_one("#catalog-status", Static)
        if self.index is None:
            status.update("loading…", layout=False)
            return
        total = len(self.index)
        parts = [f"{len(table.shown):,} of {total:,}" if self._filter_text else f"{total:,}"]
        arrow = "" if table.sort_column == RECENT else " ▼" if table.descending else " ▲"
        parts.append(f"by {sort_title(table.sort_column)}{arrow}")
        if table.selected:
            hidden = table.hidden_selected()
            chosen = f"{len(table.selected):,} selected"
            parts.append(f"{chosen} ({hidden:,} not shown)" if hidden else chosen)
        if problem:
            parts.append(problem)
        status.update(plain(" · ".join(parts)), layout=False)  # one line of a fixed width

    @on(CatalogTable.Changed)
    def _table_changed(self, event: CatalogTable.Changed) -> None:
        event.stop()
        self._apply_filter(keep=self.table.current_id)

    @on(Input.Submitted, "#catalog-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        current = self.table.current_id
        if current is not None:
            self._open_row(current)
        elif check_id(event.value.strip()).ok:
            self._open_row(event.value.strip())

    @on(CatalogTable.Open)
    def _open_recent(self, event: CatalogTable.Open) -> None:
        event.stop()
        self._open_row(event.resource_id)

    def _open_row(self, resource_id: str) -> None:
        self.query_one("#lookup-id", Input).value = resource_id
        self.open_id(resource_id)

    @on(CatalogTable.Act)
    def _act(self, event: CatalogTable.Act) -> None:
        event.stop()
        if event.action == "bulk":
            self.action_bulk_edit()
        elif event.resource_id is None:
            return
        elif event.action == "pin":
            self._toggle_pin(event.resource_id)
        elif event.action == "remove":
            self._ask_remove(event.resource_id)

    def action_bulk_edit(self) -> None:
        ids = list(self.table.selected)
        if not ids:
            self.notify(
                "Select objects first: Space selects the row, a selects every row shown.",
                timeout=4,
            )
            return
        opener = getattr(self.app, "open_bulk_editor", None)
        if not callable(opener):
            self.notify(
                f"The bulk editor is not part of this build. {len(ids):,} selected: from the "
                "command line, thread-tui update --ids @FILE applies one change to many.",
                severity="warning",
                timeout=8,
            )
            return
        self._editor_shown = True
        self._bulk_shown = True  # back from it, many rows may have changed: read them all
        opener(ids)

    def _toggle_pin(self, resource_id: str) -> None:
        # The catalog is the recents' store too: a pin there is a pin in both.
        pinned = self.catalog.toggle_pin(resource_id)
        if self.index is not None:
            self.index.set_pinned(resource_id, pinned)
        self._apply_filter(keep=resource_id)
        self.notify(f"{'Pinned' if pinned else 'Unpinned'} {resource_id}", timeout=2)

    def _ask_remove(self, resource_id: str) -> None:
        index = self.index
        pinned = index is not None and resource_id in index and index.row_of(resource_id).pinned
        if not pinned:
            self._remove(resource_id)
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(remove: bool | None) -> None:
            if remove:
                self._remove(resource_id)

        kind = check_id(resource_id).kind
        self.app.push_screen(
            YesNoScreen(
                "Remove a pinned ID?",
                f"{resource_id} is pinned. Remove it from the catalog? The "
                f"{kind.value if kind else 'ID'} itself is not touched.",
                yes="Remove",
                no="Keep it",
            ),
            answer,
        )

    def _remove(self, resource_id: str) -> None:
        from thread_tui.ui.catalog_loader import refresh_row

        table = self.table
        place = table.cursor
        catalog = self.catalog
        catalog.forget(resource_id)  # off the table: the object itself is not touched
        if self.index is not None:
            refresh_row(self.index, catalog, resource_id)
        self._apply_filter()
        table.selected.pop(resource_id, None)
        if table.shown:
            table.cursor = min(place, len(table.shown) - 1)
        self._show_status()
        self.notify(f"Removed {resource_id}", timeout=2)

    @on(Input.Changed, "#lookup-id")
    def _changed(self, event: Input.Changed) -> None:
        self._show_check(event.value)
        self._error("")

    def _show_check(self, text: str) -> None:
        verdict = check_id(text)
        label = self.query_one("#lookup-check", Static)
        label.set_class(verdict.problem is not None and bool(text), "-problem")
        kind = f"{verdict.kind.value.capitalize()} · " if verdict.kind else ""
        if verdict.ok:
            label.update(f"{kind}press Enter to open")
        elif text:
            label.update(plain(f"{kind}{verdict.problem}"))
        else:
            label.update("Type a thread ID (thread_…) or a conversation ID (conv_…).")

    @on(Input.Submitted, "#lookup-id")
    def _submitted(self, event: Input.Submitted) -> None:
        self.open_id(event.value)

    def open_id(self, text: str) -> None:
        try:
            parse_id(text)
        except InvalidIdError as exc:
            self._error(str(exc))
            return
        self.load(text)

    def _error(self, message: str) -> None:
        error = self.query_one("#lookup-error", Static)
        error.update(plain(message))
        error.display = bool(message)  # no empty line above the catalog

    @safe_work(exclusive=True, group="lookup")
    async def load(self, resource_id: str) -> None:
        # Imported on first use: the lookup screen must be ready before httpx and the editor load.
        from thread_tui.api import ClientError, NotFoundError
        from thread_tui.ui.screens.editor import EditorScreen

        slot = self.query_one("#lookup-loading")
        await slot.mount(LoadingIndicator())
        self._error("")
        try:
            resource = await tui(self).client.get_resource(resource_id)
        except (ClientError, InvalidIdError) as exc:
            if isinstance(exc, NotFoundError):
                tui(self).store.catalog.mark_deleted(resource_id)
                self._opened = resource_id  # its row goes on return (it is deleted)
                self._refresh_catalog()
            message = exc.user_message() if isinstance(exc, ClientError) else str(exc)
            self._error(message)
            return
        finally:
            await slot.query(LoadingIndicator).remove()
        app = tui(self)
        app.store.catalog.record(resource.to_json())  # a failed write warns, never raises
        app.store.recents.record(resource.id, app.now())
        self._opened = resource.id
        exchange = app.client.last_exchange
        self._editor_shown = True
        await app.push_screen(EditorScreen(resource, exchange))

    def action_focus_recents(self) -> None:
        self.table.focus()

    def action_focus_input(self) -> None:
        self.query_one("#lookup-id", Input).focus()

    # -- new resources ------------------------------------------------------------------

    def action_new_thread(self) -> None:
        self.new_resource(ResourceKind.THREAD)

    def action_new_conversation(self) -> None:
        self.new_resource(ResourceKind.CONVERSATION)

    @on(Button.Pressed, "#lookup-new Button")
    def _new_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "new-thread":
            self.action_new_thread()
        else:
            self.action_new_conversation()

    def new_resource(self, kind: ResourceKind) -> None:
        """Open the editor on a new, unsaved thread / conversation (created on Ctrl+S)."""
        if tui(self).read_only:
            self.notify(
                f"Read-only mode: nothing can be created (started with --read-only), so there "
                f"is no new {kind.value}.",
                severity="warning",
            )
            return
        # Imported on first use, as in load(): the editor loads after the first screen.
        from thread_tui.core.resources import unsaved_resource
        from thread_tui.ui.screens.editor import EditorScreen

        self._editor_shown = True
        self.app.push_screen(EditorScreen(unsaved_resource(kind)))

    def forget(self, resource_id: str) -> None:
        """The ID was deleted: drop it from the box and from the table."""
        typed = self.query_one("#lookup-id", Input)
        if typed.value == resource_id:
            typed.value = ""
        if self.index is not None:
            self.index.remove(resource_id)
        self.table.selected.pop(resource_id, None)
        self._apply_filter(keep=self.table.current_id)

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Open ID", "Open the ID typed in the box", self._open_typed),
            ("Focus recents", "Move to the catalog table", self.action_focus_recents),
            ("Bulk edit", "Edit the selected objects at once", self.action_bulk_edit),
            ("New thread", "Create a thread: fill it in, then Ctrl+S", self.action_new_thread),
            (
                "New conversation",
                "Create a conversation: fill it in, then Ctrl+S",
                self.action_new_conversation,
            ),
        ]

    def _open_typed(self) -> None:
        self.open_id(self.query_one("#lookup-id", Input).value)
