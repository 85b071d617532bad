"""SVG snapshots of the message metadata editor (an edit, a new pair, a key too long), its
confirm, its saved dialog showing how the answer differs, and its error after a failed send,
at 80x24 and 120x40; and the contrast of each in the dark and light themes.

Deterministic as the other snapshot tests: fixed clock and size, seeded emulator, no cursor
blink (make_app); the openers are in message_editor_openers.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from contrast import MINIMUM, offenders
from message_editor_openers import OPENERS
from screen_catalog import THEMES
from textual.pilot import Pilot

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(OPENERS))
def test_message_editor(
    name: str,
    size: str,
    snap_compare: Any,
    make_app: Callable[..., ThreadTuiApp],
    emulator: Emulator,
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await OPENERS[name](pilot, emulator)

    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(OPENERS))
async def test_every_text_cell_is_readable(
    name: str, theme: str, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZES["120x40"]) as pilot:
        app.theme = theme
        await pilot.pause()
        await OPENERS[name](pilot, emulator)
        await pilot.pause()
        bad = offenders(app)
    shown = "\n".join(str(o) for o in bad[:12])
    assert not bad, f"{len(bad)} runs of text under {MINIMUM}:1 on {name} ({theme}):\n{shown}"
