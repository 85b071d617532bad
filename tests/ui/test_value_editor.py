"""The value editor (F2): the whole value wrapped over many lines, its live counter and the
over-limit part marked, newlines, Ctrl+S into the row (and so the draft), Esc, JSON laid out
and compacted back, a key kept on one line, the read-only viewer, and server text inert."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.widgets import Static
from ui_helpers import notes, row_counter, rows

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.value_editor import ValueArea, ValueEditorScreen
from thread_tui.ui.widgets.action_line import ActionLine

SIZE = (120, 40)


def status_of(screen: ValueEditorScreen) -> str:
    return screen.status_text


def over_marked(area: ValueArea) -> str:
    """The characters drawn in the over-limit style, over all lines."""
    style = area.get_component_rich_style("value-area--over")
    marked = []
    for index in range(area.document.line_count):
        line: Text = area.get_line(index)
        for span in line.spans:
            if span.style == style:
                marked.append(line.plain[span.start : span.end])
    return "".join(marked)


async def open_on(pilot: Any, editor: Any, row: int, field: str = "value") -> ValueEditorScreen:
    target = rows(editor)[row]
    (target.value_input if field == "value" else target.key_input).focus()
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ValueEditorScreen)
    return screen


async def test_f2_opens_the_whole_value_with_its_counter(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        value = editor.draft.rows[4].value
        assert len(value) == 512
        screen = await open_on(pilot, editor, 4)
        area = screen.query_one(ValueArea)
        assert area.text == value
        assert area.soft_wrap and area.wrapped_document.height > 1  # wrapped, all of it
        assert status_of(screen).startswith("512/512")
        assert over_marked(area) == ""


async def test_typing_updates_the_counter_and_marks_what_is_over(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        screen = await open_on(pilot, editor, 1)  # "summary": 510 characters
        area = screen.query_one(ValueArea)
        area.move_cursor(area.document.end)
        await pilot.press("a")
        assert status_of(screen).startswith("511/512")
        await pilot.press("b", "c", "d")
        await pilot.pause()
        assert status_of(screen).startswith("514/512")
        assert "2 over the limit" in status_of(screen)
        assert screen.query_one(ActionLine).lines[0][1] == "error"
        assert over_marked(area) == "cd"


async def test_a_newline_typed_and_ctrl_s_applies_into_the_row_and_draft(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        screen = await open_on(pilot, editor, 1)  # user: abc123
        area = screen.query_one(ValueArea)
        area.move_cursor(area.document.end)
        await pilot.press("enter", "x", "y")
        assert area.text == "abc123\nxy"
        assert status_of(screen).startswith("9/512")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        row = rows(editor)[1]
        assert row.value_input.value == "abc123\nxy"
        assert editor.draft.row(row.row_id).value == "abc123\nxy"
        assert row_counter(row, "value") == ("9/512", "ok")
        assert editor.draft.request_body() == {"metadata": {"user": "abc123\nxy"}}


async def test_esc_without_an_edit_closes_at_once(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_on(pilot, editor, 0)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert editor.draft.diff().is_empty


async def test_esc_after_an_edit_asks_and_can_go_back_to_it(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        screen = await open_on(pilot, editor, 0)
        await pilot.press("z")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")  # keep editing: nothing lost
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(ValueArea).text == "ztrue"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard, as asked
        await pilot.pause()
        assert app.screen is editor
        assert rows(editor)[0].value_input.value == "true"
        assert editor.draft.diff().is_empty


async def test_json_is_laid_out_for_editing_and_compacted_back(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[1].value_input.value = '{"a": 1, "b": [true, null]}'
        screen = await open_on(pilot, editor, 1)
        assert "holds JSON" in status_of(screen)
        await pilot.press("ctrl+j")
        area = screen.query_one(ValueArea)
        assert area.text == '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}'
        assert status_of(screen) == "JSON · compacted 23/512"
        area.move_cursor((1, 8))  # after `1`
        await pilot.press("0")
        assert status_of(screen) == "JSON · compacted 24/512"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert rows(editor)[1].value_input.value == '{"a":10,"b":[true,null]}'


async def test_json_laid_out_and_applied_unchanged_keeps_the_value_as_written(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        written = '{"a":  1}'
        rows(editor)[1].value_input.value = written
        await open_on(pilot, editor, 1)
        await pilot.press("ctrl+j", "ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        assert rows(editor)[1].value_input.value == written


async def test_invalid_or_too_long_json_is_not_applied(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[1].value_input.value = '{"a": 1}'
        screen = await open_on(pilot, editor, 1)
        await pilot.press("ctrl+j")
        area = screen.query_one(ValueArea)
        area.move_cursor((1, 8))
        await pilot.press("x")  # 1x: the same error on every supported Python
        assert "not valid JSON: line 2" in status_of(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("Nothing applied: not valid JSON" in note for note in notes(app))
        await pilot.press("backspace")
        area.insert(', "b": "' + "x" * 500 + '"')
        await pilot.pause()
        assert "compacted 514/512" in status_of(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("514/512" in note for note in notes(app))
        assert rows(editor)[1].value_input.value == '{"a": 1}'


async def test_a_key_stays_one_line(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        screen = await open_on(pilot, editor, 1, field="key")
        area = screen.query_one(ValueArea)
        assert area.text == "user"
        assert status_of(screen).startswith("4/64")
        area.move_cursor(area.document.end)
        await pilot.press("enter", "_", "2")
        assert area.text == "user_2"
        assert any("one line" in note for note in notes(app))
        area.insert("\nid")  # as a paste would
        await pilot.pause()
        assert area.text == "user_2id"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(editor)[1].key_input.value == "user_2id"
        assert editor.draft.request_body() == {"metadata": {"user_2id": "abc123"}}


async def test_read_only_opens_a_viewer_that_walks_the_pairs(
    make_app: Any, open_editor: Any, demo_settings: Any, emulator: Emulator
) -> None:
    app = make_app(settings=replace(demo_settings, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        await pilot.press("f2")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ValueEditorScreen)
        area = screen.query_one(ValueArea)
        assert area.read_only
        assert area.text == editor.draft.rows[0].value
        await pilot.press("n")
        assert area.text == editor.draft.rows[1].value  # the whole summary, readable
        assert "pair 2 of 5" in str(area.border_title)
        await pilot.press("x", "backspace", "enter")
        assert area.text == editor.draft.rows[1].value
        await pilot.press("c")
        assert app.clipboard == editor.draft.rows[1].value
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert any("Read-only" in note for note in notes(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert editor.draft.diff().is_empty
        assert emulator.mutating_requests() == []


async def test_a_value_with_controls_is_shown_inert_and_not_edited(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        evil = "title\x1b]0;pwned\x07\r\nnext\x9b2J\u202e"
        rows(editor)[1].value_input.value = evil
        screen = await open_on(pilot, editor, 1)
        area = screen.query_one(ValueArea)
        assert area.read_only
        assert area.text == "title␛]0;pwned␇␍\nnext\ufffd2J\ufffd"
        assert all(ch == "\n" or ch.isprintable() for ch in area.text)
        assert status_of(screen).startswith(f"{len(evil)}/512")
        assert "edit it in its row" in screen.query_one(ActionLine).lines[1][0].lower()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert rows(editor)[1].value_input.value == evil


async def test_the_grid_names_f2_in_both_modes(
    make_app: Any, open_editor: Any, demo_settings: Any
) -> None:
    for settings in (demo_settings, replace(demo_settings, read_only=True)):
        app = make_app(settings=settings)
        async with app.run_test(size=SIZE) as pilot:
            editor = await open_editor(app, pilot, "thread_abc123")
            assert "F2" in str(editor.query_one("#grid-hint", Static).render())


async def test_the_footer_buttons_are_clickable(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[1].value_input.value = '{"a": 1}'
        screen = await open_on(pilot, editor, 1)
        footer = screen.query_one(ActionLine)
        last = str(footer.render()).split("\n")[-1]
        # The footer has a left border and one cell of padding, and no top border.
        await pilot.click(ActionLine, offset=(2 + last.index("JSON"), len(footer.lines)))
        await pilot.pause()
        assert screen.json_mode
        assert screen.query_one(ValueArea).text == '{\n  "a": 1\n}'
        last = str(footer.render()).split("\n")[-1]
        await pilot.click(ActionLine, offset=(2 + last.index("Cancel"), len(footer.lines)))
        await pilot.pause()
        assert app.screen is editor


async def test_a_key_with_controls_is_drawn_inert_in_the_title(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ValueEditorScreen([("k\x1b[2J\u202e", "v")]))
        await pilot.pause()
        title = str(app.screen.query_one(ValueArea).border_title)
        assert "\x1b" not in title and "\u202e" not in title
        assert "k␛[2J\ufffd" in title
