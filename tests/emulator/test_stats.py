"""`/_emulator/stats`: every request the emulator answered, by status, for a bench to count
its 429s (the request log keeps only the last ones); guarded by the emulator's key."""

from __future__ import annotations

import httpx
import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator, RequestRateLimit

KEY = {"Authorization": f"Bearer {DEMO_API_KEY}"}


def _stats_url(http: httpx.AsyncClient) -> str:
    return str(http.base_url.copy_with(path="/_emulator/stats"))


async def test_requests_are_counted_by_status(http: httpx.AsyncClient, emu: Emulator) -> None:
    emu.rate_limit = RequestRateLimit(3, clock=lambda: 0.0)
    emu.faults.inject(drop=True, match="GET /v1/files")
    for path in ("/threads/thread_abc123", "/threads/thread_nope", "/threads/thread_abc123"):
        await http.get(path)
    await http.get("/threads/thread_abc123")  # the fourth: 429
    with pytest.raises(httpx.TransportError):
        await http.get("/files")  # dropped (and limited: a drop wins)
    stats = (await http.get(_stats_url(http), headers=KEY)).json()
    assert stats["object"] == "emulator.stats"
    assert stats["requests"] == 5
    assert stats["by_status"] == {"200": 2, "404": 1, "429": 1, "dropped": 1}
    assert stats["seconds"] >= 0
    assert len(emu.requests) == 5  # the control requests are neither logged nor counted
    reset = (await http.delete(_stats_url(http), headers=KEY)).json()
    assert (reset["requests"], reset["by_status"], reset["seconds"]) == (0, {}, 0.0)


async def test_the_counts_outlast_the_log() -> None:
    emu = Emulator(log_limit=3)
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url="http://emulator.local/v1"
    ) as client:
        for _ in range(10):
            await client.get("/threads/thread_abc123")  # 401: no key
        stats = (await client.get(_stats_url(client), headers=KEY)).json()
    assert len(emu.requests) == 3 and stats["by_status"] == {"401": 10}


async def test_stats_need_the_emulators_key(http: httpx.AsyncClient) -> None:
    refused = await http.get(_stats_url(http), headers={"Authorization": "Bearer sk-other"})
    assert refused.status_code == 401
    wrong = await http.post(_stats_url(http), headers=KEY)
    assert wrong.status_code == 405


def test_a_burst_needs_a_limit() -> None:
    assert main(["emulator", "--rate-burst", "5"]) == 2
    assert main(["emulator", "--rate-limit", "4", "--rate-burst", "5"]) == 2
