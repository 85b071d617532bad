"""Undo and redo across the editor (Ctrl+Z, Ctrl+Shift+Z / Ctrl+G), "revert row", and new
rows that are not errors: driven with Pilot against the emulator."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button
from ui_helpers import head_counter, reason, rows, settle, summary

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow

SIZE = (120, 40)


def values(editor: EditorScreen) -> list[tuple[str, str]]:
    """(key, value) of every row as the grid shows it, checked against the draft."""
    shown = [(r.key_input.value, r.value_input.value) for r in rows(editor)]
    assert shown == [(r.key, r.value) for r in editor.draft.rows]
    return shown


async def test_ctrl_z_undoes_a_burst_of_typing_and_redo_brings_it_back(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first = rows(editor)[0]
        first.value_input.focus()
        await pilot.press("end", *"-ish")
        await pilot.press("tab", *"yz")  # another field: another step
        await pilot.pause()
        assert values(editor) == [("modified", "true-ish"), ("useryz", "abc123")]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor) == [("modified", "true-ish"), ("user", "abc123")]
        assert editor.focused is rows(editor)[1].key_input  # the row that changed
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor) == [("modified", "true"), ("user", "abc123")]
        assert editor.focused is rows(editor)[0].value_input
        assert editor.draft.is_noop
        await pilot.press("ctrl+shift+z")
        await pilot.pause()
        assert values(editor) == [("modified", "true-ish"), ("user", "abc123")]
        await pilot.press("ctrl+g")  # the redo key every terminal can send
        await pilot.pause()
        assert values(editor) == [("modified", "true-ish"), ("useryz", "abc123")]
        assert "+1 key, ~1 value" in summary(editor)


async def test_a_new_row_keeps_its_row_on_undo_and_gets_its_text_back_on_redo(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n", *"tmp", "enter", *"val")
        await pilot.pause()
        assert values(editor)[-1] == ("tmp", "val")
        await pilot.press("ctrl+z")  # the value
        await pilot.press("ctrl+z")  # the key
        await pilot.pause()
        assert values(editor)[-1] == ("", "")  # the row is kept, blank
        await pilot.press("ctrl+z")  # the row
        await pilot.pause()
        assert len(rows(editor)) == 2
        for _ in range(3):
            await pilot.press("ctrl+shift+z")
        await pilot.pause()
        assert values(editor)[-1] == ("tmp", "val")
        assert editor.draft.request_body() == {"metadata": {"tmp": "val"}}


async def test_undo_brings_back_a_deleted_row(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n", *"tmp", "tab", *"v")
        await pilot.pause()
        await pilot.press("ctrl+d")  # a new row: just removed
        await pilot.pause()
        assert len(rows(editor)) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor)[-1] == ("tmp", "v")
        assert editor.focused is rows(editor)[-1].key_input
        # A saved row marked removed comes back too.
        rows(editor)[0].key_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("r")  # remove anyway
        await pilot.pause()
        assert rows(editor)[0].has_class("-deleted")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not rows(editor)[0].has_class("-deleted")
        await pilot.press("ctrl+shift+z")
        await pilot.pause()
        assert rows(editor)[0].has_class("-deleted")
        assert editor.draft.row(rows(editor)[0].row_id).deleted


async def test_undo_of_a_blanked_row_puts_its_value_back(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[1].key_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("b")  # blank the value instead
        await pilot.pause()
        assert values(editor)[1] == ("user", "")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor)[1] == ("user", "abc123")


async def test_undo_brings_back_a_removed_file(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        files = list(editor.draft.file_ids)
        editor.query_one("#file-ids").focus()
        await pilot.press("x")
        await pilot.pause()
        assert head_counter(editor, "#files-head")[0] == "19/20"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.draft.file_ids == files
        assert head_counter(editor, "#files-head")[0] == "20/20"
        assert editor.draft.is_noop
        await pilot.press("ctrl+shift+z")
        await pilot.pause()
        assert head_counter(editor, "#files-head")[0] == "19/20"
        assert editor.draft.file_ids == files[1:]


async def test_revert_row_restores_it_as_loaded_and_is_undoable(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first = rows(editor)[0]
        first.value_input.focus()
        await pilot.press("end", *"-x")
        await pilot.press("shift+tab", "end", *"-k")
        await pilot.pause()
        assert values(editor)[0] == ("modified-k", "true-x")
        await editor.action_revert_row()  # the palette's "Revert row"
        await pilot.pause()
        assert values(editor)[0] == ("modified", "true")
        assert editor.draft.is_noop
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor)[0] == ("modified-k", "true-x")
        # On a new row it asks nothing: the row goes, and undo brings it back with its text.
        await pilot.press("ctrl+n", *"new")
        await pilot.pause()
        await editor.action_revert_row()
        await pilot.pause()
        assert app.screen is editor and len(rows(editor)) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert values(editor)[-1] == ("new", "")


async def test_revert_row_is_a_palette_command(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        titles = [title for title, _help, _run in editor.palette_commands()]
        assert {"Undo", "Redo", "Revert row"} <= set(titles)


async def test_a_new_row_is_not_marked_until_it_is_left_empty(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n")
        await pilot.pause()
        new = rows(editor)[-1]
        assert not new.note and not new.has_class("-problem")
        await pilot.press("tab", *"v")  # a value, no key yet: still being filled in
        await pilot.pause()
        assert not new.note and not new.key_input.has_class("-bad")
        await pilot.press("shift+tab", "shift+tab")  # left with the key empty
        await pilot.pause()
        assert "A key cannot be empty." in new.note
        assert new.key_input.has_class("-bad")


async def test_a_blank_trailing_row_neither_blocks_submit_nor_is_sent(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].value_input.focus()
        await pilot.press("end", *"!")
        await pilot.press("ctrl+n")  # a blank row, left there
        await pilot.press("shift+tab")
        await pilot.pause()
        assert len(rows(editor)) == 3
        assert not editor.query_one("#submit", Button).disabled
        assert "Ready" in reason(editor) or "Fix first" not in reason(editor)
        assert head_counter(editor, "#grid-head")[0] == "2/16 pairs"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        [sent] = emulator.mutating_requests()
        assert sent.json == {"metadata": {"modified": "true!"}}


async def test_a_new_thread_is_created_with_no_metadata_without_deleting_a_row(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.draft.is_new
        assert len(editor.query(MetadataRow)) == 1  # the blank pair it opens on
        assert not editor.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert [(r.path, r.json) for r in emulator.mutating_requests()] == [("/v1/threads", {})]


async def test_reload_starts_a_new_history(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].value_input.focus()
        await pilot.press("end", *"!")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("y")  # discard the edits
        await settle(app, pilot)
        assert editor.draft.row(0).value == "true"
        await pilot.press("ctrl+z")  # nothing to undo into: the old draft is gone
        await pilot.pause()
        assert values(editor) == [("modified", "true"), ("user", "abc123")]


async def test_undo_reverses_a_pickers_result(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from textual.widgets import Input

    from thread_tui.ui.screens.pickers import FilePickerScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_empty")
        await pilot.press("ctrl+f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickerScreen)
        wanted = next(f for f in emulator.files if emulator.files[f]["purpose"] == "assistants")
        picker.query_one("#picker-filter", Input).value = wanted
        await pilot.pause()
        await pilot.press("down", "space", "ctrl+s")
        await pilot.pause()
        assert app.screen is editor and editor.draft.file_ids == [wanted]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.draft.file_ids == [] and editor.draft.is_noop
        assert head_counter(editor, "#files-head")[0] == "0/20"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert editor.draft.file_ids == [wanted]
        assert head_counter(editor, "#files-head")[0] == "1/20"
