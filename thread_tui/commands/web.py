"""`thread-tui serve`: the TUI in a web browser, through textual-serve.

textual-serve starts one `thread-tui` process per browser tab and streams its screen over a
websocket. Each of those processes gets the connection flags `serve` was given, except the
API key, which travels in its environment: textual-serve prints the command it runs, and a
command line is visible to every user of the machine in `ps`.

Only loopback addresses are served unless asked: whoever can open the page drives the app
with the user's key. Nor does a loopback address keep other web sites out: any page the user
visits may open ws://127.0.0.1:PORT/ws, and textual-serve checks no Origin. So every request
must come from the served address or --public-url: an `Origin` header and the `Host` header
(against DNS rebinding: a site's name resolved to 127.0.0.1) naming anything else are answered
403, before a process is started. A websocket must name its Origin (every browser sends one
with it); a page need not (a browser sends none when the address is typed or reloaded).

Every session is a process of its own (some 45 MB, and a shell): at most --max-sessions run
at once. A tab beyond that waits a moment for a slot (a reloaded tab's old session may still be
ending), then is told so, on the page or, if its page was served before the last slot was
taken, in its terminal; it starts nothing. A session's slot is free again once its process has
ended. On Ctrl+C every session is ended, and with it its process, before `serve` exits.

textual-serve (and aiohttp under it) is imported only here and in ui/compat.py (which builds
textual-serve's application from its public parts), when `serve` runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import ipaddress
import logging
import os
import re
import shlex
import socket
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from aiohttp import web
    from textual_serve.server import Server

from thread_tui.commands import common

DEFAULT_PORT: Final = 8000
# How long a tab turned away for want of a slot keeps its websocket (and its message on
# screen) before it is closed: long enough to be read, not so long as to pile up.
REFUSED_TAB_HOLD: Final = 300.0
# How long a new tab waits for a slot when all are taken (a reloaded tab's old session may
# still be ending) before it is told to close one.
SLOT_WAIT: Final = 3.0
# How long Ctrl+C waits for the sessions' processes to end.
SHUTDOWN_WAIT: Final = 10.0

# The connection options whose value is a secret, passed in the environment instead. An
# option that looks secret but is not listed is refused rather than put on a command line: a
# flag added later must not leak because nobody listed it here.
SECRET_DESTS: Final = frozenset({"api_key"})
_SECRET_LIKE: Final = re.compile(r"key|token|secret|password", re.IGNORECASE)


class ServeError(ValueError):
    """Arguments that cannot be served as given; the message says why."""


def is_loopback_host(host: str) -> bool:
    """True for `localhost` and loopback IP literals only: other names resolve by DNS."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def child_command(
    args: argparse.Namespace, actions: Iterable[argparse.Action], *, key_env: str
) -> tuple[list[str], dict[str, str]]:
    """The command line of the served TUI and the environment variables it needs.

    `actions` are the connection options with their real defaults; every option given a
    non-default value is passed on, as `--flag=value` so a value starting with `-` stays a
    value. The key goes to the environment instead, as `key_env` (the variable the TUI reads
    it from: OPENAI_API_KEY, or AZURE_OPENAI_API_KEY with Azure).
    """
    argv = [sys.executable, "-m", "thread_tui"]
    env: dict[str, str] = {}
    for action in actions:
        if not action.option_strings:
            continue
        value = getattr(args, action.dest, action.default)
        if value is None or value == action.default or value is argparse.SUPPRESS:
            continue
        flag = max(action.option_strings, key=len)
        if action.dest in SECRET_DESTS:
            env[key_env] = str(value)
        elif _SECRET_LIKE.search(action.dest):
            raise ServeError(
                f"{flag} cannot be passed to the served app without showing it; "
                "set it in the environment or a .env file instead"
            )
        elif action.nargs == 0:
            argv.append(flag)
        elif isinstance(value, list):
            argv.extend(f"{flag}={item}" for item in value)
        else:
            argv.append(f"{flag}={value}")
    return argv, env


