"""A live `count/limit` counter whose colour follows the limit level (ok, warning, error)."""

from __future__ import annotations

from textual.widgets import Static

from thread_tui.core.limits import level


class Counter(Static):
    """Shows `n/limit`; CSS classes -warning / -error follow core.limits.level."""

    def __init__(self, limit: int, suffix: str = "", **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.limit = limit
        self.suffix = suffix
        self.count = -1

    def show(self, count: int) -> None:
        if count == self.count:
            return
        self.count = count
        state = level(count, self.limit)
        self.set_class(state == "warning", "-warning")
        self.set_class(state == "error", "-error")
        self.update(f"{count}/{self.limit}{self.suffix}")
