"""The question asked when a row that exists on the server is deleted.

The server *merges* metadata: a key it holds cannot be deleted (null is refused), only given
a new value. So the honest offer is to blank the value (`""`). The user may still mark the row
removed here: nothing is then sent for it, the row stays visible struck through as "kept by
the server", and Ctrl+Z brings it back.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

Choice = Literal["blank", "remove"]


def _shown(text: str, width: int = 40) -> str:
    shown = repr(text)  # quotes it and escapes control characters
    return shown if len(shown) <= width else shown[: width - 2] + "…" + shown[0]


class ServerKeepsKeyScreen(ModalScreen[Choice | None]):
    """Dismisses with "blank", "remove", or None when the user keeps the row as it is."""

    BINDINGS = [
        Binding("b", "choose('blank')", "Blank the value", id="keeps_key.blank"),
        Binding("r", "choose('remove')", "Mark removed", id="keeps_key.remove"),
        Binding("k,escape", "choose('')", "Keep it", id="keeps_key.keep"),
    ]

    def __init__(self, key: str, value: str) -> None:
        super().__init__(classes="dialog-screen")
        self.key = key
        self.value = value

    def compose(self) -> ComposeResult:
        key = _shown(self.key)
        with Vertical(id="server-keeps-key", classes="dialog"):
            yield Static(Text(f"The server keeps {key}"), classes="dialog-title")
            yield Static(
                Text(
                    "Metadata is merged on the server: a key it holds cannot be deleted, "
                    "only given a new value (null is refused).\n\n"
                    f'Blank the value instead, so {key} holds "" (now {_shown(self.value)})? '
                    "Or mark the row removed here anyway: nothing is sent for it, it stays "
                    "shown as kept by the server, and Ctrl+Z undoes."
                ),
                classes="dialog-message",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Blank the value instead (b)", id="blank", variant="primary")
                yield Button("Mark removed anyway (r)", id="remove", variant="warning")
                yield Button("Keep it (k)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#blank", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("" if event.button.id == "keep" else event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss("blank" if choice == "blank" else "remove" if choice == "remove" else None)
