"""`thread-tui serve --demo` in headless Chromium: the lookup screen renders in the page, and
typing an ID there opens the editor with the thread's metadata.

Chromium is driven over the DevTools protocol with aiohttp's websocket client (aiohttp comes
with textual-serve): no chromedriver and no extra dependency. The DevTools protocol is also
what reading the screen needs: textual-serve draws the terminal on a WebGL/canvas layer, so
the page's DOM holds no text, and its xterm.js `Terminal` is not reachable from `window`. A
script that runs before the page's own catches the Terminal as textual-serve stores it
(`this.terminal = new Terminal(...)`), and the test reads xterm's public buffer API: the
characters of every row as the page shows them.

Chromium is required, never skipped: CI installs it (.ci/run); locally, see the message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

CHROMIUM = os.environ.get("THREAD_TUI_CHROMIUM", "/usr/bin/chromium")
# Generous: a loaded CI machine starts Chromium and a Python process per page slowly.
START_TIMEOUT = 30.0
SCREEN_TIMEOUT = 30.0
# Given to `serve` as --api-key: it must reach the served app in its environment only.
PLANTED_KEY = "sk-web-PLANTED-5f0c1e2d3b4a69788796a5b4"

# Runs before the page's scripts. textual-serve's page keeps its xterm.js Terminal in a
# closure; the setter sees it assigned (`this.terminal = ...`), gives it back as a plain
# property, keeps it in window.__term and removes itself so nothing else is affected.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value.write === "function" && "buffer" in value) {
      window.__term = value;
      delete Object.prototype.terminal;
    }
  },
});
"""

# The visible rows of the terminal as text, or null before the terminal exists.
READ_SCREEN = """
(() => {
  const term = window.__term;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return {text: rows.join("\\n"), closed: document.body.classList.contains("-closed")};
})()
"""


def _require_chromium() -> None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"the web-mode test needs Chromium at {CHROMIUM}: on Debian/Ubuntu run "
            "`sudo apt-get install -y chromium` (CI does this in .ci/run), or set "
            "THREAD_TUI_CHROMIUM to a Chromium or Chrome binary",
            pytrace=False,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the process and everything it started (its own session): TERM, then KILL."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
    # The app processes textual-serve started live in the same group: clear any left over.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _log(path: Path) -> str:
    return path.read_text(errors="replace")[-3000:] if path.exists() else "(no output)"


