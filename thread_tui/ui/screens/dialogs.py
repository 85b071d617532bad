"""Small reusable dialogs: a yes/no question and a choice between a few named answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.ui.inert_text import plain


class ChoiceScreen(ModalScreen[str | None]):
    """Ask a question; dismiss with the id of the chosen answer, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    def __init__(
        self, title: str, message: str, choices: list[tuple[str, str, str]], default: str
    ) -> None:
        """`choices`: (answer id, button label, button variant)."""
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.choices = choices
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Static(plain(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, variant in self.choices:
                    yield Button(label, id=f"choice-{answer}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

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
