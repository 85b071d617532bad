"""Requests that get no HTTP answer: each transport failure has a reason and a plain sentence,
over respx, the emulator's transport and a real loopback socket."""

from __future__ import annotations

import socket
from dataclasses import replace
from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import ApiClient, NetworkError
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server

WHERE = "https://api.example.test"


@pytest.mark.parametrize(
    ("exc", "reason", "sentence"),
    [
        (
            httpx.ConnectTimeout("timed out"),
            "connect_timeout",
            f"Could not connect to {WHERE}: connection timed out after 5 s.",
        ),
        (
            httpx.ReadTimeout("timed out"),
            "read_timeout",
            f"{WHERE} did not answer in time (read timeout after 60 s).",
        ),
        (httpx.WriteTimeout("timed out"), "timeout", f"Sending the request to {WHERE} timed out"),
        (httpx.PoolTimeout("timed out"), "timeout", "timed out waiting for a free connection"),
        (
            httpx.ConnectError("[Errno 111] Connection refused"),
            "connect",
            f"Could not connect to {WHERE}: connection refused.",
        ),
        (
            httpx.ConnectError("All connection attempts failed"),
            "connect",
            f"Could not connect to {WHERE}: the connection failed.",
        ),
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            "dns",
            "Could not find the host api.example.test (DNS lookup failed); check the base URL.",
        ),
        (
            httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
            "dns",
            "DNS lookup failed",
        ),
        (
            httpx.ConnectError("[Errno 8] nodename nor servname provided, or not known"),
            "dns",
            "DNS lookup failed",
        ),
        (httpx.ReadError("reset by peer"), "reset", "was closed before a complete answer arrived"),
        (httpx.WriteError("broken pipe"), "reset", "was closed before a complete answer"),
        (httpx.RemoteProtocolError("Server disconnected"), "reset", "was closed before"),
        (httpx.UnsupportedProtocol("no"), "other", "failed (UnsupportedProtocol)"),
    ],
)
async def test_transport_failures_are_mapped(
    router: respx.MockRouter,
    make_settings: Any,
    exc: Exception,
    reason: str,
    sentence: str,
) -> None:
    router.get("/threads/thread_x").mock(side_effect=exc)
    async with ApiClient(make_settings(max_retries=0)) as client:
        with pytest.raises(NetworkError) as info:
            await client.get_resource("thread_x")
    error = info.value
    assert error.reason == reason
    assert sentence in error.user_message()
    assert error.method == "GET"
    assert error.url == "https://api.example.test/v1/threads/thread_x"
    assert error.attempts == 1
    # Nothing chains httpx's exception, whose request holds the Authorization header.
    assert error.__cause__ is None and error.__context__ is None
    assert client.last_exchange is None


async def test_connect_timeout_names_the_setting(
    router: respx.MockRouter, make_settings: Any
) -> None:
    router.get("/threads/thread_x").mock(side_effect=httpx.ConnectTimeout("timed out"))
    async with ApiClient(make_settings(max_retries=0, connect_timeout=2.5)) as client:
        with pytest.raises(NetworkError) as info:
            await client.get_resource("thread_x")
    assert info.value.user_message().endswith("connection timed out after 2.5 s.")


async def test_emulated_connect_timeout_and_reset(client: ApiClient, emu: Emulator) -> None:
    emu.faults.inject(connect_timeout=True, times=3)
    with pytest.raises(NetworkError) as info:
        await client.get_resource("thread_abc123")
    assert info.value.reason == "connect_timeout"
    assert info.value.user_message() == (
        "Could not connect to http://emulator.local: connection timed out after 5 s "
        "(tried 3 times)."
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_connection_refused_on_a_real_socket(sleep: Any) -> None:
    port = _closed_port()
    settings = Settings(
        api_key=SecretStr(DEMO_API_KEY), base_url=f"http://127.0.0.1:{port}/v1", max_retries=1
    )
    async with ApiClient(settings, sleep=sleep) as client:
        with pytest.raises(NetworkError) as info:
            await client.get_resource("thread_abc123")
    assert info.value.reason == "connect"
    assert info.value.attempts == 2 and len(sleep.delays) == 1
    assert info.value.user_message().startswith(f"Could not connect to http://127.0.0.1:{port}:")


async def test_a_reset_over_a_real_socket(emu: Emulator, settings: Settings, sleep: Any) -> None:
    with running_server(emu) as base_url:
        real = replace(settings, base_url=base_url, demo=False)
        async with ApiClient(real, sleep=sleep) as client:
            emu.faults.inject(drop=True, match="POST")
            with pytest.raises(NetworkError) as info:
                await client.modify_resource("thread_abc123", {"metadata": {"a": "b"}})
            assert info.value.reason == "reset"
            assert sleep.delays == []
            # A GET is repeated after a reset, and the second try is answered.
            emu.faults.inject(drop=True, match="GET")
            thread = await client.get_resource("thread_abc123")
            assert thread.id == "thread_abc123"
            assert client.last_exchange is not None and client.last_exchange.attempts == 2
