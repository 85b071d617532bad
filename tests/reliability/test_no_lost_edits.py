"""No lost edits: the draft is autosaved, offered back on reopening, cleared after a submit."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button
from ui_helpers import notes

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


def draft_files(app: Any) -> dict[str, str]:
    """The draft files on disk (name → content), set-aside ones and locks excluded."""
    return {p.name: p.read_text() for p in app.store.drafts.directory.glob("*.json")}


def saved_draft_state(app: Any, rows: list[dict[str, Any]]) -> Path:
    """A draft file of thread_abc123 as a hand (or an earlier run) made it."""
    path = app.store.drafts.directory / "thread_abc123.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    loaded = {"metadata": {"modified": "true", "user": "abc123"}, "file_ids": [], "store_ids": []}
    state = {
        "version": 1,
        "resource_id": "thread_abc123",
        "saved_at": 1.0,
        "loaded": loaded,
        "rows": rows,
        "file_ids": [],
        "store_ids": [],
    }
    path.write_text(json.dumps(state))
    return path


async def choose(app: Any, pilot: Any, answer: str) -> None:
    assert isinstance(app.screen, ChoiceScreen)
    app.screen.query_one(f"#choice-{answer}", Button).press()
    await pilot.pause()


@pytest.mark.parametrize(
    "content,why",
    [
        ('{"version": 1, "resource_id": "thread_abc123", "rows": 5}', "not a usable draft"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
        ('{"version": 1, "resource', "not valid JSON"),
    ],
    ids=["wrong-shape", "nested-100000", "cut-short"],
)
async def test_a_damaged_autosave_is_set_aside_with_a_warning(
    make_app: Any, open_editor: Any, content: str, why: str
) -> None:
    app = make_app()
    path = app.store.drafts.directory / "thread_abc123.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.pause()
        assert app.screen is editor  # no prompt, no crash
        warnings = [n for n in notes(app) if "thread_abc123.json" in n]
        assert len(warnings) == 1 and why in warnings[0]
    assert not path.exists()
    (aside,) = path.parent.glob("thread_abc123.json.corrupt-*")
    assert aside.read_text() == content  # kept, for whoever wants to look


async def test_esc_on_restore_keeps_the_saved_draft_and_the_new_edits(
    make_app: Any, open_editor: Any
) -> None:
    first = make_app()
    async with first.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(first, pilot, "thread_abc123")
        await edit_and_wait(editor, pilot)
    (saved_name, saved_content), *_ = draft_files(first).items()

    second = make_app()
    async with second.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(second, pilot, "thread_abc123")
        assert isinstance(second.screen, ChoiceScreen)
        await pilot.press("escape")  # neither restore nor discard
        await pilot.pause()
        assert second.screen is editor
        assert "kept" in editor.query_one(EditorHeader).status_text
        user = editor.query(MetadataRow).last()
        user.value_input.focus()
        await pilot.press("z")
        await asyncio.sleep(0.5)  # past the autosave delay
        await pilot.pause()
        files = draft_files(second)
        assert files[saved_name] == saved_content  # the recovered edits are untouched
        assert len(files) == 2  # and the new ones are saved too

    third = make_app()
    async with third.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(third, pilot, "thread_abc123")
        await choose(third, pilot, "discard")  # the newest: the one with "z"
        await choose(third, pilot, "restore")  # then the first run's, still offered
        assert editor.draft.request_body() == {"metadata": {"modified": "false", "owner": "ana"}}
        await pilot.pause()
        assert [json.loads(c)["rows"][-1]["key"] for c in draft_files(third).values()] == ["owner"]


async def test_two_instances_editing_one_id_keep_both_drafts(
    make_app: Any, open_editor: Any
) -> None:
    one, two = make_app(), make_app()  # one state directory, as two processes would share
    async with one.run_test(size=(120, 40)) as pilot_one:
        mine = await open_editor(one, pilot_one, "thread_abc123")
        async with two.run_test(size=(120, 40)) as pilot_two:
            theirs = await open_editor(two, pilot_two, "thread_abc123")
            assert two.screen is theirs  # nothing of one's is offered: it is live
            assert any("also open in another" in n for n in notes(two))
            mine.query(MetadataRow).first().value_input.value = "from-one"
            theirs.query(MetadataRow).last().value_input.value = "from-two"
            await asyncio.sleep(0.5)
            await pilot_one.pause()
            await pilot_two.pause()
            mine.query(MetadataRow).first().value_input.value = "from-one-again"
            await asyncio.sleep(0.5)
            await pilot_one.pause()
            await pilot_two.pause()
    bodies = sorted(
        json.dumps([r["value"] for r in json.loads(c)["rows"]]) for c in draft_files(one).values()
    )
    assert bodies == ['["from-one-again", "abc123"]', '["true", "from-two"]']
    later = make_app()
    async with later.run_test(size=(120, 40)) as pilot:
        await open_editor(later, pilot, "thread_abc123")
        await choose(later, pilot, "discard")
        assert isinstance(later.screen, ChoiceScreen)  # the other one is offered as well


async def test_a_huge_hand_made_draft_is_refused_with_a_warning(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    rows = [{"key": f"k{i}", "value": "v", "origin": None, "deleted": False} for i in range(3000)]
    path = saved_draft_state(app, rows)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.pause()
        assert app.screen is editor
        assert len(editor.query(MetadataRow)) == 2
        (warning,) = [n for n in notes(app) if "thread_abc123.json" in n]
        assert "3,000 rows" in warning and "set aside" in warning
    assert not path.exists()


async def test_an_over_limit_edit_in_progress_is_restored_with_its_limit_error(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    rows = [
        {"key": "modified", "value": "true", "origin": "modified", "deleted": False},
        {"key": "user", "value": "u" * 600, "origin": "user", "deleted": False},
    ] + [{"key": f"k{i}", "value": "v", "origin": None, "deleted": False} for i in range(15)]
    saved_draft_state(app, rows)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await choose(app, pilot, "restore")
        assert len(editor.draft.live_rows()) == 17
        assert not editor.draft.is_valid
        messages = " ".join(p.message for p in editor.draft.problems())
        assert "16" in messages and "512" in messages
