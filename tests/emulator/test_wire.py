"""The emulator's server over a real 127.0.0.1 socket, with requests no well-behaved client sends:
chunked bodies, bad framing, oversized bodies and headers, unknown methods, many connections.

`exchange` writes bytes as given and reads every response the server sends on that connection
until it closes it (the last request of a test says `Connection: close`), or until a bound of a
few seconds, so a server that never answers fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

from thread_tui.emulator import DEMO_API_KEY, Emulator

AUTH = f"Authorization: Bearer {DEMO_API_KEY}\r\nOpenAI-Beta: assistants=v2\r\n"
BOUND = 10.0  # seconds: a server that says nothing fails the test within this


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def is_openai_error(self) -> bool:
        """The API's error shape: `{"error": {"message", "type", "param", "code"}}`, as JSON."""
        if not self.headers.get("content-type", "").startswith("application/json"):
            return False
        error = self.json().get("error")
        return (
            isinstance(error, dict)
            and set(error) == {"message", "type", "param", "code"}
            and isinstance(error["message"], str)
            and bool(error["message"])
        )


def port_of(base_url: str) -> int:
    port = urlsplit(base_url).port
    assert port is not None
    return port


def request(
    method: str, path: str, *, body: bytes = b"", headers: str = AUTH, close: bool = False
) -> bytes:
    """One well-framed request (Content-Length) for use around the malformed ones."""
    extra = "Connection: close\r\n" if close else ""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}{extra}"
    return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body


def chunked(data: bytes, size: int = 1 << 16) -> bytes:
    """`data` in chunked transfer coding, then the last chunk."""
    out = bytearray()
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


