"""A fast check-list table for the pickers, and the capped selection it shows.

DataTable measures every row it is given, so rebuilding it with 10,000 files on each key
press takes over a second. `PickerTable` keeps the rows as a plain list, filters them with
a substring test, and renders only the lines on screen (Textual's Line API), so typing in
the filter stays instant whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from thread_tui.core.inert import visible

MARK_ON = "✓"
GAP = 2
FLEX_MIN = 12


@dataclass(frozen=True)
class Column:
    """A column title; `width` None makes it the one that takes the spare width."""

    title: str
    width: int | None = None
    right: bool = False


@dataclass(frozen=True)
class PickRow:
    id: str
    cells: tuple[str, ...]
    haystack: str
    placeholder: bool = False

    @classmethod
    def of(cls, row_id: str, cells: Sequence[str], *search: str) -> PickRow:
        """A row whose filter text is `search` (e.g. the name and the id), lower-cased."""
        return cls(row_id, tuple(cells), " ".join(search).lower())


class Selection:
    """Ordered ids, capped at `limit`; a refused toggle returns the reason.

    With `replaces` (a limit of one, as the vector store's), picking another id when the one
    is chosen replaces it instead of being refused, and the toggle says which it replaced.
    """

    def __init__(
        self, ids: Iterable[str], limit: int, limit_message: str, *, replaces: bool = False
    ) -> None:
        self.ids: list[str] = list(dict.fromkeys(ids))
        self.limit = limit
        self.limit_message = limit_message
        self.replaces = replaces and limit == 1

    def __contains__(self, item: object) -> bool:
        return item in self.ids

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def full(self) -> bool:
        return len(self.ids) >= self.limit

    def toggle(self, item: str) -> str | None:
        """Select or deselect `item`; None when done, else why it was refused (or, when it
        replaced the chosen one, which)."""
        if item in self.ids:
            self.ids.remove(item)
            return None
        if self.full and self.replaces and len(self.ids) == 1:
            replaced = self.ids[0]
            self.ids = [item]
            return f"Replaces {replaced} (one at most)."
        if self.full:
            return self.limit_message
        self.ids.append(item)
        return None

    def counter(self) -> str:
        return f"{len(self.ids)}/{self.limit} selected"


class PickerTable(ScrollView, can_focus=True):
    """Rows with a check mark column; Enter, Space or a click asks to toggle a row."""

    COMPONENT_CLASSES = {
        "picker-table--header",
        "picker-table--cursor",
        "picker-table--selected",
        "picker-table--placeholder",
        "picker-table--empty",
    }

    DEFAULT_CSS = """
    PickerTable {
        height: 1fr;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="picker_table.up"),
        Binding("down", "move(1)", "Down", show=False, id="picker_table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="picker_table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="picker_table.page_down"),
        Binding("home", "edge(0)", "First", show=False, id="picker_table.first"),
        Binding("end", "edge(1)", "Last", show=False, id="picker_table.last"),
        Binding("enter,space", "toggle_row", "Select", show=False, id="picker_table.select"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Toggled(Message):
        """The user asked to select or deselect the row `row_id`."""

        def __init__(self, table: PickerTable, row_id: str) -> None:
            super().__init__()
            self.table = table
            self.row_id = row_id

    def __init__(
        self,
        columns: Sequence[Column],
        selection: Selection,
        *,
        empty_text: str = "Nothing matches the filter.",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.selection = selection
        self.empty_text = empty_text
        self.rows: list[PickRow] = []
        # Where each placeholder still waiting for its real row sits in `rows`: kept, not
        # searched for on each page (a scan of all rows per page was quadratic in the list).
        self._slots: dict[str, int] = {}
        self.shown: list[PickRow] = []
        self.query_text = ""

    # -- rows and filter ----------------------------------------------------------------------

    def add_rows(self, rows: Iterable[PickRow]) -> None:
        """Append rows (a row replaces a placeholder with the same id in place)."""
        new = list(rows)
        slots = self._slots
        replaced = False
        if not slots:
            self.rows.extend(new)
        else:
            for row in new:
                slot = slots.pop(row.id, None)
                if slot is None:
                    self.rows.append(row)
                else:
                    self.rows[slot] = row
                    replaced = True
        if replaced:
            self._refilter()
        else:
            self.shown.extend(row for row in new if self._matches(row))
            self._resize()

    def replace_rows(self, rows: Iterable[PickRow]) -> None:
        self.rows = list(rows)
        self._slots = {row.id: i for i, row in enumerate(self.rows) if row.placeholder}
        self._refilter()

    def set_filter(self, text: str) -> None:
        query = text.strip().lower()
        if query != self.query_text:
            self.query_text = query
            self._refilter()
            self.cursor = 0

    def _matches(self, row: PickRow) -> bool:
        return not self.query_text or self.query_text in row.haystack

    def _refilter(self) -> None:
        self.shown = [row for row in self.rows if self._matches(row)]
        self._resize()

    def _resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.shown) + 1)
        if self.cursor >= len(self.shown):
            self.cursor = max(len(self.shown) - 1, 0)
        self.refresh()

    @property
    def cursor_row(self) -> PickRow | None:
        if 0 <= self.cursor < len(self.shown):
            return self.shown[self.cursor]
        return None

    def visible_ids(self) -> list[str]:
        return [row.id for row in self.shown]

    # -- keys and mouse -------------------------------------------------------------------------

    def _page_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor(self, cursor: int) -> None:
        # Keep the cursor between the sticky header and the bottom edge.
        top = round(self.scroll_y)
        height = self._page_height()
        if cursor < top:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.shown:
            self.cursor = min(max(self.cursor + delta, 0), len(self.shown) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self._page_height())

    def action_edge(self, end: int) -> None:
        if self.shown:
            self.cursor = len(self.shown) - 1 if end else 0

    def action_toggle_row(self) -> None:
        row = self.cursor_row
        if row is not None:
            self.post_message(self.Toggled(self, row.id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y - 1
        if offset.y >= 1 and 0 <= index < len(self.shown):
            self.cursor = index
            self.action_toggle_row()

    def on_resize(self) -> None:
        self._resize()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- rendering --------------------------------------------------------------------------------

    def _widths(self, total: int) -> list[int]:
        fixed = sum(c.width or 0 for c in self.columns)
        gaps = GAP * len(self.columns)
        flex = max(total - fixed - gaps - 2, FLEX_MIN)
        return [c.width if c.width is not None else flex for c in self.columns]

    def _line(self, mark: str, cells: Sequence[str], width: int) -> str:
        parts = [" ", mark]
        for column, cell, size in zip(self.columns, cells, self._widths(width), strict=False):
            # A file or store name is the server's: each control is drawn, never sent.
            parts.append(" " * GAP + _fit(visible(cell), size, column.right))
        return "".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("picker-table--header")
            text = self._line(" ", [c.title for c in self.columns], width)
            return _strip(text, width, style)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.shown):
            if index == 0 and self.rows and not self.shown:
                style = base + self.get_component_rich_style("picker-table--empty")
                return _strip(f"  {self.empty_text}", width, style)
            return Strip.blank(width, base)
        row = self.shown[index]
        selected = row.id in self.selection
        style = base
        if row.placeholder:
            style += self.get_component_rich_style("picker-table--placeholder")
        if selected:
            style += self.get_component_rich_style("picker-table--selected")
        if index == self.cursor:
            style += self.get_component_rich_style("picker-table--cursor")
        return _strip(self._line(MARK_ON if selected else " ", row.cells, width), width, style)


def _fit(text: str, width: int, right: bool = False) -> str:
    """`text` padded or cut to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def _strip(text: str, width: int, style: Style) -> Strip:
    return Strip([Segment(set_cell_size(text, width), style)], width)
