"""The tool resources panel of a thread: the chosen files (n/20) and vector store (n/1).

Each row shows the file's or store's name, size and status, from the app's detail cache (the
pickers fill it); what the cache lacks is looked up in a worker once the editor is drawn, so
the first paint shows the bare IDs and never waits for the network. Rows removed in this draft
stay visible, marked −, until restored (u) or submitted; added ones are marked +.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.scalar import Scalar
from textual.widgets import Button, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.resource_details import (
    Detail,
    DetailCache,
    Entry,
    Failed,
    Kind,
    Missing,
    list_rows,
)
from thread_tui.ui.context import tui
from thread_tui.ui.draft_holder import DraftHolder, holder_of
from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.counter import Count
from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.id_list import PENDING, IdList, IdRow, RowMark
from thread_tui.ui.workers import safe_work

__all__ = ["IdList", "ToolResourcesPanel", "restore_item"]

HINT = "x remove · u restore"
MAX_LOOKUPS = limits.MAX_FILE_IDS + limits.MAX_VECTOR_STORE_IDS  # the IDs a thread can hold


def make_row(kind: Kind, item: str, mark: RowMark, entry: Entry | None, now: float) -> IdRow:
    """The row of one ID from what the cache knows of it."""
    noun = "file" if kind == "file" else "store"
    if isinstance(entry, Detail):
        warning = entry.warning(now)
        status = entry.status or ""
        if warning and entry.status != "expired" and kind == "store":
            status = warning  # "expires in 2 days" says more than "completed"
        return IdRow(item, mark, entry.label(), entry.size_text(), status, warning is not None)
    if isinstance(entry, Missing):
        return IdRow(item, mark, item, "", "not found", True)
    if isinstance(entry, Failed):
        return IdRow(item, mark, item, "", f"unknown {noun}", True)
    return IdRow(item, mark, item, "", PENDING)


def detail_text(kind: Kind, row: IdRow | None, entry: Entry | None, now: float) -> str:
    """The line under the lists: the highlighted row's ID and what is wrong with it."""
    if row is None:
        return ""
    parts = [row.item]
    if isinstance(entry, Detail):
        parts += [text for text in (entry.size_text(), entry.status) if text]
    if row.mark == "removed":
        parts.append("removed in this draft (u restores it)")
    elif row.mark == "added":
        parts.append("added in this draft")
    if isinstance(entry, Detail):
        warning = entry.warning(now)
        if warning:
            parts.append(f"⚠ {warning}")
    elif isinstance(entry, Missing):
        noun = "file" if kind == "file" else "vector store"
        parts.append(f"⚠ no such {noun} on the server")
    elif isinstance(entry, Failed):
        parts.append(f"⚠ could not be looked up: {entry.reason}")
    return " · ".join(parts)


def restore_item(draft: Draft, list_id: str | None, item: str) -> str | None:
    """Put a removed file or store back in the draft; a sentence to show when it is refused
    or replaces another (a thread has one store at most)."""
    if list_id == "file-ids":
        if len(draft.file_ids) >= limits.MAX_FILE_IDS:
            return f"At most {limits.MAX_FILE_IDS} files: remove one before restoring {item}."
        draft.add_file(item)
        return None
    replaced = [store for store in draft.store_ids if store != item]
    draft.set_stores([item])
    return f"Restored {item}; it replaces {', '.join(replaced)}." if replaced else None


MIN_FILE_LINES = 3  # a list shorter than this is hard to read; the panel scrolls instead


