"""The benchmark's frame replay (bench/frames.py): what it reads off the frames a screen
writes is what the screen shows, and the moment it picks is the last change of the cells."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from frames import FrameLog
from inprocess import make_app

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.editor import EditorScreen

SIZE = (100, 30)


def _text(state: list[list[Any]]) -> list[str]:
    return ["".join(char for char, _ in row) for row in state]


async def test_the_replayed_frames_show_what_the_screen_shows() -> None:
    frames = FrameLog()
    app = make_app(Emulator(), frames)
    async with app.run_test(size=SIZE) as pilot:
        resource = await app.client.get_resource("thread_tools")
        screen = EditorScreen(resource, None)
        frames.watch(screen)
        start = time.perf_counter()
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        shown = [strip.text for strip in screen._compositor.render_strips()]
        states = frames.replay(app.console, SIZE)
        assert _text(states[-1]) == shown
        assert "thread_tools" in shown[1] and "code_interpreter files" in "".join(shown)
        settled = frames.settled_at(app.console, SIZE)
        assert start < settled <= frames.frames[-1][0]

        # A frame that only re-sends what is shown does not move it.
        written = len(frames.frames)
        screen.refresh(repaint=True)
        await pilot.pause()
        await pilot.pause()
        assert len(frames.frames) > written
        assert frames.settled_at(app.console, SIZE) == settled

        # A change after the editor settled moves the settled moment to the frame showing it.
        before = frames.frames[-1][0]
        key = screen.focused.value  # type: ignore[union-attr]
        assert f"{key}QZ" not in "".join(shown)
        await pilot.press("Q", "Z")
        await pilot.pause()
        await pilot.pause()
        assert frames.settled_at(app.console, SIZE) > before
        assert f"{key}QZ" in "".join(_text(frames.replay(app.console, SIZE)[-1]))


def test_no_frame_is_an_error_not_a_figure() -> None:
    frames = FrameLog()
    frames.watch(object())
    with pytest.raises(RuntimeError, match="no frame"):
        frames.settled_at(Console(), SIZE)


def _outside(state: list[list[Any]], regions: list[Any]) -> list[list[Any]]:
    """`state` with the cells of `regions` blanked."""
    masked = [list(row) for row in state]
    for region in regions:
        for y in range(region.y, region.bottom):
            for x in range(region.x, region.right):
                masked[y][x] = None
    return masked


async def test_the_lookup_screen_is_settled_at_its_first_frame() -> None:
    """The cold-start probe stops at Ready, as its baseline does. Textual sends Ready right
    after the first frame, so that is fair only while the first frame already shows the lookup
    screen as it settles: every widget in its final place and state, the ID field usable.

    One region is allowed to change after it, and only in its content: the catalog's rows and
    its count. The catalog loads after the first frame, in a thread (SQLite and
    storage.catalog cost about 80 ms of imports alone, a fifth of the whole cold start, so a
    synchronous first page would not be cheap). The first frame shows that region laid out
    as it stays (the table's border and column header, the status line) in a stable loading
    state, "loading…"; the rows then fill it without moving anything else. So this checks
    that every cell outside the table's rows and the status text is settled at the first
    frame, that the first frame shows the loading state and the last the loaded catalog."""
    frames = FrameLog()
    frames.watch_first()
    app = make_app(Emulator(), frames)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = frames.screen
        assert type(screen).__name__ == "LookupScreen"
        while screen.index is None:  # noqa: ASYNC110 - the load exposes no event to await
            await asyncio.sleep(0.01)
        await pilot.pause()
        await pilot.pause()
        assert len(frames.frames) > 1  # later frames came
        states = frames.replay(app.console, SIZE)
        first, last = _text(states[0]), _text(states[-1])
        assert "Open a thread or a conversation" in "".join(first)

        table = screen.query_one("#catalog")
        rows = table.content_region
        rows = rows._replace(y=rows.y + 1, height=rows.height - 1)  # the header stays
        status = screen.query_one("#catalog-status").region
        allowed = [rows, status]
        assert all(_outside(state, allowed) == _outside(states[0], allowed) for state in states)
        assert "loading…" in first[status.y] and "loading…" not in last[status.y]
        assert "Loading the catalog…" in first[rows.y]
        assert "Loading the catalog…" not in last[rows.y]
