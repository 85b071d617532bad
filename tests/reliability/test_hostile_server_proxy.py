"""A proxy from the environment never sees the key in clear: a loopback base URL bypasses it,
and plain http:// to another host through it is refused (naming the proxy) unless --insecure.

The proxy is a fake on 127.0.0.1 that records every byte it receives and answers 502; the
API is a canned server on 127.0.0.1. Nothing is sent anywhere else.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from thread_tui.cli import main

KEY = "sk-test-proxy-0123456789abcdef"
THREAD = {"id": "thread_abc123", "object": "thread", "created_at": 0, "metadata": {}}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


class Recorder:
    """A socket server on 127.0.0.1 that records what each connection sends (up to 64 KiB,
    for up to 5 s) and answers `reply`; at most 8 connections, then it stops."""

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.received = b""
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> Recorder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)
        self._sock.close()

    def _serve(self) -> None:
        served = 0
        while not self._stop.is_set() and served < 8:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            served += 1
            with conn:
                conn.settimeout(5)
                data = b""
                try:
                    while b"\r\n\r\n" not in data and len(data) < 65536:
                        chunk = conn.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    self.received += data
                    conn.sendall(self.reply)
                except OSError:
                    self.received += data


def reply(status: int, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
    return f"{head}content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode() + body


@pytest.fixture(autouse=True)
def user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    """The fake proxy, named in every proxy variable of the environment, upper and lower case."""
    with Recorder(reply(502, b"{}")) as fake:
        for name in PROXY_VARIABLES:
            url = f"http://user:proxy-password@127.0.0.1:{fake.port}"
            monkeypatch.setenv(name, url)
            monkeypatch.setenv(name.lower(), url)
        yield fake


def test_a_loopback_base_url_bypasses_the_proxy(
    proxy: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    with Recorder(reply(200, json.dumps(THREAD).encode())) as api:
        code = main(["get", "thread_abc123", "--base-url", f"http://127.0.0.1:{api.port}/v1"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert json.loads(out) == THREAD
    assert proxy.received == b""  # not the key, not anything
    assert f"authorization: Bearer {KEY}".lower() in api.received.decode().lower()


def test_plain_http_to_another_host_through_a_proxy_is_refused_naming_it(
    proxy: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["get", "thread_abc123", "--base-url", "http://api.example.test/v1"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert f"through the proxy http://127.0.0.1:{proxy.port}" in err
    assert "proxy-password" not in err and KEY not in err
    assert proxy.received == b""
