"""The CLI against hostile servers on 127.0.0.1: escape sequences in what it says, a trickled
body, bodies nested 1,000 deep, 50 MB and endless bodies, huge retry-after waits.

Each server is a raw asyncio socket server in a thread of its own (the CLI runs its own event
loop in the test's thread), speaking just enough HTTP/1.1 to answer one canned scenario. Every
server sends to the CLI only, is bounded in what it sends and how long, and stops with the test.
"""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from thread_tui.cli import main

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
KEY = "sk-test-hostile-0123456789abcdef"
THREAD = {"id": "thread_abc123", "object": "thread", "created_at": 0, "metadata": {}}
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066"
MiB = 1024 * 1024


class WireServer:
    """A raw socket server on 127.0.0.1 in its own thread; `handler` answers each connection.

    `requests` holds the request heads received (bounded: at most 64 KiB each).
    """

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.requests: list[bytes] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> WireServer:
        self._thread.start()
        assert self._ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, limit=64 * 1024)
        )
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()
            tasks = asyncio.all_tasks(self._loop)
            for task in tasks:
                task.cancel()
            self._loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
            self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            self.requests.append(head)
            await self._handler(reader, writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass  # the client went away: that is what most scenarios end with
        except asyncio.CancelledError:
            pass  # the server stops while a scenario still trickles
        finally:
            writer.close()


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} X", "content-type: application/json"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    lines.append(f"content-length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def canned(status: int, body: bytes, headers: dict[str, str] | None = None) -> Handler:
    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(answer(status, body, headers))
        await writer.drain()

    return handle


