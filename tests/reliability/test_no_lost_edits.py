"""No lost edits: the draft is autosaved, offered back on reopening, cleared after a submit."""

from __future__ import annotations

import asyncio
from typing import Any

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.dialogs import ChoiceScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.editor_header import EditorHeader
from thread_tui.ui.widgets.metadata_row import MetadataRow


async def edit_and_wait(editor: EditorScreen, pilot: Any) -> None:
    await pilot.press("ctrl+n")
    row = editor.query(MetadataRow).last()
    row.key_input.value = "owner"
    row.value_input.value = "ana"
    editor.query(MetadataRow).first().value_input.value = "false"
    await asyncio.sleep(0.5)  # past the autosave delay
    await pilot.pause()


async def test_edits_are_autosaved_and_cleared_when_undone(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await edit_and_wait(editor, pilot)
        saved = app.store.drafts.load("thread_abc123")
        assert saved is not None
        assert saved[0].request_body() == {"metadata": {"modified": "false", "owner": "ana"}}
        for row in list(editor.query(MetadataRow)):
            row.key_input.focus()
            await pilot.press("ctrl+z")
        await asyncio.sleep(0.5)
        await pilot.pause()
        assert app.store.drafts.load("thread_abc123") is None


async def test_after_a_kill_the_edits_are_offered_back(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(first, pilot, "thread_abc123")
        await edit_and_wait(editor, pilot)
    # The process ended without a submit (as after a crash or a kill). Meanwhile someone
    # else changed another key on the server.
    emulator.threads["thread_abc123"]["metadata"]["user"] = "someone-else"
    second = make_app()
    async with second.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(second, pilot, "thread_abc123")
        await pilot.pause()
        assert isinstance(second.screen, ChoiceScreen)
        await pilot.press("enter")  # restore
        await pilot.pause()
        assert second.screen is editor
        assert editor.draft.request_body() == {"metadata": {"modified": "false", "owner": "ana"}}
        assert editor.draft.intended_metadata()["user"] == "someone-else"
        assert "Restored" in editor.query_one(EditorHeader).status_text
        assert emulator.mutating_requests() == []
        # The rows were rebuilt under the focused field: the focus moved to the same field
        # of the new first row, so typing goes on in a field (not into a shortcut).
        first_row = editor.query(MetadataRow).first()
        assert second.focused is first_row.key_input
        await pilot.press("x")
        await pilot.pause()
        assert first_row.key_input.value.endswith("x")


async def test_a_failed_submit_keeps_the_autosave_a_good_one_clears_it(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await edit_and_wait(editor, pilot)
        emulator.faults.inject(503, times=3, match="POST")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.store.drafts.load("thread_abc123") is not None
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(emulator.mutating_requests()) == 4  # 3 failed tries, then the good one
        assert app.store.drafts.load("thread_abc123") is None


async def test_discarding_on_the_way_out_removes_the_autosave(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await edit_and_wait(editor, pilot)
        app.set_focus(None)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard edits
        await pilot.pause()
        assert app.store.drafts.load("thread_abc123") is None


async def test_a_damaged_autosave_is_ignored(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    path = app.store.drafts.directory / "thread_abc123.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"version": 1, "resource_id": "thread_abc123", "rows": 5}')
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.pause()
        assert app.screen is editor  # no prompt, no crash
