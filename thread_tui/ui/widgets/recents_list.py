"""The list of recently opened IDs on the lookup screen, with pin and remove keys."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from thread_tui.core.humanize import ago
from thread_tui.core.ids import check_id
from thread_tui.core.inert import visible
from thread_tui.storage import Recent, RecentsStore


class RecentsList(OptionList):
    BINDINGS = [
        Binding("p", "toggle_pin", "Pin/unpin"),
        Binding("delete,x", "remove", "Remove"),
    ]

    class Open(Message):
        def __init__(self, resource_id: str) -> None:
            super().__init__()
            self.resource_id = resource_id

    def __init__(self, store: RecentsStore, now: Callable[[], float], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.store = store
        self.now = now

    def on_mount(self) -> None:
        self.refresh_items()

    def refresh_items(self, keep: str | None = None) -> None:
        self.clear_options()
        items = self.store.items()
        self.add_options([Option(self._prompt(item), id=item.id) for item in items])
        if not items:
            return
        ids = [item.id for item in items]
        self.highlighted = ids.index(keep) if keep in ids else 0

    def _prompt(self, item: Recent) -> Text:
        kind = check_id(item.id).kind
        text = Text()
        text.append("● " if item.pinned else "  ", style="bold")
        text.append(f"{visible(item.id):<40}", style="bold" if item.pinned else "")
        text.append(f"{kind.value if kind else '':<14}", style="italic")
        text.append(f"opened {ago(item.opened_at, self.now())}", style="italic")
        return text

    def _current(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Open(event.option.id))

    def action_toggle_pin(self) -> None:
        current = self._current()
        if current:
            pinned = self.store.toggle_pin(current)
            self.refresh_items(keep=current)
            self.notify(f"{'Pinned' if pinned else 'Unpinned'} {current}", timeout=2)

    def action_remove(self) -> None:
        current = self._current()
        if current:
            index = self.highlighted or 0
            self.store.remove(current)
            self.refresh_items()
            if self.option_count:
                self.highlighted = min(index, self.option_count - 1)
            self.notify(f"Removed {current} from recents", timeout=2)
