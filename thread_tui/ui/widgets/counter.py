"""A live `count/limit` counter whose colour follows the limit level (ok, warning, error).

A render-only widget of fixed height: changing the count repaints these few cells and
nothing else (a Static would ask for a new layout of the whole screen on every keystroke).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from thread_tui.core.limits import level


class Counter(Widget):
    """Shows `n/limit`; CSS classes -warning / -error follow core.limits.level."""

    DEFAULT_CSS = """
    Counter {
        height: 1;
        width: 10;
    }
    """

    def __init__(self, limit: int, suffix: str = "", *, count: int = 0, **kwargs: object) -> None:
        # The first count and its level are given here, so the first paint needs no restyle.
        state = level(count, limit)
        classes = str(kwargs.pop("classes", "") or "")
        if state != "ok":
            classes = f"{classes} -{state}"
        super().__init__(classes=classes, **kwargs)  # type: ignore[arg-type]
        self.limit = limit
        self.suffix = suffix
        self.count = count
        self._level = state

    def show(self, count: int) -> None:
        if count == self.count:
            return
        self.count = count
        state = level(count, self.limit)
        if state != self._level:  # classes change only at the thresholds, not on every key
            self._level = state
            self.set_class(state == "warning", "-warning")
            self.set_class(state == "error", "-error")
        self.refresh()

    def render(self) -> Text:
        return Text(f"{self.count}/{self.limit}{self.suffix}")
