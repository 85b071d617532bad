"""The client's limits against a hostile server, on respx with a fake clock: the request's
deadline counts every wait, each wait is told to `on_wait`, bodies are capped and parsed only
when they do not nest too deep, and what the errors show is inert."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import (
    ApiClient,
    NetworkError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    ServerError,
    Wait,
)
from thread_tui.core.settings import Settings

THREAD = {"id": "thread_abc123", "object": "thread", "created_at": 0, "metadata": {}}
URL = "/threads/thread_abc123"


class FakeClock:
    """A monotonic clock that only the fake sleep moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.delays: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)
        self.now += seconds


def client_for(settings: Settings, clock: FakeClock, **options: Any) -> ApiClient:
    return ApiClient(settings, sleep=clock.sleep, clock=clock, **options)


async def test_a_retry_after_past_the_deadline_is_not_waited_for(
    router: respx.MockRouter, make_settings: Any
) -> None:
    """99999 s is capped to 60 s, which is past timeout 3 s x 3 tries: no wait at all."""
    route = router.get(URL).respond(429, headers={"retry-after": "99999"}, json={})
    clock = FakeClock()
    async with client_for(make_settings(total_timeout=3.0), clock) as client:
        with pytest.raises(RateLimitError) as info:
            await client.get_resource("thread_abc123")
    assert clock.delays == [] and route.call_count == 1
    message = info.value.user_message()
    assert "asked to wait 99999 s" in message and "deadline (9 s" in message


async def test_a_retry_after_is_waited_for_while_it_fits_the_deadline(
    router: respx.MockRouter, make_settings: Any
) -> None:
    """5 s fits the 9 s deadline once; the second 5 s (4 s left) does not."""
    route = router.get(URL).respond(429, headers={"retry-after": "5"}, json={})
    clock = FakeClock()
    async with client_for(make_settings(total_timeout=3.0), clock) as client:
        with pytest.raises(RateLimitError) as info:
            await client.get_resource("thread_abc123")
    assert clock.delays == [5.0] and route.call_count == 2
    message = info.value.user_message()
    assert "retried 1 time" in message and "asked to wait 5 s" in message


async def test_every_wait_counts_against_the_deadline(
    router: respx.MockRouter, make_settings: Any, fixed_random: Any
) -> None:
    """Backoff 0.5, 1, 2, 4, 8, 8, … within timeout 3 x 11 tries = 33 s: the waits stop
    before they would pass it, although retries are left."""
    route = router.get(URL).respond(503, json={})
    clock = FakeClock()
    settings = make_settings(total_timeout=3.0, max_retries=10)
    async with client_for(settings, clock, rng=fixed_random(0.0)) as client:
        with pytest.raises(ServerError) as info:
            await client.get_resource("thread_abc123")
    assert clock.delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert route.call_count == 8
    assert "would pass this request's deadline (33 s" in info.value.user_message()


async def test_each_wait_is_told_as_it_starts(
    router: respx.MockRouter, make_settings: Any, fixed_random: Any
) -> None:
    router.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"retry-after": "2"}, json={}),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=THREAD),
        ]
    )
    clock = FakeClock()
    told: list[tuple[Wait, list[float]]] = []
    client = client_for(make_settings(total_timeout=10.0), clock, rng=fixed_random(0.0))
    client.on_wait = lambda wait: told.append((wait, list(clock.delays)))
    async with client:
        await client.get_resource("thread_abc123")
    assert [(w.seconds, w.retry, w.deadline_left, before) for w, before in told] == [
        (2.0, 1, 30.0, []),  # told before the sleep starts
        (1.0, 2, 28.0, [2.0]),
    ]
    assert "asked to wait" in told[0][0].reason and "429" in told[0][0].reason
    assert "could not connect" in told[1][0].reason


