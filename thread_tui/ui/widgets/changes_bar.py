"""The changes bar: the diff summary, why Submit is disabled, and the Submit button."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from thread_tui.core.diff import DraftDiff
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
        self._summary = self.query_one("#changes-summary", Static)
        self._reason = self.query_one("#changes-reason", Static)
        self._submit = self.query_one("#submit", Button)
        self.refresh_all()

    def block_reason(
        self, problems: list[Problem] | None = None, diff: DraftDiff | None = None
    ) -> str | None:
        if self.read_only:
            return "Read-only mode: browsing and inspecting only; nothing can be sent."
        if self.busy:
            return "Sending…"
        return self.draft.submit_block_reason(problems, diff)

    def refresh_all(self, problems: list[Problem] | None = None) -> None:
        if not self.is_attached:
            return  # a worker finishing after the screen closed
        if problems is None:
            problems = self.draft.problems()
        diff = self.draft.diff()  # once per refresh, for the summary and the reason
        self._set(self._summary, f"Changes: {diff.summary()}")
        reason = self.block_reason(problems, diff)
        self._set(self._reason, reason or "Ready: Ctrl+S to review the diff and send.")
        self._reason.set_class(reason is not None and bool(problems), "-error")
        self._submit.disabled = reason is not None

    def _set(self, label: Static, text: str) -> None:
        """Update a label only when its text changes (this runs after every burst of keys)."""
        key = label.id or ""
        if self._shown.get(key) != text:
            self._shown[key] = text
            label.update(Text(text))
