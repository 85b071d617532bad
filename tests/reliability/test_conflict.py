"""The conflict check: re-fetch before sending, and rebase / overwrite / cancel."""

from __future__ import annotations

from typing import Any

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.conflict import ConflictScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow


async def edited_and_conflicting(app: Any, pilot: Any, emulator: Emulator) -> EditorScreen:
    resource = await app.client.get_resource("thread_abc123")
    editor = EditorScreen(resource, None)
    await app.push_screen(editor)
    await pilot.pause()
    editor.query(MetadataRow).first().value_input.value = "mine"  # modified
    await pilot.pause()
    # Someone else, after our load: changes a key we did not touch and adds one.
    emulator.threads["thread_abc123"]["metadata"].update({"user": "theirs", "new": "x"})
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    shown = app.export_screenshot()
    assert "theirs" in shown and "mine" in shown
    return editor


async def test_cancel_sends_nothing_and_keeps_the_edits(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await edited_and_conflicting(app, pilot, emulator)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert emulator.mutating_requests() == []
        assert editor.draft.request_body() == {"metadata": {"modified": "mine"}}


async def test_rebase_puts_mine_on_theirs_then_sends_only_mine(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await edited_and_conflicting(app, pilot, emulator)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert emulator.mutating_requests() == []
        assert editor.draft.loaded_metadata["user"] == "theirs"
        assert editor.draft.request_body() == {"metadata": {"modified": "mine"}}
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [sent] = emulator.mutating_requests()
        assert sent.json == {"metadata": {"modified": "mine"}}
        assert emulator.threads["thread_abc123"]["metadata"] == {
            "modified": "mine",
            "user": "theirs",
            "new": "x",
        }


async def test_overwrite_sends_my_version_of_every_key_i_hold(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await edited_and_conflicting(app, pilot, emulator)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [sent] = emulator.mutating_requests()
        assert sent.json == {"metadata": {"modified": "mine", "user": "abc123"}}
        assert emulator.threads["thread_abc123"]["metadata"]["user"] == "abc123"


async def test_no_conflict_no_dialog(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        resource = await app.client.get_resource("thread_abc123")
        editor = EditorScreen(resource, None)
        await app.push_screen(editor)
        await pilot.pause()
        editor.query(MetadataRow).first().value_input.value = "mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.method for r in emulator.requests][-2:] == ["GET", "POST"]
