"""Every text cell of every screen and dialog is readable: a WCAG contrast of at least 4.5:1
against its background, in Textual's built-in dark and light themes.

The screens and dialogs come from screen_catalog.py (one line per screen); the cells and
their drawn colours from contrast.py. Disabled controls are exempt (WCAG 1.4.3: "part of an
inactive user interface component"); placeholders and hints are not. This is the test that
would have caught the destructive buttons drawn in their own background colour.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from contrast import MINIMUM, contrast_ratio, offenders
from screen_catalog import SCREENS, THEMES

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp

SIZE = (120, 40)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_text_cell_is_readable(
    name: str, theme: str, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        await SCREENS[name](pilot, emulator)
        await pilot.pause()
        bad = offenders(app)
    shown = "\n".join(str(o) for o in bad[:12])
    assert not bad, f"{len(bad)} runs of text under {MINIMUM}:1 on {name} ({theme}):\n{shown}"


def test_the_ratio_is_wcags() -> None:
    # The WCAG 2.x reference points: black on white 21:1, a colour on itself 1:1, and
    # #767676 on white just over the 4.5:1 line (the lightest grey that passes).
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((18, 52, 86), (18, 52, 86)) == pytest.approx(1.0)
    assert contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio((0x77, 0x77, 0x77), (255, 255, 255)) < MINIMUM


async def test_the_rule_that_hid_the_destructive_labels_is_caught(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    # The bug of a4ad22b: a global `.-error { color: $error; }` (meant for error text) matched
    # Button's -error variant and drew "Quit (y)" in its own background colour.
    from thread_tui.ui.screens.dialogs import YesNoScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.stylesheet.add_source(".-error { color: $error; }", read_from=("old app.tcss", ""))
        app.refresh_css()
        await app.push_screen(YesNoScreen("Quit?", "Edits are unsaved.", yes="Quit"))
        await pilot.pause()
        bad = offenders(app)
    assert [o.text for o in bad if o.widget.startswith("Button#yes")] == ["Quit (y)"]
