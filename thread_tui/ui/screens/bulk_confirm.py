"""The last question before a bulk run: the app's `ChoiceScreen` with the bulk editor's
answers and keys (y sends, n / Esc cancel; Cancel has the focus, so Enter alone sends
nothing)."""

from __future__ import annotations

from textual.binding import Binding

from thread_tui.ui.screens.dialogs import ChoiceScreen


class BulkConfirmScreen(ChoiceScreen[str]):
    BINDINGS = [
        Binding("y", "choose('send')", "Send", id="bulk_confirm.send"),
        Binding("n", "cancel", "Cancel", id="bulk_confirm.cancel"),
    ]

    def __init__(self, sending: int) -> None:
        noun = f"{sending} object{'s' if sending != 1 else ''}"
        message = (
            f"The change goes to {noun}. Each is fetched again and checked just before it "
            "is sent; one that no longer takes the change is refused, not sent. A key once "
            "set cannot be removed (only blanked)."
        )
        choices = [("send", f"Send to {noun} (y)", "error"), ("cancel", "Cancel (n)", "primary")]
        super().__init__(
            "Send the bulk change?", message, choices, default="cancel", cancel="cancel"
        )
