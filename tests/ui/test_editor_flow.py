"""The editor: live counters, every limit (and that Submit then sends nothing), the server's
merge rule, tool resources, and the whole submit flow."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, Input, Static
from ui_helpers import head_counter, reason, row_counter, rows, status, summary

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.editor import EditorScreen


def submit_disabled(editor: EditorScreen) -> bool:
    return editor.query_one("#submit", Button).disabled


async def try_submit(app: Any, pilot: Any, emulator: Emulator) -> None:
    """Press Ctrl+S (and y, should a dialog appear) and check that nothing was sent."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert emulator.mutating_requests() == []


async def test_typing_the_65th_key_character(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n")
        row = rows(editor)[-1]
        row.key_input.value = "k" * 63
        await pilot.press("k")  # the 64th: still fine
        assert row_counter(row, "key") == ("64/64", "warning")
        assert not submit_disabled(editor)
        await pilot.press("k")  # the 65th
        await pilot.pause()
        assert row_counter(row, "key") == ("65/64", "error")
        assert submit_disabled(editor)
        assert "65 characters; at most 64" in reason(editor)
        assert "65 characters; at most 64" in row.note
        await try_submit(app, pilot, emulator)


async def test_typing_the_513th_value_character(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        row = rows(editor)[0]
        row.value_input.focus()
        row.value_input.value = "v" * 511
        await pilot.press("end", "v")
        assert row_counter(row, "value")[0] == "512/512"
        await pilot.press("v")
        await pilot.pause()
        assert row_counter(row, "value") == ("513/512", "error")
        assert submit_disabled(editor)
        await try_submit(app, pilot, emulator)


async def test_a_pasted_long_value_is_kept_whole_and_marked(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        row = rows(editor)[1]
        pasted = "é" * 600
        row.value_input.focus()
        row.value_input.value = pasted
        await pilot.pause()
        assert row.value_input.value == pasted  # never cut
        assert editor.draft.row(row.row_id).value == pasted
        assert "600 characters; at most 512" in row.note
        await try_submit(app, pilot, emulator)


async def test_adding_a_17th_pair(make_app: Any, open_editor: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_full16")
        assert head_counter(editor, "#grid-head") == ("16/16 pairs", "warning")
        await pilot.press("ctrl+n", *"extra", "tab", "x")
        await pilot.pause()
        assert head_counter(editor, "#grid-head") == ("17/16 pairs", "error")
        assert "17 metadata pairs" in reason(editor)
        await try_submit(app, pilot, emulator)


async def test_duplicate_and_empty_keys_are_marked(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n", *"user", "tab", "x")
        await pilot.press("ctrl+n", "tab", "y")
        await pilot.pause()
        dup, empty = rows(editor)[-2:]
        assert "appears 2 times" in dup.note
        assert dup.key_input.has_class("-bad")
        assert not empty.note  # still being filled in
        await pilot.press("shift+tab", "shift+tab")  # left with its key empty
        await pilot.pause()
        assert "cannot be empty" in empty.note
        await try_submit(app, pilot, emulator)


async def test_deleting_a_server_row_offers_to_blank(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[1].value_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ServerKeepsKeyScreen)
        assert "cannot be deleted" in str(app.screen.query_one(".dialog-message", Static).render())
        await pilot.press("enter")  # the default: blank the value instead
        await pilot.pause()
        assert app.screen is editor
        assert editor.draft.request_body() == {"metadata": {"user": ""}}
        row = rows(editor)[1]
        assert row.value_input.value == ""
        assert row_counter(row, "value")[0] == "0/512"
        assert head_counter(editor, "#grid-head")[0] == "2/16 pairs"
        assert not submit_disabled(editor)


async def test_removing_anyway_is_explained_and_sends_nothing(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].key_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("r")  # mark it removed anyway
        await pilot.pause()
        row = rows(editor)[0]
        assert row.has_class("-deleted")
        assert "the server keeps 'modified'" in row.note
        assert "server keeps removed keys" in reason(editor)
        await try_submit(app, pilot, emulator)
        # No dialog came, so try_submit's "y" was typed into the key: typing undeletes.
        assert row.key_input.value == "modifiedy" and not row.has_class("-deleted")
        await pilot.press("ctrl+z")  # undoes the typing: removed again
        await pilot.pause()
        assert row.key_input.value == "modified" and row.has_class("-deleted")
        await pilot.press("ctrl+z")  # undoes the removal
        await pilot.pause()
        assert not row.has_class("-deleted")
        assert editor.draft.is_noop


async def test_a_new_row_is_just_removed(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+n", *"tmp")
        assert len(rows(editor)) == 3
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert len(rows(editor)) == 2 and editor.draft.is_noop


async def test_conversation_has_no_tool_resources(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        assert not editor.query("#tools")
        await pilot.press("ctrl+f")
        assert editor is app.screen


async def test_removing_a_file_updates_the_counter(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        assert head_counter(editor, "#files-head")[0] == "20/20"
        editor.query_one("#file-ids").focus()
        await pilot.press("x")
        await pilot.pause()
        assert head_counter(editor, "#files-head")[0] == "19/20"
        assert "-1 file" in summary(editor)


async def test_a_21st_file_is_refused_and_a_2nd_store_replaces_the_first(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.pickers import FilePickerScreen, VectorStorePickerScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        await pilot.press("ctrl+f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickerScreen)
        unchosen = next(
            f
            for f in emulator.files
            if f not in editor.draft.file_ids and emulator.files[f]["purpose"] == "assistants"
        )
        picker.query_one("#picker-filter", Input).value = unchosen
        await pilot.pause()
        await pilot.press("down", "space")
        await pilot.pause()
        assert len(picker.selection.ids) == 20
        assert "At most 20" in str(picker.query_one("#picker-refusal", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(editor.draft.file_ids) == 20
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stores = app.screen
        assert isinstance(stores, VectorStorePickerScreen)
        other = next(s for s in emulator.vector_stores if s not in editor.draft.store_ids)
        stores.query_one("#picker-filter", Input).value = other
        await pilot.pause()
        await pilot.press("down", "space")
        await pilot.pause()
        assert stores.selection.ids == [other]
        assert "Replaces" in str(stores.query_one("#picker-refusal", Static).render())
        await pilot.press("escape")  # cancelled: the draft keeps its store
        await pilot.pause()
        assert editor.draft.is_noop
        await try_submit(app, pilot, emulator)


async def test_submit_flow_sends_exactly_the_body(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.confirm import ConfirmScreen
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].value_input.value = "false"
        await pilot.press("ctrl+n", *"env", "tab", *"prod")
        await pilot.pause()
        assert "+1 key, ~1 value" in summary(editor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert emulator.mutating_requests() == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [sent] = emulator.mutating_requests()
        assert sent.json == {"metadata": {"modified": "false", "env": "prod"}}
        assert isinstance(app.screen, ResponseInspectorScreen)
        assert "match" in str(app.screen.query_one("#inspector-verdict").render())
        await pilot.press("escape")
        await pilot.pause()
        assert editor.draft.is_noop  # the response is the new loaded state
        assert editor.draft.loaded_metadata["env"] == "prod"


async def test_a_failed_submit_keeps_every_edit(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].value_input.value = "kept"
        await pilot.pause()
        emulator.faults.inject(500, times=10, match="POST")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = status(editor)
        assert "Not saved" in shown and "HTTP 500" in shown and "request id" in shown
        assert rows(editor)[0].value_input.value == "kept"
        assert editor.draft.request_body() == {"metadata": {"modified": "kept"}}


async def test_read_only_mode_disables_editing(
    make_app: Any, open_editor: Any, emulator: Emulator, demo_settings: Any
) -> None:
    from dataclasses import replace

    app = make_app(settings=replace(demo_settings, read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        assert rows(editor)[0].value_input.disabled
        assert "Read-only" in reason(editor)
        await pilot.press("ctrl+n")
        assert len(rows(editor)) == 2
        await try_submit(app, pilot, emulator)


async def test_copy_as_and_inspect_from_the_editor(make_app: Any, open_editor: Any) -> None:
    from thread_tui.ui.screens.copy_as import CopyAsScreen
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        rows(editor)[0].value_input.value = "false"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert isinstance(app.screen, CopyAsScreen)
        await pilot.press("c")
        assert "$OPENAI_API_KEY" in app.clipboard and '"modified": "false"' in app.clipboard
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ResponseInspectorScreen)
