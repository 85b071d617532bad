"""Opening the editor re-parses no stylesheet: its .tcss is the app's from the start.

A screen that brings a CSS file Textual has not read makes it parse every source again
(each widget's default CSS too) into a fresh stylesheet and restyle every node: for the
editor ≈ 0.7 MiB of peak RSS with the editor open (bench/README.md, issue 11's figure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.editor import EditorScreen


async def test_opening_the_editor_reparses_no_stylesheet(
    make_app: Callable[..., ThreadTuiApp], open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reparses: list[int] = []
        reparse = app.stylesheet.reparse

        def spy() -> None:
            reparses.append(1)
            reparse()

        app.stylesheet.reparse = spy  # type: ignore[method-assign]
        editor = await open_editor(app, pilot, "thread_tools")
        assert isinstance(editor, EditorScreen)
        assert not reparses
        # Its rules are in force all the same.
        assert editor.query_one("#grid").styles.scrollbar_size_vertical == 1
