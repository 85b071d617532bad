"""The metadata grid: a titled panel of MetadataRows with the live `n/16 pairs` counter.

Keyboard: Tab / Shift+Tab walk key → value → next row; Up / Down move to the same field of
the row above or below; Enter moves on to the next field, and on the last value asks for a
new row (unless the last row is still blank).
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.problems import Problem
from thread_tui.ui.widgets.counter import Counter
from thread_tui.ui.widgets.metadata_row import MetadataRow

HINT = "Ctrl+N add · Ctrl+D delete · Ctrl+Z undo · ↑↓ rows · Enter next field"
READ_ONLY_HINT = "Read-only mode (--read-only): nothing can be edited or sent."


class MetadataGrid(VerticalScroll):
    BINDINGS = [
        Binding("up", "move(-1)", "Row above", show=False),
        Binding("down", "move(1)", "Row below", show=False),
    ]

    class RowWanted(Message):
        """Enter on the last value: the screen adds a row (it owns the draft's refresh)."""

    def __init__(
        self,
        draft: Draft,
        *,
        read_only: bool = False,
        on_edit: Callable[[MetadataRow], None] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.draft = draft
        self.read_only = read_only
        self.on_edit = on_edit
        self.border_title = "Metadata"

    def compose(self) -> ComposeResult:
        with Horizontal(id="grid-head"):
            yield Static("  key", classes="head-key")
            yield Static("value", classes="head-value")
            yield Counter(limits.MAX_METADATA_PAIRS, " pairs", id="pairs-counter")
        for row in self.draft.rows:
            yield self._row(row.id)
        yield Static(READ_ONLY_HINT if self.read_only else HINT, id="grid-hint")

    def _row(self, row_id: int) -> MetadataRow:
        return MetadataRow(self.draft, row_id, read_only=self.read_only, on_edit=self.on_edit)

    def on_mount(self) -> None:
        self._pairs = self.query_one("#pairs-counter", Counter)

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
        await self.query(MetadataRow).remove()
        hint = self.query_one("#grid-hint")
        await self.mount_all(
            [self._row(r.id) for r in self.draft.rows],
            before=hint,
        )

    def refresh_all(self, problems: list[Problem] | None = None) -> None:
        """Grid-wide state after an edit: pair counter, and problems of every row."""
        count = self.draft.pair_count()
        self._pairs.show(count)
        title = f"Metadata  {count}/{limits.MAX_METADATA_PAIRS} pairs"
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
            (target.value_input if on_value else target.key_input).focus()
            self.scroll_to_widget(target)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        row = self.focused_row()
        if row is None:
            return
        if event.input is row.key_input:
            row.value_input.focus()
            return
        rows = self.rows()
        index = rows.index(row)
        if index + 1 < len(rows):
            rows[index + 1].key_input.focus()
            self.scroll_to_widget(rows[index + 1])
        elif row.key_input.value or row.value_input.value:
            self.post_message(self.RowWanted())
        else:
            row.key_input.focus()

    def first_input(self) -> Input | None:
        rows = self.rows()
        return rows[0].key_input if rows else None
