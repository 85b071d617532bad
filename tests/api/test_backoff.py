"""The waits between tries, measured with a fake sleep: exponential, capped, jittered, and the
server's retry-after / retry-after-ms / x-should-retry honoured."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import ApiClient, NetworkError, RateLimitError, ServerError
from thread_tui.api.retry import (
    RetryPolicy,
    is_retryable_network,
    is_retryable_status,
    retry_after,
)

FAIL_503 = httpx.Response(503, json={"error": {"message": "busy"}})
THREAD = {"id": "thread_x", "object": "thread", "created_at": 1}


async def test_delays_double_from_half_a_second_and_cap_at_8(
    router: respx.MockRouter, make_settings: Any, sleep: Any, fixed_random: Any
) -> None:
    route = router.get("/threads/thread_x").mock(return_value=FAIL_503)
    settings = make_settings(max_retries=7)
    async with ApiClient(settings, sleep=sleep, rng=fixed_random(0.0)) as client:
        with pytest.raises(ServerError) as info:
            await client.get_resource("thread_x")
    assert sleep.delays == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert route.call_count == 8
    assert info.value.attempts == 8
    assert info.value.exchange is not None and info.value.exchange.attempts == 8
    assert "retried 7 times" in info.value.user_message()


async def test_jitter_takes_off_at_most_a_quarter(
    router: respx.MockRouter, make_settings: Any, sleep: Any, fixed_random: Any
) -> None:
    router.get("/threads/thread_x").mock(return_value=FAIL_503)
    async with ApiClient(
        make_settings(max_retries=5), sleep=sleep, rng=fixed_random(0.999999)
    ) as client:
        with pytest.raises(ServerError):
            await client.get_resource("thread_x")
    bases = [0.5, 1.0, 2.0, 4.0, 8.0]
    for delay, base in zip(sleep.delays, bases, strict=True):
        assert base * 0.75 <= delay < base * 0.7501


def test_jitter_stays_in_bounds_for_any_random_source() -> None:
    policy = RetryPolicy()
    rng = random.Random(1234)
    for _ in range(200):
        for n in range(1, 10):
            base = min(0.5 * 2 ** (n - 1), 8.0)
            assert base * 0.75 <= policy.backoff(n, rng) <= base


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250"}, 0.25),
        # OpenAI's millisecond header is the more precise one: it wins.
        ({"retry-after-ms": "1200", "retry-after": "2"}, 1.2),
        # An hour is capped to a minute, so a server cannot freeze the app.
        ({"retry-after": "3600"}, 60.0),
        ({"retry-after-ms": "120000"}, 60.0),
        # Unreadable or negative values fall back to the backoff (0.5 s with no jitter).
        ({"retry-after": "soon"}, 0.5),
        ({"retry-after": "-4"}, 0.5),
        ({"retry-after-ms": "nan"}, 0.5),
        ({}, 0.5),
    ],
)
async def test_retry_after_is_honoured(
    router: respx.MockRouter,
    rx_client: ApiClient,
    sleep: Any,
    headers: dict[str, str],
    expected: float,
) -> None:
    router.get("/threads/thread_x").mock(
        side_effect=[httpx.Response(429, headers=headers), httpx.Response(200, json=THREAD)]
    )
    await rx_client.get_resource("thread_x")
    assert sleep.delays == [pytest.approx(expected)]


def test_retry_after_as_an_http_date() -> None:
    now = 1_700_000_000.0
    moment = datetime.fromtimestamp(now + 7, tz=UTC)
    assert retry_after({"retry-after": format_datetime(moment, usegmt=True)}, now=now) == 7.0
    past = datetime.fromtimestamp(now - 30, tz=UTC)
    assert retry_after({"retry-after": format_datetime(past, usegmt=True)}, now=now) == 0.0
    assert retry_after({"retry-after": "Someday, 99 Foo"}, now=now) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
async def test_no_retry_on_client_errors(
    router: respx.MockRouter, rx_client: ApiClient, sleep: Any, status: int
) -> None:
    route = router.post("/threads/thread_x").respond(status, json={"error": {"message": "no"}})
    with pytest.raises(Exception) as info:
        await rx_client.modify_resource("thread_x", {"metadata": {}})
    assert getattr(info.value, "status", None) == status
    assert route.call_count == 1 and sleep.delays == []
    assert "retried" not in info.value.user_message()  # type: ignore[attr-defined]


async def test_post_is_retried_on_retryable_statuses(
    router: respx.MockRouter, rx_client: ApiClient, sleep: Any
) -> None:
    route = router.post("/threads/thread_x").mock(
        side_effect=[httpx.Response(409), httpx.Response(502), httpx.Response(200, json=THREAD)]
    )
    thread = await rx_client.modify_resource("thread_x", {"metadata": {}})
    assert thread.id == "thread_x"
    assert route.call_count == 3 and sleep.delays == [0.5, 1.0]


async def test_rate_limit_sentence(
    router: respx.MockRouter, rx_client: ApiClient, sleep: Any
) -> None:
    router.get("/threads/thread_x").respond(
        429,
        json={"error": {"message": "Rate limit reached for requests.", "type": "requests"}},
        headers={"x-request-id": "req_rl", "retry-after-ms": "10"},
    )
    with pytest.raises(RateLimitError) as info:
        await rx_client.get_resource("thread_x")
    assert info.value.user_message() == (
        "Rate limited (HTTP 429); retried 2 times: Rate limit reached for requests. "
        "(request id req_rl)"
    )
    assert sleep.delays == [0.01, 0.01]


async def test_x_should_retry_overrides_the_status(
    router: respx.MockRouter, rx_client: ApiClient, sleep: Any
) -> None:
    route = router.get("/threads/thread_x").mock(
        side_effect=[
            httpx.Response(400, headers={"x-should-retry": "true"}),
            httpx.Response(503, headers={"x-should-retry": "false"}),
        ]
    )
    with pytest.raises(ServerError) as info:
        await rx_client.get_resource("thread_x")
    assert route.call_count == 2 and sleep.delays == [0.5]
    assert info.value.attempts == 2


async def test_max_retries_zero_means_one_try(
    router: respx.MockRouter, make_settings: Any, sleep: Any
) -> None:
    route = router.get("/threads/thread_x").mock(return_value=FAIL_503)
    async with ApiClient(make_settings(max_retries=0), sleep=sleep) as client:
        with pytest.raises(ServerError) as info:
            await client.get_resource("thread_x")
    assert route.call_count == 1 and sleep.delays == []
    assert info.value.user_message() == "The server failed (HTTP 503): busy."


@pytest.mark.parametrize(
    ("exc", "method", "tries"),
    [
        (httpx.ConnectError("refused"), "GET", 3),
        (httpx.ConnectError("refused"), "POST", 3),
        (httpx.ConnectError("refused"), "DELETE", 3),
        (httpx.ConnectTimeout("slow"), "POST", 3),
        (httpx.ReadTimeout("slow"), "GET", 3),
        (httpx.ReadTimeout("slow"), "POST", 1),
        (httpx.ReadError("reset"), "GET", 3),
        (httpx.RemoteProtocolError("reset"), "DELETE", 1),
        (httpx.ReadError("reset"), "POST", 1),
        (httpx.UnsupportedProtocol("nope"), "GET", 1),
    ],
)
async def test_network_retries_depend_on_the_method(
    router: respx.MockRouter,
    rx_client: ApiClient,
    sleep: Any,
    exc: Exception,
    method: str,
    tries: int,
) -> None:
    route = router.route(path="/threads/thread_x").mock(side_effect=exc)
    with pytest.raises(NetworkError) as info:
        if method == "GET":
            await rx_client.get_resource("thread_x")
        elif method == "POST":
            await rx_client.modify_resource("thread_x", {"metadata": {}})
        else:
            await rx_client.delete_resource("thread_x")
    assert route.call_count == tries
    assert info.value.attempts == tries
    assert len(sleep.delays) == tries - 1


async def test_a_retried_success_records_the_attempts(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    router.get("/threads/thread_x").mock(
        side_effect=[httpx.ConnectError("refused"), FAIL_503, httpx.Response(200, json=THREAD)]
    )
    await rx_client.get_resource("thread_x")
    assert rx_client.last_exchange is not None
    assert rx_client.last_exchange.attempts == 3
    assert len(rx_client.history) == 1


def test_retry_predicates() -> None:
    assert all(is_retryable_status(s) for s in (408, 409, 429, 500, 502, 503, 504, 599))
    assert not any(is_retryable_status(s) for s in (400, 401, 403, 404, 410, 422))
    assert is_retryable_network("dns", "POST")
    assert not is_retryable_network("timeout", "POST")
    assert is_retryable_network("timeout", "get")
    assert not is_retryable_network("other", "GET")
