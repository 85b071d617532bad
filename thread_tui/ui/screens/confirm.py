"""Confirm before sending: the diff, the endpoint and the exact JSON body."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.ui.widgets.diff_view import diff_table
from thread_tui.ui.widgets.json_view import CodeView, pretty_json


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Send"),
        Binding("enter", "answer(True)", "Send", show=False),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__(classes="dialog-screen")
        self.draft = draft
        self.noop = draft.is_noop

    def compose(self) -> ComposeResult:
        draft = self.draft
        with Vertical(id="confirm", classes="modal-box"):
            yield Static("Review and send", classes="modal-title")
            endpoint = f"POST /v1/{draft.kind.collection}/{draft.resource_id}"
            yield Static(f"[b]{endpoint}[/b]  [dim]{draft.diff().summary()}[/dim]", id="endpoint")
            with VerticalScroll(id="confirm-scroll"):
                yield Static(diff_table(draft.diff()), id="confirm-diff")
                if self.noop:
                    yield Static(
                        "Nothing to send: the request would change nothing on the server.",
                        id="confirm-noop",
                    )
                else:
                    yield Static("Request body", classes="section-title")
                    yield CodeView(pretty_json(draft.request_body()), id="confirm-body")
            with Horizontal(classes="dialog-buttons"):
                if self.noop:
                    yield Button("Close (Esc)", id="cancel", variant="primary")
                else:
                    yield Button("Send (y / Enter)", id="send", variant="success")
                    yield Button("Cancel (n / Esc)", id="cancel", variant="default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "send")

    def action_answer(self, send: bool) -> None:
        self.dismiss(bool(send) and not self.noop)
