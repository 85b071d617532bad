"""The global `--format` on the commands that print a report (bulk `update --ids/--where`,
`apply`, `import`): one record per object on stdout, streamed, the summary on stderr; text
from the server inert on a terminal and exact in a pipe."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from thread_tui.cli import main
from thread_tui.emulator import Emulator

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

IDS = ["thread_abc123", "thread_full16", "thread_empty", "conv_abc123", "thread_nothere"]
HOSTILE = "\x1b]0;pwned\x07\x1b[2Jbad\u202e"
ACTING = ("\x1b", "\x07", "\u202e")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def id_file(tmp_path: Path, ids: list[str]) -> str:
    path = tmp_path / "ids.txt"
    path.write_text("".join(f"{rid}\n" for rid in ids))
    return str(path)


def records(fmt: str, out: str) -> list[dict[str, Any]]:
    if fmt == "json":
        value = json.loads(out)
        assert isinstance(value, list)
        return value
    if fmt == "yaml":
        return [doc for doc in yaml.safe_load_all(out) if doc is not None]
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml", "raw"])
def test_bulk_update_prints_one_record_per_object(
    fmt: str, tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    ids = ["thread_abc123", "thread_empty", "conv_abc123", "thread_nothere"]
    argv = ["update", "--ids", f"@{id_file(tmp_path, ids)}", "--metadata", "owner=ana"]
    code, out, err = run(["--format", fmt, *argv, "--yes"], emu, capsys)
    assert code == 1  # one not found
    got = {r["id"]: r for r in records(fmt, out)}
    assert set(got) == set(ids)
    assert {rid: r["status"] for rid, r in got.items()} == {
        "thread_abc123": "updated",
        "thread_empty": "updated",
        "conv_abc123": "updated",
        "thread_nothere": "not_found",
    }
    updated = got["thread_empty"]
    assert updated["request_id"].startswith("req_") and updated["error"] is None
    assert updated["object"]["metadata"]["owner"] == "ana"
    assert got["thread_nothere"]["object"] is None and got["thread_nothere"]["error"]
    assert "diff" not in updated  # only a dry run has one
    assert "updated 3" in err and "updated 3" not in out
    if fmt in ("jsonl", "raw"):
        assert len(out.splitlines()) == len(ids)


def test_a_dry_run_record_holds_the_diff(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    argv = ["update", "--ids", f"@{id_file(tmp_path, IDS)}", "--metadata", "owner=ana"]
    code, out, err = run([*argv, "--dry-run", "--format", "jsonl"], emu, capsys)
    assert code == 1
    got = {r["id"]: r for r in records("jsonl", out)}
    assert got["thread_abc123"]["status"] == "would_update"
    assert '+ owner: "ana"' in got["thread_abc123"]["diff"]
    assert got["thread_full16"]["status"] == "refused"
    assert "17 metadata pairs" in got["thread_full16"]["error"]
    assert "dry run: nothing was sent" in err
    assert not [r for r in emu.requests if r.method == "POST"]


def test_apply_with_format_json_writes_one_valid_array(tmp_path: Path, capsys: Capture) -> None:
    emu = Emulator()
    path = tmp_path / "changes.jsonl"
    lines = [
        {"id": "thread_abc123", "metadata": {"owner": "ana"}},
        {"id": "conv_abc123", "metadata": {"owner": "bo"}},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, out, err = run(["apply", str(path), "--yes", "--format", "json"], emu, capsys)
    assert code == 0, err
    array = json.loads(out)
    assert sorted((r["id"], r["status"]) for r in array) == [
        ("conv_abc123", "updated"),
        ("thread_abc123", "updated"),
    ]
    assert {r["object"]["metadata"]["owner"] for r in array} == {"ana", "bo"}


def test_import_with_format_jsonl_prints_a_record_per_id_and_the_summary_on_stderr(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    ids = id_file(tmp_path, ["thread_abc123", "conv_abc123", "thread_gone1"])
    code, out, err = run(["import", ids, "--fresh", "0", "--format", "jsonl"], emu, capsys)
    assert code == 0
    got = {r["id"]: r for r in records("jsonl", out)}
    assert len(out.splitlines()) == 3
    assert got["thread_abc123"] == {"id": "thread_abc123", "status": "imported", "error": None}
    assert got["conv_abc123"] == {"id": "conv_abc123", "status": "imported", "error": None}
    assert got["thread_gone1"]["status"] == "not_found"
    assert "thread_gone1" in got["thread_gone1"]["error"]
    assert "imported 2 · not found 1" in err  # the summary: on stderr
    code, out, _ = run(["--format", "yaml", "import", ids], emu, capsys)
    assert code == 0
    assert {r["status"] for r in records("yaml", out)} == {"skipped", "not_found"}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml", "raw"])
def test_server_text_in_a_record_is_inert_on_a_terminal_and_exact_in_a_pipe(
    fmt: str, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu = Emulator()
    emu.threads["thread_empty"]["metadata"] = {"note": HOSTILE}
    argv = ["update", "--ids", f"@{id_file(tmp_path, ['thread_empty'])}", "--metadata", "a=b"]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    code = main(["--format", fmt, *argv, "--yes", "--demo"], emulator=emu)
    assert code == 0
    text = terminal.getvalue()
    assert not any(char in text for char in ACTING), repr(text)
    (record,) = records(fmt, text)
    assert record["object"]["metadata"]["note"] == HOSTILE  # the same data, escaped
    monkeypatch.undo()
    emu.threads["thread_empty"]["metadata"] = {"note": HOSTILE}
    code, out, _ = run(["--format", fmt, *argv, "--yes"], emu, capsys)
    assert code == 0
    (record,) = records(fmt, out)
    assert record["object"]["metadata"]["note"] == HOSTILE
    if fmt in ("raw", "yaml"):
        assert "\u202e" in out  # exact in a pipe


def test_shaping_options_are_still_refused_with_a_clear_message(
    tmp_path: Path, capsys: Capture
) -> None:
    emu = Emulator()
    ids = f"@{id_file(tmp_path, ['thread_empty'])}"
    for argv in (
        ["update", "--ids", ids, "--metadata", "a=b", "--transform", "id", "--yes"],
        ["import", ids[1:], "--debug"],
        ["--format", "csv", "import", ids[1:]],
    ):
        code, out, err = run(argv, emu, capsys)
        assert (code, out) == (2, ""), argv
        assert "does not apply" in err and len(err.strip().splitlines()) == 1
    assert emu.requests == []


def test_import_records_stay_on_stdout_under_a_progress_bar_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stderr, stdout = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setenv("COLUMNS", "80")
    ids = id_file(tmp_path, ["thread_abc123", "conv_abc123"])
    code = main(["import", ids, "--fresh", "0", "--format", "jsonl", "--demo"], emulator=Emulator())
    assert code == 0
    got = records("jsonl", stdout.getvalue())
    assert sorted(r["id"] for r in got) == ["conv_abc123", "thread_abc123"]
    drawn = stderr.getvalue()
    assert "importing" in drawn and "imported 2" in drawn and '"status"' not in drawn


def test_a_json_array_is_closed_when_the_run_is_stopped_at_once(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thread_tui.commands import bulk

    record = bulk._Run._record
    seen: list[str] = []

    def stopped_after_the_first(self: Any, outcome: Any) -> None:
        record(self, outcome)
        seen.append(outcome.id)
        if len(seen) == 1:
            raise KeyboardInterrupt  # as a second Ctrl+C does: stopped at once

    monkeypatch.setattr(bulk._Run, "_record", stopped_after_the_first)
    ids = ["thread_abc123", "thread_empty", "conv_abc123"]
    argv = ["update", "--ids", f"@{id_file(tmp_path, ids)}", "--metadata", "a=b", "--yes"]
    code, out, err = run([*argv, "--concurrency", "1", "--format", "json"], Emulator(), capsys)
    assert code == 130
    array = json.loads(out)
    assert [r["id"] for r in array] == seen[:1]
    assert "interrupted" in err


def test_a_json_array_under_the_progress_bar_keeps_its_lines_whole() -> None:
    # Under a progress bar, stdout on the same terminal is rich's FileProxy: a flush in the
    # middle of a line prints that part as a line of its own.
    from rich.console import Console
    from rich.file_proxy import FileProxy

    from thread_tui.commands.record_stream import RecordStream

    shown = Terminal()
    proxy = FileProxy(Console(file=shown, force_terminal=True, color_system=None), Terminal())
    stream = RecordStream("json", proxy)
    stream.write({"id": "thread_a", "status": "updated"})
    stream.write({"id": "thread_b", "status": "updated"})
    stream.close()
    text = shown.getvalue()
    assert [r["id"] for r in json.loads(text)] == ["thread_a", "thread_b"]
    assert "  }," in text.splitlines()
