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

from thread_tui.ui.widgets.counter import Count, counter_segment, level_classes


class HeadLine(Widget):
    COMPONENT_CLASSES = {"head-line--label", "head-line--count"}

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
        classes: str = "",
        **kwargs: object,
    ) -> None:
        # The level's class is given here: set after mounting, it would restyle the head.
        on = [name for name, set_ in level_classes("count", count).items() if set_]
        super().__init__(classes=" ".join([classes, *on]).strip(), **kwargs)  # type: ignore[arg-type]
        self.labels = labels
        self.count = count
        self.counter_width = counter_width

    def show(self, count: int) -> None:
        if count != self.count.count:
            self.count = Count(count, self.count.limit, self.count.suffix)
            for name, on in level_classes("count", self.count).items():
                self.set_class(on, name)  # a restyle only when the level changes
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
        cells = min(self.counter_width, width)
        counter = counter_segment(self, self.count, "head-line--count", cells)
        return Strip([*labels, counter]).adjust_cell_length(width, base)
