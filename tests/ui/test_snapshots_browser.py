"""SVG snapshots of the lookup as a catalog browser: a seeded catalog (fixed clock, IDs as long
as the API's) at 80×24 (the columns drop to ID, kind and last seen) and 120×40 (created and
the most common metadata keys too), with a pinned row, a selection, a filter and a sort."""

from __future__ import annotations

from typing import Any

from catalog_seed import seeded_catalog, with_catalog
from textual.pilot import Pilot
from textual.widgets import Input


def browser_app(make_app: Any) -> Any:
    catalog = seeded_catalog(30, long_ids=True)
    pinned = catalog.query(_all())[4].id
    catalog.toggle_pin(pinned)
    return with_catalog(make_app(), catalog)


def _all() -> Any:
    from thread_tui.storage.catalog import CatalogQuery

    return CatalogQuery(order_by="id", descending=False)


async def selected_two(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("down", "down", "space", "space")
    await pilot.pause()


async def filtered_and_sorted(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    filter_field = pilot.app.screen.query_one("#catalog-filter", Input)
    filter_field.focus()
    await pilot.press(*"team=billing")
    await pilot.press("down", "s", "s", "s")  # by ID, by kind, by created (newest first)
    await pilot.pause()


def test_browser_80x24(snap_compare: Any, make_app: Any) -> None:
    app = browser_app(make_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=selected_two)


def test_browser_120x40(snap_compare: Any, make_app: Any) -> None:
    app = browser_app(make_app)
    assert snap_compare(app, terminal_size=(120, 40), run_before=selected_two)


def test_browser_filtered_and_sorted_120x40(snap_compare: Any, make_app: Any) -> None:
    app = browser_app(make_app)
    assert snap_compare(app, terminal_size=(120, 40), run_before=filtered_and_sorted)
