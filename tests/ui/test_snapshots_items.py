"""SVG snapshots of the Items / Messages tab's dialogs at 80x24 and 120x40: an entry's JSON,
the add dialog (empty, with a queue, with a problem) and the delete confirm.

Deterministic as tests/ui/test_snapshots_messages.py: fixed size and clock, seeded emulator,
no cursor blink, and the measured load time pinned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select, TextArea

from thread_tui.ui.screens.editor import EditorScreen

SIZES = [(80, 24), (120, 40)]
Step = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str) -> Step:
    async def step(pilot: Pilot[Any]) -> None:
        await pilot.press(*pressed)

    return step


def typed(role: str, text: str, *then: str) -> Step:
    """Choose `role`, put `text` in the add dialog's field, then press `then`."""

    async def step(pilot: Pilot[Any]) -> None:
        screen = pilot.app.screen
        screen.query_one("#add-role", Select).value = role
        screen.query_one("#add-text", TextArea).load_text(text)
        await pilot.pause()
        if then:
            await pilot.press(*then)

    return step


async def full_queue(pilot: Pilot[Any]) -> None:
    """Twenty messages queued at once (typing each would redraw the dialog twenty times)."""
    from thread_tui.core.item_queue import QueuedMessage

    screen = pilot.app.screen
    screen.queue.entries = [QueuedMessage("user", f"message {n}") for n in range(20)]
    screen._show_queue()
    await pilot.pause()


def on_tab(resource_id: str, *steps: Step) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        resource = await app.client.get_resource(resource_id)  # type: ignore[attr-defined]
        exchange = dataclasses.replace(app.client.last_exchange, elapsed_ms=12.0)  # type: ignore[attr-defined]
        await app.push_screen(EditorScreen(resource, exchange))
        await pilot.pause()
        await pilot.press("ctrl+l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for step in steps:
            await step(pilot)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_detail_of_a_function_call(snap_compare: Any, make_app: Any, size: Any) -> None:
    steps = on_tab("conv_abc123", keys("end"), keys("up", "up", "up", "enter"))
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_add_dialog_empty(snap_compare: Any, make_app: Any, size: Any) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_tab("conv_abc123", keys("a")))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_add_dialog_with_a_queue(snap_compare: Any, make_app: Any, size: Any) -> None:
    steps = on_tab(
        "conv_abc123",
        keys("a"),
        typed("system", "Answer in one short paragraph.", "ctrl+n"),
        typed("user", "What does the refund policy say about opened items? " * 3, "ctrl+n"),
        typed("assistant", "Opened items can be returned within 14 days.", "ctrl+n"),
        typed("user", "And the shipping costs?\nWho pays them?"),
    )
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_add_dialog_with_a_problem(snap_compare: Any, make_app: Any, size: Any) -> None:
    steps = on_tab(
        "conv_abc123",
        keys("a"),
        full_queue,
        typed("user", "the 21st", "ctrl+n"),
    )
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_delete_confirm(snap_compare: Any, make_app: Any, size: Any) -> None:
    steps = on_tab("thread_abc123", keys("down", "d"))
    assert snap_compare(make_app(), terminal_size=size, run_before=steps)
