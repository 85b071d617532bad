"""The lookup's and the editor's parts are the screens' own children (no full-height container):
the lookup's sit 2 cells in from both sides by their own margins at every size, and on a
terminal too short for them the bottom is clipped as a container did: neither screen scrolls,
so no part is narrowed by a scrollbar."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.title_bar import TitleBar


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (50, 15), (40, 12)])
async def test_the_parts_keep_their_inset_and_the_bars_their_width(
    make_app: Any, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        width = size[0]
        assert not screen.show_vertical_scrollbar
        assert screen.query_one(TitleBar).region.width == width
        bar = screen.query_one(KeyBar).region
        assert (bar.x, bar.width, bar.y) == (0, width, size[1] - 1)
        field = screen.query_one("#lookup-id", Input).region
        assert field.x == 2 and field.width == min(width - 4, 60)
        table = screen.query_one(CatalogTable).region
        if table.height:
            assert table.x == 2 and table.width == width - 4


@pytest.mark.parametrize("size", [(80, 24), (60, 8), (40, 7)])
async def test_the_editor_never_scrolls_as_a_whole(
    make_app: Any, open_editor: Any, size: tuple[int, int]
) -> None:
    """Its parts are the screen's own children too: a short terminal clips the bottom."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        assert not editor.show_vertical_scrollbar
        assert editor.query_one(KeyBar).region.width == size[0]
        assert editor.query_one(TitleBar).region.width == size[0]
