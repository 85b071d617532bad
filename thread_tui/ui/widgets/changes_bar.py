"""The changes bar: the diff summary, why Submit is disabled, and the Submit button."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem


class ChangesBar(Horizontal):
    def __init__(self, draft: Draft, *, read_only: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.busy = False
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-text"):
            yield Static("", id="changes-summary")
            yield Static("", id="changes-reason")
        yield Button("Submit (Ctrl+S)", id="submit", variant="success", disabled=True)

    def on_mount(self) -> None:
        self._reason = self.query_one("#changes-reason", Static)
        self._submit = self.query_one("#submit", Button)
        self.refresh_all()

    def block_reason(self) -> str | None:
        if self.read_only:
            return "Read-only mode: browsing and inspecting only; nothing can be sent."
        if self.busy:
            return "Sending…"
        return self.draft.submit_block_reason()

    def refresh_all(self, problems: list[Problem] | None = None) -> None:
        summary = self.draft.diff().summary()
        self._set("#changes-summary", f"Changes: {summary}")
        reason = self.block_reason()
        self._set("#changes-reason", reason or "Ready: Ctrl+S to review the diff and send.")
        if problems is None:
            problems = self.draft.problems()
        self._reason.set_class(reason is not None and bool(problems), "-error")
        self._submit.disabled = reason is not None

    def _set(self, selector: str, text: str) -> None:
        """Update a label only when its text changes (this runs on every keystroke)."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(Text(text))  # rare: only on a change
