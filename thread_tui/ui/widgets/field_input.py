"""The Input of a metadata key or value: cheap per keystroke, never cuts, shows every character.

A metadata value is any string the server holds, so it may contain newlines, tabs, escape
sequences or lone surrogates. Written to the terminal as they are, these would move the cursor,
recolour or clear the screen, or fail to encode. The field keeps the exact text and only *draws*
each such character as one visible cell (a Unicode control picture such as ␊, or � for C1
controls, bidi overrides and other format characters), with the cursor arithmetic following the
drawn text. A paste is inserted whole, newlines included
(a plain Input keeps only the first line of a multi-line paste).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input

from thread_tui.core.inert import visible


class FieldInput(Input):
    """An Input that reports each new value by a direct call instead of a bubbling message.

    Typing runs this on every keystroke; skipping the message and its trip up the DOM is
    most of what keeps a metadata field as cheap to type into as a bare Input.
    """

    def __init__(self, value: str, on_change: Callable[[str], None], **kwargs: object) -> None:
        self._on_change: Callable[[str], None] | None = None  # Input's init sets the value
        super().__init__(value, **kwargs)  # type: ignore[arg-type]
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self._on_change is not None:
            self._on_change(value)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Input.Changed):
            return True  # already reported through watch_value
        return super().post_message(message)

    # -- never cut a paste ------------------------------------------------------------------

    def _on_paste(self, event: events.Paste) -> None:
        if event.text:
            start, end = self.selection
            self.replace(event.text, start, end)
        event.stop()
        event.prevent_default()  # Input's own handler would insert the first line again

    # -- draw what cannot be printed (Input's own drawing and cursor use these three) -------

    @property
    def _value(self) -> Text:
        return Text(visible(self.value), no_wrap=True, overflow="ignore", end="")

    def _position_to_cell(self, position: int) -> int:
        return cell_len(visible(self.value[:position]))

    def _cell_offset_to_index(self, offset: int) -> int:
        cell_offset = 0
        offset += self.scroll_offset.x
        for index, char in enumerate(visible(self.value)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))
