"""`thread-tui update --ids …` and `thread-tui apply FILE.jsonl` end to end.

In-process runs pass `--demo` and hand `main` the emulator (its request log shows what was
sent). The rate-limit and Ctrl+C runs talk to the emulator's real HTTP server on 127.0.0.1,
as a user would, with bounded counts.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.ratelimit import RequestRateLimit
from thread_tui.emulator.server import running_server
from thread_tui.storage.catalog import CATALOG_FILE, Catalog
from thread_tui.storage.journal import Journal
from thread_tui.storage.state import default_state_dir

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

IDS = ["thread_abc123", "thread_full16", "thread_empty", "conv_abc123", "thread_nothere"]


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def id_file(tmp_path: Path, ids: list[str], name: str = "ids.txt") -> str:
    path = tmp_path / name
    path.write_text("".join(f"{rid}\n" for rid in ids))
    return f"@{path}"


def posts(emu: Emulator) -> list[str]:
    return [r.path.rsplit("/", 1)[-1] for r in emu.requests if r.method == "POST"]


def statuses(out: str) -> dict[str, str]:
    found = {}
    for line in out.splitlines():
        if line.startswith("    "):
            continue
        parts = line.split()
        word = " ".join(parts[:2]) if parts[0] in ("would", "not") else parts[0]
        rid = parts[2] if parts[0] in ("would", "not") else parts[1]
        found[rid] = word
    return found


# -- update --ids ------------------------------------------------------------------------------


def test_a_dry_run_prints_each_diff_and_refusal_and_sends_nothing(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    argv = ["update", "--ids", id_file(tmp_path, IDS), "--metadata", "owner=ana", "--dry-run"]
    code, out, err = run(argv, emu, capsys)
    assert code == 1  # one would be refused, one is not found
    assert posts(emu) == []
    assert {r.method for r in emu.requests} == {"GET"}
    assert statuses(out) == {
        "thread_abc123": "would update",
        "thread_full16": "refused",
        "thread_empty": "would update",
        "conv_abc123": "would update",
        "thread_nothere": "not found",
    }
    assert '    + owner: "ana"' in out.splitlines()
    assert "17 metadata pairs" in out
    assert "1 of 5 would exceed 16 pairs" in err
    assert "dry run: nothing was sent" in err


def test_an_update_changes_each_object_and_exits_0_when_all_succeed(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    ids = ["thread_abc123", "thread_empty", "conv_abc123"]
    argv = ["update", "--ids", id_file(tmp_path, ids), "--metadata", "owner=ana", "--yes"]
    code, out, err = run(argv, emu, capsys)
    assert code == 0, err
    assert sorted(posts(emu)) == sorted(ids)
    assert emu.threads["thread_empty"]["metadata"]["owner"] == "ana"
    assert emu.conversations["conv_abc123"]["metadata"]["owner"] == "ana"
    assert set(statuses(out).values()) == {"updated"}
    assert "req_" in out
    assert err.splitlines()[0] == "updated 3 · refused 0 · failed 0 (of 3)"


def test_an_object_that_already_holds_the_change_is_not_sent(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    emu.threads["thread_empty"]["metadata"] = {"owner": "ana"}
    argv = ["update", "--ids", id_file(tmp_path, ["thread_empty"]), "-y", "--metadata", "owner=ana"]
    code, out, _ = run(argv, emu, capsys)
    assert code == 0 and posts(emu) == [] and statuses(out) == {"thread_empty": "unchanged"}


def test_tool_resources_are_refused_for_the_conversations_only(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    store = next(iter(emu.vector_stores))
    argv = [
        "update",
        "--ids",
        id_file(tmp_path, ["thread_empty", "conv_abc123"]),
        "--tool-resources",
        f"{{file_search: {{vector_store_ids: [{store}]}}}}",
        "--yes",
    ]
    code, out, err = run(argv, emu, capsys)
    assert code == 1
    assert statuses(out) == {"thread_empty": "updated", "conv_abc123": "refused"}
    assert posts(emu) == ["thread_empty"]
    assert "1 of 2 are conversations, which have no tool_resources" in err


def test_a_bad_line_exits_2_naming_it_and_sends_nothing(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    ids = id_file(tmp_path, ["thread_abc123", "thread_empty", "not an id", "thread_tools"])
    code, out, err = run(["update", "--ids", ids, "--metadata", "a=b", "--yes"], emu, capsys)
    assert code == 2 and out == ""
    assert "ids.txt:3" in err
    assert list(emu.requests) == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["thread_abc123"], "not both"),
        (["--show", "curl"], "--show"),
        (["--where", "a=b"], "--ids or --where"),
        (["--kind", "thread"], "--kind goes with --where"),
    ],
)
def test_options_that_do_not_go_together(
    tmp_path: Path, capsys: Capture, extra: list[str], message: str
) -> None:
    emu = Emulator()
    argv = ["update", "--ids", id_file(tmp_path, ["thread_abc123"]), "--metadata", "a=b", *extra]
    code, _, err = run(argv, emu, capsys)
    assert code == 2 and message in err
    assert list(emu.requests) == []


def test_nothing_to_change_exits_2(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    code, _, err = run(["update", "--ids", id_file(tmp_path, ["thread_abc123"])], emu, capsys)
    assert code == 2 and "nothing to update" in err
    assert list(emu.requests) == []


def test_a_script_with_no_terminal_is_not_asked(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    ids = id_file(tmp_path, ["thread_abc123"])
    code, _, err = run(["update", "--ids", ids, "--metadata", "a=b"], emu, capsys)
    assert code == 0, err
    assert posts(emu) == ["thread_abc123"]


def on_a_terminal(argv: list[str], answer: bytes) -> tuple[int, str, str]:
    """Run thread-tui with stdin and stderr on a pseudo-terminal, answering its question."""
    import os
    import pty
    import select

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "thread_tui", *argv],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=follower,
    )
    os.close(follower)
    shown = b""
    try:
        while b"[y/N]" not in shown:
            ready, _, _ = select.select([leader], [], [], 30)
            assert ready, shown
            shown += os.read(leader, 4096)
        os.write(leader, answer)
        out, _ = proc.communicate(timeout=60)
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown += chunk
    finally:
        os.close(leader)
        proc.kill()
    return proc.returncode, out.decode(), shown.decode("utf-8", "replace")


@pytest.mark.parametrize(("answer", "sent"), [(b"n\n", False), (b"y\n", True)])
def test_on_a_terminal_it_asks_first(tmp_path: Path, answer: bytes, sent: bool) -> None:
    emu = seeded(3)
    with running_server(emu) as base_url:
        code, out, shown = on_a_terminal(
            [
                "update",
                "--ids",
                bulk_ids(emu, tmp_path),
                "--metadata",
                "owner=ana",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ],
            answer,
        )
    assert "Change 3 objects? [y/N]" in shown and "Traceback" not in shown
    changed = [t for t in emu.threads.values() if t["metadata"].get("owner") == "ana"]
    if sent:
        assert code == 0 and len(changed) == 3 and len(out.splitlines()) == 3
    else:
        assert code == 1 and changed == [] and out == "" and "not sent" in shown
        assert not any(r.method == "POST" for r in emu.requests)


def test_read_only_refuses_a_bulk_update_but_not_its_dry_run(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    ids = id_file(tmp_path, ["thread_abc123"])
    code, _, err = run(["--read-only", "update", "--ids", ids, "--metadata", "a=b"], emu, capsys)
    assert code == 2 and "read-only" in err
    argv = ["--read-only", "update", "--ids", ids, "--metadata", "a=b", "--dry-run"]
    assert run(argv, emu, capsys)[0] == 0
    assert posts(emu) == []


def test_the_single_id_update_is_unchanged(capsys: Capture) -> None:
    emu = Emulator()
    code, out, err = run(["update", "thread_abc123", "--metadata", "owner=ana"], emu, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)["metadata"]["owner"] == "ana"


def test_where_picks_the_objects_from_the_catalog(capsys: Capture) -> None:
    emu = Emulator()
    emu.threads["thread_tools"]["metadata"]["batch"] = "7"
    emu.conversations["conv_abc123"]["metadata"]["batch"] = "7"
    argv = ["update", "--where", "batch=7", "--metadata", "owner=ana", "--yes"]
    code, out, err = run(argv, emu, capsys)
    assert code == 0, err
    assert statuses(out) == {"thread_tools": "updated", "conv_abc123": "updated"}
    assert sorted(posts(emu)) == ["conv_abc123", "thread_tools"]
    argv = ["update", "--where", "batch=7", "--kind", "thread", "--metadata", "o=b", "--yes"]
    code, out, _ = run(argv, emu, capsys)
    assert code == 0 and statuses(out) == {"thread_tools": "updated"}


def test_where_needs_key_equals_value(capsys: Capture) -> None:
    code, _, err = run(["update", "--where", "batch", "--metadata", "a=b"], Emulator(), capsys)
    assert code == 2 and "KEY=VALUE" in err


# -- the journal -------------------------------------------------------------------------------


def test_a_rerun_with_the_journal_skips_what_succeeded(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    journal = tmp_path / "run.jsonl"
    ids = id_file(tmp_path, ["thread_abc123", "thread_full16", "thread_empty"])
    argv = ["update", "--ids", ids, "--metadata", "owner=ana", "--journal", str(journal), "--yes"]
    assert run(argv, emu, capsys)[0] == 1  # thread_full16 is refused
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    assert {e["id"]: e["outcome"] for e in lines} == {
        "thread_abc123": "updated",
        "thread_full16": "refused",
        "thread_empty": "updated",
    }
    # Make room on thread_full16 (as a user would, elsewhere), and run the same command again.
    del emu.threads["thread_full16"]["metadata"][
        next(iter(emu.threads["thread_full16"]["metadata"]))
    ]
    emu.requests.clear()
    code, out, err = run(argv, emu, capsys)
    assert code == 0, err
    assert {r.path.rsplit("/", 1)[-1] for r in emu.requests} == {"thread_full16"}
    assert statuses(out) == {
        "thread_abc123": "skipped",
        "thread_full16": "updated",
        "thread_empty": "skipped",
    }
    assert len(journal.read_text().splitlines()) == 4  # skipped IDs add no line
    # Another change skips nothing.
    emu.requests.clear()
    other = [*argv[:4], "owner=bo", *argv[5:]]
    assert run(other, emu, capsys)[0] == 0
    assert len({r.path for r in emu.requests if r.method == "POST"}) == 3


def test_a_journal_that_is_no_journal_exits_2_untouched(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    ids = id_file(tmp_path, ["thread_abc123"])
    wrong = tmp_path / "ids.txt"
    before = wrong.read_text()
    argv = ["update", "--ids", ids, "--metadata", "a=b", "--journal", str(wrong), "--yes"]
    code, _, err = run(argv, emu, capsys)
    assert code == 2 and "not a journal line" in err
    assert wrong.read_text() == before and list(emu.requests) == []


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (700, 700))
from thread_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_journal_that_cannot_be_written_stops_the_run(tmp_path: Path) -> None:
    """A real failing disk: the file size limit makes the third line's write fail (EFBIG)."""
    emu = Emulator()
    for n in range(40):
        emu.threads[f"thread_bulk{n:04d}"] = {
            "id": f"thread_bulk{n:04d}",
            "object": "thread",
            "created_at": 1,
            "metadata": {},
            "tool_resources": {},
        }
    ids = id_file(tmp_path, sorted(rid for rid in emu.threads if rid.startswith("thread_bulk")))
    journal = tmp_path / "run.jsonl"
    with running_server(emu) as base_url:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                FULL_DISK,
                "update",
                "--ids",
                ids,
                "--metadata",
                "a=b",
                "--journal",
                str(journal),
                "--yes",
                "--concurrency",
                "2",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "a line could not be written" in result.stderr
    assert "nothing more was sent" in result.stderr
    written = journal.read_text()
    assert written.endswith("\n")
    journaled = [json.loads(line)["id"] for line in written.splitlines()]
    updated = [rid for rid, t in emu.threads.items() if t["metadata"].get("a") == "b"]
    # Every object changed is in the journal or named on stderr; the run stopped early.
    missing = set(updated) - set(journaled)
    assert all(f"not journaled: updated {rid}" in result.stderr for rid in missing)
    assert len(updated) <= len(journaled) + 2 + 1
    assert len(updated) < 40


