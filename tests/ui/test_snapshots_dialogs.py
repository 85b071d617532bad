"""SVG snapshots of every dialog (discard, quit, delete, restore, server-keeps-key, conflict,
confirm, copy-as, both pickers, help) at 80x24 and 120x40, and the editor in the light theme.

The dialogs come from screen_catalog.py (one line each; the value editor's are added there)
and are pushed over an empty backdrop as in test_snapshots_modals.py. Deterministic as the
other snapshot tests: fixed clock and size, seeded emulator, no cursor blink.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from screen_catalog import DIALOGS, SCREENS
from textual.pilot import Pilot

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(
    name: str,
    size: str,
    snap_compare: Any,
    make_app: Callable[..., ThreadTuiApp],
    emulator: Emulator,
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await DIALOGS[name](pilot, emulator)

    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=run_before)


def test_editor_in_the_light_theme(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await pilot.pause()
        await SCREENS["editor-thread"](pilot, emulator)

    assert snap_compare(make_app(), terminal_size=SIZES["120x40"], run_before=run_before)
