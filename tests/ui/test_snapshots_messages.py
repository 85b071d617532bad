"""SVG snapshots of the editor's Messages tab (a thread, a line with attached files
highlighted) and Items tab (a conversation with a function call), both pages loaded.

Deterministic as tests/ui/test_snapshots_main.py: fixed size and clock, seeded emulator, no
cursor blink, and the measured load time pinned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from thread_tui.ui.screens.editor import EditorScreen

SIZE = (120, 40)


def messages_tab(resource_id: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        resource = await app.client.get_resource(resource_id)  # type: ignore[attr-defined]
        exchange = dataclasses.replace(app.client.last_exchange, elapsed_ms=12.0)  # type: ignore[attr-defined]
        await app.push_screen(EditorScreen(resource, exchange))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_messages_tab_of_a_thread(snap_compare: Any, make_app: Any) -> None:
    # down to the user message with two attached files: the pane below shows them in full
    keys = ["down"] * 7
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=messages_tab("thread_abc123", *keys)
    )


def test_items_tab_of_a_conversation(snap_compare: Any, make_app: Any) -> None:
    # the end loads the second page; then up to the function call
    keys = ["end", "up", "up", "up"]
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=messages_tab("conv_abc123", *keys)
    )
