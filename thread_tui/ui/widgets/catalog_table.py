"""The lookup screen's table of the catalog: every thread and conversation thread-tui has seen.

Like the pickers' table (picker_table.py) it draws only the lines on screen (Textual's Line
API) from a list of row numbers into a `CatalogIndex`, so a filter over 100,000 rows costs
the filter and one repaint, never a rebuild of the rows. The columns fit the width: the ID,
the kind and when it was last seen always; created and the most common metadata keys when
there is room. The screen owns the filter, the store and the dialogs; this widget moves the
cursor, keeps the selection and the sort, and asks the screen (messages) for the rest.

Typing a character that is not one of the table's keys goes to the filter field (the focus
moves there with it); `/` and ↑ on the top row go there too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

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
from textual.widgets import Input

from thread_tui.core.catalog_columns import BASE_COLUMNS, RECENT, TIME_COLUMNS
from thread_tui.core.humanize import ago, is_valid_timestamp
from thread_tui.core.inert import visible

if TYPE_CHECKING:  # the index loads with the catalog, after the first frame
    from thread_tui.core.catalog_view import CatalogIndex, Row

GAP = 2
MARKS = 3  # "✓● ": selected, pinned, a space
ID_MIN = 20
ID_MAX = 56
ID_NARROW = 40
WIDE = 160
KIND_WIDTH = 12  # "conversation"
SEEN_WIDTH = 12  # "4 months ago"
CREATED_WIDTH = 10  # "2026-11-30"
META_MIN = 10
META_MAX = 28
MAX_META_COLUMNS = 6
TITLES = {"id": "ID", "kind": "Kind", "created": "Created", "seen": "Last seen"}


class Cell(NamedTuple):
    """A column as laid out: what it shows (a sort column name) and where."""

    column: str  # "id", "kind", "created", "seen" or "meta:KEY"
    title: str
    x: int
    width: int


class CatalogTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "catalog-table--header",
        "catalog-table--cursor",
        "catalog-table--selected",
        "catalog-table--pinned",
        "catalog-table--empty",
    }

    DEFAULT_CSS = """
    CatalogTable {
        height: 1fr;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False, id="catalog.up"),
        Binding("down", "move(1)", "Down", show=False, id="catalog.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="catalog.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="catalog.page_down"),
        Binding("home", "edge(0)", "First", show=False, id="catalog.first"),
        Binding("end", "edge(1)", "Last", show=False, id="catalog.last"),
        Binding("enter", "open", "Open", show=False, id="catalog.open"),
        Binding("space", "toggle_select", "Select", id="catalog.select"),
        Binding("a", "select_all", "Select all", id="catalog.select_all"),
        Binding("s", "cycle_sort", "Sort", id="catalog.sort"),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="catalog.reverse"),
        Binding("b", "bulk_edit", "Bulk edit", id="catalog.bulk_edit"),
        # The table's letters are keys (a word typed here starting with one would be lost):
        # `/` goes to the filter, as in less and vim.
        Binding("slash", "focus_filter", "Filter", show=False, id="catalog.filter"),
        # The recents list's ids, so a keymap written for it still applies.
        Binding("p", "toggle_pin", "Pin/unpin", id="recents.toggle_pin"),
        Binding("delete,x", "remove", "Remove", id="recents.remove"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Open(Message):
        def __init__(self, resource_id: str) -> None:
            super().__init__()
            self.resource_id = resource_id

    class Act(Message):
        """The user asked for `action` ("pin", "remove", "bulk") on `resource_id` (the
        cursor's row; none for "bulk", which takes the selection)."""

        def __init__(self, action: str, resource_id: str | None) -> None:
            super().__init__()
            self.action = action
            self.resource_id = resource_id

    class Changed(Message):
        """The selection or the sort changed (the screen redraws its counts)."""

    def __init__(
        self,
        now: Callable[[], float],
        *,
        field: str | None = None,
        id: str | None = None,
    ) -> None:
        """`field`: the selector of the filter Input that typing and ↑ on the top row go to."""
        super().__init__(id=id)
        self.now = now
        self.field = field
        self.index: CatalogIndex | None = None
        self.shown: list[int] = []
        self.selected: dict[str, None] = {}  # ordered, as selected
        self.sort_column = RECENT
        self.descending = False
        self.empty_text = "Loading the catalog…"
        self._cells: list[Cell] = []
        self._laid_out_for: tuple[int, int] = (-1, -1)
        self._paint: _Paint | None = None
        self._wrapped: tuple[tuple[str, int] | None, list[str]] = (None, [])

    # -- rows -----------------------------------------------------------------------------------

    def show(self, index: CatalogIndex, rows: list[int], *, keep: str | None = None) -> None:
        """Show `rows` of `index`; the cursor stays on `keep` (an ID) when it is still shown,
        else goes to the top."""
        changed_index = index is not self.index
        self.index = index
        self.shown = rows
        self.cursor = self._place(keep) if keep is not None else 0
        if changed_index:
            self._laid_out_for = (-1, -1)
        self._resize()

    def _place(self, resource_id: str) -> int:
        if self.index is None:
            return 0
        for place, at in enumerate(self.shown):
            if self.index.id_at(at) == resource_id:
                return place
        return 0

    @property
    def current_id(self) -> str | None:
        if self.index is not None and 0 <= self.cursor < len(self.shown):
            return self.index.id_at(self.shown[self.cursor])
        return None

    def shown_ids(self) -> list[str]:
        index = self.index
        return [index.id_at(at) for at in self.shown] if index is not None else []

    def _resize(self) -> None:
        self._set_virtual_size(Size(self.size.width, len(self.shown) + 1))
        if self.cursor >= len(self.shown):
            self.cursor = max(len(self.shown) - 1, 0)
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """Set the scrolled size; a layout of the whole screen only when the scrollbar comes
        or goes. Assigning `virtual_size` lays out (and so repaints) every widget on the
        screen: per filter keystroke that was most of its time, for a table whose region
        does not move. Otherwise only the scrollbar's length and the scroll offset follow."""
        old = self.virtual_size
        if size == old:
            return
        height = self.container_size.height
        if (
            not self.is_mounted
            or old.width != size.width
            or (old.height > height) != (size.height > height)
        ):
            self.virtual_size = size
            return
        self.set_reactive(CatalogTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.window_virtual_size = size.height
            bar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    # -- the field: typing goes there -------------------------------------------------------------

    def _field(self) -> Input | None:
        if self.field is None:
            return None
        found = self.screen.query(self.field)
        return found.first(Input) if found else None

    def on_key(self, event: events.Key) -> None:
        field = self._field()
        character = event.character
        if field is None or not event.is_printable or character is None:
            return
        if event.key in self.screen.active_bindings:
            return  # the table's own keys, and ? for help
        event.stop()
        event.prevent_default()
        self.screen.set_focus(field)
        field.call_later(_append, field, character)

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
        if delta < 0 and self.cursor == 0:
            field = self._field()
            if field is not None:
                self.screen.set_focus(field)
            return
        if self.shown:
            self.cursor = min(max(self.cursor + delta, 0), len(self.shown) - 1)

    def action_focus_filter(self) -> None:
        field = self._field()
        if field is not None:
            self.screen.set_focus(field)

    def action_page(self, direction: int) -> None:
        if self.shown:
            step = direction * self._page_height()
            self.cursor = min(max(self.cursor + step, 0), len(self.shown) - 1)

    def action_edge(self, end: int) -> None:
        if self.shown:
            self.cursor = len(self.shown) - 1 if end else 0

    def action_open(self) -> None:
        current = self.current_id
        if current is not None:
            self.post_message(self.Open(current))

    def action_toggle_select(self) -> None:
        current = self.current_id
        if current is None:
            return
        if current in self.selected:
            del self.selected[current]
        else:
            self.selected[current] = None
        self.cursor = min(self.cursor + 1, max(len(self.shown) - 1, 0))
        self.post_message(self.Changed())

    def action_select_all(self) -> None:
        """Select every shown row; when all of them are selected already, deselect them."""
        ids = self.shown_ids()
        if ids and all(i in self.selected for i in ids):
            for resource_id in ids:
                self.selected.pop(resource_id, None)
        else:
            self.selected.update(dict.fromkeys(ids))
        self.refresh()
        self.post_message(self.Changed())

    def clear_selection(self) -> None:
        self.selected.clear()
        self.refresh()
        self.post_message(self.Changed())

    def hidden_selected(self) -> int:
        """How many selected IDs the filter hides."""
        if not self.selected:
            return 0
        index = self.index
        shown = sum(1 for at in self.shown if index and index.id_at(at) in self.selected)
        return len(self.selected) - shown

    def sort_columns(self) -> list[str]:
        """The columns `s` goes through: the recents order, then each column shown."""
        return [RECENT, *(cell.column for cell in self._cells)]

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        if descending is None:
            descending = column in TIME_COLUMNS and column != RECENT
        self.sort_column = column
        self.descending = descending
        self.post_message(self.Changed())

    def action_cycle_sort(self) -> None:
        columns = self.sort_columns()
        at = columns.index(self.sort_column) if self.sort_column in columns else -1
        self.sort_by(columns[(at + 1) % len(columns)])

    def action_reverse_sort(self) -> None:
        self.sort_by(self.sort_column, not self.descending)

    def action_bulk_edit(self) -> None:
        self.post_message(self.Act("bulk", None))

    def action_toggle_pin(self) -> None:
        if self.current_id:
            self.post_message(self.Act("pin", self.current_id))

    def action_remove(self) -> None:
        if self.current_id:
            self.post_message(self.Act("remove", self.current_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            for cell in self._cells:
                if cell.x <= offset.x < cell.x + cell.width + GAP:
                    same = cell.column == self.sort_column
                    self.sort_by(cell.column, not self.descending if same else None)
                    return
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.shown):
            self.cursor = index
            if offset.x < MARKS:
                self.action_toggle_select()
            elif event.chain > 1:
                self.action_open()

    def on_resize(self) -> None:
        self._resize()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------

    def cells(self, width: int) -> list[Cell]:
        """The columns that fit `width`: ID, kind, last seen; then created; then the most
        common metadata keys, each at least META_MIN wide."""
        index = self.index
        key = (width, id(index))
        if key == self._laid_out_for:
            return self._cells
        longest = index.longest_id if index is not None else ID_MIN
        # A conversation ID has 53 characters: in full only on a wide terminal, else cut to
        # ID_NARROW (still telling, the ellipsis says so) to leave room for metadata.
        id_width = min(max(longest, ID_MIN), ID_MAX if width >= WIDE else ID_NARROW)
        fixed = MARKS + KIND_WIDTH + SEEN_WIDTH + 2 * GAP
        id_width = max(min(id_width, width - fixed - GAP), 8)
        left = width - fixed - GAP - id_width
        columns: list[tuple[str, str, int]] = [("id", "ID", id_width), ("kind", "Kind", KIND_WIDTH)]
        if left >= CREATED_WIDTH + GAP:
            columns.append(("created", "Created", CREATED_WIDTH))
            left -= CREATED_WIDTH + GAP
        keys = index.common_keys(MAX_META_COLUMNS) if index is not None else []
        meta: list[str] = []
        for name in keys:
            if left < META_MIN + GAP:
                break
            meta.append(name)
            left -= META_MIN + GAP
        if meta:
            extra = left // len(meta)
            for name in meta:
                columns.append((f"meta:{name}", name, min(META_MIN + extra, META_MAX)))
        columns.append(("seen", "Last seen", SEEN_WIDTH))
        x = MARKS
        cells = []
        for column, title, size in columns:
            cells.append(Cell(column, title, x, size))
            x += size + GAP
        self._cells = cells
        self._laid_out_for = key
        return cells

    def relayout(self) -> None:
        """The rows changed (another set of keys may be the most common): lay out again."""
        self._laid_out_for = (-1, -1)
        self.refresh()

    # -- rendering --------------------------------------------------------------------------------

    def _values(self, row: Row, cells: list[Cell]) -> list[str]:
        now = self.now()
        values = []
        for cell in cells:
            if cell.column == "id":
                values.append(row.id)
            elif cell.column == "kind":
                values.append(row.kind)
            elif cell.column == "created":
                values.append(_date(row.created_at))
            elif cell.column == "seen":
                values.append(ago(row.last_seen, now))
            else:
                values.append(row.metadata.get(cell.column.removeprefix("meta:"), ""))
        return values

    def _line(self, marks: str, cells: list[Cell], values: list[str]) -> str:
        parts = [marks]
        for cell, value in zip(cells, values, strict=True):
            # Server text (IDs, keys, values): each control is drawn, never sent.
            parts.append(_fit(visible(value), cell.width) + " " * GAP)
        return "".join(parts)

    def _titles(self, cells: list[Cell]) -> list[str]:
        arrow = " ▼" if self.descending else " ▲"
        return [c.title + (arrow if c.column == self.sort_column else "") for c in cells]

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles are read once a paint, not once a line: each read walks the CSS, which
        # was most of a filter keystroke's repaint.
        self._paint = None
        return super().render_lines(crop)

    def _paint_styles(self) -> _Paint:
        paint = self._paint
        if paint is None:
            base = self.rich_style
            component = self.get_component_rich_style
            paint = self._paint = _Paint(
                self.scrollable_content_region.width,
                base,
                base + component("catalog-table--header"),
                base + component("catalog-table--empty"),
                component("catalog-table--pinned"),
                component("catalog-table--selected"),
                component("catalog-table--cursor"),
            )
        return paint

    def _empty_lines(self, width: int) -> list[str]:
        key = (self.empty_text, width)
        if self._wrapped[0] != key:
            self._wrapped = (key, textwrap.wrap(visible(self.empty_text), max(width - 2, 10)))
        return self._wrapped[1]

    def render_line(self, y: int) -> Strip:
        paint = self._paint_styles()
        width = paint.width
        base = paint.base
        cells = self.cells(width)
        if y == 0:
            return _strip(self._line(" " * MARKS, cells, self._titles(cells)), width, paint.header)
        place = round(self.scroll_y) + y - 1
        index = self.index
        if index is None or not self.shown:
            lines = self._empty_lines(width)
            if place < len(lines):
                return _strip(f" {lines[place]}", width, paint.empty)
            return Strip.blank(width, base)
        if place >= len(self.shown):
            return Strip.blank(width, base)
        row = index.row(self.shown[place])
        selected = row.id in self.selected
        style = base
        if row.pinned:
            style += paint.pinned
        if selected:
            style += paint.selected
        if place == self.cursor:
            style += paint.cursor
        marks = ("✓" if selected else " ") + ("●" if row.pinned else " ") + " "
        return _strip(self._line(marks, cells, self._values(row, cells)), width, style)


class _Paint(NamedTuple):
    """What one paint of the table reads of its styles."""

    width: int
    base: Style
    header: Style
    empty: Style
    pinned: Style
    selected: Style
    cursor: Style


def sort_title(column: str) -> str:
    """A sort column in words, for the status line."""
    if column == RECENT:
        return "pinned, then recently opened"
    if column in BASE_COLUMNS:
        return TITLES[column].lower()
    return visible(column.removeprefix("meta:"))


def _date(timestamp: int | None) -> str:
    if timestamp is None:
        return ""
    if not is_valid_timestamp(timestamp):
        return "?"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def _fit(text: str, width: int) -> str:
    """`text` padded or cut to exactly `width` cells, with an ellipsis when cut."""
    if cell_len(text) > width:
        return set_cell_size(text, max(width - 1, 0)) + "…" if width else ""
    return text + " " * (width - cell_len(text))


def _strip(text: str, width: int, style: Style) -> Strip:
    return Strip([Segment(set_cell_size(text, width), style)], width)


def _append(field: Input, character: str) -> None:
    field.cursor_position = len(field.value)
    field.insert_text_at_cursor(character)