@pytest.fixture(autouse=True)
def user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The key in the environment (as the README advises), nothing else of the machine's."""
    for name in ("OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "AZURE_OPENAI_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.chdir(tmp_path)


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def cli(server: WireServer, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["get", "thread_abc123", "--base-url", server.url, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def raw_controls(text: str) -> list[str]:
    """The characters of `text` a terminal would act on (newlines aside)."""
    return [c for c in text if c != "\n" and (not c.isprintable() or 0x80 <= ord(c) < 0xA0)]


# -- 1. escape sequences ------------------------------------------------------------------------


def test_an_error_text_with_escape_sequences_is_printed_inert(
    capsys: pytest.CaptureFixture[str],
) -> None:
    error = {"error": {"message": f"bad {HOSTILE} thing", "type": HOSTILE, "code": None}}
    body = json.dumps(error).encode()
    with WireServer(canned(400, body, {"x-request-id": f"req_{HOSTILE}"})) as server:
        code, out, err = cli(server, capsys=capsys)
    assert code == 1 and out == ""
    assert raw_controls(err) == []
    assert "pwned" in err  # shown, drawn inert
    # The error JSON on stderr is still JSON, and still the server's data, unchanged.
    shown = err[err.index("{") :]
    assert json.loads(shown) == error


def test_a_body_with_c1_and_bidi_characters_is_valid_inert_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    thread = dict(THREAD, metadata={HOSTILE: f"x{HOSTILE}\u0085y", "ok": "naïve ✓"})
    with WireServer(canned(200, json.dumps(thread).encode())) as server:
        code, out, err = cli(server, capsys=capsys)
    assert (code, err) == (0, "")
    assert raw_controls(out) == []
    assert json.loads(out) == thread  # escaped as \\uXXXX: the data is not altered
    assert "naïve ✓" in out  # printable non-ASCII stays readable


# -- 2. the deadline of an attempt --------------------------------------------------------------


def trickle(body: bytes, every: float, step: int = 4) -> Handler:
    """Headers at once, then the body a few bytes at a time (bounded by the body's length)."""

    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(answer(200, body)[: -len(body)])
        for start in range(0, len(body), step):
            await writer.drain()
            await asyncio.sleep(every)
            writer.write(body[start : start + step])
        await writer.drain()

    return handle


def test_a_trickled_body_is_cut_at_the_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    """Each byte arrives well within --timeout, the whole body does not: the deadline is the
    whole attempt's, not each read's."""
    body = json.dumps(THREAD).encode()  # ~70 bytes at 4 bytes per 0.25 s: ~4.5 s
    with WireServer(trickle(body, 0.25)) as server:
        code, out, err = cli(server, "--timeout", "1", "--max-retries", "0", capsys=capsys)
    assert (code, out) == (1, "")
    assert "read timeout after 1 s;" in err
    assert len(server.requests) == 1


# -- 3. deep bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [200, 400])
def test_a_body_nested_1000_deep_is_refused_in_a_sentence(
    status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = b'{"error": ' * 1000 + b"1" + b"}" * 1000 if status == 400 else b"[" * 1000 + b"]" * 1000
    with WireServer(canned(status, deep)) as server:
        code, out, err = cli(server, "--max-retries", "0", capsys=capsys)
    assert (code, out) == (1, "")
    assert "nested deeper than 64 levels" in err
    assert len(err) < 2000  # one sentence or two, not the body


# -- 4. size cap --------------------------------------------------------------------------------


def huge(total: int, *, chunked: bool) -> Handler:
    """A JSON thread padded to `total` bytes, sent in 64 KiB pieces (chunked: with no length,
    and never finished); stops when the client hangs up."""
    piece = b"x" * 65536

    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = json.dumps(THREAD)[:-1].encode() + b', "pad": "'
        framing = "transfer-encoding: chunked" if chunked else f"content-length: {total}"
        writer.write(
            f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\n\r\n".encode()
        )
        sent = 0
        for data in [head] + [piece] * (total // len(piece) + 1):
            if not chunked:
                data = data[: total - 2 - sent]
            writer.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
            await writer.drain()
        if not chunked:
            writer.write(b'"}')
            await writer.drain()

    return handle


def test_a_50_mb_body_is_refused_at_the_cap(capsys: pytest.CaptureFixture[str]) -> None:
    with WireServer(huge(50 * MiB, chunked=False)) as server:
        code, out, err = cli(server, "--max-retries", "0", capsys=capsys)
    assert (code, out) == (1, "")
    assert "larger than 4 MiB" in err


def test_an_endless_chunked_body_is_cut_at_the_cap(capsys: pytest.CaptureFixture[str]) -> None:
    with WireServer(huge(64 * MiB, chunked=True)) as server:
        code, out, err = cli(server, "--max-retries", "0", capsys=capsys)
    assert (code, out) == (1, "")
    assert "larger than 4 MiB" in err


def test_the_cap_is_configurable(capsys: pytest.CaptureFixture[str]) -> None:
    with WireServer(huge(200_000, chunked=False)) as server:
        code, out, _ = cli(server, capsys=capsys)
        assert code == 0 and len(json.loads(out)["pad"]) > 190_000
        code, out, err = cli(server, "--max-response-bytes", "100000", capsys=capsys)
    assert (code, out) == (1, "")
    assert "larger than 100000 bytes" in err


# -- 5. waits -------------------------------------------------------------------------------------


def test_a_huge_retry_after_fails_now_instead_of_waiting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    error = json.dumps({"error": {"message": "slow down", "type": "rate_limit"}}).encode()
    with WireServer(canned(429, error, {"retry-after": "99999"})) as server:
        code, out, err = cli(server, "--timeout", "2", capsys=capsys)
    assert (code, out) == (1, "")
    assert "asked to wait 99999 s" in err
    assert len(server.requests) == 1


def test_each_wait_is_told_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(
        [answer(503, b"{}", {"retry-after": "0.05"}), answer(200, json.dumps(THREAD).encode())]
    )

    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(next(answers))
        await writer.drain()

    terminal = Terminal()
    with WireServer(handle) as server:
        monkeypatch.setattr("sys.stderr", terminal)
        code = main(["get", "thread_abc123", "--base-url", server.url])
    assert code == 0
    lines = terminal.getvalue().splitlines()
    assert len(lines) == 1
    assert "waiting 0.05 s" in lines[0] and "503" in lines[0] and "retry 1 of 2" in lines[0]


def test_no_wait_line_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(
        [answer(503, b"{}", {"retry-after": "0.05"}), answer(200, json.dumps(THREAD).encode())]
    )

    async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(next(answers))
        await writer.drain()

    with WireServer(handle) as server:
        code, out, err = cli(server, capsys=capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == THREAD
