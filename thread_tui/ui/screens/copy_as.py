"""Copy the pending request as a curl command, an `openai` CLI command or Python code.

One tab per form; `c`, Enter or the Copy button puts the shown one on the clipboard (OSC 52,
through `App.copy_to_clipboard`). The key is never in a snippet: they read `$OPENAI_API_KEY`.
An empty resource ID (a new resource, not created yet) shows the create call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TabbedContent, TabPane

from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import Settings
from thread_tui.ui.widgets.snippet_view import SNIPPET_KINDS, SnippetView, render_snippets

STYLES = Path(__file__).parent.parent / "styles"


class CopyAsScreen(ModalScreen[None]):
    """Tabs of snippets for the same request; copies the active one."""

    CSS_PATH = STYLES / "copy_as.tcss"

    BINDINGS = [
        Binding("c", "copy", "Copy"),
        Binding("enter", "copy", "Copy", show=False),
        Binding("escape", "close", "Close"),
        Binding("1", "show('curl')", "curl", show=False),
        Binding("2", "show('cli')", "openai CLI", show=False),
        Binding("3", "show('python')", "Python", show=False),
        Binding("left", "cycle(-1)", "Previous", show=False),
        Binding("right", "cycle(1)", "Next", show=False),
    ]

    def __init__(
        self,
        kind: ResourceKind,
        resource_id: str,
        body: dict[str, Any],
        base_url: str,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.resource_id = resource_id
        self.body = body
        # The settings say whether the snippets take Azure's form and which organization and
        # project headers they carry; the key never goes in.
        endpoint = settings.azure_endpoint if settings else None
        version = settings.api_version if settings else None
        self.key_variable = settings.key_env_name if settings else "OPENAI_API_KEY"
        self.snippets = render_snippets(
            kind,
            resource_id,
            body,
            base_url,
            azure_endpoint=endpoint,
            api_version=version,
            organization=settings.organization if settings else None,
            project=settings.project if settings else None,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-as-dialog"):
            if not self.resource_id:  # a new resource: the create call
                title = f"Copy the creation of a new {self.kind.value} as…"
                empty = f"Empty body: this request creates an empty {self.kind.value}."
            else:
                title = f"Copy the update of {self.resource_id} as…"
                empty = "No changes yet: this request sends an empty body and changes nothing."
            yield Static(title, id="copy-as-title")
            if not self.body:
                yield Static(empty, id="copy-as-empty")
            with TabbedContent(id="copy-as-tabs"):
                for snippet in SNIPPET_KINDS:
                    with TabPane(f"{snippet.title}", id=f"tab-{snippet.key}"):
                        yield SnippetView(
                            snippet, self.snippets[snippet.key], id=f"snippet-{snippet.key}"
                        )
            yield Static(
                f"The key is read from ${self.key_variable} when the snippet runs; it is never "
                "written into it.",
                id="copy-as-note",
            )
            with Horizontal(id="copy-as-footer"):
                yield Static("←/→ or 1 2 3 switch · c / Enter copy · Esc close", id="copy-as-hint")
                yield Button("Copy (c)", id="copy-as-copy", variant="primary")
                yield Button("Close (Esc)", id="copy-as-close")

    @property
    def active_kind(self) -> str:
        active = self.query_one(TabbedContent).active or "tab-curl"
        return active.removeprefix("tab-")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy-as-copy":
            self.action_copy()
        else:
            self.action_close()

    def action_show(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{key}"

    def action_cycle(self, step: int) -> None:
        keys = [snippet.key for snippet in SNIPPET_KINDS]
        index = (keys.index(self.active_kind) + step) % len(keys)
        self.action_show(keys[index])

    def action_copy(self) -> None:
        key = self.active_kind
        self.app.copy_to_clipboard(self.snippets[key])
        copied = next(s.copied for s in SNIPPET_KINDS if s.key == key)
        self.notify(copied)

    def action_close(self) -> None:
        self.dismiss(None)
