"""fetch_each: at most N requests in flight, results in the order given (export) or as they
finish (import), and closing it early cancels what is still in flight."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx

from thread_tui.commands.demo import build_client
from thread_tui.commands.fetch_many import fetch_each
from thread_tui.core.settings import load_settings
from thread_tui.emulator import Emulator


class SlowFirst(httpx.AsyncBaseTransport):
    """The emulator, with the first request answered last; counts what was cancelled."""

    def __init__(self, emu: Emulator) -> None:
        self.inner = emu.transport()
        self.started = 0
        self.cancelled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.started += 1
        try:
            await asyncio.sleep(0.05 if self.started == 1 else 0.001)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return await self.inner.handle_async_request(request)


async def collect(results: AsyncIterator[Any]) -> list[str]:
    return [f"{r.id}:{r.status}" async for r in results]


IDS = ["thread_abc123", "conv_abc123", "thread_gone", "thread_tools"]


async def test_ordered_results_follow_the_list_unordered_ones_do_not_wait() -> None:
    emu = Emulator()
    settings = load_settings(demo=True)
    expected = ["thread_abc123:ok", "conv_abc123:ok", "thread_gone:not_found", "thread_tools:ok"]
    async with build_client(settings, SlowFirst(emu)) as client:
        ordered = await collect(fetch_each(client, IDS, concurrency=3, ordered=True))
    assert ordered == expected
    async with build_client(settings, SlowFirst(emu)) as client:
        unordered = await collect(fetch_each(client, IDS, concurrency=3, ordered=False))
    assert sorted(unordered) == sorted(expected)
    assert unordered[-1] == "thread_abc123:ok"  # the slow one came last, holding none back


async def test_closing_early_cancels_what_is_in_flight() -> None:
    emu = Emulator()
    transport = SlowFirst(emu)
    async with build_client(load_settings(demo=True), transport) as client:
        results = fetch_each(client, IDS * 5, concurrency=4, ordered=False)
        await anext(results)
        await results.aclose()  # type: ignore[attr-defined]
    assert transport.started <= 5  # 4, then 1 more as the first finished, not 20
    assert transport.cancelled >= 1  # the slow first one was still running
