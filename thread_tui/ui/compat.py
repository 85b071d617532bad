"""What thread_tui relies on that Textual or textual-serve does not promise, in one place.

Each reliance is a small function here, and a test fails as soon as a hook it uses is missing
or changes shape, so an upgrade cannot silently take a safeguard away. Nothing here is
imported at module level beyond the standard library: `thread_tui.ui` must not pull in
textual-serve or aiohttp for commands that do not serve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable

    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from textual_serve.server import Server


# ---- textual-serve -------------------------------------------------------------------------
# textual-serve's Server builds its aiohttp application in a private method (`_make_app`) and
# runs it inside `serve()`, with no public hook for a middleware or a handler of one's own.
# Web mode needs both (the same-origin check and the session limit), so it builds the same
# application from Server's public handlers and attributes and runs it itself. What that
# relies on beyond Server's public names: the route names `Server.handle_index` resolves to
# build the page ("websocket" and "static"), and that the page's template is rendered through
# aiohttp_jinja2 from `Server.templates_path`. tests/web/test_compat_serve.py holds these
# routes to textual-serve's own, and checks every Server member used here.

INDEX_ROUTE: Final = "index"
WEBSOCKET_ROUTE: Final = "websocket"
DOWNLOAD_ROUTE: Final = "download"
STATIC_ROUTE: Final = "static"


def textual_serve_app(
    server: Server,
    *,
    middlewares: Iterable[Middleware] = (),
    index: Handler | None = None,
    websocket: Handler | None = None,
) -> web.Application:
    """textual-serve's web application for `server`, with `middlewares` around every route,
    and `index` (the page) and `websocket` (the app session) in place of Server's own
    handlers when given (they would usually call those)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web

    app = web.Application(middlewares=list(middlewares))
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(server.templates_path))
    app.add_routes(
        [
            web.get("/", index or server.handle_index, name=INDEX_ROUTE),
            web.get("/ws", websocket or server.handle_websocket, name=WEBSOCKET_ROUTE),
            web.get("/download/{key}", server.handle_download, name=DOWNLOAD_ROUTE),
            # textual-serve lists the directory too; the page needs only the files.
            web.static("/static", server.statics_path, name=STATIC_ROUTE),
        ]
    )
    app.on_startup.append(server.on_startup)
    app.on_shutdown.append(server.on_shutdown)
    return app
