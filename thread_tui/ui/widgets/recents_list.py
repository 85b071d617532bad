"""The list of recently opened IDs on the lookup screen, with pin and remove keys.

Typing a character that is not one of the list's keys goes to the ID field (the focus moves
there with it), and ↑ on the top row returns to the field: the list is a step below the field,
not a place where typing is lost. Removing a pinned ID asks first; an unpinned one goes at once
(opening it again brings it back)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from thread_tui.core.humanize import ago
from thread_tui.core.ids import check_id
from thread_tui.core.inert import visible
from thread_tui.storage import Recent, RecentsStore


class RecentsList(OptionList):
    BINDINGS = [
        Binding("p", "toggle_pin", "Pin/unpin", id="recents.toggle_pin"),
        Binding("delete,x", "remove", "Remove", id="recents.remove"),
    ]

    class Open(Message):
        def __init__(self, resource_id: str) -> None:
            super().__init__()
            self.resource_id = resource_id

    def __init__(
        self,
        store: RecentsStore,
        now: Callable[[], float],
        *,
        field: str | None = None,
        **kwargs: object,
    ) -> None:
        """`field`: the selector of the Input that typing and ↑ on the top row go to."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.store = store
        self.now = now
        self.field = field

    def _field(self) -> Input | None:
        if self.field is None:
            return None
        found = self.screen.query(self.field)
        return found.first(Input) if found else None

    def on_key(self, event: events.Key) -> None:
        field = self._field()
        character = event.character
        if field is None or not event.is_printable or character is None:
            return
        if event.key in self.screen.active_bindings:
            return  # the list's own keys (p, x, a keymap's), and ? for help
        event.stop()
        event.prevent_default()
        # The field's focus handler selects all of its text; the character is added after
        # it ran (a callback queued behind the focus event), at the end of what was typed.
        self.screen.set_focus(field)
        field.call_later(_append, field, character)

    def action_cursor_up(self) -> None:
        field = self._field()
        if field is not None and not self.highlighted:
            self.screen.set_focus(field)
            return
        super().action_cursor_up()

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
        if not current:
            return
        if not any(item.pinned for item in self.store.items() if item.id == current):
            self._remove(current)
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(remove: bool | None) -> None:
            if remove:
                self._remove(current)

        kind = check_id(current).kind
        self.app.push_screen(
            YesNoScreen(
                "Remove a pinned ID?",
                f"{current} is pinned. Remove it from the recently opened list? The "
                f"{kind.value if kind else 'ID'} itself is not touched.",
                yes="Remove",
                no="Keep it",
            ),
            answer,
        )

    def _remove(self, resource_id: str) -> None:
        index = self.highlighted or 0
        self.store.remove(resource_id)
        self.refresh_items()
        if self.option_count:
            self.highlighted = min(index, self.option_count - 1)
        self.notify(f"Removed {resource_id} from recents", timeout=2)


def _append(field: Input, character: str) -> None:
    field.cursor_position = len(field.value)
    field.insert_text_at_cursor(character)
