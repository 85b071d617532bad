"""`thread-tui serve` answers only its own address: another site's page cannot open its
websocket (cross-site websocket hijacking), nor reach it through a name of its own resolved
to 127.0.0.1 (DNS rebinding). A real `serve --demo`, driven with aiohttp's client."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from thread_tui.commands.web import SameOrigin, ServeError

START_TIMEOUT = 30.0
EVIL = "https://evil.example"


@pytest.mark.parametrize(
    ("host", "origin", "refused"),
    [
        ("127.0.0.1:8000", None, None),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", None),
        ("LOCALHOST:8000", "http://localhost:8000", None),
        ("127.0.0.1:8000", EVIL, "Origin"),
        ("127.0.0.1:8000", "http://127.0.0.1:9000", "Origin"),
        ("127.0.0.1:8000", "https://127.0.0.1:8000", "Origin"),
        ("127.0.0.1:8000", "null", "Origin"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000@evil.example", "Origin"),
        ("evil.example:8000", None, "Host"),
        ("evil.example:8000", "http://evil.example:8000", "Host"),
        ("127.0.0.1", None, "Host"),
        ("127.0.0.1:8000/x", None, "Host"),
    ],
)
def test_only_the_served_address_is_allowed(host: str, origin: str | None, refused: str) -> None:
    allowed = SameOrigin.of("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert allowed.refusal([host], [origin] if origin else []) == refused


def test_no_host_or_two_of_a_header_are_refused() -> None:
    allowed = SameOrigin.of("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert allowed.refusal([], []) == "Host"
    assert allowed.refusal(["127.0.0.1:8000", "evil.example"], []) == "Host"
    assert allowed.refusal(["127.0.0.1:8000"], ["http://127.0.0.1:8000", EVIL]) == "Origin"


def test_the_public_url_and_ipv6_addresses() -> None:
    allowed = SameOrigin.of("0.0.0.0", 8000, "https://TUI.example.com")
    for host in ("tui.example.com", "tui.example.com:443", "0.0.0.0:8000"):
        assert allowed.refusal([host], ["https://tui.example.com"]) is None
    assert allowed.refusal(["tui.example.com"], ["https://tui.example.com:443"]) is None
    assert allowed.refusal(["tui.example.com"], ["http://tui.example.com"]) == "Origin"
    assert allowed.refusal(["tui.example.com:8000"], []) == "Host"
    assert allowed.refusal(["localhost:8000"], []) == "Host"  # 0.0.0.0 is no loopback name

    ipv6 = SameOrigin.of("::1", 8001, "http://[::1]:8001")
    assert ipv6.refusal(["[::1]:8001"], ["http://[::1]:8001"]) is None
    assert ipv6.refusal(["localhost:8001"], ["http://localhost:8001"]) is None
    assert ipv6.refusal(["[::2]:8001"], []) == "Host"


@pytest.mark.parametrize("url", ["tui.example.com", "ftp://tui.example.com", "https://"])
def test_a_public_url_that_is_no_http_url_is_refused(url: str) -> None:
    with pytest.raises(ServeError, match="--public-url"):
        SameOrigin.of("127.0.0.1", 8000, url)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the process and the app processes it started (its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        finally:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class Served:
    def __init__(self, port: int, log: Path, process: subprocess.Popen[bytes]) -> None:
        self.port, self.log, self.process = port, log, process
        self.base = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def apps(self) -> list[int]:
        """The thread-tui processes textual-serve started (they share serve's group)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.process.pid:
                continue
            try:
                in_group = os.getpgid(int(entry.name)) == self.process.pid
                if in_group and b"thread_tui" in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except (OSError, ProcessLookupError):
                continue  # ended meanwhile
        return found


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `thread-tui serve --demo --port <free>` with extra arguments; stops it after."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> Served:
        port = _free_port()
        log = tmp_path / f"serve-{port}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_"))}
        env["XDG_STATE_HOME"] = str(tmp_path / "state")
        command = [sys.executable, "-m", "thread_tui", "serve", "--demo", "--port", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, *extra],
                cwd=tmp_path,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return Served(port, log, process)
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"serve did not listen on {port}:\n{log.read_text()}")
                time.sleep(0.1)

    try:
        yield start
    finally:
        for process in started:
            _stop(process)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        yield session


async def _refused(http: aiohttp.ClientSession, url: str, **headers: str) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        async with http.ws_connect(url, headers=headers):
            pass
    assert refused.value.status == 403


async def _screen_starts(http: aiohttp.ClientSession, url: str, **headers: str) -> None:
    """A websocket that is accepted, and streams the started app's screen."""
    async with http.ws_connect(url, headers=headers) as ws:
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        message = await ws.receive(timeout=20)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message


async def test_another_sites_websocket_is_refused_and_starts_nothing(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    served = serve()
    ws_url = f"{served.base}/ws?width=100&height=30"
    await _refused(http, ws_url, Origin=EVIL)
    await _refused(http, ws_url, Origin="null")
    # DNS rebinding: the attacker's own name, resolved to 127.0.0.1, so same-origin to it.
    rebound = f"http://evil.example:{served.port}"
    await _refused(http, ws_url, Origin=rebound, Host=f"evil.example:{served.port}")
    await asyncio.sleep(1)  # a process started anyway would show by now
    assert served.apps() == []
    assert "refused GET /ws: Origin 'https://evil.example'" in served.output()

    # The page's own origin, under either loopback name: the app starts.
    await _screen_starts(http, ws_url, Origin=served.base)
    await _screen_starts(http, ws_url, Origin=f"http://localhost:{served.port}")
    assert served.apps() != []


async def test_the_page_is_refused_under_another_host_name(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    served = serve()
    async with http.get(served.base, headers={"Host": f"evil.example:{served.port}"}) as page:
        assert page.status == 403
        assert "Forbidden" in await page.text()
    async with http.get(f"{served.base}/static/css/xterm.css", headers={"Origin": EVIL}) as css:
        assert css.status == 403
    async with http.get(served.base) as page:
        assert page.status == 200
        assert f'"ws://127.0.0.1:{served.port}/ws"' in await page.text()


async def test_the_public_url_is_allowed(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    public = "https://tui.example.com"
    served = serve("--public-url", f"{public}/")
    async with http.get(served.base, headers={"Host": "tui.example.com"}) as page:
        assert page.status == 200
        assert '"wss://tui.example.com/ws"' in await page.text()
    ws_url = f"{served.base}/ws"
    await _screen_starts(http, ws_url, Origin=public, Host="tui.example.com")
    await _screen_starts(http, ws_url, Origin=public)  # a proxy that gives its own Host
    await _refused(http, ws_url, Origin=EVIL, Host="tui.example.com")
