"""The changes bar: the diff summary, why Submit is disabled, and the Submit button."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft


class ChangesBar(Horizontal):
    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-text"):
            yield Static("", id="changes-summary")
            yield Static("", id="changes-reason")
        yield Button("Submit (Ctrl+S)", id="submit", variant="success", disabled=True)

    def on_mount(self) -> None:
        self.refresh_all()

    def block_reason(self) -> str | None:
        if self.read_only:
            return "Read-only mode: browsing and inspecting only; nothing can be sent."
        if self.busy:
            return "Sending…"
        return self.draft.submit_block_reason()

    def refresh_all(self) -> None:
        summary = self.draft.diff().summary()
        self.query_one("#changes-summary", Static).update(Text(f"Changes: {summary}"))
        reason = self.block_reason()
        label = self.query_one("#changes-reason", Static)
        label.update(Text(reason or "Ready: Ctrl+S to review the diff and send."))
        label.set_class(reason is not None and bool(self.draft.problems()), "-error")
        self.query_one("#submit", Button).disabled = reason is not None
