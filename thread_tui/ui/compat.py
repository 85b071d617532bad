"""Where thread_tui relies on Textual (or textual-serve) beyond what their docs promise.

Everything else in the package uses their public API. Each reliance here is in its own
clearly separated section, and tests/ui/test_compat.py checks both its shape (the hook exists,
with the signature used) and its effect in a running app, so an upgrade that changes it fails
a test instead of silently undoing what it is for.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size
from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from thread_tui.core.inert import visible

# -- Textual Input: drawing the value inert, and the cursor following the drawn text -------
#
# An Input draws `highlighter(Text(value))` (public: Input's `highlighter` argument), so a
# highlighter that turns each unprintable character into its one visible cell makes the drawn
# text inert while `value` keeps the exact text. Relied on: that Input draws (and measures its
# content width by) the Text the highlighter returns, not only its styles. Rich's Text drops
# BEL, BS, VT, FF and CR as it is built, so the highlighter draws from the value itself.
#
# Input's cursor and mouse arithmetic (index in the value <-> cell on screen) count the cells
# of the *value*, where a control character takes 0 cells and a tab 4; the drawn text has one
# cell for each. Textual has no public hook for this mapping, so the two private methods it
# goes through are overridden here, and only here.


class VisibleHighlighter(Highlighter):
    """Draws `source()` (an Input's value) with every character a terminal would act on as
    one visible cell (core.inert.visible).

    `visible` keeps the text's length, so the selection and the cursor (drawn by index) stay
    on the characters they belong to.
    """

    def __init__(self, source: Callable[[], str]) -> None:
        self._source = source

    def highlight(self, text: Text) -> None:
        text.plain = visible(self._source())


class DrawnCellsInput(Input):
    """An Input whose cursor and mouse positions follow the text as `VisibleHighlighter`
    draws it: one cell per character, wide characters two."""

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
