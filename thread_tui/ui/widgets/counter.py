"""Live `count/limit` counters, drawn as a few cells of a line by the widget that holds them.

A metadata row draws its two counters and a panel head its one: a widget per counter made
the editor a widget tree of ~50 nodes, and Textual spends over a millisecond per node when a
screen opens. Each counter is one component class of the widget that draws it (a row's
`metadata-row--key-count`), and its level is a class of that widget (`-key-warning`,
`-key-error`), so the CSS colours it by level. One component class per counter rather than one
per level: Textual keeps a style node per component class of every widget, about 17 KiB of
peak RSS each, and a row or a head draws each counter at one level at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual.widget import Widget

from thread_tui.core.limits import level


@dataclass(frozen=True)
class Count:
    """A count against its limit, as a counter shows it."""

    count: int
    limit: int
    suffix: str = ""

    @property
    def text(self) -> str:
        return f"{self.count}/{self.limit}{self.suffix}"

    @property
    def level(self) -> str:
        """ok, warning (near the limit) or error (past it): see core.limits.level."""
        return level(self.count, self.limit)


def level_classes(name: str, count: Count) -> dict[str, bool]:
    """The classes, on or off, that give the widget drawing counter `name` its level:
    `-NAME-warning` near the limit, `-NAME-error` past it, neither when ok."""
    at = count.level
    return {f"-{name}-warning": at == "warning", f"-{name}-error": at == "error"}


def counter_segment(
    widget: Widget, count: Count, part: str, width: int, pad_right: int = 0
) -> Segment:
    """`count` right-aligned in `width` cells (the last `pad_right` blank), in the colour of
    the widget's component class `part` (which its level classes choose) over its own style."""
    style = widget.rich_style + widget.get_component_rich_style(part)
    room = max(width - pad_right, 0)
    text = count.text[-room:] if room else ""
    return Segment(text.rjust(room) + " " * (width - room), style)
