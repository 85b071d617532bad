"""Retries: which failures, how many times, and how long between tries (with a fake clock)."""

from __future__ import annotations

import random
from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import ApiClient, ApiError, NetworkError
from thread_tui.api.errors import NotFoundError
from thread_tui.api.retry import RetryPolicy, retry_after
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import Emulator


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
async def test_retryable_statuses_are_retried_twice(
    client: ApiClient, emu: Emulator, sleep: Any, status: int
) -> None:
    emu.faults.inject(status, times=3)
    with pytest.raises(ApiError) as info:
        await client.get_resource("thread_abc123")
    assert info.value.status == status
    assert len(emu.requests) == 3
    assert len(sleep.delays) == 2
    assert "retried 2 times" in info.value.user_message()


@pytest.mark.parametrize(("status", "tries"), [(500, 1), (503, 1), (409, 1), (429, 2), (408, 2)])
async def test_a_create_is_retried_only_when_it_was_not_processed(
    client: ApiClient, emu: Emulator, sleep: Any, status: int, tries: int
) -> None:
    """After a 5xx or 409 the object may exist already: a second POST could make two."""
    from thread_tui.core.ids import ResourceKind

    emu.faults.inject(status, times=1)
    before = set(emu.threads)
    created = await client.create_resource(ResourceKind.THREAD, {}) if tries == 2 else None
    if created is None:
        with pytest.raises(ApiError) as info:
            await client.create_resource(ResourceKind.THREAD, {})
        assert info.value.status == status
        assert set(emu.threads) == before
    else:
        assert set(emu.threads) == before | {created.id}
    assert len(emu.requests) == tries


async def test_success_after_a_transient_failure(client: ApiClient, emu: Emulator) -> None:
    emu.faults.inject(503, times=1)
    thread = await client.get_resource("thread_abc123")
    assert thread.id == "thread_abc123"
    assert client.last_exchange is not None and client.last_exchange.attempts == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 422])
async def test_client_errors_are_not_retried(
    client: ApiClient, emu: Emulator, sleep: Any, status: int
) -> None:
    emu.faults.inject(status, times=5)
    with pytest.raises(ApiError) as info:
        await client.get_resource("thread_abc123")
    assert info.value.status == status
    assert len(emu.requests) == 1 and sleep.delays == []


async def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(max_retries=6)
    rng = random.Random(1)
    delays = [policy.backoff(n, rng) for n in range(1, 7)]
    for n, delay in enumerate(delays, start=1):
        base = min(0.5 * 2 ** (n - 1), 8.0)
        assert base * 0.75 <= delay <= base
    assert delays[-1] <= 8.0


async def test_retry_after_headers_are_honoured(
    client: ApiClient, emu: Emulator, sleep: Any
) -> None:
    emu.faults.inject(429, headers={"retry-after": "3"})
    emu.faults.inject(429, headers={"retry-after-ms": "250"})
    await client.get_resource("thread_abc123")
    assert sleep.delays == [3.0, 0.25]


def test_retry_after_parsing_and_cap() -> None:
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({"retry-after-ms": "1500"}) == 1.5
    # A server asking for an hour must not freeze the app: the policy caps the wait.
    assert RetryPolicy().delay(1, {"retry-after": "3600"}, random.Random(0)) <= 60


async def test_connect_errors_are_retried_then_reported(
    client: ApiClient, emu: Emulator, sleep: Any
) -> None:
    emu.faults.inject(connect_error=True, times=3)
    with pytest.raises(NetworkError) as info:
        await client.get_resource("thread_abc123")
    assert info.value.reason == "connect" and len(sleep.delays) == 2
    assert "tried 3 times" in info.value.user_message()


async def test_a_reset_post_is_not_retried(client: ApiClient, emu: Emulator, sleep: Any) -> None:
    emu.faults.inject(drop=True, times=3)
    with pytest.raises(NetworkError) as info:
        await client.modify_resource("thread_abc123", {"metadata": {"a": "b"}})
    assert info.value.reason == "reset"
    assert sleep.delays == []


async def test_read_timeout_is_its_own_message(emu: Emulator, sleep: Any) -> None:
    settings = Settings(
        api_key=SecretStr("sk-demo-thread-tui-emulator-0000"),
        base_url="http://emulator.local/v1",
        demo=True,
        total_timeout=0.05,
        max_retries=0,
    )
    emu.faults.inject(delay=0.5)
    async with ApiClient(settings, transport=emu.transport(), sleep=sleep) as api:
        with pytest.raises(NetworkError) as info:
            await api.get_resource("thread_abc123")
    assert info.value.reason == "read_timeout"
    assert "did not answer in time" in info.value.user_message()


@respx.mock
async def test_dns_failure_is_named() -> None:
    respx.get("https://api.example.test/v1/threads/thread_abc123").mock(
        side_effect=httpx.ConnectError("[Errno -2] Name or service not known")
    )
    settings = Settings(
        api_key=SecretStr("sk-x-000000000000"),
        base_url="https://api.example.test/v1",
        max_retries=0,
    )
    async with ApiClient(settings) as api:
        with pytest.raises(NetworkError) as info:
            await api.get_resource("thread_abc123")
    assert info.value.reason == "dns"
    assert "DNS lookup failed" in info.value.user_message()


@respx.mock
async def test_non_json_error_body_still_gives_a_sentence() -> None:
    respx.get("https://api.example.test/v1/threads/thread_x").mock(
        return_value=httpx.Response(
            404, text="<html>gateway</html>", headers={"x-request-id": "r1"}
        )
    )
    settings = Settings(
        api_key=SecretStr("sk-x-000000000000"), base_url="https://api.example.test/v1"
    )
    async with ApiClient(settings) as api:
        with pytest.raises(NotFoundError) as info:
            await api.get_resource("thread_x")
    assert "gateway" in info.value.user_message() and "(request id r1)" in info.value.user_message()
