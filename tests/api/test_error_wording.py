"""What the client says for the failures a hostile server or a bad setting causes: a header
block too large, a broken content-encoding, a retry-after of 1e308 seconds, and settings that
httpx cannot build a client from (a ClientError, never a raw httpx exception)."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import ApiClient, ClientError, NetworkError, RateLimitError
from thread_tui.api.network import network_error
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings

URL = "/threads/thread_abc123"


def wording(exc: httpx.RequestError) -> NetworkError:
    return network_error(
        exc, method="GET", url="https://api.example.test/v1/x", connect_timeout=5, read_timeout=60
    )


def test_a_header_block_over_the_limit_is_named() -> None:
    error = wording(httpx.RemoteProtocolError("Receive buffer too long"))
    assert "headers were too large" in error.user_message()
    assert "closed" not in error.user_message()


def test_malformed_http_is_not_called_a_closed_connection() -> None:
    error = wording(httpx.RemoteProtocolError("illegal header line: bytearray(b'\\x1b[2J')"))
    message = error.user_message()
    assert "not valid HTTP" in message and "\x1b" not in message and "closed" not in message


def test_a_closed_connection_is_still_called_one() -> None:
    for text in ("peer unexpectedly closed connection", "Server disconnected"):
        message = wording(httpx.RemoteProtocolError(text)).user_message()
        assert "was closed before a complete answer arrived" in message


def test_a_broken_content_encoding_is_a_sentence() -> None:
    message = wording(httpx.DecodingError("Error -3 while decompressing")).user_message()
    assert "could not be decoded (its content-encoding is broken)" in message
    assert "DecodingError" not in message


@pytest.fixture
async def endless_headers() -> AsyncIterator[str]:
    """A 127.0.0.1 server whose answer's header block never ends (200 KiB, then closes)."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(65536)
        writer.write(b"HTTP/1.1 200 OK\r\n" + b"x-junk: " + b"a" * (200 * 1024))
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.close()
        await server.wait_closed()


async def test_endless_headers_over_a_real_socket(endless_headers: str) -> None:
    settings = Settings(
        api_key=SecretStr("sk-test"), base_url=endless_headers, max_retries=0, total_timeout=5
    )
    async with ApiClient(settings) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_resource("thread_abc123")
    assert "headers were too large" in caught.value.user_message()


async def test_corrupt_gzip_body_is_a_sentence(
    router: respx.MockRouter, make_settings: Any
) -> None:
    # A stream, so that respx hands the bytes on undecoded, as a server would.
    corrupt = httpx.ByteStream(b"\x1f\x8b\x08\x00garbage-not-gzip")
    router.get(URL).mock(
        return_value=httpx.Response(200, headers={"content-encoding": "gzip"}, stream=corrupt)
    )
    async with ApiClient(make_settings(max_retries=0)) as client:
        with pytest.raises(NetworkError) as caught:
            await client.get_resource("thread_abc123")
    assert "its content-encoding is broken" in caught.value.user_message()


async def test_a_huge_retry_after_is_written_readably(
    router: respx.MockRouter, make_settings: Any
) -> None:
    router.get(URL).respond(429, headers={"retry-after": "1e308"}, json={})

    async def no_sleep(seconds: float) -> None:
        raise AssertionError("no wait is made past the deadline")

    async with ApiClient(make_settings(total_timeout=3.0), sleep=no_sleep) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get_resource("thread_abc123")
    message = caught.value.user_message()
    assert "asked to wait more than a day" in message
    assert not re.search(r"\d{12}", message)


# -- client construction ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("HTTP_PROXY", "::::"), ("HTTP_PROXY", "ftp://x"), ("ALL_PROXY", "socks9://x")],
)
def test_a_bad_proxy_variable_is_a_client_error(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    """Settings built without load_settings (which refuses these first) still get a sentence."""
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(ClientError) as caught:
        ApiClient(Settings(api_key=SecretStr("sk-x"), base_url="http://127.0.0.1:1/v1"))
    assert "proxy" in caught.value.user_message()


@pytest.mark.parametrize(
    "changes",
    [
        {"organization": "org\u00a0x"},
        {"project": "proj\x1b"},
        {"base_url": "http://127.0.0.1:1/v1\r"},
    ],
)
def test_unusable_settings_are_a_client_error(changes: dict[str, str]) -> None:
    settings = Settings(api_key=SecretStr("sk-x"), base_url="http://127.0.0.1:1/v1")
    with pytest.raises(ClientError):
        ApiClient(settings.with_overrides(**changes))


async def test_a_key_that_cannot_be_a_header_is_a_client_error(
    router: respx.MockRouter, make_settings: Any
) -> None:
    async with ApiClient(make_settings(api_key=SecretStr("sk-ab\u00a0cd"))) as client:
        with pytest.raises(ClientError) as caught:
            await client.get_resource("thread_abc123")
    assert "sk-ab" not in caught.value.user_message()
    assert "header" in caught.value.user_message()
