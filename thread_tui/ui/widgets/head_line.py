"""A one-line head: labels at given columns and a live `count/limit` counter at the right.

Heads the metadata grid (`key`, `value`, `n/16 pairs`) and each tool resources list
(`code_interpreter files  n/20`). One widget draws the line that a row of three widgets
(two labels and a counter in a container) used to lay out.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from thread_tui.ui.widgets.counter import COUNTER_CLASSES, Count, counter_segment


class HeadLine(Widget):
    COMPONENT_CLASSES = {"head-line--label", *COUNTER_CLASSES}

    DEFAULT_CSS = """
    HeadLine {
        height: 1;
    }
    """

    def __init__(
        self,
        labels: list[tuple[int, str]],
        count: Count,
        *,
        counter_width: int,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = labels
        self.count = count
        self.counter_width = counter_width

    def show(self, count: int) -> None:
        if count != self.count.count:
            self.count = Count(count, self.count.limit, self.count.suffix)
            self.refresh()

    def set_labels(self, labels: list[tuple[int, str]]) -> None:
        if labels != self.labels:
            self.labels = labels
            self.refresh()

    @property
    def text(self) -> str:
        """The line as shown, without colours."""
        return self.render_line(0).text

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        label_style = base + self.get_component_rich_style("head-line--label")
        room = max(width - self.counter_width, 0)
        segments: list[Segment] = []
        x = 0
        for column, label in self.labels:
            if column > x:
                segments.append(Segment(" " * (column - x), base))
                x = column
            segments.append(Segment(label, label_style))
            x += len(label)
        labels = Strip(segments).adjust_cell_length(room, base)
        counter = counter_segment(self, self.count, min(self.counter_width, width))
        return Strip([*labels, counter]).adjust_cell_length(width, base)
