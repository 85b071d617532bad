"""The textual-serve hooks of thread_tui/ui/compat.py still have the shape web mode relies on.

Web mode builds textual-serve's application itself (textual-serve offers no hook to add the
same-origin check or the session limit), from Server's public handlers. These tests fail as
soon as a textual-serve upgrade renames or reshapes one of them, adds or renames a route of
its own application, or the built application stops refusing another site's websocket, so an
upgrade cannot silently remove web mode's origin check.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import aiohttp_jinja2
import pytest
from aiohttp import web
from textual_serve.server import Server

from thread_tui.commands.web import SameOrigin, Sessions, web_app
from thread_tui.ui import compat

# Server's members compat.textual_serve_app and commands/web.py use: their parameters.
HANDLERS = {
    "handle_index": ["self", "request"],
    "handle_websocket": ["self", "request"],
    "handle_download": ["self", "request"],
    "on_startup": ["self", "app"],
    "on_shutdown": ["self", "app"],
}


@pytest.mark.parametrize(("name", "parameters"), HANDLERS.items())
def test_the_handlers_used_are_coroutines_of_one_argument(name: str, parameters: list[str]) -> None:
    member = getattr(Server, name, None)
    assert member is not None, f"textual-serve's Server has no {name} any more"
    assert inspect.iscoroutinefunction(member), name
    assert list(inspect.signature(member).parameters) == parameters


def test_the_constructor_logging_and_paths_used() -> None:
    parameters = inspect.signature(Server).parameters
    assert list(parameters)[:5] == ["command", "host", "port", "title", "public_url"]
    assert list(inspect.signature(Server.initialize_logging).parameters) == ["self"]
    server = Server("true", host="127.0.0.1", port=8000, title="t", public_url="http://x")
    assert (Path(server.templates_path) / "app_index.html").is_file()
    assert (Path(server.statics_path) / "js" / "textual.js").is_file()


def _routes(app: web.Application) -> set[tuple[str, str, str | None]]:
    return {
        (route.method, route.resource.canonical, route.resource.name)
        for route in app.router.routes()
        if route.resource is not None
    }


async def test_the_routes_are_textual_serves_own() -> None:
    """The application textual-serve builds for itself (its private `_make_app`, read here
    only) has exactly the routes, names and hooks of the one compat builds."""
    server = Server("true", host="127.0.0.1", port=8000, public_url="http://127.0.0.1:8000")
    theirs = await server._make_app()
    ours = compat.textual_serve_app(server)
    assert _routes(ours) == _routes(theirs)
    names = {compat.INDEX_ROUTE, compat.WEBSOCKET_ROUTE, compat.DOWNLOAD_ROUTE, compat.STATIC_ROUTE}
    assert {name for _, _, name in _routes(ours)} == names
    for hooks in ("on_startup", "on_shutdown"):  # the server's, beside aiohttp's own
        assert [h for h in getattr(theirs, hooks) if getattr(h, "__self__", None) is server] == [
            h for h in getattr(ours, hooks) if getattr(h, "__self__", None) is server
        ]
    # The page's template comes from the same place.
    assert aiohttp_jinja2.get_env(ours).loader.searchpath == (  # type: ignore[union-attr]
        aiohttp_jinja2.get_env(theirs).loader.searchpath  # type: ignore[union-attr]
    )


class RecordingServer(Server):
    """textual-serve's Server whose session handler only records that it ran: the test
    starts no process (one started by textual-serve is never waited for, and would outlive
    the test's event loop)."""

    sessions: list[str | None]

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        self.sessions.append(request.headers.get("Origin"))
        websocket = web.WebSocketResponse()
        await websocket.prepare(request)
        await websocket.close()
        return websocket


class Running:
    def __init__(self, base: str, server: RecordingServer) -> None:
        self.base, self.server = base, server


@pytest.fixture
async def running() -> AsyncIterator[Running]:
    """web mode's application on 127.0.0.1, with a Server that starts no process."""
    runner: web.AppRunner | None = None
    try:
        # The port is known only once bound, and the page's address names it: bind first.
        probe = web.AppRunner(web.Application())
        await probe.setup()
        site = web.TCPSite(probe, "127.0.0.1", 0)
        await site.start()
        port = probe.addresses[0][1]
        await probe.cleanup()
        base = f"http://127.0.0.1:{port}"
        server = RecordingServer("true", host="127.0.0.1", port=port, public_url=base)
        server.sessions = []
        app = web_app(server, allowed=SameOrigin.of("127.0.0.1", port, base), sessions=Sessions(1))
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        yield Running(base, server)
    finally:
        if runner is not None:
            await runner.cleanup()


async def test_another_sites_websocket_gets_403_and_starts_nothing(running: Running) -> None:
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        async with http.get(running.base) as page:
            assert page.status == 200
            text = await page.text()
            # The page found the websocket and static routes by the names textual-serve uses.
            assert f'"ws://127.0.0.1:{running.base.rsplit(":", 1)[1]}/ws"' in text
            assert f"{running.base}/static/js/textual.js" in text
        for origin in ("https://evil.example", None):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with http.ws_connect(f"{running.base}/ws", origin=origin):
                    pass
            assert refused.value.status == 403
        assert running.server.sessions == []
        # The page's own origin: the session handler runs.
        async with http.ws_connect(f"{running.base}/ws", origin=running.base) as ws:
            closed = await ws.receive(timeout=20)
            assert closed.type == aiohttp.WSMsgType.CLOSE, closed
        assert running.server.sessions == [running.base]
