"""One metadata row of the editor grid: key and value edited in place, with live counters.

The row is three widgets: itself and its two Inputs. It draws the rest (the gutter mark,
both counters and the problem note under the line) with the Line API in the cells its
Inputs leave free, because a widget per counter, mark and note made opening the editor
cost over a millisecond per part.

Each keystroke updates the draft and this row's own counters only; the grid-wide state
(pair count, duplicates, summary) is refreshed by the screen once per burst of keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.geometry import Region, Size, Spacing
from textual.strip import Strip
from textual.widget import Widget

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.inert import visible
from thread_tui.core.problems import Problem
from thread_tui.ui.context import tui
from thread_tui.ui.widgets.counter import Count, counter_segment, level_classes
from thread_tui.ui.widgets.field_input import FieldInput

GUTTER = 2
MIN_KEY = 8  # room for the placeholder and a short key as it is typed
KEY_SHARE = 0.4  # at most this share of a row's free cells goes to the key column
# The widest counter texts of keys and values within their limits ("64/64", "512/512").
KEY_COUNTER_TEXT = len(f"{limits.MAX_KEY_CHARS}/{limits.MAX_KEY_CHARS}")
VALUE_COUNTER_TEXT = len(f"{limits.MAX_VALUE_CHARS}/{limits.MAX_VALUE_CHARS}")


@dataclass(frozen=True)
class Columns:
    """Cell widths of the grid's columns; the value takes what is left."""

    key: int
    key_counter: int  # one blank cell each side of the counter's text
    value_counter: int  # one blank cell before it

    @property
    def value_x(self) -> int:
        return GUTTER + self.key + self.key_counter


def fit_columns(draft: Draft, row_width: int) -> Columns:
    """Columns for the draft's rows on a row of `row_width` cells: the key column as wide as
    the longest key and one cell for the cursor (at least MIN_KEY, at most KEY_SHARE of the
    free cells), the counters as wide as their texts; the value field takes the rest."""
    rows = draft.rows
    key_cells = max((_drawn_cells(row.key) for row in rows), default=0)
    longest_key = max((limits.count_chars(row.key) for row in rows), default=0)
    longest_value = max((limits.count_chars(row.value) for row in rows), default=0)
    key_text = len(f"{longest_key}/{limits.MAX_KEY_CHARS}")
    value_text = len(f"{longest_value}/{limits.MAX_VALUE_CHARS}")
    key_counter = max(key_text, KEY_COUNTER_TEXT) + 2
    value_counter = max(value_text, VALUE_COUNTER_TEXT) + 1
    free = row_width - GUTTER - key_counter - value_counter
    bound = max(MIN_KEY, int(free * KEY_SHARE))
    return Columns(min(max(key_cells + 1, MIN_KEY), bound), key_counter, value_counter)


def _drawn_cells(text: str) -> int:
    """Cells of `text` as a field draws it. Run per burst of keys over every key, so ASCII
    (one cell a character, controls drawn as one picture each) skips the measuring."""
    return len(text) if text.isascii() else cell_len(visible(text))


