"""Fixtures for driving a real `thread-tui serve --demo` on 127.0.0.1: the server in its own
process group (so every app process it starts can be found and is cleaned up) and aiohttp's
client with a deadline."""

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

START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """End the process and the app processes it started (its own session): TERM, then KILL."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        finally:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class Served:
    def __init__(self, port: int, log: Path, process: subprocess.Popen[bytes]) -> None:
        self.port, self.log, self.process = port, log, process
        self.base = f"http://127.0.0.1:{port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def apps(self) -> set[int]:
        """The thread-tui processes textual-serve started (they share serve's group)."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == self.process.pid:
                continue
            try:
                in_group = os.getpgid(int(entry.name)) == self.process.pid
                if in_group and b"thread_tui" in (entry / "cmdline").read_bytes():
                    found.add(int(entry.name))
            except (OSError, ProcessLookupError):
                continue  # ended meanwhile
        return found

    async def wait_for_apps(self, check: Callable[[set[int]], bool], within: float = 20) -> None:
        """Poll the app processes until `check` holds; fail with what was found instead."""
        deadline = time.monotonic() + within
        while not check(found := self.apps()):
            if time.monotonic() > deadline:
                pytest.fail(f"app processes {found}:\n{self.output()}")
            await asyncio.sleep(0.1)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts `thread-tui serve --demo --port <free>` with extra arguments; stops it after."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> Served:
        port = free_port()
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
            stop(process)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:
        yield session
