"""Copy the pending request as curl, the official `openai` CLI, or Python (key never shown)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TabbedContent, TabPane

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind
from thread_tui.ui.widgets.json_view import CodeView

FORMS = (("curl", "curl", "bash"), ("cli", "openai CLI", "bash"), ("python", "Python", "python"))


class CopyAsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("c", "copy", "Copy"),
        Binding("enter", "copy", "Copy", show=False),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self, kind: ResourceKind, resource_id: str, body: dict[str, Any], base_url: str
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.snippets = {
            "curl": snippets.render_curl(kind, resource_id, body, base_url),
            "cli": snippets.render_openai_cli(kind, resource_id, body),
            "python": snippets.render_python(kind, resource_id, body, base_url),
        }
        self.empty = not body

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-as", classes="modal-box"):
            yield Static("Copy the request as…", classes="modal-title")
            if self.empty:
                yield Static(
                    "No changes yet: the snippet sends an empty body, which changes nothing.",
                    classes="modal-hint",
                )
            with TabbedContent(id="copy-tabs"):
                for form, title, lexer in FORMS:
                    with TabPane(title, id=f"tab-{form}"):
                        yield CodeView(self.snippets[form], lexer, id=f"snippet-{form}")
            yield Static(
                "←/→ switch · c or Enter copies (OSC 52) · Esc close · the key stays "
                "$OPENAI_API_KEY",
                classes="modal-hint",
            )

    @property
    def active_form(self) -> str:
        active = self.query_one(TabbedContent).active or "tab-curl"
        return active.removeprefix("tab-")

    def action_copy(self) -> None:
        form = self.active_form
        self.app.copy_to_clipboard(self.snippets[form])
        title = dict((f, t) for f, t, _ in FORMS)[form]
        self.notify(f"Copied the {title} snippet to the clipboard")

    def action_close(self) -> None:
        self.dismiss(None)
