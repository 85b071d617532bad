"""The emulator's one hook into aiohttp beyond its public API (thread_tui/emulator/aiohttp_compat)
still has the shape it relies on: an upgrade of aiohttp that moves it fails here, by name,
rather than letting malformed requests be answered in text/plain with a traceback again."""

from __future__ import annotations

import asyncio
import inspect

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from thread_tui.emulator.aiohttp_compat import JsonErrorRequestHandler, JsonErrorServer


def test_handle_error_keeps_the_signature_overridden() -> None:
    hook = inspect.signature(RequestHandler.handle_error)
    assert list(hook.parameters) == ["self", "request", "status", "exc", "message"]
    assert hook.parameters["status"].default == 500
    ours = inspect.signature(JsonErrorRequestHandler.handle_error)
    assert list(ours.parameters) == list(hook.parameters)


def test_parse_errors_still_go_through_handle_error() -> None:
    # aiohttp turns a parse error into an error handler that calls handle_error.
    source = inspect.getsource(RequestHandler)
    assert "def _make_error_handler" in source
    assert "self.handle_error(" in inspect.getsource(RequestHandler._make_error_handler)


def test_the_server_builds_our_handler_with_its_limits() -> None:
    names = ("max_line_size", "max_field_size", "max_headers", "keepalive_timeout")
    for name in (*names, "loop"):
        assert name in inspect.signature(RequestHandler.__init__).parameters

    async def build() -> RequestHandler:
        async def handler(request: web.BaseRequest) -> web.StreamResponse:
            return web.Response()

        return JsonErrorServer(handler)()

    assert isinstance(asyncio.run(build()), JsonErrorRequestHandler)
    assert issubclass(JsonErrorServer, web.Server)
