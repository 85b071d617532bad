"""The tool resources panel of a thread: chosen file IDs (n/20) and vector store (n/1)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.scalar import Scalar
from textual.widgets import Button

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.ui.widgets.counter import Count
from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.id_list import IdList

__all__ = ["IdList", "ToolResourcesPanel"]

MIN_FILE_LINES = 3  # a list shorter than this is hard to read; the panel scrolls instead


class ToolResourcesPanel(Vertical):
    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.border_title = "Tool resources"

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
        yield IdList(self.draft.file_ids, "no files", id="file-ids")
        yield Button("Add files… (Ctrl+F)", id="pick-files", compact=True, disabled=self.read_only)
        yield self.stores_head
        yield IdList(self.draft.store_ids, "no vector store", id="store-ids")
        yield Button("Pick store… (Ctrl+T)", id="pick-store", compact=True, disabled=self.read_only)

    @staticmethod
    def _head(label: str, count: int, limit: int, head_id: str) -> HeadLine:
        return HeadLine(
            [(0, label)], Count(count, limit), counter_width=6, classes="tools-head", id=head_id
        )

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
        self.query_one("#file-ids", IdList).show_ids(self.draft.file_ids, "no files")
        self.query_one("#store-ids", IdList).show_ids(self.draft.store_ids, "no vector store")
        self.call_after_refresh(self.fit_file_list)