class MetadataRow(Widget):
    COMPONENT_CLASSES = {
        "metadata-row--gutter",
        "metadata-row--note",
        "metadata-row--key-count",
        "metadata-row--value-count",
    }

    def __init__(
        self,
        draft: Draft,
        row_id: int,
        *,
        columns: Columns,
        read_only: bool = False,
        on_edit: Callable[[MetadataRow], None] | None = None,
    ) -> None:
        self.draft = draft
        self.row_id = row_id
        # Built in its final state (marks, counters, problem note), and with its classes
        # given here: set before the row is styled, they need no restyle after mounting.
        self._counts = self._current_counts()
        state = self._state(draft.problems_for_row(row_id), self._counts)
        self._applied = state
        classes = " ".join(name for name, on in state.classes.items() if on)
        super().__init__(classes=f"metadata-row {classes}".strip(), id=f"row-{row_id}")
        self.columns = columns
        self.read_only = read_only
        # A direct call rather than a bubbling message: this runs on every keystroke.
        self.on_edit = on_edit
        self._note_cache: tuple[str, int, list[Strip]] | None = None

    def compose(self) -> ComposeResult:
        row = self.draft.row(self.row_id)
        state = self._applied
        blink = tui(self).cursor_blink
        self.key_input = self._field(row.key, self._key_changed, "key", state.key_bad, blink)
        self.value_input = self._field(
            row.value, self._value_changed, "value", state.value_bad, blink
        )
        self._place_inputs()
        yield self.key_input
        yield self.value_input

    def _field(
        self, value: str, on_change: Callable[[str], None], name: str, bad: bool, blink: bool
    ) -> FieldInput:
        field = FieldInput(
            value,
            on_change,
            placeholder=name,
            select_on_focus=False,
            classes=f"row-{name} -bad" if bad else f"row-{name}",
            disabled=self.read_only,
        )
        field.cursor_blink = blink
        return field

    def _place_inputs(self) -> None:
        """Widths and margins from the columns; the margins are the cells the row draws in."""
        cols = self.columns
        self.key_input.styles.width = cols.key
        self.key_input.styles.margin = Spacing(0, cols.key_counter, 0, GUTTER)
        self.value_input.styles.margin = Spacing(0, cols.value_counter, 0, 0)

    def set_columns(self, columns: Columns) -> None:
        if columns != self.columns:
            self.columns = columns
            self._place_inputs()
            self.refresh(layout=True)

    # -- what the row shows -----------------------------------------------------------------

    @property
    def key_count(self) -> Count:
        return self._counts[0]

    @property
    def value_count(self) -> Count:
        return self._counts[1]

    @property
    def mark(self) -> str:
        """The gutter mark: + new, ~ edited, − removed, blank when as loaded."""
        return self._applied.mark

    @property
    def note(self) -> str:
        """The problem note shown under the row ('' when none)."""
        return self._applied.note

    def _current_counts(self) -> tuple[Count, Count]:
        row = self.draft.row(self.row_id)
        return (
            Count(limits.count_chars(row.key), limits.MAX_KEY_CHARS),
            Count(limits.count_chars(row.value), limits.MAX_VALUE_CHARS),
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self._note_lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._line(width)
        notes = self._note_lines(width)
        return notes[y - 1] if 0 < y <= len(notes) else Strip.blank(width, self.rich_style)

    def _line(self, width: int) -> Strip:
        base = self.rich_style
        cols = self.columns
        key_count, value_count = self._counts
        gutter = base + self.get_component_rich_style("metadata-row--gutter")
        value_width = max(width - cols.value_x - cols.value_counter, 0)
        segments = [
            Segment(f"{self.mark} ", gutter),
            Segment(" " * cols.key, base),  # under the key Input
            counter_segment(self, key_count, "metadata-row--key-count", cols.key_counter, 1),
            Segment(" " * value_width, base),  # under the value Input
            counter_segment(self, value_count, "metadata-row--value-count", cols.value_counter),
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _note_lines(self, width: int) -> list[Strip]:
        """The note wrapped under the row, indented past the gutter (cached per text, width)."""
        note = self._applied.note
        if not note:
            return []
        if self._note_cache is not None and self._note_cache[:2] == (note, width):
            return self._note_cache[2]
        base = self.rich_style
        style = base + self.get_component_rich_style("metadata-row--note")
        console = self.app.console
        room = max(width - GUTTER, 1)
        options = console.options.update_width(room)
        lines = console.render_lines(Text(note, style=style), options, style=base)
        strips = [
            Strip([Segment(" " * GUTTER, base), *line]).adjust_cell_length(width, base)
            for line in lines
        ]
        self._note_cache = (note, width, strips)
        return strips

    def notify_style_update(self) -> None:
        self._note_cache = None  # its colours come from the CSS
        super().notify_style_update()

    # -- editing ----------------------------------------------------------------------------

    def _key_changed(self, value: str) -> None:
        # Only typing undeletes: an undo putting a deleted row's text back changes nothing.
        if self.draft.row(self.row_id).key != value:
            self._undelete_on_typing()
            self.draft.set_key(self.row_id, value)
            self._edited()

    def _value_changed(self, value: str) -> None:
        if self.draft.row(self.row_id).value != value:
            self._undelete_on_typing()
            self.draft.set_value(self.row_id, value)
            self._edited()

    def _undelete_on_typing(self) -> None:
        row = self.draft.row(self.row_id)
        if row.deleted and self.is_mounted:
            row.deleted = False

    def _edited(self) -> None:
        # The counters are drawn by the refresh this asks for, once per burst of keys: keys
        # that arrive together would each repaint them, and only the last would be seen.
        if self.on_edit is not None:
            self.on_edit(self)

    def sync_inputs(self) -> None:
        """Put the draft's key and value back into the inputs (after undo or blank)."""
        row = self.draft.row(self.row_id)
        # The draft already holds these values, so the change callbacks find nothing to do.
        self.key_input.value = row.key
        self.value_input.value = row.value
        self.refresh_state()

    def refresh_state(self, problems: list[Problem] | None = None) -> None:
        """Counters, the gutter mark, and the row's problems (given by the screen when known)."""
        counts = self._current_counts()
        if counts != self._counts:
            self._counts = counts
            self.refresh(Region(0, 0, self.size.width, 1))  # the counters' line only
        if problems is None:
            problems = self.draft.problems_for_row(self.row_id)
        state = self._state(problems, counts)
        if state == self._applied:
            return  # most refreshes (a burst of keys in another field) change nothing here
        old, self._applied = self._applied, state
        for name, on in state.classes.items():
            self.set_class(on, name)
        self.key_input.set_class(state.key_bad, "-bad")
        self.value_input.set_class(state.value_bad, "-bad")
        # A new or gone note changes the row's height; a new mark repaints the line.
        self.refresh(layout=state.note != old.note)

    def _state(self, problems: list[Problem], counts: tuple[Count, Count]) -> RowState:
        problems = [p for p in problems if not p.pending]  # a row being filled in
        row = self.draft.row(self.row_id)
        edited = self.draft.row_is_edited(self.row_id)
        if row.deleted:
            note = (
                f"Removed here, but the server keeps {row.origin!r}: a key cannot be deleted. "
                "Ctrl+Z undoes; blank the value to clear it."
            )
        else:
            note = "  ".join(f"⚠ {p.message}" for p in problems)
        return RowState(
            mark="−" if row.deleted else "+" if row.is_new else "~" if edited else " ",
            classes={
                "-deleted": row.deleted,
                "-new": row.is_new,
                "-edited": edited and not row.is_new and not row.deleted,
                "-problem": bool(problems),
                **level_classes("key", counts[0]),
                **level_classes("value", counts[1]),
            },
            key_bad=any(p.field == "key" for p in problems),
            value_bad=any(p.field == "value" for p in problems),
            note=note,
        )


@dataclass(frozen=True)
class RowState:
    """What a row shows for the draft's current state."""

    mark: str
    classes: dict[str, bool]
    key_bad: bool
    value_bad: bool
    note: str
