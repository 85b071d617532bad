"""A metadata field draws every character a terminal would not show as itself (C1 controls
such as the 8-bit CSI, bidi overrides and other format characters, lone surrogates, unassigned
code points) as one visible cell, keeps the text as it is, and keeps the cursor on it."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from rich.cells import cell_len

from thread_tui.emulator import Emulator
from thread_tui.core.inert import visible
from thread_tui.ui.widgets.metadata_row import MetadataRow

EVIL = "a\x9b2Jb\u202eRTL\x1b[31m"

# C1 controls, bidi marks, embeddings, overrides and isolates, zero-width characters, the BOM,
# line and paragraph separators, soft hyphen, a tag character, a lone surrogate, an
# unassigned code point and a private-use one.
HIDDEN = [
    *range(0x80, 0xA0),
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x200B,
    0x200D,
    0x2060,
    0xFEFF,
    0x2028,
    0x2029,
    0xAD,
    0x61C,
    0xE0001,
    0xD800,
    0xDFFF,
    0x0378,
    0xE000,
    0x10FFFD,
]


@pytest.mark.parametrize("code", HIDDEN, ids=[f"U+{c:04X}" for c in HIDDEN])
def test_each_hidden_character_is_drawn_as_one_visible_cell(code: int) -> None:
    drawn = visible(chr(code))
    assert drawn == "\ufffd"
    assert cell_len(drawn) == 1


def test_printable_text_and_spaces_are_drawn_as_they_are() -> None:
    text = "plain é 日本 🙂 a\u0301 \u00a0\u3000 ±"
    assert visible(text) == text


def test_c0_controls_and_del_are_control_pictures() -> None:
    assert visible("\x00\x1b\n\t\x7f") == "␀␛␊␉␡"


def test_every_code_point_is_drawn_as_one_printable_character() -> None:
    # a sample of every plane's interesting ranges (all of them would fill the cache with
    # every code point: a test of memory, not of drawing)
    codes = [
        *range(0x3100),
        *range(0xD7F0, 0xE100),
        *range(0xFDD0, 0x10000),
        *range(0x1F000, 0x1F100),
        *range(0xE0000, 0xE0100),
        0x10FFFF,
    ]
    text = "".join(map(chr, codes))
    drawn = visible(text)
    assert len(drawn) == len(text)
    for char in drawn:
        assert char.isprintable() or unicodedata.category(char) == "Zs", f"U+{ord(char):04X}"


async def test_c1_and_bidi_characters_are_drawn_not_sent_to_the_terminal(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    emulator.threads["thread_abc123"]["metadata"]["user"] = EVIL
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = list(editor.query(MetadataRow))[1].value_input
        drawn = field.render_line(0).text
        assert "\x9b" not in drawn and "\u202e" not in drawn and "\x1b" not in drawn
        assert drawn.startswith("a�2Jb�RTL␛[31m")
        assert field.value == EVIL  # the text itself is untouched
        field.focus()
        await pilot.press("end", "!")
        assert editor.draft.row(1).value == EVIL + "!"
        assert field._cursor_offset == len("a�2Jb�RTL␛[31m!") + 1
        # one cell per character: a cell is the index of its character, both ways
        for index in range(len(field.value) + 1):
            assert field._position_to_cell(index) == index
            assert field._cell_offset_to_index(index) == index
        await pilot.press("home", "right", "right", "right", "right", "right", "right", "X")
        assert field.value == "a\x9b2Jb\u202eX" + EVIL[6:] + "!"
