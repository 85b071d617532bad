"""The client's pacing hooks: `before_send` before every try, `on_response` on every answer.

A bulk run's pacer counts requests actually sent, so a retry after a 429 or a 5xx must pass
through it too, and it must see the 429 itself (not only the final answer).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import httpx
import respx

from thread_tui.api import ApiClient
from thread_tui.core.settings import Settings

from .conftest import BASE, RecordingSleep

THREAD = {"id": "thread_abc", "object": "thread", "created_at": 1, "metadata": {}}


async def test_every_try_waits_for_a_slot_and_every_answer_is_shown(
    router: respx.MockRouter, rx_settings: Settings, sleep: RecordingSleep
) -> None:
    router.get(f"{BASE}/threads/thread_abc").mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after-ms": "10"}, json={"error": {}}),
            httpx.Response(503, json={"error": {}}),
            httpx.Response(200, json=THREAD, headers={"x-ratelimit-remaining-requests": "7"}),
        ]
    )
    slots = 0
    answers: list[tuple[int, str | None]] = []

    async def before_send() -> None:
        nonlocal slots
        slots += 1

    def on_response(status: int, headers: Mapping[str, str]) -> None:
        answers.append((status, headers.get("x-ratelimit-remaining-requests")))

    async with ApiClient(
        rx_settings, sleep=sleep, before_send=before_send, on_response=on_response
    ) as client:
        await client.get_resource("thread_abc")
    assert slots == 3
    assert answers == [(429, None), (503, None), (200, "7")]


async def test_time_spent_waiting_for_a_slot_is_not_taken_from_the_deadline(
    router: respx.MockRouter, rx_settings: Settings, sleep: RecordingSleep
) -> None:
    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)  # the server takes a moment: a try with no time left times out
        return httpx.Response(200, json=THREAD)

    router.get(f"{BASE}/threads/thread_abc").mock(side_effect=answer)
    now = [0.0]

    async def slow_slot() -> None:
        now[0] += 10 * rx_settings.deadline  # a long wait for the pacer, on the client's clock

    async with ApiClient(
        rx_settings, sleep=sleep, clock=lambda: now[0], before_send=slow_slot
    ) as client:
        resource = await client.get_resource("thread_abc")
    assert resource.id == "thread_abc"
