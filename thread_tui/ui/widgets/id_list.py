"""A focusable list of IDs (the chosen files, the chosen vector store), one per line.

Drawn with Textual's Line API and sized from the number of IDs when it is built. An
OptionList measured its lines only when first drawn and then asked for a second layout of
the whole editor; this list knows its height up front, so opening the editor lays it out once.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from thread_tui.core.inert import visible


class IdList(ScrollView, can_focus=True):
    """Up/Down/Home/End move the cursor; Delete or x asks to remove the highlighted ID."""

    DEFAULT_CSS = """
    IdList {
        height: auto;
        & > .id-list--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .id-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .id-list--empty {
            color: $text-muted;
        }
    }
    """

    COMPONENT_CLASSES = {"id-list--cursor", "id-list--empty"}

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="id_list.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="id_list.down"),
        Binding("home", "cursor_to(0)", "First", show=False, id="id_list.first"),
        Binding("end", "cursor_to(-1)", "Last", show=False, id="id_list.last"),
        Binding("delete,x", "remove", "Remove", id="id_list.remove"),
    ]

    highlighted: reactive[int | None] = reactive[int | None](None)

    class Removed(Message):
        """The user asked to remove `item` from the list."""

        def __init__(self, id_list: IdList, item: str) -> None:
            super().__init__()
            self.id_list = id_list
            self.item = item

    def __init__(self, ids: list[str], empty: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ids: list[str] = []
        self.empty = empty
        self._set_ids(ids)

    # -- content ----------------------------------------------------------------------------

    def show_ids(self, ids: list[str], empty: str) -> None:
        if ids == self.ids and empty == self.empty:
            return
        self.empty = empty
        self._set_ids(ids)
        self.refresh(layout=True)

    def _set_ids(self, ids: list[str]) -> None:
        keep = self.highlighted
        self.ids = list(ids)
        width = max((len(item) for item in ids), default=len(self.empty))
        self.virtual_size = Size(width, max(len(ids), 1))
        if ids:
            self.set_reactive(IdList.highlighted, min(keep or 0, len(ids) - 1))
        else:
            self.set_reactive(IdList.highlighted, None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.ids), 1)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.virtual_size.width

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.ids:
            if index:
                return Strip.blank(width, base)
            muted = base + self.get_component_rich_style("id-list--empty")
            return Strip([Segment(self.empty, muted)]).adjust_cell_length(width, base)
        if index >= len(self.ids):
            return Strip.blank(width, base)
        style: Style = base
        if index == self.highlighted:
            style = base + self.get_component_rich_style("id-list--cursor")
        text = visible(self.ids[index])  # the server's IDs: drawn, never sent raw
        scroll_x = int(self.scroll_x)
        strip = Strip([Segment(text, style)]).adjust_cell_length(width + scroll_x, style)
        return strip.crop(scroll_x, scroll_x + width)

    # -- cursor -----------------------------------------------------------------------------

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))
        if new is not None:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        if self.ids:
            current = self.highlighted if self.highlighted is not None else 0
            self.highlighted = max(0, min(current + delta, len(self.ids) - 1))

    def action_cursor_to(self, index: int) -> None:
        if self.ids:
            self.highlighted = index % len(self.ids)

    def action_remove(self) -> None:
        if self.highlighted is not None and self.ids:
            self.post_message(self.Removed(self, self.ids[self.highlighted]))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.ids):
            self.highlighted = index
