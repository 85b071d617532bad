"""Review before sending: the endpoint, the diff per key / file / vector store, and the exact
JSON body. Dismisses True to send, False to go back to editing.

A draft that cannot be sent (nothing changed, only server-kept removals, or a broken limit)
gets the reason and a Close button only, so this screen never sends what it cannot show.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.ui.context import tui
from thread_tui.ui.widgets.diff_view import DiffView
from thread_tui.ui.widgets.json_view import JsonView

STYLES = Path(__file__).parent.parent / "styles"


def endpoint_path(base_url: str, draft: Draft) -> str:
    """`/v1/threads/thread_abc123`: the base URL's path plus the resource's."""
    base = urlsplit(base_url).path.rstrip("/")
    return f"{base}/{draft.kind.collection}/{quote(draft.resource_id, safe='')}"


class ConfirmScreen(ModalScreen[bool]):
    """The last look at a modify call before it is sent."""

    CSS_PATH = STYLES / "confirm.tcss"
    AUTO_FOCUS = "#confirm-details"

    BINDINGS = [
        Binding("y", "answer(True)", "Send"),
        Binding("enter", "answer(True)", "Send", show=False),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self.block_reason = draft.submit_block_reason()

    @property
    def can_send(self) -> bool:
        return self.block_reason is None

    def compose(self) -> ComposeResult:
        draft = self.draft
        settings = tui(self).settings
        with Vertical(id="confirm-dialog"):
            title = "Review and send" if self.can_send else "Nothing to send"
            yield Static(title, id="confirm-title")
            yield Static(
                Content.assemble(
                    ("POST ", "bold $text-accent"),
                    (endpoint_path(settings.base_url, draft), "bold"),
                    (f"  on {urlsplit(settings.base_url).netloc}", "$text-muted"),
                ),
                id="confirm-endpoint",
            )
            yield Static(draft.diff().summary(), id="confirm-summary")
            if self.block_reason is not None:
                yield Static(self.block_reason, id="confirm-blocked")
            with VerticalScroll(id="confirm-details"):
                yield DiffView(draft.diff(), id="confirm-diff")
                if self.can_send:
                    yield Static("Request body", classes="confirm-section")
                    yield JsonView(draft.request_body(), id="confirm-body")
            with Horizontal(id="confirm-footer"):
                if self.can_send:
                    yield Static("y / Enter send · n / Esc cancel", id="confirm-hint")
                    yield Button("Send (y)", id="confirm-send", variant="success")
                    yield Button("Cancel (n)", id="confirm-cancel")
                else:
                    yield Static("Esc closes", id="confirm-hint")
                    yield Button("Close (Esc)", id="confirm-cancel", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "confirm-send")

    def action_answer(self, send: bool) -> None:
        self.dismiss(bool(send) and self.can_send)
