"""When the terminal first shows what a screen settles on: frames replayed on a virtual screen.

Textual writes each frame as an update (a full layout, or chops of changed lines). Waiting
with `call_after_refresh` stops the clock at the next tick of the refresh timer, up to a
frame period (1/60 s) after the frame is on the terminal, and after any frame that only
re-sends what is already shown. This module keeps every update a screen writes, replays them
cell by cell, and finds the first frame from which the cells no longer change: the moment the
user sees the settled screen.
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.segment import ControlType

Cell = tuple[str, Any]


class FrameLog:
    """Updates written for one screen, with the time each was written."""

    def __init__(self) -> None:
        self.frames: list[tuple[float, Any]] = []
        self.screen: Any = None
        self._first = False

    def record(self, screen: Any, update: Any) -> None:
        if update is None:
            return
        if self._first:
            self.screen, self._first = screen, False
        if screen is self.screen:
            self.frames.append((time.perf_counter(), update))

    def watch_first(self) -> None:
        """Watch whichever screen writes the next frame (the app's first screen)."""
        self.watch(None)
        self._first = True

    def watch(self, screen: Any) -> None:
        self.screen = screen
        self.frames.clear()

    def replay(self, console: Console, size: tuple[int, int]) -> list[list[list[Cell]]]:
        """The screen's cells after each frame, in order; raises when nothing was written."""
        if not self.frames:
            raise RuntimeError("no frame was written for the screen")
        width, height = size
        cells: list[list[Cell]] = [[(" ", None)] * width for _ in range(height)]
        states = []
        for _, update in self.frames:
            _apply(cells, update, console)
            states.append([list(row) for row in cells])
        return states

    def settled_at(self, console: Console, size: tuple[int, int]) -> float:
        """perf_counter time of the first frame after which the screen's cells stay as they
        end; raises when nothing was written."""
        states = self.replay(console, size)
        final = states[-1]
        first = len(states) - 1
        while first > 0 and states[first - 1] == final:
            first -= 1
        return self.frames[first][0]


def _apply(cells: list[list[Cell]], update: Any, console: Console) -> None:
    x = y = 0
    for segment in update.__rich_console__(console, console.options):
        if segment.control:
            for control in segment.control:
                if control[0] == ControlType.CURSOR_MOVE_TO:
                    x, y = int(control[1]), int(control[2])
            continue
        if segment.text == "\n":
            continue
        row = cells[y] if 0 <= y < len(cells) else None
        for char in segment.text:
            if row is not None and 0 <= x < len(row):
                row[x] = (char, segment.style)
            x += 1
