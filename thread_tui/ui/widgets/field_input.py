"""The Input of a metadata key or value: cheap per keystroke, never cuts, shows every character.

A metadata value is any string the server holds, so it may contain newlines, tabs, escape
sequences or lone surrogates. Written to the terminal as they are, these would move the cursor,
recolour or clear the screen, or fail to encode. The field keeps the exact text and only *draws*
each such character as one visible cell (a Unicode control picture such as ␊, or � for C1
controls, bidi overrides and other format characters), with the cursor arithmetic following the
drawn text (both through thread_tui.ui.compat, the one module relying on Textual beyond its
public API). A paste is inserted whole, newlines included (a plain Input keeps only the first
line of a multi-line paste).

A field without the focus shows the start of its text, with … in its last cell where the text
is cut: leaving a field scrolls it home (the cursor stays where it was, and is scrolled back
into view when the field gets the focus again).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input

from thread_tui.core.inert import visible
from thread_tui.ui.compat import DrawnCellsInput, VisibleHighlighter


class FieldInput(DrawnCellsInput):
    """An Input that reports each new value by a direct call instead of a bubbling message.

    Typing runs this on every keystroke; skipping the message and its trip up the DOM is
    most of what keeps a metadata field as cheap to type into as a bare Input.
    """

    def __init__(self, value: str, on_change: Callable[[str], None], **kwargs: object) -> None:
        self._on_change: Callable[[str], None] | None = None  # Input's init sets the value
        # No validators, so no validation: it would only set the -valid class, and each class
        # set on a new widget runs the whole stylesheet over it (~3 ms) before it is even
        # mounted. For the same reason the field is made compact by editor.tcss, not by the
        # `compact` flag (a class too).
        super().__init__(
            value,
            highlighter=VisibleHighlighter(lambda: self.value),
            validate_on=(),
            **kwargs,  # type: ignore[arg-type]
        )
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        if self._on_change is not None:
            self._on_change(value)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Input.Changed):
            return True  # already reported through watch_value
        return super().post_message(message)

    def on_paste(self, event: events.Paste) -> None:
        """The whole paste, newlines included, in place of the selection."""
        if event.text:
            self.replace(event.text, *self.selection)
        event.stop()
        # Handlers of base classes run after this one: Input's would insert the first line again
        event.prevent_default()

    # -- a field without the focus shows the start of its text ---------------------------------

    def on_blur(self, event: events.Blur) -> None:
        self.scroll_to(x=0, animate=False, immediate=True)

    def on_focus(self, event: events.Focus) -> None:
        # The cursor's cell in the text, from its place on the screen (both public).
        cell = self.cursor_screen_offset.x - self.content_region.x + self.scroll_offset.x
        self.scroll_to_region(Region(cell, 0, 1, 1), animate=False, force=True, immediate=True)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if y or self.has_focus or not self.value:
            return strip
        width = self.scrollable_content_region.width
        if width < 2 or cell_len(visible(self.value)) <= width:
            return strip
        last = strip.crop(width - 1, width)
        style = next((segment.style for segment in last), None)
        cut = [*strip.crop(0, width - 1), Segment("…", style)]
        return Strip(cut).adjust_cell_length(strip.cell_length, style)