async def test_on_wait_can_be_given_to_the_constructor(
    router: respx.MockRouter, make_settings: Any
) -> None:
    router.get(URL).mock(
        side_effect=[httpx.Response(503, json={}), httpx.Response(200, json=THREAD)]
    )
    clock = FakeClock()
    told: list[Wait] = []
    async with client_for(make_settings(), clock, on_wait=told.append) as client:
        await client.get_resource("thread_abc123")
    assert [w.retry for w in told] == [1] and told[0].seconds == clock.delays[0]


@pytest.mark.parametrize("status", [200, 500])
async def test_a_body_nested_too_deep_is_a_format_error(
    router: respx.MockRouter, make_settings: Any, status: int
) -> None:
    deep = "[" * 1000 + "]" * 1000
    router.get(URL).respond(status, text=deep, headers={"content-type": "application/json"})
    async with client_for(make_settings(max_retries=0), FakeClock()) as client:
        with pytest.raises((ResponseFormatError, ServerError)) as info:
            await client.get_resource("thread_abc123")
        assert "nested deeper than 64 levels" in info.value.user_message()
        exchange = client.last_exchange
        assert exchange is not None and exchange.response_text == deep  # kept for the inspector
        with pytest.raises(ValueError, match="deeper than 64"):
            exchange.json()


async def test_a_body_past_the_cap_is_refused_unread(
    router: respx.MockRouter, make_settings: Any
) -> None:
    async def endless() -> Any:
        for _ in range(10_000):  # 640 MB, were it all read
            yield b"x" * 65536

    route = router.get(URL).mock(return_value=httpx.Response(200, content=endless()))
    settings = make_settings(max_response_bytes=1024 * 1024)
    async with client_for(settings, FakeClock()) as client:
        with pytest.raises(ResponseTooLargeError) as info:
            await client.get_resource("thread_abc123")
    assert "larger than 1 MiB" in info.value.user_message() and route.call_count == 1
    assert isinstance(info.value, ResponseFormatError)  # what every screen already handles


async def test_a_declared_length_past_the_cap_is_refused_before_reading(
    router: respx.MockRouter, make_settings: Any
) -> None:
    router.get(URL).respond(200, content=b" " * 5000, headers={"content-length": "5000"})
    async with client_for(make_settings(max_response_bytes=4096), FakeClock()) as client:
        with pytest.raises(ResponseTooLargeError, match="larger than 4096 bytes"):
            await client.get_resource("thread_abc123")


async def test_error_texts_are_shown_inert_but_kept_raw(
    router: respx.MockRouter, make_settings: Any
) -> None:
    evil = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
    router.get(URL).respond(400, json={"error": {"message": f"bad {evil}"}})
    async with client_for(make_settings(max_retries=0), FakeClock()) as client:
        with pytest.raises(Exception) as info:
            await client.get_resource("thread_abc123")
    error: Any = info.value
    assert evil in error.message  # the data as it came
    shown = error.user_message()
    assert "pwned" in shown
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e")


async def test_a_network_error_past_the_deadline_is_not_retried(
    router: respx.MockRouter, make_settings: Any, fixed_random: Any
) -> None:
    router.get(URL).mock(side_effect=httpx.ConnectError("refused"))
    clock = FakeClock()
    settings = make_settings(total_timeout=1.0, max_retries=3)  # 4 s in all
    async with client_for(settings, clock, rng=fixed_random(0.0)) as client:
        with pytest.raises(NetworkError) as info:
            await client.get_resource("thread_abc123")
    assert clock.delays == [0.5, 1.0, 2.0]
    assert "would pass this request's deadline" not in info.value.user_message()
    clock2 = FakeClock()
    settings = make_settings(total_timeout=1.0, max_retries=5)  # 6 s: 0.5+1+2 fit, 4 does not
    async with client_for(settings, clock2, rng=fixed_random(0.0)) as client:
        with pytest.raises(NetworkError) as info:
            await client.get_resource("thread_abc123")
    assert clock2.delays == [0.5, 1.0, 2.0]
    assert "Another try after 4.0 s, which would pass" in info.value.user_message()
