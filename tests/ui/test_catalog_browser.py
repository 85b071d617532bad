"""The lookup as a browser of the catalog: the table filters as you type, sorts by column,
multi-selects for a bulk edit, opens a row with Enter, pins and removes; the one-ID field
keeps working beside it, and the focus moves between them as the keys say."""

from __future__ import annotations

from typing import Any

from catalog_seed import seeded_catalog, seeded_objects, with_catalog
from textual.widgets import Input
from ui_helpers import text_of

from thread_tui.emulator import FIXED_NOW
from thread_tui.storage.catalog import Catalog
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable

SIZE = (120, 40)


async def ready(app: Any, pilot: Any) -> CatalogTable:
    await app.workers.wait_for_complete()  # the catalog loads after the first frame
    await pilot.pause()
    return app.screen.query_one(CatalogTable)


def expected(test: Any, count: int = 30) -> list[str]:
    return [o["id"] for o in seeded_objects(count) if test(o["metadata"])]


async def test_the_table_shows_the_catalog_pinned_first(make_app: Any) -> None:
    catalog = seeded_catalog()
    catalog.toggle_pin("thread_seed0004")
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        shown = table.shown_ids()
        assert len(shown) == 30
        # Pinned first, then (none opened) the most recently seen: seed0000 was seen last.
        assert shown[:3] == ["thread_seed0004", "thread_seed0000", "thread_seed0001"]
        header = table.render_line(0).text
        for title in ("ID", "Kind", "Created", "team", "owner", "Last seen"):
            assert title in header
        assert "●" in table.render_line(1).text and "●" not in table.render_line(2).text
        assert "30 · by pinned, then recently opened" in text_of(app.screen, "#catalog-status")


async def test_typing_filters_by_pair_text_and_id_prefix(make_app: Any) -> None:
    app = with_catalog(make_app(), seeded_catalog())
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        app.screen.query_one("#catalog-filter", Input).focus()
        await pilot.press(*"team=sales")
        sales = expected(lambda m: m["team"] == "sales")
        assert sales and sorted(table.shown_ids()) == sorted(sales)
        assert f"{len(sales)} of 30" in text_of(app.screen, "#catalog-status")
        await pilot.press("space", *"env=prod")
        both = expected(lambda m: m["team"] == "sales" and m.get("env") == "prod")
        assert sorted(table.shown_ids()) == sorted(both)
        app.screen.query_one("#catalog-filter", Input).value = "REFUNDS"
        await pilot.pause()
        assert sorted(table.shown_ids()) == sorted(expected(lambda m: "note" in m))
        app.screen.query_one("#catalog-filter", Input).value = "conv_"
        await pilot.pause()
        assert table.shown_ids() and all(i.startswith("conv_") for i in table.shown_ids())
        app.screen.query_one("#catalog-filter", Input).value = "team=nobody"
        await pilot.pause()
        assert table.shown_ids() == []
        assert "Nothing matches team=nobody" in table.render_line(1).text


async def test_sort_by_key_reverse_and_header_click(make_app: Any) -> None:
    app = with_catalog(make_app(), seeded_catalog())
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        table.focus()
        await pilot.press("s")  # the recents order → by ID
        assert table.sort_column == "id"
        assert table.shown_ids() == sorted(table.shown_ids())
        assert "by id ▲" in text_of(app.screen, "#catalog-status")
        await pilot.press("S")
        assert table.shown_ids() == sorted(table.shown_ids(), reverse=True)
        assert "ID ▼" in table.render_line(0).text
        # A click on the "Created" title sorts by it, newest first; a second click reverses.
        cells = table.cells(table.scrollable_content_region.width)
        created = next(c for c in cells if c.column == "created")
        await pilot.click(CatalogTable, offset=(created.x + 2, 1))  # +1: the border
        assert table.sort_column == "created" and table.descending
        by_created = {o["id"]: o["created_at"] for o in seeded_objects(30)}
        stamps = [by_created[i] for i in table.shown_ids()]
        assert stamps == sorted(stamps, reverse=True)
        await pilot.click(CatalogTable, offset=(created.x + 2, 1))
        assert not table.descending


async def test_space_selects_a_selects_all_shown_and_b_opens_the_bulk_editor(
    make_app: Any,
) -> None:
    app = with_catalog(make_app(), seeded_catalog())
    opened: list[list[str]] = []
    app.open_bulk_editor = opened.append
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        await pilot.press("down")  # from the ID field to the table
        assert table.has_focus
        first, second = table.shown_ids()[:2]
        await pilot.press("space", "space")
        assert list(table.selected) == [first, second]
        assert "2 selected" in text_of(app.screen, "#catalog-status")
        await pilot.press("up", "space")  # Space on a selected row deselects it
        assert list(table.selected) == [first]
        # `a` selects every row the filter shows (not the hidden ones); again, none of them.
        app.screen.query_one("#catalog-filter", Input).value = "team=billing"
        await pilot.pause()
        table.focus()
        billing = table.shown_ids()
        await pilot.press("a")
        assert set(table.selected) == {first, *billing}
        status = text_of(app.screen, "#catalog-status")
        assert f"{len(billing) + 1} selected (1 not shown)" in status
        await pilot.press("b")
        assert opened == [[first, *billing]]
        await pilot.press("a")
        assert list(table.selected) == [first]


async def test_bulk_edit_without_a_bulk_editor_or_a_selection_says_so(make_app: Any) -> None:
    app = with_catalog(make_app(), seeded_catalog())
    said: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.notify = lambda message, **kw: said.append(message)  # type: ignore[method-assign]
        await pilot.press("down", "b")
        assert "Select objects first" in said[-1]
        await pilot.press("space", "b")
        if not callable(getattr(app, "open_bulk_editor", None)):
            assert "1 selected" in said[-1] and "thread-tui update" in said[-1]


