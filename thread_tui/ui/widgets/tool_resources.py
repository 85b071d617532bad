"""The tool resources panel of a thread: chosen file IDs (n/20) and vector store (n/1)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.ui.draft_holder import DraftHolder, holder_of
from thread_tui.ui.widgets.counter import Count
from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.id_list import IdList

__all__ = ["IdList", "ToolResourcesPanel"]


class ToolResourcesPanel(Vertical):
    def __init__(
        self, draft: Draft | DraftHolder, *, read_only: bool = False, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.holder = holder_of(draft)
        self.read_only = read_only
        self.border_title = "Tool resources"

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

    def refresh_all(self) -> None:
        self.files_head.show(len(self.draft.file_ids))
        self.stores_head.show(len(self.draft.store_ids))
        self.query_one("#file-ids", IdList).show_ids(self.draft.file_ids, "no files")
        self.query_one("#store-ids", IdList).show_ids(self.draft.store_ids, "no vector store")
