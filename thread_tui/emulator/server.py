"""The emulator as a real HTTP server on a socket, on aiohttp's low-level server.

aiohttp does the HTTP: framing (Content-Length and chunked bodies), keep-alive, pipelining,
limits on request lines and headers, a deep listen backlog. This module only translates a
request into an `EmuRequest`, caps its body, and carries out the `Outcome` `Emulator.dispatch`
returns: wait, reset the connection, or answer.

`running_server` starts it on an ephemeral port in a thread for socket-level tests;
`serve` blocks, for `thread-tui emulator --host --port`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

from aiohttp import http_exceptions, web

from thread_tui.emulator.aiohttp_compat import JsonErrorServer, error_body
from thread_tui.emulator.state import Emulator, EmuRequest

MAX_BODY = 1024 * 1024  # bytes; aiohttp's own default cap. The API's largest bodies are ~12 KB.
BACKLOG = 1024  # pending connections the kernel holds before the server accepts them
_READ_SIZE = 64 * 1024
# How long stopping waits for requests still being answered (an injected delay, say).
SHUTDOWN_GRACE = 1.0
_START_TIMEOUT = 30.0

Handler = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]


def _json_error(status: int, message: str) -> web.Response:
    return web.Response(status=status, body=error_body(message), content_type="application/json")


def _too_large(max_body: int) -> web.Response:
    return _json_error(413, f"The request body is too large: at most {max_body} bytes.")


async def _read_body(request: web.BaseRequest, max_body: int) -> bytes | None:
    """The body (de-chunked by aiohttp), or None once it is past `max_body` bytes."""
    declared = request.content_length
    if declared is not None and declared > max_body:
        return None  # refused on the declared length, before a byte of it is read
    if request.headers.get("expect", "").lower() == "100-continue":
        # The low-level server leaves this to the handler; curl waits a second without it.
        await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    body = bytearray()
    while chunk := await request.content.read(_READ_SIZE):
        body += chunk
        if len(body) > max_body:
            return None
    return bytes(body)


def make_handler(emulator: Emulator, max_body: int = MAX_BODY) -> Handler:
    """The aiohttp handler answering every request from `emulator`."""

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        try:
            body = await _read_body(request, max_body)
        except http_exceptions.HttpProcessingError as exc:  # a broken chunked framing
            reason = (exc.message or "malformed body").strip().splitlines()[0].rstrip(":")
            return _json_error(400, f"Malformed HTTP request body: {reason}.")
        if body is None:
            return _too_large(max_body)
        emu_request = EmuRequest(
            request.method,
            request.path,
            {key: value for key, value in request.query.items()},
            {key.lower(): value for key, value in request.headers.items()},
            body,
        )
        outcome = emulator.dispatch(emu_request)
        if outcome.delay:
            await asyncio.sleep(outcome.delay)
        if outcome.drop or outcome.connect_error or outcome.connect_timeout:
            # A reset: the connection closes without a byte of response. (A refused connect
            # cannot be emulated once the connection is accepted; a reset is the nearest.)
            if request.transport is not None:
                request.transport.abort()
            return web.Response(status=500)  # never sent: the transport is gone
        answer = outcome.response
        headers = {"server": "thread-tui-emulator", **answer.headers}
        return web.Response(status=answer.status, body=answer.body, headers=headers)

    return handle


async def start(
    emulator: Emulator, host: str, port: int, *, max_body: int = MAX_BODY
) -> tuple[web.BaseRunner, int]:
    """Start serving on host:port (0 = any free port); the runner, and the port it holds."""
    runner = web.ServerRunner(
        JsonErrorServer(make_handler(emulator, max_body)), shutdown_timeout=SHUTDOWN_GRACE
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, backlog=BACKLOG)
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound = runner.addresses[0][1]
    return runner, int(bound)


def _url(host: str, port: int, emulator: Emulator) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{emulator.base_path}"


@contextmanager
def running_server(
    emulator: Emulator, host: str = "127.0.0.1", port: int = 0, *, max_body: int = MAX_BODY
) -> Iterator[str]:
    """Serve `emulator` on host:port (0 = any free port) in a thread; yields the base URL
    (`…/v1`, or `…/openai` for an Azure-mode emulator). Raises OSError if it cannot bind."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="emulator", daemon=True)
    thread.start()
    try:
        started = asyncio.run_coroutine_threadsafe(
            start(emulator, host, port, max_body=max_body), loop
        )
        runner, bound = started.result(timeout=_START_TIMEOUT)
        try:
            yield _url(host, bound, emulator)
        finally:
            stopped = asyncio.run_coroutine_threadsafe(runner.cleanup(), loop)
            stopped.result(timeout=SHUTDOWN_GRACE + _START_TIMEOUT)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if not thread.is_alive():
            loop.close()


def serve(host: str, port: int, emulator: Emulator, *, max_body: int = MAX_BODY) -> None:
    """Serve until interrupted."""

    async def forever() -> None:
        runner, _ = await start(emulator, host, port, max_body=max_body)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    asyncio.run(forever())
