"""The metadata grid: a titled panel of MetadataRows under a head with the live `n/16 pairs`
counter.

Keyboard: Tab / Shift+Tab walk key → value → next row; Up / Down move to the same field of
the row above or below; Enter moves on to the next field, and on the last value asks for a
new row (unless the last row is still blank).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem
from thread_tui.ui.draft_holder import DraftHolder, holder_of
from thread_tui.ui.widgets.counter import Count
from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.metadata_row import Columns, MetadataRow, fit_columns

HINT = "F2 whole value · Ctrl+N add · Ctrl+D delete · Ctrl+Z undo · ↑↓ rows · Enter next field"
READ_ONLY_HINT = (
    "Read-only mode (--read-only): nothing can be edited or sent. F2 shows values in full."
)
# Before its first layout the grid guesses its rows' width as this share of the terminal's
# (beside the tools panel, inside its border), so the rows are usually built with the final
# columns and the first resize finds nothing to change.
FIRST_GUESS_SHARE = 0.6


class MetadataGrid(VerticalScroll):
    BINDINGS = [
        # Priority bindings run in the app's own task as the key arrives, and the focus is
        # moved at once (not by a queued call), so keys typed right after Enter or an arrow
        # land in the new field and never in the old one.
        Binding("up", "move(-1)", "Row above", show=False, priority=True, id="grid.row_above"),
        Binding("down", "move(1)", "Row below", show=False, priority=True, id="grid.row_below"),
        Binding(
            "enter", "next_field", "Next field", show=False, priority=True, id="grid.next_field"
        ),
        Binding("tab", "walk(1)", "Next field", show=False, priority=True, id="grid.walk_next"),
        Binding(
            "shift+tab",
            "walk(-1)",
            "Previous field",
            show=False,
            priority=True,
            id="grid.walk_previous",
        ),
        # Named in the grid's hint line: in the key bar it pushed out the palette at 120 columns.
        Binding("f2", "open_value", "Whole value", show=False, id="grid.open_value"),
    ]

    class RowWanted(Message):
        """Enter on the last value: the screen adds a row (it owns the draft's refresh)."""

    def __init__(
        self,
        draft: Draft | DraftHolder,
        *,
        read_only: bool = False,
        on_edit: Callable[[MetadataRow], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.holder = holder_of(draft)
        self.read_only = read_only
        self.on_edit = on_edit
        self.columns: Columns | None = None
        self.border_title = self._title()

    @property
    def draft(self) -> Draft:
        """The draft being edited now: read through the holder, which replaces it."""
        return self.holder.draft

    def compose(self) -> ComposeResult:
        self.columns = self._first_guess()
        self.head = HeadLine(
            self._head_labels(),
            Count(self.draft.pair_count(), limits.MAX_METADATA_PAIRS, " pairs"),
            counter_width=12,
            id="grid-head",
        )
        yield self.head
        for row in self.draft.rows:
            yield self._row(row.id)
        yield Static(READ_ONLY_HINT if self.read_only else HINT, id="grid-hint")

    def _title(self) -> str:
        return f"Metadata  {self.draft.pair_count()}/{limits.MAX_METADATA_PAIRS} pairs"

    def _head_labels(self) -> list[tuple[int, str]]:
        return [(0, "  key"), (self._columns().value_x, "value")]

    def _columns(self) -> Columns:
        if self.columns is None:  # only before compose
            self.columns = self._first_guess()
        return self.columns

    def _first_guess(self) -> Columns:
        """Columns before the grid has a width of its own: a share of the terminal's."""
        return fit_columns(self.draft, int(self.app.size.width * FIRST_GUESS_SHARE))

    def _row(self, row_id: int) -> MetadataRow:
        return MetadataRow(
            self.draft,
            row_id,
            columns=self._columns(),
            read_only=self.read_only,
            on_edit=self.on_edit,
        )

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Columns fitted to the keys and to the rows' width (after a resize or an edit)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        columns = fit_columns(self.draft, width)
        if columns == self.columns:
            return
        self.columns = columns
        self.head.set_labels(self._head_labels())
        for row in self.query(MetadataRow):
            row.set_columns(columns)

    def rows(self) -> list[MetadataRow]:
        return list(self.query(MetadataRow))

    def row_widget(self, row_id: int) -> MetadataRow | None:
        for row in self.query(MetadataRow):
            if row.row_id == row_id:
                return row
        return None

    def focused_row(self) -> MetadataRow | None:
        focused = self.screen.focused
        node: Widget | None = focused
        while node is not None and not isinstance(node, MetadataRow):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return node

    async def add_row(self) -> MetadataRow:
        row_id = self.draft.add_row()
        widget = self._row(row_id)
        await self.mount(widget, before=self.query_one("#grid-hint"))
        widget.key_input.focus()
        self.scroll_to_widget(widget)
        return widget

    async def rebuild(self) -> None:
        """New rows for the draft (after a restore, reload or submit). A field that had the
        focus hands it to the same field of the row at the same place, so what is typed next
        still lands in a field (the rows it was in are gone)."""
        focused = self.screen.focused
        row = self.focused_row()
        place: tuple[int, bool] | None = None
        if row is not None:
            place = (self.rows().index(row), focused is row.value_input)
        elif focused is self:
            place = (0, False)
        await self.query(MetadataRow).remove()
        hint = self.query_one("#grid-hint")
        await self.mount_all(
            [self._row(r.id) for r in self.draft.rows],
            before=hint,
        )
        rows = self.rows()
        if place is not None and rows and not self.read_only:
            index, on_value = place
            target = rows[min(index, len(rows) - 1)]
            self._focus_now(target.value_input if on_value else target.key_input, target)

    def refresh_all(self, problems: list[Problem] | None = None) -> None:
        """Grid-wide state after an edit: pair counter, and problems of every row."""
        self.fit_columns()  # a key typed longer widens the key column
        count = self.draft.pair_count()
        self.head.show(count)
        title = self._title()
        if self.border_title != title:
            self.border_title = title
        if problems is None:
            problems = self.draft.problems()
        by_row: dict[int, list[Problem]] = {}
        for problem in problems:
            if problem.row is not None:
                by_row.setdefault(problem.row, []).append(problem)
        for row in self.query(MetadataRow):
            row.refresh_state(by_row.get(row.row_id, []))

    # -- keyboard ---------------------------------------------------------------------------

    def action_open_value(self) -> None:
        """F2: the focused key or value in the value editor (a viewer in read-only mode)."""
        from thread_tui.ui.screens.value_editor import ValueEditorScreen

        pairs = [(r.key, r.value) for r in self.draft.rows]
        if self.read_only:  # no field takes the focus: the first pair in sight, then n / p
            rows = self.rows()
            shown = [r for r in rows if r.region.height]
            start = rows.index(shown[0]) if shown else 0
            self.app.push_screen(ValueEditorScreen(pairs, start, read_only=True))
            return
        row = self.focused_row()
        if row is None:
            self.notify("Move to a key or value first (Tab).", severity="warning")
            return
        on_key = self.screen.focused is row.key_input
        target = row.key_input if on_key else row.value_input
        data = self.draft.row(row.row_id)

        def applied(text: str | None) -> None:
            if text is not None:
                target.value = text  # as if typed: draft, counters, autosave follow

        self.app.push_screen(
            ValueEditorScreen([(data.key, data.value)], field="key" if on_key else "value"), applied
        )

    def _focus_now(self, field: Input, row: MetadataRow | None = None) -> None:
        self.screen.set_focus(field)
        if row is not None:
            self.scroll_to_widget(row, animate=False)

    def action_move(self, delta: int) -> None:
        row = self.focused_row()
        if row is None:
            self.scroll_relative(y=delta)
            return
        rows = self.rows()
        index = rows.index(row) + delta
        if 0 <= index < len(rows):
            on_value = self.screen.focused is row.value_input
            target = rows[index]
            self._focus_now(target.value_input if on_value else target.key_input, target)

    def action_walk(self, delta: int) -> None:
        """Tab / Shift+Tab: Textual's own focus walk, but run as the key arrives (see above)."""
        if delta > 0:
            self.screen.focus_next()
        else:
            self.screen.focus_previous()

    def action_next_field(self) -> None:
        row = self.focused_row()
        if row is None:
            return
        if self.screen.focused is row.key_input:
            self._focus_now(row.value_input)
            return
        rows = self.rows()
        index = rows.index(row)
        if index + 1 < len(rows):
            self._focus_now(rows[index + 1].key_input, rows[index + 1])
        elif row.key_input.value or row.value_input.value:
            self.post_message(self.RowWanted())
        else:
            self._focus_now(row.key_input)