class ToolResourcesPanel(Vertical):
    DEFAULT_CSS = """
    ToolResourcesPanel > #tools-detail {
        height: auto;
        color: $text-muted;
        margin-top: 1;
    }
    """

    def __init__(
        self, draft: Draft | DraftHolder, *, read_only: bool = False, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.holder = holder_of(draft)
        self.read_only = read_only
        self.border_title = "Tool resources"
        if not read_only:
            self.border_subtitle = HINT
        self._tried: set[str] = set()  # looked up by this panel: a failure is not retried

    @property
    def draft(self) -> Draft:
        """The draft being edited now: read through the holder, which replaces it."""
        return self.holder.draft

    def compose(self) -> ComposeResult:
        self.files_head = self._head(
            "code_interpreter files", len(self.draft.file_ids), limits.MAX_FILE_IDS, "files-head"
        )
        self.stores_head = self._head(
            "file_search vector store",
            len(self.draft.store_ids),
            limits.MAX_VECTOR_STORE_IDS,
            "stores-head",
        )
        yield self.files_head
        yield IdList(self._rows("file"), "no files", id="file-ids")
        yield Button("Add files… (Ctrl+F)", id="pick-files", compact=True, disabled=self.read_only)
        yield self.stores_head
        yield IdList(self._rows("store"), "no vector store", id="store-ids")
        yield Button("Pick store… (Ctrl+T)", id="pick-store", compact=True, disabled=self.read_only)
        yield Static("", id="tools-detail")

    def on_mount(self) -> None:
        # After the first paint: the editor is drawn before any lookup is sent.
        self.call_after_refresh(self.look_up_missing)

    @staticmethod
    def _head(label: str, count: int, limit: int, head_id: str) -> HeadLine:
        return HeadLine(
            [(0, label)], Count(count, limit), counter_width=6, classes="tools-head", id=head_id
        )

    @property
    def cache(self) -> DetailCache:
        from thread_tui.ui.resource_lookup import detail_cache

        return detail_cache(self.app)

    def _shown(self, kind: Kind) -> list[tuple[str, RowMark]]:
        draft = self.draft
        if kind == "file":
            return list_rows(draft.loaded_file_ids, draft.file_ids)
        return list_rows(draft.loaded_store_ids, draft.store_ids)

    def _rows(self, kind: Kind) -> list[IdRow]:
        cache, now = self.cache, tui(self).now()
        return [
            make_row(kind, item, mark, cache.get(item), now) for item, mark in self._shown(kind)
        ]

    # -- size: the file list gets every line the panel can spare -----------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_file_list)

    def fit_file_list(self) -> None:
        """Let the file list grow to the panel's height less its other parts, so all 20 files
        show when the terminal is tall enough; on a short one it scrolls itself (and the
        panel scrolls only when even a few lines do not fit)."""
        files = self.query_one("#file-ids", IdList)
        others = self.virtual_size.height - files.outer_size.height
        room = max(self.scrollable_content_region.height - others, MIN_FILE_LINES)
        # Unbounded while every line fits: most panels then never need a second layout.
        cap = None if files.virtual_size.height <= room else Scalar.from_number(room)
        if files.styles.max_height != cap:
            files.styles.max_height = cap

    def refresh_all(self) -> None:
        self.files_head.show(len(self.draft.file_ids))
        self.stores_head.show(len(self.draft.store_ids))
        self._show_rows()
        self.look_up_missing()
        self.call_after_refresh(self.fit_file_list)

    def _show_rows(self) -> None:
        self.query_one("#file-ids", IdList).show_rows(self._rows("file"), "no files")
        self.query_one("#store-ids", IdList).show_rows(self._rows("store"), "no vector store")

    # -- the line under the lists ------------------------------------------------------------

    @on(IdList.Highlighted)
    def _highlighted(self, event: IdList.Highlighted) -> None:
        event.stop()
        self._show_detail(event.id_list)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, IdList):
            self._show_detail(event.widget)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, IdList):  # the line is about the list with the focus
            self.query_one("#tools-detail", Static).update("")

    def _show_detail(self, id_list: IdList) -> None:
        if not id_list.has_focus:
            return
        kind: Kind = "file" if id_list.id == "file-ids" else "store"
        row = id_list.current
        entry = self.cache.get(row.item) if row is not None else None
        text = detail_text(kind, row, entry, tui(self).now())
        self.query_one("#tools-detail", Static).update(plain(text, lines=False))

    # -- lookups ---------------------------------------------------------------------------

    def _wanted(self) -> list[tuple[Kind, str]]:
        wanted: list[tuple[Kind, str]] = []
        for kind in ("file", "store"):
            ids = [item for item, _mark in self._shown(kind)]
            wanted += [(kind, item) for item in self.cache.unknown(ids) if item not in self._tried]
        return wanted[:MAX_LOOKUPS]

    def look_up_missing(self) -> None:
        wanted = self._wanted()
        if wanted:
            self._tried.update(item for _kind, item in wanted)
            self._look_up(wanted)

    @safe_work(group="tool-lookups")
    async def _look_up(self, wanted: list[tuple[Kind, str]]) -> None:
        from thread_tui.ui.resource_lookup import look_up

        await look_up(tui(self).client, self.cache, wanted, lambda _entry: self._arrived())

    def _arrived(self) -> None:
        if self.is_attached:
            self._show_rows()
