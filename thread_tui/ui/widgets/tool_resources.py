"""The tool resources panel of a thread: chosen file IDs (n/20) and vector store (n/1)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.ui.widgets.counter import Counter
from thread_tui.ui.widgets.id_list import IdList

__all__ = ["IdList", "ToolResourcesPanel"]


class ToolResourcesPanel(Vertical):
    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.border_title = "Tool resources"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="tools-head"):
            yield Static("code_interpreter files", classes="tools-label")
            yield Counter(limits.MAX_FILE_IDS, count=len(self.draft.file_ids), id="files-counter")
        yield IdList(self.draft.file_ids, "no files", id="file-ids")
        yield Button("Add files… (Ctrl+F)", id="pick-files", compact=True, disabled=self.read_only)
        with Horizontal(classes="tools-head"):
            yield Static("file_search vector store", classes="tools-label")
            yield Counter(
                limits.MAX_VECTOR_STORE_IDS, count=len(self.draft.store_ids), id="stores-counter"
            )
        yield IdList(self.draft.store_ids, "no vector store", id="store-ids")
        yield Button("Pick store… (Ctrl+T)", id="pick-store", compact=True, disabled=self.read_only)

    def refresh_all(self) -> None:
        self.query_one("#files-counter", Counter).show(len(self.draft.file_ids))
        self.query_one("#stores-counter", Counter).show(len(self.draft.store_ids))
        self.query_one("#file-ids", IdList).show_ids(self.draft.file_ids, "no files")
        self.query_one("#store-ids", IdList).show_ids(self.draft.store_ids, "no vector store")
