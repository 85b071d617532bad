"""The lookup's focus: typing on the recents list goes to the ID field, ↑ on its top row
returns there, removing a pinned ID asks first, and Esc back from an editor puts the focus on
the ID field (not on the list, where a typed ID went nowhere)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from thread_tui.emulator import FIXED_NOW
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.recents_list import RecentsList


def seeded(make_app: Any) -> Any:
    app = make_app()
    app.store.recents.record("thread_abc123", FIXED_NOW - 300)
    app.store.recents.record("conv_abc123", FIXED_NOW - 60)
    return app


async def test_typing_on_the_recents_list_goes_to_the_id_field(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        field = app.screen.query_one("#lookup-id", Input)
        await pilot.press(*"thr")
        await pilot.press("down")
        assert app.screen.query_one(RecentsList).has_focus
        await pilot.press(*"ead_abc123")
        await pilot.pause()
        assert field.has_focus
        assert field.value == "thread_abc123"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_the_lists_own_keys_still_work(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        recents = app.screen.query_one(RecentsList)
        await pilot.press("down", "p")
        assert recents.has_focus
        assert app.store.recents.items()[0].pinned


async def test_up_on_the_top_row_returns_to_the_id_field(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        recents = app.screen.query_one(RecentsList)
        await pilot.press("down", "down")
        assert recents.has_focus and recents.highlighted == 1
        await pilot.press("up")
        await pilot.pause()
        assert recents.has_focus and recents.highlighted == 0
        await pilot.press("up")
        await pilot.pause()
        assert app.screen.query_one("#lookup-id", Input).has_focus


async def test_removing_a_pinned_id_asks_first(make_app: Any) -> None:
    app = seeded(make_app)
    app.store.recents.toggle_pin("thread_abc123")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "x")  # the pinned one is on top
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "thread_abc123" in [r.id for r in app.store.recents.items()]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert [r.id for r in app.store.recents.items()] == ["conv_abc123"]
        await pilot.press("x")  # not pinned: removed at once
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert app.store.recents.items() == []


async def test_escape_back_from_an_editor_opened_from_recents_focuses_the_id_field(
    make_app: Any,
) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        field = app.screen.query_one("#lookup-id", Input)
        assert field.has_focus
        await pilot.press(*"thread_tools")  # replaces the old ID (all of it was selected)
        assert field.value == "thread_tools"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.resource_id == "thread_tools"


async def test_help_from_the_list_keeps_the_focus_on_the_list(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(RecentsList).has_focus