# -- apply ----------------------------------------------------------------------------------------


def changes_file(tmp_path: Path, lines: list[object]) -> str:
    path = tmp_path / "changes.jsonl"
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return str(path)


def test_apply_gives_each_object_its_own_change(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    store = next(iter(emu.vector_stores))
    path = changes_file(
        tmp_path,
        [
            {"id": "thread_abc123", "metadata": {"owner": "ana"}},
            "",
            {"id": "conv_abc123", "metadata": {"owner": "bo"}},
            {
                "id": "thread_empty",
                "tool_resources": {"file_search": {"vector_store_ids": [store]}},
            },
        ],
    )
    code, out, err = run(["apply", path, "--yes"], emu, capsys)
    assert code == 0, err
    assert emu.threads["thread_abc123"]["metadata"]["owner"] == "ana"
    assert emu.conversations["conv_abc123"]["metadata"]["owner"] == "bo"
    ts = emu.threads["thread_empty"]["tool_resources"]
    assert ts["file_search"]["vector_store_ids"] == [store]
    assert set(statuses(out).values()) == {"updated"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('{"id": "thread_empty", "metadata": {"a": "1"}', "not a JSON object"),
        ('["thread_empty"]', "not a JSON object"),
        ({"id": "thread_empty", "metadata": {"a": 1}}, "must be a string"),
        ({"id": "thread_empty", "metadata": {"k" * 65: "v"}}, "65 characters"),
        ({"id": "thread_empty", "colour": "red"}, "unknown field 'colour'"),
        ({"id": "thread_empty"}, "nothing to change"),
        ({"id": "nope", "metadata": {"a": "1"}}, "'nope'"),
        ({"id": "thread_abc123", "metadata": {"a": "2"}}, "already changed on line 1"),
        ({"id": "thread_empty", "tool_resources": {"code_interpreter": []}}, "code_interpreter"),
    ],
)
def test_apply_checks_the_whole_file_first(
    tmp_path: Path, capsys: Capture, bad: object, message: str
) -> None:
    emu = Emulator()
    path = changes_file(
        tmp_path,
        [
            {"id": "thread_abc123", "metadata": {"a": "1"}},
            {"id": "thread_tools", "metadata": {}},
            bad,
        ],
    )
    code, out, err = run(["apply", path, "--yes"], emu, capsys)
    assert code == 2 and out == ""
    assert f"{path}:3: " in err and message in err
    assert list(emu.requests) == []


