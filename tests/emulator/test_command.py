"""`thread-tui emulator --rate-limit RPM`, and its banner naming the fault route, as a user
runs it: a real process on 127.0.0.1."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

import httpx
import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY

HEADERS = {"Authorization": f"Bearer {DEMO_API_KEY}", "OpenAI-Beta": "assistants=v2"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_rate_limit_and_fault_route_of_the_command() -> None:
    port = _free_port()
    argv = ["emulator", "--port", str(port), "--rate-limit", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "thread_tui", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline().strip() for _ in range(6)]
        root = f"http://127.0.0.1:{port}"
        assert banner[4] == (
            f"Faults: POST/GET/DELETE {root}/_emulator/faults with the key above (see README)"
        )
        assert banner[5].startswith("Rate limit: 2 requests a minute")
        with httpx.Client(base_url=f"{root}/v1", headers=HEADERS, timeout=10) as client:
            armed = client.post(f"{root}/_emulator/faults", json={"status": 502})
            assert armed.status_code == 200
            assert client.get("/threads/thread_abc123").status_code == 502
            assert client.get("/threads/thread_abc123").status_code == 200
            limited = client.get("/threads/thread_abc123")
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["retry-after"]) <= 30
        assert limited.headers["x-ratelimit-limit-requests"] == "2"
        assert limited.headers["x-ratelimit-remaining-requests"] == "0"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-3", "many", "1.5", "2000000"])
def test_a_bad_rate_limit_is_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--rate-limit", value]) == 2
    err = capsys.readouterr().err
    assert "--rate-limit" in err and "Traceback" not in err