def _bind_problem(host: str, port: int) -> OSError | None:
    """Why host:port cannot be listened on, or None. Checked before serving because
    textual-serve prints its "Serving … on" banner before it binds."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _, address in addresses:
            with socket.socket(family, kind, proto) as sock:
                # As aiohttp binds: a port left in TIME_WAIT by a previous run is free.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(address)
    except OSError as exc:
        return exc
    return None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
# A host name or IPv4 literal, or a bracketed IPv6 literal; then an optional port. Anything
# else (user info, a path, spaces) is no address a browser sends, and is refused.
_HOST: Final = r"(\[[0-9A-Fa-f:.]+\]|[^\s\[\]:/?#@\\]+)(?::([0-9]{1,5}))?"
_HOST_HEADER: Final = re.compile(_HOST)
_ORIGIN: Final = re.compile(r"(https?)://" + _HOST)
_URL: Final = re.compile(r"(https?)://" + _HOST + r"(?:/.*)?", re.IGNORECASE)


def _host_port(match: re.Match[str], group: int) -> tuple[str, int | None]:
    port = match.group(group + 1)
    return match.group(group).lower().strip("[]"), int(port) if port else None


@dataclass(frozen=True)
class SameOrigin:
    """The addresses browsers may reach the served app at: requests naming another are
    refused (cross-site websocket hijacking, DNS rebinding)."""

    origins: frozenset[tuple[str, str, int]]  # scheme, host, port
    hosts: frozenset[tuple[str, int | None]]  # the Host header: host, port (None: default)
    url: str  # for messages: the address to open

    @classmethod
    def of(cls, host: str, port: int, public_url: str) -> SameOrigin:
        """Allowed: http://HOST:PORT, and for a loopback HOST its other loopback names (the
        page is opened as localhost as often as 127.0.0.1); and the public URL's origin."""
        names = {host.lower().strip("[]")}
        if is_loopback_host(host):
            names.add("localhost")
        if host.lower() == "localhost":
            names.update({"127.0.0.1", "::1"})
        origins = {("http", name, port) for name in names}
        hosts: set[tuple[str, int | None]] = {(name, port) for name in names}
        if port == _DEFAULT_PORTS["http"]:
            hosts.update((name, None) for name in names)
        public = _URL.fullmatch(public_url)
        if public is None:
            raise ServeError(f"--public-url {public_url} is not an http:// or https:// URL")
        scheme = public.group(1).lower()
        name, public_port = _host_port(public, 2)
        default = _DEFAULT_PORTS[scheme]
        origins.add((scheme, name, public_port or default))
        hosts.add((name, public_port or default))
        if public_port in (None, default):
            hosts.add((name, None))
        return cls(frozenset(origins), frozenset(hosts), public_url)

    def refusal(
        self, hosts: list[str], origins: list[str], *, websocket: bool = False
    ) -> str | None:
        """The header a request with these Host and Origin headers is refused for, or None.
        One Host is required (every browser sends it). An Origin is required on a websocket
        (every browser sends one there), and checked on any other request that has one."""
        host = _HOST_HEADER.fullmatch(hosts[0].strip()) if len(hosts) == 1 else None
        if host is None or _host_port(host, 1) not in self.hosts:
            return "Host"
        if not origins:
            return "Origin" if websocket else None
        origin = _ORIGIN.fullmatch(origins[0].strip().lower()) if len(origins) == 1 else None
        if origin is None:
            return "Origin"
        scheme = origin.group(1)
        name, port = _host_port(origin, 2)
        if (scheme, name, port or _DEFAULT_PORTS[scheme]) not in self.origins:
            return "Origin"
        return None


class Sessions:
    """The app sessions running, against the most there may be."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running = 0
        self._ended = asyncio.Event()

    @property
    def full(self) -> bool:
        return self.running >= self.limit

    async def slot_free(self, within: float) -> bool:
        """Whether a slot is free, waiting up to `within` seconds for one. A reloaded tab
        asks for its new session while its old one is still ending: it waits, rather than
        being told that it is one tab too many."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within):
                while self.full:
                    self._ended.clear()
                    await self._ended.wait()
        return not self.full

    def start(self) -> None:
        self.running += 1

    def end(self) -> None:
        self.running -= 1
        self._ended.set()

    def full_message(self) -> str:
        tabs = "tab" if self.running == 1 else "tabs"
        return (
            f"thread-tui is already open in {self.running} {tabs}, the most this server runs "
            f"(--max-sessions {self.limit}): close one and reload this page."
        )


def _full_page(message: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>thread-tui</title></head>\n'
        '<body style="background:#0c181f;color:#eee;font-family:monospace;padding:2em">\n'
        f"<p>{html.escape(message)}</p>\n"
        '<button type="button" onclick="location.reload()">Reload</button>\n</body></html>\n'
    )


