"""httpx transports that answer from an in-process Emulator (backs `--demo` and most tests)."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx

from thread_tui.emulator.state import EmuRequest, Outcome

if TYPE_CHECKING:
    from thread_tui.emulator.state import Emulator


def _to_emu(request: httpx.Request, body: bytes) -> EmuRequest:
    query = {key: value for key, value in request.url.params.items()}
    headers = {key.lower(): value for key, value in request.headers.items()}
    return EmuRequest(request.method, request.url.path, query, headers, body)


def _to_httpx(outcome: Outcome, request: httpx.Request) -> httpx.Response:
    if outcome.connect_timeout:
        raise httpx.ConnectTimeout("timed out while connecting (emulated)", request=request)
    if outcome.connect_error:
        raise httpx.ConnectError("[Errno 111] Connection refused (emulated)", request=request)
    if outcome.drop:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response (emulated reset).", request=request
        )
    response = outcome.response
    return httpx.Response(
        response.status, headers=response.headers, content=response.body, request=request
    )


def _check_read_timeout(request: httpx.Request, delay: float) -> float:
    """An injected delay longer than the request's read timeout becomes a ReadTimeout."""
    timeouts = request.extensions.get("timeout", {})
    read = timeouts.get("read") if isinstance(timeouts, dict) else None
    if read is not None and delay > read:
        return float(read)
    return delay


class EmulatorTransport(httpx.AsyncBaseTransport):
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        outcome = self.emulator.dispatch(_to_emu(request, body))
        if outcome.delay:
            wait = _check_read_timeout(request, outcome.delay)
            await asyncio.sleep(wait)
            if wait < outcome.delay:
                raise httpx.ReadTimeout("timed out while reading (emulated)", request=request)
        return _to_httpx(outcome, request)


class SyncEmulatorTransport(httpx.BaseTransport):
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        outcome = self.emulator.dispatch(_to_emu(request, body))
        if outcome.delay:
            wait = _check_read_timeout(request, outcome.delay)
            time.sleep(wait)
            if wait < outcome.delay:
                raise httpx.ReadTimeout("timed out while reading (emulated)", request=request)
        return _to_httpx(outcome, request)
