"""The lookup's focus: typing on the catalog table goes to its filter field, ↑ on its top row
returns there, the table's own keys still work, removing a pinned ID asks first, and Esc back
from an editor puts the focus on the ID field (not on the table, where a typed ID went
nowhere)."""

from __future__ import annotations

from typing import Any

from catalog_seed import recents_catalog, with_catalog
from textual.widgets import Input

from thread_tui.emulator import FIXED_NOW
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable


def seeded(make_app: Any, pinned: tuple[str, ...] = ()) -> Any:
    opened = {"thread_abc123": FIXED_NOW - 300, "conv_abc123": FIXED_NOW - 60}
    return with_catalog(make_app(), recents_catalog(opened, pinned))


async def loaded(app: Any, pilot: Any) -> CatalogTable:
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(CatalogTable)


async def test_typing_on_the_table_goes_to_the_filter_and_enter_opens(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        field = app.screen.query_one("#catalog-filter", Input)
        await pilot.press("down")
        assert table.has_focus
        await pilot.press(*"thread_abc")
        await pilot.pause()
        assert field.has_focus
        assert field.value == "thread_abc"
        assert table.shown_ids() == ["thread_abc123"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)


async def test_the_tables_own_keys_still_work(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await pilot.press("down", "p")
        assert table.has_focus
        assert app.screen.catalog.recents()[0].pinned


async def test_up_on_the_top_row_returns_to_the_filter(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await pilot.press("down", "down")
        assert table.has_focus and table.cursor == 1
        await pilot.press("up")
        await pilot.pause()
        assert table.has_focus and table.cursor == 0
        await pilot.press("up")
        await pilot.pause()
        assert app.screen.query_one("#catalog-filter", Input).has_focus


async def test_removing_a_pinned_id_asks_first(make_app: Any) -> None:
    app = seeded(make_app, pinned=("thread_abc123",))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await pilot.press("down", "x")  # the pinned one is on top
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "thread_abc123" in table.shown_ids()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert table.shown_ids() == ["conv_abc123"]
        await pilot.press("x")  # not pinned: removed at once
        await pilot.pause()
        assert table.shown_ids() == []


async def test_back_from_the_editor_the_id_field_has_the_focus(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        await pilot.press("down", "enter")  # conv_abc123, the most recently opened
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


async def test_help_from_the_table_keeps_the_focus_on_the_table(make_app: Any) -> None:
    app = seeded(make_app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(app, pilot)
        await pilot.press("down", "f1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert table.has_focus
