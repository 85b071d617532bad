"""A focusable list of the chosen files or vector store, one row per ID.

Each row is `IdRow`: a mark (+ added, − removed but kept visible until it is restored or the
draft is submitted, blank unchanged), the name, the size and the status, or the bare ID while
the details are not known. Drawn with Textual's Line API and sized from the number of rows when
it is built: the list knows its height up front, so opening the editor lays it out once, and
details arriving later repaint lines without a new layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len, set_cell_size
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

RowMark = Literal["added", "removed", "kept"]
MARKS: dict[RowMark, str] = {"added": "+", "removed": "−", "kept": " "}
WARN = "⚠ "
PENDING = "…"  # the details are being looked up
OK = "✓"  # an unremarkable status (processed, completed) where its word does not fit
GAP = 2
SIZE_GAP = 1  # between the name and the size: the name gets the cell
SIZE_FROM = 34  # narrower than this, a row leaves the size out to keep the name readable


@dataclass(frozen=True)
class IdRow:
    """One shown ID. `label` is the name (or the ID itself); `warning` marks the status."""

    item: str
    mark: RowMark = "kept"
    label: str = ""
    size: str = ""
    status: str = ""
    warning: bool = False

    def cells(self, width: int, size_width: int = 0) -> tuple[str, str, str]:
        """(mark and name, size, status) fitted to `width` cells: the name first, then the
        size, then the status; an unremarkable status gives way to ✓ before the name is cut
        (a warning is always written out)."""
        label = visible(self.label or self.item)  # the server's text: drawn, never sent raw
        status = visible((WARN + self.status) if self.warning else self.status)
        size = f"{self.size:>{size_width}}" if self.size and width >= SIZE_FROM else ""
        size_cells = SIZE_GAP + cell_len(size) if size else 0

        def room_for(status_text: str) -> int:
            return width - 2 - size_cells - GAP - cell_len(status_text)

        if cell_len(label) > room_for(status) and self.status not in ("", PENDING):
            if not self.warning:
                status = OK
            elif cell_len(status) > width // 2:  # a server's long status leaves the name room
                status = set_cell_size(status, max(width // 2 - 1, 0)) + "…"
        room = max(room_for(status), 4)
        if cell_len(label) > room:
            label = set_cell_size(label, room - 1) + "…"
        return f"{MARKS[self.mark]} {set_cell_size(label, room)}", size, status


class IdList(ScrollView, can_focus=True):
    """Up/Down/Home/End move the cursor; Delete or x removes the highlighted ID, u restores a
    removed one."""

    DEFAULT_CSS = """
    IdList {
        height: auto;
        overflow-x: hidden;
        & > .id-list--cursor {
            background: $block-cursor-blurred-background;
        }
        &:focus > .id-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .id-list--added {
            color: $text-success;
        }
        & > .id-list--removed {
            color: $text-muted;
            text-style: strike;
        }
        & > .id-list--muted {
            color: $text-muted;
        }
        & > .id-list--warning {
            color: $text-warning;
        }
    }
    """

    COMPONENT_CLASSES = {
        "id-list--cursor",
        "id-list--added",
        "id-list--removed",
        "id-list--muted",
        "id-list--warning",
    }

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="id_list.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="id_list.down"),
        Binding("home", "cursor_to(0)", "First", show=False, id="id_list.first"),
        Binding("end", "cursor_to(-1)", "Last", show=False, id="id_list.last"),
        Binding("delete,x", "remove", "Remove", id="id_list.remove"),
        Binding("u", "restore", "Restore", id="id_list.restore"),
    ]

    highlighted: reactive[int | None] = reactive[int | None](None)

    class Removed(Message):
        """The user asked to remove `item` from the list."""

        def __init__(self, id_list: IdList, item: str) -> None:
            super().__init__()
            self.id_list = id_list
            self.item = item

    class Restored(Message):
        """The user asked to put back `item`, removed from the list in this draft."""

        def __init__(self, id_list: IdList, item: str) -> None:
            super().__init__()
            self.id_list = id_list
            self.item = item

    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, id_list: IdList) -> None:
            super().__init__()
            self.id_list = id_list

    def __init__(self, rows: list[IdRow], empty: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows: list[IdRow] = []
        self.empty = empty
        self._set_rows(rows)

    @property
    def ids(self) -> list[str]:
        """The IDs shown, removed ones included, top to bottom."""
        return [row.item for row in self.rows]

    @property
    def current(self) -> IdRow | None:
        if self.highlighted is None or not self.rows:
            return None
        return self.rows[self.highlighted]

    # -- content ----------------------------------------------------------------------------

    def show_rows(self, rows: list[IdRow], empty: str) -> None:
        if rows == self.rows and empty == self.empty:
            return
        same_height = len(rows) == len(self.rows) and bool(rows)
        self.empty = empty
        self._set_rows(rows)
        # Details arriving change the text, not the number of lines: a repaint is enough.
        self.refresh(layout=not same_height)
        self.post_message(self.Highlighted(self))

    def _set_rows(self, rows: list[IdRow]) -> None:
        keep = self.highlighted
        self.rows = list(rows)
        self._size_width = max((cell_len(row.size) for row in rows), default=0)
        self.virtual_size = Size(0, max(len(rows), 1))
        if rows:
            self.set_reactive(IdList.highlighted, min(keep or 0, len(rows) - 1))
        else:
            self.set_reactive(IdList.highlighted, None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.rows), 1)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            if index:
                return Strip.blank(width, base)
            # The same part as a kept file's status: one style node fewer (~17 KiB each).
            muted = base + self.get_component_rich_style("id-list--muted")
            return Strip([Segment(self.empty, muted)]).adjust_cell_length(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        cursor = index == self.highlighted
        style: Style = base
        if row.mark == "added":
            style += self.get_component_rich_style("id-list--added")
        elif row.mark == "removed":
            style += self.get_component_rich_style("id-list--removed")
        status_style = style
        if row.warning and row.mark != "removed":
            status_style = style + self.get_component_rich_style("id-list--warning")
        elif row.mark == "kept":
            status_style = style + self.get_component_rich_style("id-list--muted")
        if cursor:
            cursor_style = self.get_component_rich_style("id-list--cursor")
            style, status_style = style + cursor_style, status_style + cursor_style
        head, size, status = row.cells(width, self._size_width)
        segments = [Segment(head, style)]
        if size:
            segments.append(Segment(" " * SIZE_GAP + size, style))
        segments.append(Segment(" " * GAP, style))
        segments.append(Segment(status, status_style))
        return Strip(segments).adjust_cell_length(width, style if cursor else base)

    # -- cursor -----------------------------------------------------------------------------

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))
        if new is not None:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.post_message(self.Highlighted(self))

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            current = self.highlighted if self.highlighted is not None else 0
            self.highlighted = max(0, min(current + delta, len(self.rows) - 1))

    def action_cursor_to(self, index: int) -> None:
        if self.rows:
            self.highlighted = index % len(self.rows)

    def action_remove(self) -> None:
        row = self.current
        if row is not None and row.mark != "removed":
            self.post_message(self.Removed(self, row.item))

    def action_restore(self) -> None:
        row = self.current
        if row is not None and row.mark == "removed":
            self.post_message(self.Restored(self, row.item))

    def on_click(self, event: events.Click) -> None:
        index = event.y + self.scroll_offset.y
        if 0 <= index < len(self.rows):
            self.highlighted = index