def test_apply_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    import io

    emu = Emulator()
    lines = json.dumps({"id": "thread_abc123", "metadata": {"owner": "ana"}}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    code, out, err = run(["apply", "-"], emu, capsys)
    assert code == 0, err
    assert statuses(out) == {"thread_abc123": "updated"}


def test_apply_a_missing_file_exits_2(tmp_path: Path, capsys: Capture) -> None:
    code, _, err = run(["apply", str(tmp_path / "nope.jsonl"), "--yes"], Emulator(), capsys)
    assert code == 2 and "cannot read it" in err


# -- rate limits and Ctrl+C, over a real socket --------------------------------------------------


def seeded(count: int, **kwargs: object) -> Emulator:
    emu = Emulator(**kwargs)  # type: ignore[arg-type]
    for n in range(count):
        rid = f"thread_bulk{n:04d}"
        emu.threads[rid] = {
            "id": rid,
            "object": "thread",
            "created_at": 1,
            "metadata": {"n": str(n)},
            "tool_resources": {},
        }
    return emu


def bulk_ids(emu: Emulator, tmp_path: Path) -> str:
    return id_file(tmp_path, sorted(rid for rid in emu.threads if rid.startswith("thread_bulk")))


def test_200_objects_under_a_600_rpm_limit_none_fails(tmp_path: Path, capsys: Capture) -> None:
    emu = seeded(200, rate_limit=600)
    with running_server(emu) as base_url:
        code = main(
            [
                "update",
                "--ids",
                bulk_ids(emu, tmp_path),
                "--metadata",
                "owner=ana",
                "--yes",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ]
        )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert set(statuses(out).values()) == {"updated"} and len(statuses(out)) == 200
    bulk = [t for rid, t in emu.threads.items() if rid.startswith("thread_bulk")]
    assert all(t["metadata"].get("owner") == "ana" for t in bulk)
    # Each object updated is recorded in the catalog, as the server returned it.
    catalog = Catalog.open(default_state_dir() / CATALOG_FILE)
    try:
        entry = catalog.get("thread_bulk0007")
        assert entry is not None and entry.metadata == {"n": "7", "owner": "ana"}
    finally:
        catalog.close()


def test_a_spent_rate_limit_slows_the_run_down_instead_of_failing_objects(
    tmp_path: Path, capsys: Capture
) -> None:
    limit = RequestRateLimit(600)
    for _ in range(600):
        limit.take()  # another client has just spent this minute's requests
    emu = seeded(15, rate_limit=limit)
    with running_server(emu) as base_url:
        code = main(
            [
                "update",
                "--ids",
                bulk_ids(emu, tmp_path),
                "--metadata",
                "owner=ana",
                "--yes",
                "--rpm",
                "100000",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ]
        )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert set(statuses(out).values()) == {"updated"}
    answered_429 = [r for r in emu.requests if r.status == 429]
    assert answered_429  # the server did push back...
    assert len(answered_429) <= len(emu.requests) // 4  # ...and the run slowed down for it
    assert "asked to slow down" in err


def test_ctrl_c_stops_cleanly_with_the_journal_whole(tmp_path: Path) -> None:
    emu = seeded(60)
    journal = tmp_path / "run.jsonl"
    with running_server(emu) as base_url:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "thread_tui",
                "update",
                "--ids",
                bulk_ids(emu, tmp_path),
                "--metadata",
                "owner=ana",
                "--yes",
                "--rpm",
                "240",
                "--concurrency",
                "2",
                "--journal",
                str(journal),
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # one object done: the run is under way
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert first.startswith("updated")
    assert "Traceback" not in err and "interrupted" in err
    done = [line.split()[1] for line in (first + rest).splitlines()]
    assert 0 < len(done) < 60
    entries = [json.loads(line) for line in journal.read_text().splitlines()]
    assert [e["id"] for e in entries] == done  # every finished object, each on a whole line
    updated = {rid for rid, t in emu.threads.items() if t["metadata"].get("owner") == "ana"}
    assert updated == set(done)
    with Journal.open(journal) as again:
        assert not again.torn and all(again.skips(rid, entries[0]["change"]) for rid in done)


@pytest.mark.parametrize(
    "line",
    [
        ["update", "--ids", "@ids.txt", "--metadata", "a=b", "--rpm", "120", "--yes"],
        ["update", "--where", "team=core", "--kind", "thread", "--metadata", "a=b", "--dry-run"],
        ["apply", "changes.jsonl", "--journal", "run.jsonl", "--concurrency", "4", "--demo"],
    ],
    ids=" ".join,
)
def test_the_bulk_command_lines_parse_as_with_the_whole_parser(line: list[str]) -> None:
    from thread_tui.cli import build_parser, named_command

    assert named_command(line) == line[0]
    assert build_parser(line[0]).parse_args(line) == build_parser().parse_args(line)


@pytest.mark.parametrize(
    ("option", "value"), [("--rpm", "0"), ("--rpm", "nan"), ("--concurrency", "0")]
)
def test_pace_options_out_of_range_are_usage_errors(
    option: str, value: str, capsys: Capture
) -> None:
    code = main(["update", "--ids", "-", "--metadata", "a=b", option, value, "--demo"])
    assert code == 2 and "Traceback" not in capsys.readouterr().err


def test_on_a_terminal_a_progress_bar_goes_to_stderr_and_the_lines_stay_on_stdout(
    tmp_path: Path,
) -> None:
    import os
    import pty

    ids = id_file(tmp_path, ["thread_abc123", "thread_empty", "conv_abc123"])
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "thread_tui",
                "update",
                "--ids",
                ids,
                "--metadata",
                "owner=ana",
                "--yes",
                "--demo",
            ],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
        )
        os.close(follower)
        out, _ = proc.communicate(timeout=60)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    assert sorted(line.split()[1] for line in out.splitlines()) == sorted(
        ["thread_abc123", "thread_empty", "conv_abc123"]
    )
    text = shown.decode("utf-8", "replace")
    assert "updated 3" in text and "Traceback" not in text
