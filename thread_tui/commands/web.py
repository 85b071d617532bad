"""`thread-tui serve`: the TUI in a web browser, through textual-serve.

textual-serve starts one `thread-tui` process per browser tab and streams its screen over a
websocket. Each of those processes gets the connection flags `serve` was given, except the
API key, which travels in its environment: textual-serve prints the command it runs, and a
command line is visible to every user of the machine in `ps`.

Only loopback addresses are served unless asked: whoever can open the page drives the app
with the user's key.

textual-serve (and aiohttp under it) is imported only here, when `serve` runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import shlex
import socket
import sys
from collections.abc import Iterable
from typing import Final

from thread_tui.commands import common

DEFAULT_PORT: Final = 8000

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
    try:
        argv, env = child_command(args, actions, key_env=settings.key_env_name)
    except ServeError as exc:
        common.error(str(exc))
        return 2

    problem = _bind_problem(host, port)
    if problem is not None:
        common.error(f"cannot serve on {host}:{port}: {problem.strerror or problem}")
        return 1

    from textual_serve.server import Server

    # textual-serve copies this process's environment into each app process it starts; that
    # is the only way to hand them a value without putting it on their command line.
    os.environ.update(env)
    public_url: str = args.public_url or f"http://{_url_host(host)}:{port}"
    server = Server(
        shlex.join(argv), host=host, port=port, title="thread-tui", public_url=public_url
    )
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        common.error(f"cannot serve on {host}:{port}: {reason}")
        return 1
    return 0
