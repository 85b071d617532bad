"""The question asked when a row that exists on the server is deleted.

The server *merges* metadata: a key it holds cannot be deleted (null is refused), only given
a new value. So the honest offer is to blank the value (`""`). The user may still mark the row
removed here: nothing is then sent for it, the row stays visible struck through as "kept by
the server", and Ctrl+Z brings it back. Or clone without it (ui/screens/clone_dialog.py): a
new conversation with exactly the edited metadata, the only real removal. A `ChoiceScreen`
with four answers.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button

from thread_tui.ui.screens.dialogs import ChoiceScreen

Choice = Literal["blank", "remove", "clone"]


def _shown(text: str, width: int = 40) -> str:
    shown = repr(text)  # quotes it and escapes control characters
    return shown if len(shown) <= width else shown[: width - 2] + "…" + shown[0]


class ServerKeepsKeyScreen(ChoiceScreen[Choice]):
    """Dismisses with "blank", "remove", or None when the user keeps the row as it is."""

    BINDINGS = [
        Binding("b", "choose('blank')", "Blank the value", id="keeps_key.blank"),
        Binding("r", "choose('remove')", "Mark removed", id="keeps_key.remove"),
        Binding("k", "choose('keep')", "Keep it", id="keeps_key.keep"),
        Binding("c", "choose('clone')", "Clone without it", id="keeps_key.clone"),
    ]
    BOX_ID = "server-keeps-key"

    def __init__(self, key: str, value: str, *, offer_clone: bool = True) -> None:
        """`offer_clone`: False where no clone can drop a key (a thread message)."""
        shown = _shown(key)
        clone_offer = (
            "\n\nOr remove it for real: clone into a new conversation with exactly the "
            "edited metadata (a new ID; the old one is kept)."
            if offer_clone
            else ""
        )
        super().__init__(
            Text(f"The server keeps {shown}"),
            Text(
                "Metadata is merged on the server: a key it holds cannot be deleted, "
                "only given a new value (null is refused).\n\n"
                f'Blank the value instead, so {shown} holds "" (now {_shown(value)})? '
                "Or mark the row removed here anyway: nothing is sent for it, it stays "
                "shown as kept by the server, and Ctrl+Z undoes." + clone_offer
            ),
            [
                ("blank", "Blank the value instead (b)", "primary"),
                ("remove", "Mark removed anyway (r)", "warning"),
                ("keep", "Keep it (k)", "default"),
            ],
            default="blank",
            cancel="keep",
        )
        self.key = key
        self.value = value
        self.offer_clone = offer_clone

    def body(self) -> ComposeResult:
        if not self.offer_clone:
            return
        # Its own line: four buttons do not fit in one row at 80 columns.
        with Horizontal(classes="dialog-buttons"):
            yield Button("Clone without it (c)", id="choice-clone")

    def action_choose(self, answer: str) -> None:
        if answer == "clone":  # not one of the row of choices, but an answer all the same
            if self.offer_clone:
                self.dismiss("clone")
            return
        super().action_choose(answer)
