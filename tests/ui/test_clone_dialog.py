"""Clone with exact metadata from the TUI, driven with Pilot against the in-process emulator:
the offer where a removed row would be kept by the server (its question, the diff review, a
blocked Submit), F9 on a conversation and on a thread, the new object's exact metadata and
items as the emulator holds them, a stop part way, a failure part way (emulator faults),
deleting the old one behind its own confirm, opening the new one, the catalog's lineage (and a
disk that fails there), and read-only mode refusing before anything is sent."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest
from clone_openers import seed_big
from textual.widgets import Button, Input
from ui_helpers import record_notes, rows, settle
from ui_helpers import rendered as text

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.clone_dialog import CloneScreen
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

SIZE = (120, 40)


def new_conversations(emulator: Emulator, before: set[str]) -> list[str]:
    return [cid for cid in emulator.conversations if cid not in before]


def texts(items: list[dict[str, Any]]) -> list[str]:
    """The text parts of the message items, in order."""
    return [
        part["text"]
        for item in items
        if item.get("type") == "message"
        for part in item.get("content", [])
        if "text" in part
    ]


async def clone_dialog(app: ThreadTuiApp, pilot: Any) -> CloneScreen:
    await settle(app, pilot)  # the dry run that counts the items
    dialog = app.screen
    assert isinstance(dialog, CloneScreen)
    return dialog


async def run_to_result(app: ThreadTuiApp, pilot: Any, dialog: CloneScreen) -> None:
    await pilot.press("y")
    await settle(app, pilot)
    assert dialog.stage == "result"


async def focus_row(editor: EditorScreen, pilot: Any, key: str) -> None:
    for row in rows(editor):
        if row.key_input.value == key:
            row.key_input.focus()
            await pilot.pause()
            return
    raise AssertionError(f"no row {key!r}")


# -- where it is offered -----------------------------------------------------------------------


async def test_the_server_keeps_key_question_offers_a_clone_with_exactly_the_rest(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    before = set(emulator.conversations)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        await pilot.press("ctrl+n", *"owner", "tab", *"ana")  # and one more pair, added
        await focus_row(editor, pilot, "customer")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ServerKeepsKeyScreen)
        assert app.screen.query_one("#choice-clone", Button)
        await pilot.press("c")
        dialog = await clone_dialog(app, pilot)
        assert dialog.plan.intended == {"topic": "demo", "owner": "ana"}
        assert dialog.plan.dropped == ["customer"]
        assert "without 'customer'" in text(dialog, "#clone-summary")
        source_items = emulator.items["conv_abc123"]
        kept = [i for i in source_items if i["type"] != "reasoning"]  # the one kind not re-made
        assert kept and len(kept) < len(source_items)
        count = f"{len(source_items)} items: {len(kept)} copied in order"
        assert count in text(dialog, "#clone-count")
        assert "new ID" in text(dialog, "#clone-warning")
        assert "kept as it is" in text(dialog, "#clone-kept")
        assert emulator.mutating_requests() == []  # nothing is sent before `y`
        await run_to_result(app, pilot, dialog)
        assert dialog.run.succeeded
        (new_id,) = new_conversations(emulator, before)
        assert dialog.run.new_id == new_id
        assert new_id in text(dialog, "#clone-headline")
        assert app.store.catalog.clone_of(new_id) == "conv_abc123"
        assert app.store.catalog.get(new_id) is not None  # the new one is in the catalog
    # Exactly the draft's set: the removed key is gone, the added one is there.
    assert emulator.conversations[new_id]["metadata"] == {"topic": "demo", "owner": "ana"}
    assert emulator.conversations["conv_abc123"]["metadata"] == {
        "topic": "demo",
        "customer": "acme",
    }
    assert len(emulator.items[new_id]) == len(kept)
    assert texts(emulator.items[new_id]) == texts(kept)  # in order


async def test_the_diff_review_of_a_kept_key_offers_the_clone(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await focus_row(editor, pilot, "user")
        await pilot.press("ctrl+d", "r")  # mark removed anyway
        await focus_row(editor, pilot, "modified")
        rows(editor)[0].value_input.focus()
        await pilot.press("end", *"-no")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("c")
        dialog = await clone_dialog(app, pilot)
        assert dialog.plan.intended == {"modified": "true-no"}
        assert "into a new conversation" in text(dialog, "#clone-title")
        assert "messages become message items" in text(dialog, "#clone-thread-note")


async def test_a_submit_blocked_by_kept_keys_names_the_clone(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        editor = await open_editor(app, pilot, "conv_abc123")
        await focus_row(editor, pilot, "customer")
        await pilot.press("ctrl+d", "r")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("clone without them: F9" in note for note in seen)


async def test_f9_clones_a_thread_into_a_conversation(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    before = set(emulator.conversations)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot, "thread_abc123")
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        assert "thread_abc123 into a new conversation" in text(dialog, "#clone-title")
        await run_to_result(app, pilot, dialog)
        (new_id,) = new_conversations(emulator, before)
    thread = emulator.threads["thread_abc123"]
    assert emulator.conversations[new_id]["metadata"] == thread["metadata"]
    assert emulator.items[new_id]  # the messages, as message items
    assert {i["type"] for i in emulator.items[new_id]} == {"message"}


async def test_the_palette_has_the_clone(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        titles = [title for title, _help, _run in editor.palette_commands()]
        assert "Clone with exact metadata" in titles


# -- stopping and failing part way ---------------------------------------------------------------


async def test_stopping_part_way_asks_then_reports_what_was_made(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    source = seed_big(emulator)
    app = make_app()
    before = set(emulator.conversations)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot, source)
        # The second add call waits until the test lets it go: the run is caught part way.
        entered, release = asyncio.Event(), asyncio.Event()
        add_items = app.client.add_items
        calls = 0

        async def held_add_items(conversation_id: str, items: Any) -> Any:
            nonlocal calls
            calls += 1
            if calls == 2:
                entered.set()
                await release.wait()
            return await add_items(conversation_id, items)

        app.client.add_items = held_add_items
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        await pilot.press("y")
        await entered.wait()
        await pilot.pause()
        assert dialog.stage == "progress"
        assert "40 of 45 items copied" in text(dialog, "#clone-counts")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)  # asks first
        await pilot.press("y")
        await pilot.pause()
        release.set()
        await settle(app, pilot)
        assert dialog.stage == "result"
        (new_id,) = new_conversations(emulator, before)
        headline = text(dialog, "#clone-headline")
        assert "stopped part way" in headline and new_id in headline
        lines = text(dialog, "#clone-result-lines")
        assert "stopped as asked" in lines and f"half-made conversation {new_id}" in lines
        assert "The last call (5 items) was cut short" in lines
        assert not dialog.query_one("#clone-delete-old", Button).display  # not a whole clone
        assert dialog.query_one("#clone-open", Button).display
    assert len(emulator.items[new_id]) == 40  # the held call never reached the server
    assert source in emulator.conversations  # the old one is untouched


async def test_a_failure_part_way_names_the_half_made_copy(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    source = seed_big(emulator)
    app = make_app()
    before = set(emulator.conversations)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot, source)
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        # The create call passes; the first add call (POST …/conv_…/items) fails.
        emulator.faults.inject(500, match="POST /v1/conversations/conv_", times=5)
        await run_to_result(app, pilot, dialog)
        (new_id,) = new_conversations(emulator, before)
        headline = text(dialog, "#clone-headline")
        assert "failed part way" in headline and f"{new_id} is half-made" in headline
        lines = text(dialog, "#clone-result-lines")
        assert "500" in lines and f"half-made conversation {new_id} holds 20 of 45" in lines
        assert not dialog.query_one("#clone-delete-old", Button).display
        await pilot.press("d")  # no delete of the old one after a failure
        await pilot.pause()
        assert app.screen is dialog
    assert emulator.conversations[new_id]["metadata"] == {"topic": "big", "secret_flag": "yes"}
    assert len(emulator.items[new_id]) == 20
    assert source in emulator.conversations


# -- after a whole clone ------------------------------------------------------------------------


async def test_deleting_the_old_one_is_behind_its_own_confirm(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        await run_to_result(app, pilot, dialog)
        new_id = dialog.run.new_id
        await pilot.press("d")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, DeleteConfirmScreen)
        await pilot.press("enter")  # the ID is not typed: nothing is deleted
        await pilot.pause()
        assert "conv_abc123" in emulator.conversations
        confirm.query_one("#delete-typed", Input).value = "conv_abc123"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "conv_abc123" not in emulator.conversations
        assert "is deleted" in text(dialog, "#clone-result-lines")
        assert not dialog.query_one("#clone-delete-old", Button).display
        await pilot.press("escape")  # close: the old object's editor goes too
        await settle(app, pilot)
        assert editor not in app.screen_stack
        assert not isinstance(app.screen, EditorScreen)
    assert new_id in emulator.conversations


async def test_open_the_new_one_shows_it_in_an_editor(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        old = await open_editor(app, pilot, "conv_abc123")
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        await run_to_result(app, pilot, dialog)
        await pilot.press("o")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor is not old
        assert editor.resource.id == dialog.run.new_id
        assert old in app.screen_stack  # the old one, with its edits, is below


async def test_a_catalog_that_fails_is_a_warning_and_the_result_stands(
    make_app: Any, open_editor: Any, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        await open_editor(app, pilot, "conv_abc123")

        def full_disk(*_args: Any) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        monkeypatch.setattr(app.store.catalog, "record_clone", full_disk)
        await pilot.press("f9")
        dialog = await clone_dialog(app, pilot)
        await run_to_result(app, pilot, dialog)
        assert dialog.run.succeeded
        assert any("could not record" in note for note in seen)
        assert "could not record" in text(dialog, "#clone-result-lines")


# -- refusals -------------------------------------------------------------------------------------


async def test_read_only_mode_refuses_before_anything_is_sent(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    app.read_only = True
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        editor = await open_editor(app, pilot, "conv_abc123")
        await pilot.press("f9")
        await pilot.pause()
        assert app.screen is editor
        assert any("Read-only mode" in note for note in seen)
        # Opened some other way, the dialog refuses too.
        dialog = CloneScreen("conv_abc123", {"topic": "demo"}, {})
        await app.push_screen(dialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert dialog.stage == "confirm"
        assert "Read-only mode" in text(dialog, "#clone-blocked")
    assert emulator.mutating_requests() == []


async def test_metadata_over_the_limits_is_refused_before_sending(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = CloneScreen("conv_abc123", {}, {"k" * 65: "v"})
        await app.push_screen(dialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert dialog.stage == "confirm"
        assert "Fix first" in text(dialog, "#clone-blocked")
    assert emulator.mutating_requests() == []


async def test_server_text_is_drawn_inert(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        hostile = "\x1b]0;pwned\x07[b]bold[/b]"
        dialog = CloneScreen("conv_abc123", {"k": hostile}, {"k": hostile})
        await app.push_screen(dialog)
        await settle(app, pilot)
        shown = text(dialog, "#clone-metadata-table")
        assert "\x1b" not in shown and "\x07" not in shown
        assert "[b]bold[/b]" in shown  # not markup


async def test_the_skipped_items_scroll_with_the_arrows(make_app: Any) -> None:
    from thread_tui.api.clone_runner import CloneResult, SkippedItem

    skipped = tuple(
        SkippedItem(f"rs_{n:04d}", "reasoning", "a reasoning item is made by the model")
        for n in range(30)
    )

    async def many_skipped(client: Any, source_id: str, metadata: Any, **_: Any) -> CloneResult:
        return CloneResult(source_id, "conv_new", None, 3, skipped, 2, None, total=3)

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = CloneScreen("conv_abc123", {"topic": "demo"}, {}, runner=many_skipped)
        await app.push_screen(dialog)
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert "Skipped: 30" in text(dialog, "#clone-skipped-head")
        listed = dialog.query_one("#clone-skipped")
        assert listed.scroll_y == 0 and listed.max_scroll_y > 0
        await pilot.press("down", "down")
        await pilot.pause()
        assert listed.scroll_y == 2
