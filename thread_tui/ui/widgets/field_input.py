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

import unicodedata
from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input

REPLACEMENT = 0xFFFD  # �


class _VisibleTable(dict[int, int]):
    """The `str.translate` table of `visible`: each code point to the one drawn for it.

    Known up front: C0 controls -> their control pictures (U+2400..), DEL -> U+2421, and C1
    controls, bidi and other format characters (Cf), line and paragraph separators and
    surrogates -> U+FFFD. Any other code point is looked at once, on first sight, and cached:
    itself when `str.isprintable()` (or a space, as U+00A0 or U+3000: spaces move no cursor),
    else U+FFFD (unassigned and private-use code points). Every entry is one code point drawn
    as one cell, so the drawn text has the value's length and the cursor arithmetic holds.
    """

    def __missing__(self, code: int) -> int:
        char = chr(code)
        drawn = code if char.isprintable() or unicodedata.category(char) == "Zs" else REPLACEMENT
        self[code] = drawn
        return drawn


def _known_table() -> _VisibleTable:
    table = _VisibleTable({code: 0x2400 + code for code in range(0x20)})
    table[0x7F] = 0x2421
    table.update(dict.fromkeys(range(0x80, 0xA0), REPLACEMENT))  # C1 controls: 8-bit CSI, …
    table.update(dict.fromkeys(range(0xD800, 0xE000), REPLACEMENT))  # lone surrogates
    for code in (0xAD, 0x61C, 0x180E, 0x2028, 0x2029, 0xFEFF, *range(0x200B, 0x2010)):
        table[code] = REPLACEMENT  # soft hyphen, ALM, zero-width and separators, BOM, LRM/RLM
    table.update(dict.fromkeys(range(0x202A, 0x202F), REPLACEMENT))  # LRE..RLO (U+202E)
    table.update(dict.fromkeys(range(0x2060, 0x2070), REPLACEMENT))  # LRI..PDI (U+2066..)
    return table


_VISIBLE = _known_table()


def visible(text: str) -> str:
    """`text` with every character a terminal would not draw as itself (a control, a bidi
    or other format character, a lone surrogate, an unassigned code point) drawn as one
    visible cell; as long as `text`, so an index into one is an index into the other."""
    return text.translate(_VISIBLE)


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