async def test_enter_on_a_row_opens_it_in_the_editor(make_app: Any, emulator: Any) -> None:
    catalog = seeded_catalog(5)
    catalog.record(
        {"id": "thread_abc123", "object": "thread", "created_at": 1, "metadata": {"x": "1"}}
    )
    catalog.toggle_pin("thread_abc123")
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.resource_id == "thread_abc123"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#lookup-id", Input).has_focus


async def test_enter_in_the_filter_opens_the_top_row(make_app: Any) -> None:
    catalog = seeded_catalog(5)
    catalog.record({"id": "conv_abc123", "object": "conversation", "metadata": {}})
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.screen.query_one("#catalog-filter", Input).focus()
        await pilot.press(*"conv_abc", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.resource_id == "conv_abc123"


async def test_the_one_id_field_still_opens_an_id_and_its_row_appears(make_app: Any) -> None:
    catalog = Catalog.open(None, now=lambda: float(FIXED_NOW))
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        assert "Nothing in the catalog yet" in table.render_line(1).text
        assert "thread-tui import FILE" in table.render_line(1).text
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.shown_ids() == ["thread_abc123"]


async def test_focus_order_and_typing_on_the_table_goes_to_the_filter(make_app: Any) -> None:
    app = with_catalog(make_app(), seeded_catalog())
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        typed = app.screen.query_one("#lookup-id", Input)
        field = app.screen.query_one("#catalog-filter", Input)
        assert typed.has_focus
        order = []
        for _ in range(4):
            await pilot.press("tab")
            order.append(app.focused.id if app.focused else None)
        assert order == ["new-thread", "new-conversation", "catalog-filter", "catalog"]
        await pilot.press(*"refunds")  # not the table's keys: typed into the filter
        assert field.has_focus and field.value == "refunds"
        await pilot.press("down")
        assert table.has_focus and table.cursor == 0
        await pilot.press("down", "up", "up")  # ↑ on the top row: back to the filter
        assert field.has_focus
        await pilot.press("down", "slash")  # / goes to the filter too, typing nothing
        assert field.has_focus and field.value == "refunds"
        await pilot.press("escape")
        assert typed.has_focus


async def test_pin_and_remove_as_the_recents_did(make_app: Any) -> None:
    catalog = seeded_catalog(5)
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        await pilot.press("down", "down", "p")
        pinned = table.current_id
        assert pinned is not None and table.shown_ids()[0] == pinned
        entry = catalog.get(pinned)
        assert entry is not None and entry.pinned
        await pilot.press("x")  # pinned: a question first
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert pinned in table.shown_ids()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert pinned not in table.shown_ids() and len(table.shown_ids()) == 4
        assert catalog.get(pinned) is None
        await pilot.press("x")  # not pinned: at once
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen) and len(table.shown_ids()) == 3


async def test_server_text_in_the_table_is_inert(make_app: Any) -> None:
    catalog = Catalog.open(None, now=lambda: float(FIXED_NOW))
    evil = {"team": "\x1b]0;pwned\x07", "owner": "\u202eevil"}
    catalog.record({"id": "thread_evil", "object": "thread", "metadata": evil})
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        line = table.render_line(1).text
        assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
        assert "␛]0;pwned␇" in line


async def test_the_columns_fit_80_120_and_200_columns(make_app: Any) -> None:
    long_id = seeded_objects(30, long_ids=True)[2]["id"]  # a conversation: 53 characters
    for size, wanted, absent in (
        ((80, 24), {"ID", "Kind", "Last seen"}, {"Created", "team", "owner"}),
        ((120, 40), {"ID", "Kind", "Created", "owner", "team", "Last seen"}, set()),
        ((200, 50), {"Created", "owner", "team", "env", "ticket", "Last seen"}, set()),
    ):
        app = with_catalog(make_app(), seeded_catalog(30, long_ids=True))
        async with app.run_test(size=size) as pilot:
            table = await ready(app, pilot)
            header = table.render_line(0).text
            titles = {c.title for c in table.cells(table.scrollable_content_region.width)}
            assert wanted <= titles and not absent & titles, (size, titles)
            assert all(title in header for title in titles)
            assert table.region.right <= size[0]
            lines = [table.render_line(y).text for y in range(1, 10)]
            whole = any(long_id in line for line in lines)
            assert whole == (size[0] >= 160), size  # the 53-character ID in full when wide


async def test_back_from_the_bulk_editor_the_changed_rows_are_read_again(make_app: Any) -> None:
    from textual.screen import Screen

    catalog = seeded_catalog(5)
    app = with_catalog(make_app(), catalog)

    def bulk_editor(ids: list[str]) -> None:
        # As a bulk run does: each object's new state recorded, then back to the lookup.
        for resource_id in ids:
            entry = catalog.get(resource_id)
            assert entry is not None
            metadata = {**entry.metadata, "team": "moved"}
            catalog.record({"id": resource_id, "object": "thread", "metadata": metadata})
        app.push_screen(Screen())

    app.open_bulk_editor = bulk_editor
    async with app.run_test(size=SIZE) as pilot:
        table = await ready(app, pilot)
        await pilot.press("down", "space", "space", "b")
        await pilot.pause()
        app.pop_screen()
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#catalog-filter", Input).value = "team=moved"
        await pilot.pause()
        assert sorted(table.shown_ids()) == ["thread_seed0000", "thread_seed0001"]
