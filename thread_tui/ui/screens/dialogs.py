"""Small reusable dialogs: a choice between a few named answers, and a yes/no question.

`ChoiceScreen` is the one implementation of a dialog's buttons, Escape and default answer;
the conflict dialog (conflict.py), the server-keeps-key question (server_keeps_key.py) and the
restore question are built on it: a subclass names its answers and may add key bindings
(`choose('…')`) and a body between the message and the buttons.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from thread_tui.ui.inert_text import plain

AnswerT = TypeVar("AnswerT", bound=str)


class ChoiceScreen(ModalScreen[AnswerT | None], Generic[AnswerT]):
    """Ask a question; dismiss with the id of the chosen answer, or None on Escape (or on the
    answer named `cancel`, a button that does what Escape does)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]
    #: The box around the dialog: its id and classes (a wide dialog takes "modal-box").
    BOX_ID: str | None = None
    BOX_CLASSES = "dialog"
    TITLE_CLASSES = "dialog-title"

    def __init__(
        self,
        title: str | Text,
        message: str | Text,
        choices: Sequence[tuple[str, str, str]],
        default: AnswerT,
        *,
        cancel: str | None = None,
    ) -> None:
        """`choices`: (answer id, button label, button variant). A `str` title or message
        is shown as plain text (never markup), each control drawn."""
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.choices = list(choices)
        self.default = default
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(id=self.BOX_ID, classes=self.BOX_CLASSES):
            yield Static(self._text(self.title_text), classes=self.TITLE_CLASSES)
            yield Static(self._text(self.message), classes="dialog-message")
            yield from self.body()
            with Horizontal(classes="dialog-buttons"):
                for answer, label, variant in self.choices:
                    yield Button(label, id=f"choice-{answer}", variant=cast(ButtonVariant, variant))

    @staticmethod
    def _text(text: str | Text) -> Text:
        return plain(text) if isinstance(text, str) else text

    def body(self) -> ComposeResult:
        """What a subclass shows between the message and the buttons (nothing here)."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose((event.button.id or "").removeprefix("choice-"))

    def action_choose(self, answer: str) -> None:
        """Dismiss with `answer` when it is one of the choices (not the cancel one)."""
        known = answer in {a for a, _, _ in self.choices} and answer != self.cancel
        self.dismiss(cast(AnswerT, answer) if known else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class YesNoScreen(ModalScreen[bool]):
    """A yes/no question: y / Enter on Yes answer True, n / Escape answer False."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yesno.yes"),
        Binding("n", "answer(False)", "No", id="yesno.no"),
        Binding("escape", "answer(False)", "No", show=False, id="yesno.no_alt"),
    ]

    def __init__(self, title: str, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
