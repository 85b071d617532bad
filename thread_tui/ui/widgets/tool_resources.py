"""The tool resources panel of a thread: chosen file IDs (n/20) and vector store (n/1)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.ui.widgets.counter import Counter


class IdList(OptionList):
    """A list of IDs; Delete / x removes the highlighted one."""

    BINDINGS = [Binding("delete,x", "remove", "Remove")]

    class Removed(Message):
        def __init__(self, id_list: IdList, item: str) -> None:
            super().__init__()
            self.id_list = id_list
            self.item = item

    def show_ids(self, ids: list[str], empty: str) -> None:
        keep = self.highlighted
        self.clear_options()
        if ids:
            self.add_options([Option(item, id=item) for item in ids])
            self.highlighted = min(keep or 0, len(ids) - 1)
        else:
            self.add_option(Option(empty, id=None, disabled=True))

    def action_remove(self) -> None:
        if self.highlighted is None:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id:
            self.post_message(self.Removed(self, option.id))


class ToolResourcesPanel(Vertical):
    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.border_title = "Tool resources"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="tools-head"):
            yield Static("code_interpreter files", classes="tools-label")
            yield Counter(limits.MAX_FILE_IDS, id="files-counter")
        yield IdList(id="file-ids")
        yield Button("Add files… (Ctrl+F)", id="pick-files", compact=True, disabled=self.read_only)
        with Horizontal(classes="tools-head"):
            yield Static("file_search vector store", classes="tools-label")
            yield Counter(limits.MAX_VECTOR_STORE_IDS, id="stores-counter")
        yield IdList(id="store-ids")
        yield Button("Pick store… (Ctrl+T)", id="pick-store", compact=True, disabled=self.read_only)

    def on_mount(self) -> None:
        self.refresh_all()

    def refresh_all(self) -> None:
        self.query_one("#files-counter", Counter).show(len(self.draft.file_ids))
        self.query_one("#stores-counter", Counter).show(len(self.draft.store_ids))
        self.query_one("#file-ids", IdList).show_ids(self.draft.file_ids, "no files")
        self.query_one("#store-ids", IdList).show_ids(self.draft.store_ids, "no vector store")
