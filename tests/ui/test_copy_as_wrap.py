"""Copy-as with a line longer than the dialog: unwrapped (as pasted) the keys scroll it
sideways; `w` wraps it to the dialog's width and back. What is copied is the snippet as it
was made, its long lines whole, never the wrapped lines as drawn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Static, TabbedContent, TabPane

from thread_tui.core.ids import ResourceKind
from thread_tui.emulator import DEMO_BASE_URL
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.copy_as import CopyAsScreen
from thread_tui.ui.widgets.snippet_view import SnippetView

LONG = "a long value, " * 30  # 420 characters: one line of the CLI form and of the body
BODY = {"metadata": {"summary": LONG, "owner": "ana"}}


def active_pane(app: ThreadTuiApp) -> TabPane:
    pane = app.screen.query_one(TabbedContent).active_pane
    assert pane is not None
    return pane


def hint(app: ThreadTuiApp) -> str:
    return str(app.screen.query_one("#copy-as-hint", Static).render())


async def open_copy_as(app: ThreadTuiApp, pilot: Any) -> None:
    app.push_screen(CopyAsScreen(ResourceKind.THREAD, "thread_abc123", BODY, DEMO_BASE_URL))
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_line_scrolls_sideways_then_wraps_with_w(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=size) as pilot:
        await open_copy_as(app, pilot)
        assert "w wrap" in hint(app)  # the dialog says which key wraps
        for tab in ("1", "2", "3"):
            await pilot.press(tab)
            await pilot.pause()
            pane = active_pane(app)
            assert pane.max_scroll_x > 0  # the long line is wider than the dialog
            await pilot.press("shift+right", "shift+right")
            await pilot.pause()
            assert pane.scroll_x > 0  # and a key shows the rest of it
            await pilot.press("shift+left", "shift+left")
            await pilot.pause()
            assert pane.scroll_x == 0
        await pilot.press("1", "w")
        await pilot.pause()
        assert "w unwrap" in hint(app)
        for tab in ("1", "2", "3"):
            await pilot.press(tab)
            await pilot.pause()
            pane = active_pane(app)
            view = pane.query_one(SnippetView)
            assert pane.max_scroll_x == 0  # nothing is cut at the edge
            assert view.size.width <= pane.content_size.width
            assert view.virtual_size.height > len(view.code.splitlines())  # wrapped
            await pilot.press("c")
        await pilot.press("w")
        await pilot.pause()
        assert "w wrap" in hint(app) and active_pane(app).max_scroll_x > 0
    screen_snippets = CopyAsScreen(
        ResourceKind.THREAD, "thread_abc123", BODY, DEMO_BASE_URL
    ).snippets
    assert copied == [screen_snippets[key] for key in ("curl", "cli", "python")]
    assert all(LONG.strip() in text for text in copied[:2])  # each long line whole


async def test_the_keys_scroll_a_tall_snippet(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_copy_as(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        pane = active_pane(app)
        assert pane.max_scroll_y > 0
        await pilot.press("down", "down")
        await pilot.pause()
        assert pane.scroll_y == 2
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0
