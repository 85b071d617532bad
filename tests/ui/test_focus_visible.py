"""The panel that holds the focus draws the bright border and title; the others are dim.

Before, the metadata grid always had the $primary border and the tools panel always the
$secondary one, wherever the focus was, so nothing showed which panel keys went to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.color import Color
from textual.widget import Widget

from thread_tui.ui.app import ThreadTuiApp

SIZE = (120, 40)


def border_colour(widget: Widget) -> Color:
    return widget.styles.border_top[1]


def is_bright(app: ThreadTuiApp, widget: Widget) -> bool:
    primary = Color.parse(app.get_css_variables()["primary"])
    return border_colour(widget) == primary


async def test_the_focused_editor_panel_is_the_bright_one(
    make_app: Callable[..., ThreadTuiApp], open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        grid, tools = editor.query_one("#grid"), editor.query_one("#tools")
        editor.query_one("#grid Input").focus()
        await pilot.pause()
        assert is_bright(app, grid) and not is_bright(app, tools)
        assert grid.styles.border_title_color != tools.styles.border_title_color

        editor.query_one("#file-ids").focus()
        await pilot.pause()
        assert is_bright(app, tools) and not is_bright(app, grid)
        assert grid.styles.border_title_color != tools.styles.border_title_color


async def test_the_focused_lookup_part_is_the_bright_one(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    from screen_catalog import with_recents

    from thread_tui.ui.screens.lookup import LookupScreen

    app = with_recents(make_app())
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(LookupScreen())
        await pilot.pause()
        typed, recents = app.screen.query_one("#lookup-id"), app.screen.query_one("#catalog")
        assert app.focused is typed
        assert not is_bright(app, recents)
        await pilot.press("down")
        assert app.focused is recents
        assert is_bright(app, recents)
        assert border_colour(typed) != border_colour(recents)


async def test_the_messages_list_when_focused_is_bright(
    make_app: Callable[..., ThreadTuiApp], open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view = editor.query_one("MessagesView")
        assert view.has_focus_within
        assert is_bright(app, view)
        view.query_one("#messages-list").blur()
        await pilot.pause()
        assert not is_bright(app, view)
