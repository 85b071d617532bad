"""Virtual time for pacing tests: a clock that moves only when every task is asleep.

`sleep` parks the caller until the driver wakes it; the driver lets all runnable tasks run
(many zero-sleeps) and then moves the clock to the earliest sleeper's wake-up, one at a time.
So a request sent while another worker sleeps is stamped with the time it really went out.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

SETTLE = 50  # zero-sleeps that let every runnable task reach its next real wait


class VirtualTime:
    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._order), future))
        await future

    async def _drive(self) -> None:
        while True:
            for _ in range(SETTLE):
                await asyncio.sleep(0)
            if self._sleepers:
                wake, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                if not future.done():
                    future.set_result(None)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[VirtualTime]:
        driver = asyncio.create_task(self._drive())
        try:
            yield self
        finally:
            driver.cancel()


@pytest.fixture(name="time")
async def vtime() -> AsyncIterator[VirtualTime]:
    async with VirtualTime().running() as time:
        yield time
