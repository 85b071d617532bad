"""SVG snapshots of the value editor at 80×24 and 120×40: a long value, one over the limit
(its end marked), JSON laid out, and the read-only viewer.

The editor is pushed over a blank screen (as in test_snapshots_modals.py) with the seeded
demo's values, so these snapshots change only when the value editor does. The clock is fixed
and the cursor does not blink.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.value_editor import ValueEditorScreen

SIZES = [(80, 24), (120, 40)]
ORDER = (
    '{"order": 4411, "status": "refund requested", "items": [{"sku": "A-1", "qty": 2}, '
    '{"sku": "B-7", "qty": 1}], "contact": {"email": "client@example.com", "lang": "fr"}}'
)


class Backdrop(Screen[None]):
    """An empty screen under the editor, independent of the app's other screens."""


async def longvalues(app: ThreadTuiApp) -> list[tuple[str, str]]:
    resource = await app.client.get_resource("thread_longvalues")
    return list((resource.metadata or {}).items())


def opened(
    build: Callable[[list[tuple[str, str]]], ValueEditorScreen], *press: str
) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ThreadTuiApp)
        await app.push_screen(Backdrop())
        await app.push_screen(build(await longvalues(app)))
        await pilot.pause()
        if press:
            await pilot.press(*press)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_value_editor_on_a_long_value(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], size: tuple[int, int]
) -> None:
    def build(pairs: list[tuple[str, str]]) -> ValueEditorScreen:
        return ValueEditorScreen([pairs[1]])  # summary: 510 characters

    assert snap_compare(make_app(), terminal_size=size, run_before=opened(build))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_value_editor_over_the_limit(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], size: tuple[int, int]
) -> None:
    def build(pairs: list[tuple[str, str]]) -> ValueEditorScreen:
        key, value = pairs[1]
        return ValueEditorScreen([(key, value + " Call back Monday.")])

    assert snap_compare(make_app(), terminal_size=size, run_before=opened(build))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_value_editor_json_laid_out(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], size: tuple[int, int]
) -> None:
    def build(pairs: list[tuple[str, str]]) -> ValueEditorScreen:
        return ValueEditorScreen([("order", ORDER)])

    assert snap_compare(make_app(), terminal_size=size, run_before=opened(build, "ctrl+j"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_value_viewer_in_read_only_mode(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], size: tuple[int, int]
) -> None:
    def build(pairs: list[tuple[str, str]]) -> ValueEditorScreen:
        return ValueEditorScreen(pairs, 2, read_only=True)  # notes_fr, pair 3 of 5

    assert snap_compare(make_app(), terminal_size=size, run_before=opened(build))
