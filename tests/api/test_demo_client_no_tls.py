"""The demo's client talks to the in-process emulator: it builds no TLS context and no
network transport. httpx builds a default transport (an `ssl.SSLContext` loaded with
certifi's CA bundle, ≈ 1-2 MiB) only when no transport is given, and proxy transports from
the environment only then too; the demo always hands it the emulator's. A real server's
client still gets the verified default (tests/api/test_network.py holds TLS for it)."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import asyncio, ssl, sys
made = []
original = ssl.SSLContext.__new__
def counting(cls, *args, **kwargs):
    made.append(cls)
    return original(cls, *args, **kwargs)
ssl.SSLContext.__new__ = counting
from thread_tui.commands.demo import build_client
from thread_tui.core.settings import load_settings
client = build_client(load_settings(demo=True, environ={}))
try:
    asyncio.run(client.get_resource("thread_abc123"))
except Exception as exc:  # the demo answers; a regression may not
    print("request failed:", type(exc).__name__, file=sys.stderr)
loaded = [m for m in ("certifi", "httpcore", "h11", "anyio") if m in sys.modules]
print(len(made), loaded)
"""


def test_the_demo_client_creates_no_ssl_context_and_loads_no_network_stack() -> None:
    # A proxy in the environment must not make httpx build (TLS) transports for the demo.
    env = {"HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9"}
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**_base_env(), **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "0 []", result.stdout
    assert not result.stderr, result.stderr


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if "PROXY" not in k.upper()}
