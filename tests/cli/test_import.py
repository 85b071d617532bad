"""`thread-tui import FILE`: every ID fetched (bounded concurrency) and recorded in the catalog,
a summary, a rerun that skips what is fresh, Ctrl+C that keeps what was recorded, and a bad
list refused (exit 2, naming file:line) before anything is sent.

In process on the emulator (`--demo` with `main`'s emulator seam); the catalog is a real
SQLite file in tmp_path, opened afresh by each run as a new process would."""

from __future__ import annotations

import asyncio
import io
import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from thread_tui.cli import main
from thread_tui.commands import import_ids
from thread_tui.commands.fetch_many import fetch_each
from thread_tui.commands.import_ids import ImportTotals, import_all
from thread_tui.emulator import Emulator
from thread_tui.storage.catalog import Catalog

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

SEEDED = ["thread_abc123", "thread_full16", "conv_abc123"]


class Clock:
    def __init__(self) -> None:
        self.value = 1_800_000_000.0

    def __call__(self) -> float:
        return self.value


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(import_ids, "now", clock)
    return clock


@pytest.fixture
def catalog_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Path:
    """Each run opens this catalog file, as a fresh process would (the demo's own catalog is
    in memory and would forget between runs)."""
    path = tmp_path / "catalog.sqlite3"

    def open_catalog(*_: object, **__: object) -> Catalog:
        return Catalog.open(path, now=clock)

    monkeypatch.setattr(import_ids, "catalog_for", open_catalog)
    return path


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def write(tmp_path: Path, text: str, name: str = "ids.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def gets(emu: Emulator) -> list[str]:
    return [r.path.rsplit("/", 1)[-1] for r in emu.requests if r.method == "GET"]


def test_each_id_is_fetched_and_recorded_with_a_summary(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    ids = write(tmp_path, "\n".join([*SEEDED, "thread_gone1", "thread_abc123"]) + "\n")
    code, out, err = run(["import", str(ids)], emu, capsys)
    assert code == 0
    assert out == "imported 3 · not found 1 · failed 0 · skipped 0 (fresh)\n"
    assert err == "note: 1 repeated ID read once\n"
    assert sorted(gets(emu)) == sorted([*SEEDED, "thread_gone1"])
    catalog = Catalog.open(catalog_path)
    for resource_id in SEEDED:
        entry = catalog.get(resource_id)
        assert entry is not None and not entry.deleted
        source = emu.threads.get(resource_id) or emu.conversations[resource_id]
        assert entry.metadata == source["metadata"]
    gone = catalog.get("thread_gone1")
    assert gone is not None and gone.deleted


def test_a_rerun_skips_what_is_fresh_and_fresh_0_refetches(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path, clock: Clock
) -> None:
    ids = write(tmp_path, "\n".join(SEEDED) + "\n")
    assert run(["import", str(ids)], emu, capsys)[0] == 0
    emu.requests.clear()
    clock.value += 3600  # an hour later: within the default 24 h
    code, out, _ = run(["import", str(ids)], emu, capsys)
    assert (code, out) == (0, "imported 0 · not found 0 · failed 0 · skipped 3 (fresh)\n")
    assert gets(emu) == []
    code, out, _ = run(["import", str(ids), "--fresh", "30m"], emu, capsys)
    assert out == "imported 3 · not found 0 · failed 0 · skipped 0 (fresh)\n"
    emu.requests.clear()
    code, out, _ = run(["import", str(ids), "--fresh", "0"], emu, capsys)
    assert out == "imported 3 · not found 0 · failed 0 · skipped 0 (fresh)\n"
    assert sorted(gets(emu)) == sorted(SEEDED)


def test_failures_are_counted_with_their_reason_and_exit_1(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    emu.faults.inject(500, match="thread_full16", times=1)
    ids = write(tmp_path, "\n".join(SEEDED) + "\n")
    code, out, err = run(["import", str(ids), "--max-retries", "0"], emu, capsys)
    assert code == 1
    assert out == "imported 2 · not found 0 · failed 1 · skipped 0 (fresh)\n"
    [line] = err.splitlines()
    assert line.startswith("failed thread_full16: ") and "HTTP 500" in line
    assert Catalog.open(catalog_path).get("thread_full16") is None
    emu.requests.clear()  # the failed one is not fresh: a rerun fetches it (only it)
    code, out, _ = run(["import", str(ids)], emu, capsys)
    assert (code, gets(emu)) == (0, ["thread_full16"])


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("thread_abc123\nconv_abc123\nthread_a/../b\n", "ids.txt:3: 'thread_a/../b': "),
        ("id,owner\nthread_abc123,ana\n,bo\n", "ids.txt:3: empty `id` cell"),
        ('{"id": "thread_abc123"}\n{"id": 7}\n', "ids.txt:2: the object has no string `id`"),
    ],
)
def test_a_bad_line_exits_2_naming_it_and_nothing_is_fetched(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path, text: str, where: str
) -> None:
    ids = write(tmp_path, text)
    code, out, err = run(["import", str(ids)], emu, capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {tmp_path / where}")
    assert len(err.splitlines()) == 1
    assert list(emu.requests) == []


def test_a_missing_file_exits_2_naming_it(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    code, _, err = run(["import", str(tmp_path / "nope.txt")], emu, capsys)
    assert code == 2
    assert err.startswith(f"error: {tmp_path / 'nope.txt'}: cannot read it")
    assert list(emu.requests) == []


def test_stdin_with_a_dash_and_csv_or_jsonl_as_get_writes_them(
    emu: Emulator, capsys: Capture, catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [json.dumps(emu.threads["thread_abc123"]), json.dumps(emu.conversations["conv_abc123"])]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, _ = run(["import", "-"], emu, capsys)
    assert (code, out) == (0, "imported 2 · not found 0 · failed 0 · skipped 0 (fresh)\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("id,kind\r\nthread_tools,thread\r\n"))
    code, out, _ = run(["import", "-"], emu, capsys)
    assert out == "imported 1 · not found 0 · failed 0 · skipped 0 (fresh)\n"


@pytest.mark.parametrize(("bad", "words"), [("--concurrency", "0"), ("--fresh", "soon")])
def test_bad_options_are_refused(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path, bad: str, words: str
) -> None:
    ids = write(tmp_path, "thread_abc123\n")
    code, _, err = run(["import", str(ids), bad, words], emu, capsys)
    assert code == 2 and f"argument {bad}" in err
    assert list(emu.requests) == []


class CountingTransport(httpx.AsyncBaseTransport):
    """The emulator's transport, counting the requests in flight at once."""

    def __init__(self, inner: httpx.AsyncBaseTransport, delay: float = 0.005) -> None:
        self.inner = inner
        self.delay = delay
        self.in_flight = 0
        self.peak = 0
        self.on_request: Callable[[int], None] | None = None
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.count += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            if self.on_request is not None:
                self.on_request(self.count)
            await asyncio.sleep(self.delay)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


@pytest.fixture
def counting(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> CountingTransport:
    transport = CountingTransport(emu.transport())
    monkeypatch.setattr(emu, "transport", lambda: transport)
    return transport


def test_concurrency_bounds_the_requests_in_flight(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path, counting: CountingTransport
) -> None:
    ids = write(tmp_path, "".join(f"thread_n{n}\n" for n in range(40)))
    code, out, _ = run(["import", str(ids), "--concurrency", "3"], emu, capsys)
    assert (code, out) == (0, "imported 0 · not found 40 · failed 0 · skipped 0 (fresh)\n")
    assert counting.peak == 3
    assert counting.count == 40


async def test_ids_are_pulled_only_as_slots_free_up(emu: Emulator) -> None:
    pulled = 0

    def ids() -> Iterator[str]:
        nonlocal pulled
        for n in range(10_000):
            pulled += 1
            yield f"thread_n{n}"

    from thread_tui.commands.demo import build_client
    from thread_tui.core.settings import load_settings

    async with build_client(load_settings(demo=True), emulator=emu) as client:
        results = fetch_each(client, ids(), concurrency=4, ordered=False)
        first = await anext(results)
        assert first.status == "not_found"
        assert pulled <= 5  # 4 in flight, 1 started as the first finished
        await results.aclose()  # type: ignore[attr-defined]


def test_ctrl_c_stops_keeps_what_was_recorded_and_prints_the_summary(
    tmp_path: Path,
    emu: Emulator,
    capsys: Capture,
    catalog_path: Path,
    counting: CountingTransport,
) -> None:
    lines = [*SEEDED, *(f"thread_n{n}" for n in range(200))]
    ids = write(tmp_path, "\n".join(lines) + "\n")

    def interrupt(count: int) -> None:
        if count == 20:
            signal.raise_signal(signal.SIGINT)  # as Ctrl+C does, to the running asyncio.run

    counting.on_request = interrupt
    code, out, err = run(["import", str(ids), "--concurrency", "2"], emu, capsys)
    assert code == 130
    summary = out.strip()
    assert summary.startswith("imported 3 · not found ")
    not_found = int(summary.split("not found ")[1].split(" ")[0])
    assert 15 <= not_found < 200
    assert f"interrupted: {203 - 3 - not_found} of 203 IDs not done" in err
    catalog = Catalog.open(catalog_path)
    assert all(catalog.get(i) is not None for i in SEEDED)  # recorded before the stop


async def test_import_all_records_in_batches_and_flushes_at_the_end(
    emu: Emulator, tmp_path: Path
) -> None:
    from thread_tui.commands.demo import build_client
    from thread_tui.core.settings import load_settings

    catalog = Catalog.open(tmp_path / "c.sqlite3")
    totals = ImportTotals(total=3)
    steps: list[tuple[Any, str]] = []
    async with build_client(load_settings(demo=True), emulator=emu) as client:
        await import_all(
            client,
            SEEDED,
            catalog,
            totals,
            concurrency=2,
            since=None,
            on_step=lambda f, i: steps.append((f, i)),
        )
    assert (totals.imported, totals.not_found, totals.failed) == (3, 0, 0)
    assert sorted(i for _, i in steps) == sorted(SEEDED)
    assert all(catalog.get(i) is not None for i in SEEDED)


def test_a_terminal_gets_a_progress_bar_on_stderr(
    tmp_path: Path, emu: Emulator, catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stderr, stdout = Terminal(), io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.setenv("COLUMNS", "80")
    emu.faults.inject(500, match="conv_abc123", times=5)
    ids = write(tmp_path, "\n".join(SEEDED) + "\n")
    code = main(["import", str(ids), "--demo", "--max-retries", "0"], emulator=emu)
    assert code == 1
    assert stdout.getvalue() == "imported 2 · not found 0 · failed 1 · skipped 0 (fresh)\n"
    drawn = stderr.getvalue()
    assert "importing" in drawn and "/3" in drawn  # the bar, with its M/N count
    assert "failed conv_abc123: " in drawn


@pytest.mark.parametrize(
    "line",
    [
        ["import", "ids.txt", "--demo", "--fresh", "2h"],
        ["--demo", "import", "-", "--concurrency", "3", "--fresh", "0"],
        ["get", "thread_a", "conv_b", "--format", "csv", "--concurrency", "2"],
        ["get", "--ids", "@ids.txt", "--format", "jsonl", "--demo"],
    ],
    ids=" ".join,
)
def test_the_parser_built_for_the_command_alone_reads_it_the_same(line: list[str]) -> None:
    from thread_tui.cli import build_parser, named_command

    only = named_command(line)
    assert only in ("import", "get")
    assert build_parser(only).parse_args(line) == build_parser().parse_args(line)
