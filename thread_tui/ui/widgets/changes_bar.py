"""The changes bar: the diff summary, why Submit is disabled, and the Submit button."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from thread_tui.core.diff import DraftDiff
from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem
from thread_tui.ui.draft_holder import DraftHolder, holder_of
from thread_tui.ui.widgets.text_pair import TextPair


class ChangesBar(Horizontal):
    def __init__(
        self, draft: Draft | DraftHolder, *, read_only: bool = False, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.holder = holder_of(draft)
        self.read_only = read_only
        self.busy = False
        self._blocked = True
        self._last: tuple[str, str, bool, bool] | None = None

    @property
    def draft(self) -> Draft:
        """The draft being edited now: read through the holder, which replaces it."""
        return self.holder.draft

    def compose(self) -> ComposeResult:
        # Built showing the draft's state, so the first paint needs no second layout.
        summary, reason, error = self._texts()
        self._text = TextPair(Text(summary), reason, error=error, id="changes-text")
        self._submit = Button(
            "Submit (Ctrl+S)", id="submit", variant="success", disabled=self._blocked
        )
        yield self._text
        yield self._submit

    @property
    def summary(self) -> str:
        """The first line: what the draft changes."""
        return self._text.first.plain

    @property
    def reason(self) -> str:
        """The second line: why Submit is blocked, or that it is ready."""
        return self._text.second

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
        shown = (*self._texts(problems), self._blocked)
        if shown == self._last:
            return  # this runs after every burst of keys; most change nothing here
        self._last = shown
        summary, reason, error, blocked = shown
        self._text.show(Text(summary), reason, error)
        self._submit.disabled = blocked

    def _texts(self, problems: list[Problem] | None = None) -> tuple[str, str, bool]:
        """(summary, reason or ready line, whether the reason is an error); sets _blocked."""
        if problems is None:
            problems = self.draft.problems()
        diff = self.draft.diff()  # once per refresh, for the summary and the reason
        reason = self.block_reason(problems, diff)
        self._blocked = reason is not None
        ready = "Ready: Ctrl+S to review the diff and send."
        summary = f"Changes: {diff.summary()}"
        if self.draft.is_new:  # a create call: an empty one is allowed (an empty object)
            ready = "Ready: Ctrl+S to review the body and create it."
            empty = "empty (no metadata yet)" if diff.is_empty else diff.summary()
            summary = f"New {self.draft.kind.value}: {empty}"
        return summary, reason or ready, reason is not None and bool(problems)
