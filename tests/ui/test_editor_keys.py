"""The editor by keyboard and by paste: moving between fields, the single-letter keys, real
paste events (kept whole, never cut), characters that cannot be printed, the questions asked
before edits are lost, and the limits of tool resources reached through draft edits."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Button
from ui_helpers import head_counter, row_counter, rows

from thread_tui.emulator import Emulator


async def test_up_down_and_enter_move_between_fields(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first, second = rows(editor)
        assert editor.focused is first.key_input
        await pilot.press("enter")
        assert editor.focused is first.value_input
        await pilot.press("down")
        assert editor.focused is second.value_input  # the same column
        await pilot.press("up", "up")
        assert editor.focused is first.value_input  # the top row stays put
        await pilot.press("enter")
        assert editor.focused is second.key_input
        await pilot.press("enter", "enter")  # the last value: a new row
        await pilot.pause()
        assert len(rows(editor)) == 3
        assert editor.focused is rows(editor)[2].key_input
        await pilot.press("enter", "enter")  # a blank last row asks for no other
        await pilot.pause()
        assert len(rows(editor)) == 3
        assert editor.focused is rows(editor)[2].key_input


async def test_single_letter_keys_act_outside_fields_and_type_inside(
    make_app: Any, open_editor: Any
) -> None:
    from thread_tui.ui.screens.copy_as import CopyAsScreen
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first = rows(editor)[0]
        first.value_input.focus()
        await pilot.press("end", "i", "c")
        assert first.value_input.value == "trueic" and app.screen is editor
        editor.query_one("#submit", Button).focus()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ResponseInspectorScreen)
        await pilot.press("escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, CopyAsScreen)
        assert app.screen.body == {"metadata": {"modified": "trueic"}}


async def test_a_real_paste_is_kept_whole_newlines_and_all(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        row = rows(editor)[1]
        row.value_input.focus()
        await pilot.press("end")
        pasted = "line one\nline two\t" + "z" * 600
        row.value_input.post_message(events.Paste(pasted))
        await pilot.pause()
        assert row.value_input.value == "abc123" + pasted
        assert editor.draft.row(row.row_id).value == "abc123" + pasted
        assert row_counter(row, "value") == (f"{6 + len(pasted)}/512", "error")
        assert "at most 512" in row.note
        assert editor.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor and emulator.mutating_requests() == []


async def test_unprintable_characters_are_drawn_not_sent_to_the_terminal(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    emulator.threads["thread_abc123"]["metadata"]["user"] = "a\x1b[2Jb\nc\ud800"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = rows(editor)[1].value_input
        drawn = field.render_line(0).text
        assert "\x1b" not in drawn and "\n" not in drawn and "\ud800" not in drawn
        assert drawn.startswith("a␛[2Jb␊c�")
        assert field.value == "a\x1b[2Jb\nc\ud800"  # the text itself is untouched
        field.focus()
        await pilot.press("end", "!")
        assert editor.draft.row(1).value == "a\x1b[2Jb\nc\ud800!"
        assert field._cursor_offset == len("a␛[2Jb␊c�!") + 1


async def test_keep_it_leaves_the_row_as_it_was(make_app: Any, open_editor: Any) -> None:
    from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ServerKeepsKeyScreen)
        await pilot.press("k")
        await pilot.pause()
        assert app.screen is editor and editor.draft.is_noop
        assert not rows(editor)[0].has_class("-deleted")


async def test_leaving_and_reloading_ask_first_when_there_are_edits(
    make_app: Any, open_editor: Any
) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        assert not editor.has_unsaved_edits()
        rows(editor)[0].value_input.value = "edited"
        await pilot.pause()
        assert editor.has_unsaved_edits()
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor and rows(editor)[0].value_input.value == "edited"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert editor not in app.screen_stack


async def test_the_palette_offers_every_editor_action(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        thread = await open_editor(app, pilot, "thread_abc123")
        titles = [title for title, _help, _call in thread.palette_commands()]
        for wanted in ("Submit", "Add metadata", "Delete metadata", "Undo", "Pick files"):
            assert any(t.startswith(wanted) for t in titles), wanted
        conversation = await open_editor(app, pilot, "conv_abc123")
        assert not any("files" in t for t, _h, _c in conversation.palette_commands())
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is conversation


async def test_a_21st_file_put_in_the_draft_blocks_submit(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        editor.draft.add_file("file-extra")
        editor.draft.add_store("vs_extra")
        editor.refresh_state()
        await pilot.pause()
        assert head_counter(editor, "#files-head") == ("21/20", "error")
        assert head_counter(editor, "#stores-head") == ("2/1", "error")
        assert editor.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor and emulator.mutating_requests() == []
        editor.query_one("#file-ids").focus()
        await pilot.press("end", "delete")  # the list's last: the one just added
        await pilot.pause()
        assert head_counter(editor, "#files-head")[0] == "20/20"


async def test_keys_typed_right_after_enter_land_in_the_next_field(
    make_app: Any, open_editor: Any
) -> None:
    """Keys queued behind Enter or ↓ (fast typing, a paste of keystrokes) follow the focus."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first, second = rows(editor)
        first.key_input.focus()
        await pilot.press("end")
        burst = ["enter", "!", "down", "?"]
        for key in burst:  # all queued before any is handled
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert first.key_input.value == "modified"
        assert first.value_input.value == "true!"
        assert second.value_input.value == "abc123?"
        for key in ["shift+tab", "#", "tab", "%", "tab", "tab", "&"]:  # Tab walks as Enter does
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert (second.key_input.value, second.value_input.value) == ("user#", "abc123?%")
        # Out of the grid Tab walks on as usual: the files list, then its button.
        assert app.focused is not None and app.focused.id == "pick-files"
        assert not any("&" in row.key_input.value + row.value_input.value for row in rows(editor))
