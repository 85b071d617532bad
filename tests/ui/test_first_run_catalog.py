"""A first run (no catalog file, no old recents.json) shows the empty catalog without opening
SQLite: there is nothing to read, and opening it only to learn that cost ≈ 2.2 MiB of peak RSS
(sqlite3, the catalog module, a connection). The catalog opens when something is recorded, and
what was recorded shows when the lookup comes back."""

from __future__ import annotations

from typing import Any

from ui_helpers import text_of

from thread_tui.storage.catalog_schema import CATALOG_FILE
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable

SIZE = (120, 40)


async def test_a_first_run_shows_the_empty_catalog_without_opening_it(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(CatalogTable)
        assert "Nothing in the catalog yet" in table.render_line(1).text
        assert text_of(app.screen, "#catalog-status").startswith("0 ·")
        assert "catalog" not in app.store.__dict__  # never opened
        assert not (app.store.directory / CATALOG_FILE).exists()
        app.screen.query_one("#lookup-id").focus()
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The editor recorded what it fetched: the lookup now reads the catalog it opened.
        assert (app.store.directory / CATALOG_FILE).exists()
        assert table.shown_ids() == ["thread_abc123"]
