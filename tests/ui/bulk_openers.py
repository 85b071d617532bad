"""The bulk editor's screens opened the way a user gets there, for the behaviour tests, the
snapshots (test_snapshots_bulk.py) and the contrast test (screen_catalog.py).

The selection covers every case: threads that take the change, one at 16 pairs (refused),
conversations, and an ID the server does not know. Runs are paced with one worker and no
wait (`fast_pacer`), so outcomes come in the IDs' order and nothing waits on a clock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from thread_tui.api.pacer import Pacer
from thread_tui.ui.screens.bulk_editor import BulkEditorScreen

IDS = [
    "thread_abc123",
    "thread_full16",
    "thread_tools",
    "thread_empty",
    "conv_abc123",
    "conv_empty",
    "thread_nope",
]


def fast_pacer(concurrency: int = 1) -> Pacer:
    return Pacer(rpm=6_000_000, concurrency=concurrency)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def bulk_editor(
    pilot: Pilot[Any], ids: list[str] | None = None, pairs: tuple[tuple[str, str], ...] = ()
) -> BulkEditorScreen:
    """The bulk editor over `ids` with `pairs` typed as the change, every object checked."""
    pilot.app.open_bulk_editor(list(IDS if ids is None else ids))  # type: ignore[attr-defined]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BulkEditorScreen)
    for index, (key, value) in enumerate(pairs):
        if index:
            await pilot.press("ctrl+n")
        await pilot.press(*key, "tab", *value)
    await settle(pilot)
    return screen


def with_change(*pairs: tuple[str, str]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def opener(pilot: Pilot[Any]) -> None:
        await bulk_editor(pilot, pairs=pairs)

    return opener


async def review(pilot: Pilot[Any]) -> None:
    await bulk_editor(pilot, pairs=(("owner", "ana"),))
    await pilot.press("ctrl+s")
    await settle(pilot)


async def confirm(pilot: Pilot[Any]) -> None:
    await review(pilot)
    await pilot.press("y")
    await settle(pilot)


async def progress(pilot: Pilot[Any]) -> None:
    """The progress view at the end of a run (the confirm's Send, with a fast pacer)."""
    from thread_tui.ui.screens.bulk_progress import BulkProgressScreen

    screen = await bulk_editor(pilot, pairs=(("owner", "ana"),))
    await pilot.app.push_screen(BulkProgressScreen(screen.session, pacer=fast_pacer()))
    await settle(pilot)


async def ids_dialog(pilot: Pilot[Any]) -> None:
    from thread_tui.ui.screens.bulk_ids import BulkIdsScreen

    await pilot.app.push_screen(BulkIdsScreen("thread_abc123\nconv_abc123, thread_tools\nnope"))
    await settle(pilot)
