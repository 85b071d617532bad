"""Text from elsewhere made inert for a terminal: every character it would act on drawn instead.

A server (or a saved file) can send any string: ESC starting an OSC title change or a CSI
clear-screen, an 8-bit C1 CSI, a bidi override that reorders what follows, a lone surrogate
that fails to encode. Printed as they are, these would act on the user's terminal. Here each
is replaced by one visible cell (a Unicode control picture such as ␛, or � for the rest), so
the shown text keeps the original's length and an index into one is an index into the other.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = 0xFFFD  # �


class _VisibleTable(dict[int, int]):
    """The `str.translate` table of `visible`: each code point to the one drawn for it.

    Known up front: C0 controls -> their control pictures (U+2400..), DEL -> U+2421, and C1
    controls, bidi and other format characters (Cf), line and paragraph separators -> U+FFFD.
    Any other code point is looked at once, on first sight, and cached: itself when
    `str.isprintable()` (or a space, as U+00A0 or U+3000: spaces move no cursor), else U+FFFD
    (lone surrogates, unassigned and private-use code points). Surrogates are not listed up
    front: their 2,048 entries held ≈140 KiB in every process that shows text. Every entry is
    one code point drawn as one cell, so the drawn text has the value's length and the cursor
    arithmetic holds.
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


def inert(text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe to print or show: like `visible`, but with `keep_newlines` a newline
    stays a newline (for multi-line messages and JSON bodies drawn as several lines)."""
    if not keep_newlines:
        return visible(text)
    return "\n".join(visible(line) for line in text.split("\n"))


def inert_json(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with every character a terminal
    would act on written as a `\\uXXXX` escape: still valid JSON of the same data, and inert.

    json.dumps escapes C0 controls itself but leaves C1 controls (an 8-bit CSI), bidi
    overrides and lone surrogates raw. Such characters can only stand inside JSON strings,
    where an escape means the same character; newlines (JSON's own layout) are kept.
    """
    return _SUSPECT.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if visible(char) == char:
        return char
    code = ord(char)
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, the only way JSON escapes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# Every character but printable ASCII and the newline: each is then checked by `visible`.
_SUSPECT = re.compile(r"[^\x20-\x7e\n]")
