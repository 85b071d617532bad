"""The clone dialog in each of its stages, for the snapshots and the contrast test (listed in
screen_catalog.py) and the behaviour tests (test_clone_dialog.py).

Each opener pushes `CloneScreen` over an empty backdrop and leaves it settled: the confirm
(one key dropped, one added, the items counted), the progress (a held run: fixed counts, no
clock), the result of a whole clone of conv_abc123 (two items it cannot re-create), and a
failure part way (an emulator fault on the add call). The emulator is seeded and its IDs come
from a counter, so every run draws the same.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import ProgressBar

from thread_tui.api.clone_runner import CloneProgress, CloneResult
from thread_tui.core.item_input import message_item
from thread_tui.emulator import Emulator
from thread_tui.ui.screens.clone_dialog import CloneScreen

BIG = "conv_big0000000000000001"


class Backdrop(Screen[None]):
    """An empty screen under the dialog."""


def seed_big(emulator: Emulator, count: int = 45) -> str:
    """A conversation of `count` user messages: more than one call's 20, so a clone makes a
    create call and add calls."""
    emulator.conversations[BIG] = {
        "id": BIG,
        "object": "conversation",
        "created_at": 1741900000,
        "metadata": {"topic": "big", "secret_flag": "yes"},
    }
    emulator.items[BIG] = [
        {**message_item("user", f"message {n}"), "id": f"msg_big{n:04d}", "status": "completed"}
        for n in range(count)
    ]
    return BIG


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def show(pilot: Pilot[Any], dialog: CloneScreen) -> CloneScreen:
    await pilot.app.push_screen(Backdrop())
    await pilot.app.push_screen(dialog)
    await settle(pilot)
    return dialog


def conversation_dialog(**options: Any) -> CloneScreen:
    """conv_abc123 ({topic, customer}) cloned without customer, with an owner added."""
    return CloneScreen(
        "conv_abc123",
        {"topic": "demo", "customer": "acme"},
        {"topic": "demo", "owner": "ana " * 30},
        **options,
    )


async def confirm(pilot: Pilot[Any], emulator: Emulator) -> None:
    await show(pilot, conversation_dialog())


async def held_run(
    client: Any,
    source_id: str,
    metadata: Mapping[str, str],
    *,
    on_progress: Any = None,
    stop: asyncio.Event | None = None,
) -> CloneResult:
    """A run caught part way: 20 of 45 copied, 1 skipped, until it is stopped."""
    if on_progress is not None:
        on_progress(CloneProgress("copying", 20, 45, 1, "conv_new"))
    await (stop or asyncio.Event()).wait()
    return CloneResult(source_id, "conv_new", None, 20, (), 2, "interrupted", total=45)


async def progress(pilot: Pilot[Any], emulator: Emulator) -> None:
    dialog = await show(pilot, conversation_dialog(runner=held_run))
    await pilot.press("y")
    # Until the bar knows its total: before, it draws the indeterminate animation, whose
    # position follows the wall clock (on a loaded machine three pauses were not enough).
    bar = dialog.query_one("#clone-bar", ProgressBar)
    for _ in range(50):
        await pilot.pause()
        if bar.percentage is not None and getattr(bar.query_one("Bar"), "percentage", None):
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    assert dialog.stage == "progress" and bar.percentage is not None


async def result(pilot: Pilot[Any], emulator: Emulator) -> None:
    dialog = await show(pilot, conversation_dialog())
    await pilot.press("y")
    await settle(pilot)
    assert dialog.stage == "result" and dialog.run.succeeded


async def failure(pilot: Pilot[Any], emulator: Emulator) -> None:
    source = seed_big(emulator)
    dialog = await show(
        pilot, CloneScreen(source, {"topic": "big", "secret_flag": "yes"}, {"topic": "big"})
    )
    emulator.faults.inject(500, match="POST /v1/conversations/conv_", times=5)
    await pilot.press("y")
    await settle(pilot)
    assert dialog.stage == "result" and not dialog.run.succeeded