async def exchange(port: int, raw: bytes, count: int | None = None) -> list[RawResponse]:
    """Send `raw`, then read responses until the server closes the connection (or, with
    `count`, until that many have come)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        return await asyncio.wait_for(_read_all(reader, count), BOUND)
    finally:
        writer.close()


async def _read_all(reader: asyncio.StreamReader, count: int | None) -> list[RawResponse]:
    responses: list[RawResponse] = []
    while count is None or len(responses) < count:
        try:
            line = await reader.readline()
        except ConnectionError:
            return responses
        if not line:
            return responses
        words = line.split()
        if len(words) < 2 or not line.startswith(b"HTTP/1.") or not words[1].isdigit():
            # Not a status line (an HTTP/0.9-style answer): keep it whole, as a status 0.
            responses.append(RawResponse(0, {}, line + await reader.read()))
            return responses
        status = int(words[1])
        if status < 200:  # an interim answer (100 Continue): headers only, more to come
            while await reader.readline() not in (b"\r\n", b""):
                pass
            responses.append(RawResponse(status, {}, b""))
            continue
        headers: dict[str, str] = {}
        while (header := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = header.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = bytearray()
            while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
                body += await reader.readexactly(size)
                await reader.readline()
            await reader.readline()
            responses.append(RawResponse(status, headers, bytes(body)))
        elif "content-length" in headers:
            body_bytes = await reader.readexactly(int(headers["content-length"]))
            responses.append(RawResponse(status, headers, body_bytes))
        else:  # framed by the close
            responses.append(RawResponse(status, headers, await reader.read()))
            return responses
    return responses


THREAD = "/v1/threads/thread_abc123"
JSON = "Content-Type: application/json\r\n"


def _chunked_post(path: str, data: bytes) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}{JSON}Transfer-Encoding: chunked\r\n"
    return f"{head}\r\n".encode() + chunked(data, size=7)


async def test_a_chunked_body_is_read_as_the_body(server: str, emu: Emulator) -> None:
    body = json.dumps({"metadata": {"via": "chunked"}}).encode()
    raw = _chunked_post(THREAD, body) + request("GET", THREAD, close=True)
    first, second = await exchange(port_of(server), raw)
    assert first.status == 200, first.body
    assert first.json()["metadata"]["via"] == "chunked"
    assert emu.threads["thread_abc123"]["metadata"]["via"] == "chunked"
    assert second.status == 200 and second.json()["metadata"]["via"] == "chunked"


async def test_a_request_inside_a_chunked_body_is_not_executed(server: str, emu: Emulator) -> None:
    hidden = request("DELETE", THREAD)
    raw = _chunked_post(THREAD, hidden) + request("GET", THREAD, close=True)
    responses = await exchange(port_of(server), raw)
    # Two requests on the wire, two answers: the POST's body (not JSON) is refused.
    assert [r.status for r in responses] == [400, 200]
    assert responses[0].is_openai_error()
    assert "thread_abc123" in emu.threads
    assert [r.method for r in emu.requests] == ["POST", "GET"]


@pytest.mark.parametrize(
    "length",
    ["abc", "-1", "1e3", "99999999999999999999999999", "12, 13"],
)
async def test_a_bad_content_length_is_answered_in_the_api_shape(
    server: str, emu: Emulator, length: str, capfd: pytest.CaptureFixture[str]
) -> None:
    raw = f"POST {THREAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}Content-Length: {length}\r\n\r\n"
    [response] = await exchange(port_of(server), raw.encode() + b"{}")
    assert response.status == 400 and response.is_openai_error()
    assert emu.requests == []
    assert "Traceback" not in capfd.readouterr().err


async def test_a_body_over_the_cap_is_refused_before_it_is_read(server: str, emu: Emulator) -> None:
    # Only the headers are sent: the answer must come from the declared length alone.
    declared = 200 * 1024 * 1024
    raw = f"POST {THREAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}{JSON}Content-Length: {declared}"
    [response] = await exchange(port_of(server), f"{raw}\r\n\r\n".encode(), count=1)
    assert response.status == 413 and response.is_openai_error()
    assert emu.requests == []


async def test_a_chunked_body_over_the_cap_is_refused(server: str, emu: Emulator) -> None:
    filler = "x" * (3 * 1024 * 1024)
    body = json.dumps({"metadata": {"a": filler}}).encode()
    raw = _chunked_post(THREAD, body).replace(b"Transfer", b"Connection: close\r\nTransfer")
    responses = await exchange(port_of(server), raw)
    assert [r.status for r in responses] == [413]
    assert responses[0].is_openai_error()
    assert emu.requests == []
    assert "a" not in emu.threads["thread_abc123"]["metadata"]


@pytest.mark.parametrize("method", ["FOO", "PUT", "PATCH", "OPTIONS"])
async def test_an_unknown_method_is_answered_in_the_api_shape(
    server: str, method: str, capfd: pytest.CaptureFixture[str]
) -> None:
    [response] = await exchange(port_of(server), request(method, THREAD, close=True))
    assert 400 <= response.status < 500 and response.is_openai_error()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("where", ["header", "url"])
async def test_oversized_headers_are_answered_in_the_api_shape(
    server: str, where: str, capfd: pytest.CaptureFixture[str]
) -> None:
    big = "a" * 70_000  # over aiohttp's 8 KiB and http.server's 64 KiB line limits
    if where == "header":
        raw = request("GET", THREAD, headers=f"{AUTH}X-Big: {big}\r\n", close=True)
    else:
        raw = request("GET", f"{THREAD}?q={big}", close=True)
    [response] = await exchange(port_of(server), raw)
    assert response.status in (400, 414, 431) and response.is_openai_error()
    assert "Traceback" not in capfd.readouterr().err


async def test_a_hundred_concurrent_connections_are_all_answered(
    server: str, emu: Emulator
) -> None:
    port = port_of(server)

    async def one() -> int:
        [response] = await exchange(port, request("GET", THREAD, close=True))
        return response.status

    # Every connection is opened before the server gets a chance to accept any of them.
    statuses = await asyncio.gather(*(one() for _ in range(100)), return_exceptions=True)
    assert statuses == [200] * 100
    assert len(emu.requests) == 100


def test_a_drop_fault_closes_without_a_response(
    server: str, emu: Emulator, capfd: pytest.CaptureFixture[str]
) -> None:
    emu.faults.inject(drop=True)
    emu.faults.inject(connect_error=True)
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=BOUND) as sock:
        sock.sendall(request("GET", THREAD))
        assert sock.recv(1024) == b""
    with socket.create_connection(("127.0.0.1", port_of(server)), timeout=BOUND) as sock:
        sock.sendall(request("GET", THREAD))
        assert sock.recv(1024) == b""
    assert [r.status for r in emu.requests] == [None, None]
    assert capfd.readouterr().err == ""


async def test_a_broken_chunked_framing_is_answered_in_the_api_shape(
    server: str, emu: Emulator, capfd: pytest.CaptureFixture[str]
) -> None:
    head = (
        f"POST {THREAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}{JSON}Transfer-Encoding: chunked\r\n"
    )
    raw = f"{head}\r\nzz\r\n{{}}\r\n0\r\n\r\n".encode()
    [response] = await exchange(port_of(server), raw)
    assert response.status == 400 and response.is_openai_error()
    assert emu.requests == []
    assert "Traceback" not in capfd.readouterr().err


async def test_a_body_nested_too_deep_is_a_bad_request(server: str, emu: Emulator) -> None:
    deep = b'{"metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    [response] = await exchange(port_of(server), request("POST", THREAD, body=deep, close=True))
    assert response.status == 400 and response.is_openai_error()
    [logged] = emu.requests
    assert isinstance(logged.json, str) and len(logged.json) < 20_000  # kept cut short


async def test_both_framings_at_once_are_refused(server: str, emu: Emulator) -> None:
    # Content-Length and Transfer-Encoding together are how requests are smuggled past proxies.
    head = f"POST {THREAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}{JSON}Content-Length: 5\r\n"
    raw = f"{head}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n".encode()
    [response] = await exchange(port_of(server), raw + request("DELETE", THREAD, close=True))
    assert response.status == 400 and response.is_openai_error()
    assert emu.requests == [] and "thread_abc123" in emu.threads


async def test_expect_100_continue_is_answered_before_the_body(server: str, emu: Emulator) -> None:
    body = json.dumps({"metadata": {"via": "expect"}}).encode()
    head = f"POST {THREAD} HTTP/1.1\r\nHost: 127.0.0.1\r\n{AUTH}{JSON}Expect: 100-continue\r\n"
    reader, writer = await asyncio.open_connection("127.0.0.1", port_of(server))
    try:
        writer.write(f"{head}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        interim = await asyncio.wait_for(_read_all(reader, 1), BOUND)
        writer.write(body)
        await writer.drain()
        final = await asyncio.wait_for(_read_all(reader, None), BOUND)
    finally:
        writer.close()
    assert [r.status for r in interim + final] == [100, 200]
    assert emu.threads["thread_abc123"]["metadata"]["via"] == "expect"
