"""Live `count/limit` counters, drawn as a few cells of a line by the widget that holds them.

A metadata row draws its two counters and a panel head its one: a widget per counter made
the editor a widget tree of ~50 nodes, and Textual spends over a millisecond per node when a
screen opens. The colour follows the limit level through the component classes
`counter--ok`, `counter--warning` and `counter--error` of the widget that draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual.widget import Widget

from thread_tui.core.limits import level

COUNTER_CLASSES = {"counter--ok", "counter--warning", "counter--error"}


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


def counter_segment(widget: Widget, count: Count, width: int, pad_right: int = 0) -> Segment:
    """`count` right-aligned in `width` cells (the last `pad_right` blank), in its level's
    colour over the widget's own style."""
    style = widget.rich_style + widget.get_component_rich_style(f"counter--{count.level}")
    room = max(width - pad_right, 0)
    text = count.text[-room:] if room else ""
    return Segment(text.rjust(room) + " " * (width - room), style)
