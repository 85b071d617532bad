"""With the app's cursor_blink off (the snapshots' setting), no text field of any screen or
dialog blinks: a blinking cursor is drawn or not by the wall clock, so a snapshot of a
dialog with a focused field would differ from run to run (the add-items dialog's text area
did, on CI)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from screen_catalog import SCREENS
from textual.widgets import Input, TextArea

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp

SIZE = (120, 40)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_no_field_blinks(
    name: str, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    app = make_app()
    assert not app.cursor_blink
    async with app.run_test(size=SIZE) as pilot:
        await SCREENS[name](pilot, emulator)
        await pilot.pause()
        blinking = [
            f"{type(field).__name__}#{field.id}"
            for field in app.screen.query("Input, TextArea")
            if isinstance(field, Input | TextArea) and field.cursor_blink
        ]
        assert blinking == []
