"""The pacer: client-side --rpm, the server's x-ratelimit headers, and 429 pauses.

Time is virtual (`VirtualTime`): nothing here waits, and every assertion is about when the
pacer lets a request go on its own clock, never about how long a test took.
"""

from __future__ import annotations

import asyncio

import pytest

from thread_tui.api.pacer import DEFAULT_RPM, MAX_PAUSE, Pacer, parse_duration

from .virtual_time import VirtualTime, vtime

__all__ = ["vtime"]  # the fixture, imported for pytest


def pacer(time: VirtualTime, rpm: float | None, concurrency: int = 4) -> Pacer:
    return Pacer(rpm=rpm, concurrency=concurrency, clock=time.clock, sleep=time.sleep)


async def send_times(p: Pacer, time: VirtualTime, count: int) -> list[float]:
    times = []
    for _ in range(count):
        await p.acquire()
        times.append(round(time.now, 6))
    return times


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1s", 1.0),
        ("6m0s", 360.0),
        ("20ms", 0.02),
        ("1h2m3.5s", 3723.5),
        ("17.5s", 17.5),
        ("500us", 0.0005),
        ("2", 2.0),
        ("0s", 0.0),
    ],
)
def test_durations_as_openai_writes_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", [None, "", "s", "1x", "-1s", "1s2", "nan", "inf", "1 s", "9" * 80])
def test_unreadable_durations_are_none(text: str | None) -> None:
    assert parse_duration(text) is None


async def test_rpm_spaces_requests_evenly(time: VirtualTime) -> None:
    p = pacer(time, rpm=600)
    assert await send_times(p, time, 5) == [0.0, 0.1, 0.2, 0.3, 0.4]


async def test_without_rpm_the_default_holds_until_the_server_says_what_it_allows(
    time: VirtualTime,
) -> None:
    p = pacer(time, rpm=None)
    first = await send_times(p, time, 2)
    assert first[1] - first[0] == pytest.approx(60 / DEFAULT_RPM)
    assert DEFAULT_RPM < 300
    p.on_response(
        200,
        {"x-ratelimit-limit-requests": "6000", "x-ratelimit-remaining-requests": "5990"},
    )
    start = time.now
    burst = await send_times(p, time, 20)
    assert burst == [start] * 20  # the server's bucket has room: no client-side spacing


async def test_the_server_bucket_is_never_overdrawn(time: VirtualTime) -> None:
    p = pacer(time, rpm=None)
    p.on_response(
        200,
        {
            "x-ratelimit-limit-requests": "60",
            "x-ratelimit-remaining-requests": "2",
            "x-ratelimit-reset-requests": "58s",
        },
    )
    times = await send_times(p, time, 4)
    # Two remain; then one a second (60 a minute) as the bucket refills.
    assert times == pytest.approx([0.0, 0.0, 1.0, 2.0])


async def test_an_rpm_above_the_server_limit_is_held_to_the_server(time: VirtualTime) -> None:
    p = pacer(time, rpm=6000)
    p.on_response(200, {"x-ratelimit-limit-requests": "60", "x-ratelimit-remaining-requests": "0"})
    times = await send_times(p, time, 2)
    assert times == pytest.approx([1.0, 2.0])


@pytest.mark.parametrize(
    ("headers", "pause"),
    [
        ({"retry-after-ms": "500"}, 0.5),
        ({"retry-after": "2"}, 2.0),
        ({"x-ratelimit-reset-requests": "3s"}, 3.0),
        ({}, 1.0),
        ({"retry-after": "99999999"}, MAX_PAUSE),
    ],
)
async def test_a_429_pauses_for_what_the_server_asks(
    time: VirtualTime, headers: dict[str, str], pause: float
) -> None:
    p = pacer(time, rpm=100_000)
    p.on_response(429, headers)
    assert p.throttled == 1
    assert p.paused_for == pytest.approx(pause)
    await p.acquire()
    assert time.now >= pause


async def test_a_429_holds_a_worker_that_was_already_waiting_for_its_slot(
    time: VirtualTime,
) -> None:
    p = pacer(time, rpm=60)  # one a second
    await p.acquire()  # t=0; the next slot is t=1
    waiting = asyncio.create_task(p.acquire())
    await asyncio.sleep(0)
    p.on_response(429, {"retry-after": "5"})  # another worker's request is refused
    await waiting
    assert time.now >= 5.0


def test_rpm_and_concurrency_are_checked() -> None:
    with pytest.raises(ValueError):
        Pacer(rpm=0, concurrency=1)
    assert Pacer(rpm=None, concurrency=0).concurrency == 1
    assert Pacer(rpm=None, concurrency=10_000).concurrency == 64
