"""A metadata field draws every character a terminal would not show as itself (C1 controls
such as the 8-bit CSI, bidi overrides and other format characters, lone surrogates, unassigned
code points) as one visible cell, keeps the text as it is, and keeps the cursor on it."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from rich.cells import cell_len
from textual import events

from thread_tui.core.inert import visible
from thread_tui.emulator import Emulator
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
        # the terminal's cursor sits after the drawn text: one cell per character
        assert _cursor_cell(field) == len("a�2Jb�RTL␛[31m!")
        await pilot.press("home", "right", "right", "right", "right", "right", "right", "X")
        assert field.value == "a\x9b2Jb\u202eX" + EVIL[6:] + "!"
        assert _cursor_cell(field) == 7


def _cursor_cell(field: Any) -> int:
    """The cursor's cell in the field's text, as the terminal is told (cursor_screen_offset).

    At the end of the text Textual puts it one cell further (a plain Input does the same)."""
    cell = field.cursor_screen_offset.x - field.content_region.x + field.scroll_offset.x
    return int(cell - 1 if field.cursor_at_end else cell)


async def test_a_click_lands_on_the_character_drawn_under_it(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    # Each control takes no cell in the value's own measure (a tab four): a click on the
    # drawn text must still land on the character drawn in that cell.
    value = "\x1b\x9b\t\u202e\x00ab\r"
    emulator.threads["thread_abc123"]["metadata"]["user"] = value
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = list(editor.query(MetadataRow))[1].value_input
        for index in (5, 0, 3, 6, 1, len(value)):
            await pilot.click(field, offset=(index, 0))
            assert field.cursor_position == index, index
            assert _cursor_cell(field) == index
        await pilot.click(field, offset=(4, 0))
        await pilot.press("Q")
        assert field.value == value[:4] + "Q" + value[4:]


async def test_the_controls_rich_would_strip_are_drawn_too(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    # Rich's Text drops BEL, BS, VT, FF and CR as it is built: drawn from that, the field
    # would hide them and every cursor position after them would be off.
    value = "a\x07\x08\x0b\x0c\rb"
    emulator.threads["thread_abc123"]["metadata"]["user"] = value
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = list(editor.query(MetadataRow))[1].value_input
        assert field.render_line(0).text.startswith("a␇␈␋␌␍b")
        field.focus()
        await pilot.press("end", "left", "Z")
        assert field.value == "a\x07\x08\x0b\x0c\rZb"
        assert field.render_line(0).text.startswith("a␇␈␋␌␍Zb")
        assert _cursor_cell(field) == 7


async def test_a_long_value_scrolls_to_the_cursor_by_its_drawn_cells(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    # 300 controls: measured in the value's own cells they take none, so a field that
    # followed that measure would not scroll at all and the cursor would be off screen.
    value = "\x1b" * 300 + "END"
    emulator.threads["thread_abc123"]["metadata"]["user"] = value
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = list(editor.query(MetadataRow))[1].value_input
        field.focus()
        await pilot.press("home", "end")  # (a field opens with the cursor at its end)
        await pilot.pause()
        drawn = field.render_line(0).text.rstrip()
        assert drawn.endswith("␛END")
        cursor_x = field.cursor_screen_offset.x - field.content_region.x
        assert 0 <= cursor_x <= field.content_region.width  # (one past the end, as Textual does)


async def test_a_paste_goes_in_whole_where_the_cursor_is(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = list(editor.query(MetadataRow))[1].value_input
        field.focus()
        await pilot.press("home", "right")
        field.post_message(events.Paste("one\ntwo\r\nthree"))
        await pilot.pause()
        assert field.value == "aone\ntwo\r\nthreebc123"
        assert field.cursor_position == 1 + len("one\ntwo\r\nthree")
        await pilot.press("shift+end")  # a selection is replaced by the paste
        field.post_message(events.Paste("\x1b]0;title\x07"))
        await pilot.pause()
        assert field.value == "aone\ntwo\r\nthree\x1b]0;title\x07"
        assert editor.draft.row(1).value == field.value