def _processes_in_group(group: int) -> dict[int, tuple[bytes, bytes]]:
    """pid -> (command line, environment) of the processes in a process group (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == group:
                found[int(entry.name)] = (
                    (entry / "cmdline").read_bytes(),
                    (entry / "environ").read_bytes(),
                )
        except (OSError, ProcessLookupError):
            continue  # ended meanwhile
    return found


class Server:
    def __init__(self, url: str, log: Path, process: subprocess.Popen[bytes]) -> None:
        self.url, self.log, self.process = url, log, process


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI"))}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # recents of the served app: thrown away
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "thread_tui",
                "serve",
                "--demo",
                "--port",
                str(port),
                *("--api-key", PLANTED_KEY),
            ],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"thread-tui serve exited with {process.returncode}:\n{_log(log)}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"thread-tui serve did not listen on {port}:\n{_log(log)}")
                time.sleep(0.1)
        yield Server(url, log, process)
    finally:
        _stop(process)


@pytest.fixture
def devtools_port(tmp_path: Path) -> Iterator[int]:
    """A headless Chromium on a blank page; yields its DevTools port."""
    _require_chromium()
    profile = tmp_path / "chromium-profile"
    args = [
        CHROMIUM,
        "--headless=new",
        "--remote-debugging-port=0",  # Chromium picks the port and writes it to the profile
        f"--user-data-dir={profile}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        # The page links a Google font: fail that at once instead of waiting on a network
        # CI may not have. Only the test server is reachable.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1280,900",
        "about:blank",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium's sandbox refuses to run as root (CI)
    log = tmp_path / "chromium.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True
        )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None:
                pytest.fail(f"Chromium exited with {process.returncode}:\n{_log(log)}")
            if time.monotonic() > deadline:
                pytest.fail(f"Chromium did not open its DevTools port:\n{_log(log)}")
            time.sleep(0.1)
        yield int(port_file.read_text().split()[0])
    finally:
        _stop(process)
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """The DevTools protocol, one command at a time, on one page's websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.last_id = 0
        self.errors: list[str] = []  # the page's uncaught JavaScript errors, for failures

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        await self.ws.send_json({"id": self.last_id, "method": method, "params": params})
        while True:  # events may come first; the answer carries our id
            message = json.loads(await self.ws.receive_str())
            if message.get("method") == "Runtime.exceptionThrown":
                details = message["params"]["exceptionDetails"]
                self.errors.append(details.get("exception", {}).get("description") or str(details))
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    async def screen(self) -> dict[str, Any] | None:
        result = await self.send("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        value: dict[str, Any] | None = result["result"].get("value")
        return value

    async def wait_for_screen(self, *needles: str, server: Server) -> str:
        """Poll the screen until it shows every needle; fail with what it shows instead."""
        deadline = time.monotonic() + SCREEN_TIMEOUT
        text = ""
        while time.monotonic() < deadline:
            shown = await self.screen()
            if shown is not None:
                text = shown["text"]
                if all(needle in text for needle in needles):
                    return text
                if shown["closed"]:
                    break  # the session ended: waiting longer cannot help
            await asyncio.sleep(0.1)
        hint = ""
        if not text.strip():
            # Seen when Chromium has no font at all: xterm.js cannot measure a cell.
            hint = "\n(an empty terminal: is a font installed? Debian: fonts-liberation)"
        pytest.fail(
            f"the page never showed {needles}; it shows:\n{text}{hint}\n"
            f"--- page errors: {self.errors}\n--- thread-tui serve:\n{_log(server.log)}"
        )


async def test_the_served_tui_opens_a_thread_in_the_browser(
    server: Server, devtools_port: int
) -> None:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
        async with http.get(f"http://127.0.0.1:{devtools_port}/json/list") as response:
            targets = await response.json()
        ws_url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
        async with http.ws_connect(ws_url, max_msg_size=0) as ws:
            page = Page(ws)
            # Page.enable: without it, Chromium does not run scripts added for new documents.
            await page.send("Page.enable")
            await page.send("Runtime.enable")  # reports the page's errors
            await page.send("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
            await page.send("Page.navigate", url=server.url)

            lookup = await page.wait_for_screen("Open a thread or a conversation", server=server)
            assert "demo" in lookup

            # Keys go where a user's would: xterm's input element, focused.
            await page.send(
                "Runtime.evaluate",
                expression="document.querySelector('.xterm-helper-textarea').focus()",
            )
            await page.send("Input.insertText", text="thread_abc123")
            await page.wait_for_screen("thread_abc123", server=server)
            for kind in ("keyDown", "keyUp"):
                await page.send(
                    "Input.dispatchKeyEvent",
                    type=kind,
                    key="Enter",
                    code="Enter",
                    windowsVirtualKeyCode=13,
                    **({"text": "\r"} if kind == "keyDown" else {}),
                )

            editor = await page.wait_for_screen("Metadata", "Loaded in", server=server)
            rows = editor.splitlines()
            assert any("thread_abc123" in row for row in rows), editor
            # The demo thread's metadata, {"modified": "true", "user": "abc123"}, in its grid.
            assert any("modified" in row and "true" in row for row in rows), editor
            assert any("user" in row and "abc123" in row for row in rows), editor
            assert "Open a thread or a conversation" not in editor

            # The key: in the served app's environment, and nowhere a user or log shows it.
            html = await page.send(
                "Runtime.evaluate",
                expression="document.documentElement.outerHTML + document.title",
                returnByValue=True,
            )
            assert PLANTED_KEY not in html["result"]["value"]
    assert PLANTED_KEY not in server.log.read_text(errors="replace")
    apps = {
        pid: found
        for pid, found in _processes_in_group(server.process.pid).items()
        if pid != server.process.pid and b"thread_tui" in found[0]
    }
    assert apps, "no served thread-tui process found"
    for command_line, environment in apps.values():
        assert PLANTED_KEY.encode() not in command_line
        assert f"OPENAI_API_KEY={PLANTED_KEY}".encode() in environment.split(b"\0")