def web_app(server: Server, *, allowed: SameOrigin, sessions: Sessions) -> web.Application:
    """textual-serve's application for `server`, answering 403 to a request from another site
    and starting no more than `sessions.limit` app processes (see above)."""
    from aiohttp import WSCloseCode, WSMsgType, web
    from aiohttp.typedefs import Handler

    from thread_tui.ui import compat

    log = logging.getLogger("textual-serve")

    @web.middleware
    async def same_origin_only(request: web.Request, handler: Handler) -> web.StreamResponse:
        websocket = (
            request.match_info.route.name == compat.WEBSOCKET_ROUTE
            or request.headers.get("Upgrade", "").lower() == "websocket"
        )
        refused = allowed.refusal(
            request.headers.getall("Host", []),
            request.headers.getall("Origin", []),
            websocket=websocket,
        )
        if refused is None:
            return await handler(request)
        log.warning(
            "refused %s %s: %s %r is not %s",
            request.method,
            request.path,
            refused,
            ", ".join(request.headers.getall(refused, [])),
            allowed.url,
        )
        return web.Response(status=403, text=f"Forbidden: open thread-tui at {allowed.url}\n")

    async def index(request: web.Request) -> web.StreamResponse:
        if not await sessions.slot_free(SLOT_WAIT):
            return web.Response(
                status=503, text=_full_page(sessions.full_message()), content_type="text/html"
            )
        return await server.handle_index(request)

    tabs: set[asyncio.Task[object]] = set()  # the websockets' handlers, until they end
    no_tabs = asyncio.Event()  # set whenever `tabs` is empty
    no_tabs.set()

    async def session(request: web.Request) -> web.StreamResponse:
        task = asyncio.current_task()
        if task is not None:
            tabs.add(task)
            no_tabs.clear()
        try:
            if not await sessions.slot_free(SLOT_WAIT):
                return await turn_away(request, sessions.full_message())
            # Counted before the process starts and until it has ended: no await between
            # the check and the start, so two tabs cannot take the last slot together.
            sessions.start()
            try:
                return await server.handle_websocket(request)
            finally:
                sessions.end()
        finally:
            if task is not None:
                tabs.discard(task)
            if not tabs:
                no_tabs.set()

    async def turn_away(request: web.Request, message: str) -> web.WebSocketResponse:
        """The message in the tab's terminal, held until the tab closes (closing it would
        cover the message with textual-serve's "Session ended"), or for REFUSED_TAB_HOLD."""
        log.warning("turned a tab away: %s", message)
        ws = web.WebSocketResponse(heartbeat=15)
        await ws.prepare(request)
        try:
            await ws.send_bytes(f"\r\n  {message}\r\n".encode())
            async with asyncio.timeout(REFUSED_TAB_HOLD):
                async for received in ws:
                    if received.type == WSMsgType.ERROR:
                        break
        except (TimeoutError, ConnectionError):
            pass
        finally:
            await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"too many sessions")
        return ws

    async def end_tabs(app: web.Application) -> None:
        """On Ctrl+C: textual-serve leaves its sessions open, and aiohttp would wait for
        each tab's heartbeat to fail (some 20 s). Cancelled, a session closes its websocket
        and stops its process (textual-serve does both on cancellation)."""
        for task in tabs:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SHUTDOWN_WAIT):
                await no_tabs.wait()

    app = compat.textual_serve_app(
        server, middlewares=[same_origin_only], index=index, websocket=session
    )
    app.on_shutdown.append(end_tabs)
    return app


def serve_forever(app: web.Application, server: Server, *, host: str, port: int) -> None:
    """Run `app` on host:port until Ctrl+C or SIGTERM, as textual-serve's Server.serve does."""
    from aiohttp import web

    server.initialize_logging()
    # aiohttp's own banner is left out: textual-serve's on_startup prints the page's address.
    web.run_app(app, host=host, port=port, print=None, handle_signals=True)


def run_web(args: argparse.Namespace, actions: Iterable[argparse.Action]) -> int:
    """Serve the TUI on args.host:args.port until Ctrl+C; 2 on unusable arguments."""
    host: str = args.host
    port: int = args.port
    if not is_loopback_host(host):
        if not args.allow_remote:
            common.error(
                f"--host {host} can be reached from other machines, and whoever opens the "
                "page uses the app with your API key; add --allow-remote to serve it anyway"
            )
            return 2
        print(
            f"warning: serving on {host}, not a loopback address: anyone who can reach "
            f"port {port} drives thread-tui with your API key",
            file=sys.stderr,
        )
    # Resolved here only to report a bad setting once, now, rather than in every browser tab.
    settings = common.settings_from_args(args)
    if settings is None:
        return 2
    # Its trailing slash would double the one textual-serve puts before /ws.
    public_url: str = (args.public_url or f"http://{_url_host(host)}:{port}").rstrip("/")
    try:
        argv, env = child_command(args, actions, key_env=settings.key_env_name)
        allowed = SameOrigin.of(host, port, public_url)
    except ServeError as exc:
        common.error(str(exc))
        return 2

    problem = _bind_problem(host, port)
    if problem is not None:
        common.error(f"cannot serve on {host}:{port}: {problem.strerror or problem}")
        return 1

    # textual-serve copies this process's environment into each app process it starts; that
    # is the only way to hand them a value without putting it on their command line.
    os.environ.update(env)
    from textual_serve.server import Server

    server = Server(
        shlex.join(argv), host=host, port=port, title="thread-tui", public_url=public_url
    )
    app = web_app(server, allowed=allowed, sessions=Sessions(args.max_sessions))
    try:
        serve_forever(app, server, host=host, port=port)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        common.error(f"cannot serve on {host}:{port}: {reason}")
        return 1
    return 0
