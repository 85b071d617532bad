"""After a message's metadata was sent: what the server holds now, against what was intended.

The server merges the sent map into the stored one, so a key removed in the editor is kept, and
a server may do otherwise still: every difference between the returned metadata and the
intended one is listed (one sentence each, in `core.verify`'s wording), then the metadata the
server returned. A `ChoiceScreen` with one answer; Escape closes too. The editor dismisses
with the updated message when it closes.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from thread_tui.ui.inert_text import inert_content
from thread_tui.ui.message_session import Sent
from thread_tui.ui.screens.dialogs import ChoiceScreen
from thread_tui.ui.widgets.json_view import JsonView

Closed = Literal["close"]


class MessageSavedScreen(ChoiceScreen[Closed]):
    """Dismisses with "close" (or None on Escape): either way the message was saved."""

    BOX_ID = "message-saved"
    BOX_CLASSES = "modal-box"
    DEFAULT_CSS = """
    #message-saved-details {
        height: auto;
        max-height: 45vh;  /* the Close button stays in view at 80x24 too */
        & > .message-saved-heading {
            text-style: bold;
            color: $text-secondary;
        }
    }
    """

    def __init__(self, sent: Sent) -> None:
        check = sent.check
        differs = bool(check and check.differences)
        title = (
            "Saved, but the server's metadata differs from what you intended"
            if differs
            else "Saved"
        )
        rid = sent.exchange.request_id if sent.exchange is not None else None
        where = f" (request id {rid})" if rid else ""
        if differs:
            message = f"The server answered{where}; each difference is listed below."
        else:
            message = f"The server answered{where} with the metadata you intended."
        kept = len(check.kept) if check else 0
        if kept:
            message += (
                f" {kept} removed key(s) are kept by the server, as it always does: keys "
                'cannot be deleted; blank the value ("") to clear one.'
            )
        super().__init__(title, message, [("close", "Close (Enter)", "primary")], default="close")
        self.sent = sent

    @property
    def differences(self) -> tuple[str, ...]:
        return self.sent.check.differences if self.sent.check else ()

    def body(self) -> ComposeResult:
        check = self.sent.check
        with VerticalScroll(id="message-saved-details"):
            if self.differences:
                yield Static("Differences", classes="message-saved-heading")
                lines = "\n".join(f"⚠ {line}" for line in self.differences)
                shown = inert_content(Content.assemble((lines, "$text-warning")))
                yield Static(shown, id="message-saved-differences")  # the server's keys
            # The first heading sits under the message's own margin; a later one gets its own.
            heading = "section-title" if self.differences else "message-saved-heading"
            yield Static("Metadata the server returned", classes=heading)
            yield JsonView(check.metadata if check else {}, id="message-saved-metadata")
