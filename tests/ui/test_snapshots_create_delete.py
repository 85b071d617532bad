"""SVG snapshots of create and delete: the editor of a new, unsaved thread, and the delete
dialog with a partly typed ID (Delete still disabled).

Deterministic: fixed terminal size and clock, seeded emulator, no cursor blink; nothing here
measures time.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from thread_tui.core.ids import ResourceKind
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen

SIZE = (120, 40)


class Backdrop(Screen[None]):
    """An empty screen under the modal, independent of the app's other screens."""


def test_new_thread_editor(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+n")  # New thread, from the lookup screen
        await pilot.pause()
        await pilot.press(*"owner", "enter", *"ana")  # into the blank pair it opens on
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_delete_dialog_with_a_partly_typed_id(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ThreadTuiApp)
        await app.push_screen(Backdrop())
        await app.push_screen(
            DeleteConfirmScreen(ResourceKind.THREAD, "thread_abc123", unsaved_edits=True)
        )
        await pilot.pause()
        app.screen.query_one("#delete-typed", Input).value = "thread_abc"
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
