"""The bulk journal: what a rerun skips, torn lines, files that are no journal, full disks."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path
from typing import Any

import pytest

from thread_tui.storage.journal import Journal, JournalError, change_digest

A = change_digest({"metadata": {"owner": "ana"}, "tool_resources": None})
B = change_digest({"metadata": {"owner": "bo"}, "tool_resources": None})


def entries(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_rerun_skips_the_ids_whose_last_outcome_succeeded_with_the_same_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "run.jsonl"
    with Journal.open(path) as journal:
        journal.write("thread_a", "updated", request_id="req_1", digest=A)
        journal.write("thread_b", "unchanged", digest=A)
        journal.write("thread_c", "failed", error="HTTP 500", digest=A)
        journal.write("thread_d", "updated", digest=A)
        journal.write("thread_d", "failed", error="later", digest=A)  # the last line counts
        journal.write("thread_c", "updated", digest=A)
    again = Journal.open(path)
    try:
        assert again.lines == 6
        assert {rid for rid in "abcd" if again.skips(f"thread_{rid}", A)} == {"a", "b", "c"}
        assert not again.skips("thread_a", B)  # another change: nothing is skipped
    finally:
        again.close()
    first = entries(path)[0]
    assert first["id"] == "thread_a" and first["outcome"] == "updated"
    assert first["request_id"] == "req_1" and first["error"] is None and first["change"] == A
    assert isinstance(first["at"], str) and first["at"].endswith("Z")


def test_a_torn_last_line_is_ignored_and_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    good = json.dumps({"id": "thread_a", "outcome": "updated", "change": A}) + "\n"
    path.write_text(good + '{"id": "thread_b", "outco')
    with Journal.open(path) as journal:
        assert journal.torn and journal.skips("thread_a", A)
        journal.write("thread_b", "updated", digest=A)
    assert [e["id"] for e in entries(path)] == ["thread_a", "thread_b"]


def test_a_complete_last_line_without_its_newline_is_torn_too(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(json.dumps({"id": "thread_a", "outcome": "updated", "change": A}))
    with Journal.open(path) as journal:
        assert journal.torn and not journal.skips("thread_a", A)  # it may not have finished
        journal.write("thread_a", "updated", digest=A)
    assert len(entries(path)) == 1


def test_a_file_that_is_no_journal_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("thread_a\nthread_b\n")
    with pytest.raises(JournalError, match=r"ids.txt:1: not a journal line"):
        Journal.open(path)
    assert path.read_text() == "thread_a\nthread_b\n"


def test_a_device_that_never_ends_a_line_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="not a journal line"):
        Journal.open(Path("/dev/zero"))


def test_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    line = json.dumps({"id": "thread_a", "outcome": "updated", "change": A})
    path.write_text(f"\n{line}\n\n")
    with Journal.open(path) as journal:
        assert journal.skips("thread_a", A)


def test_a_full_disk_raises_a_journal_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    journal = Journal.open(path)
    journal._file.close()  # type: ignore[union-attr]
    journal._file = Path("/dev/full").open("wb", buffering=0)  # noqa: SIM115 (closed below)
    with pytest.raises(JournalError, match=r"run.jsonl: a line could not be written"):
        journal.write("thread_a", "updated", digest=A)
    journal.close()
    assert not journal.skips("thread_a", A)


def test_an_unwritable_place_is_a_journal_error(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="cannot be"):
        Journal.open(tmp_path / "missing-dir" / "run.jsonl")


def test_a_long_error_is_cut_so_a_line_stays_small(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    with Journal.open(path) as journal:
        journal.write("thread_a", "failed", error="x" * 100_000)
    (entry,) = entries(path)
    assert isinstance(entry["error"], str) and len(entry["error"]) == 2000


class HalfFullDisk(io.FileIO):
    """A file on a disk that takes half of the next write, then is full."""

    def write(self, data: Any) -> int:
        taken = super().write(bytes(data)[: len(data) // 2])
        self.write = self._full  # type: ignore[method-assign]
        return taken

    def _full(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_line_the_disk_took_only_part_of_is_cut_back_off(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    with Journal.open(path) as journal:
        journal.write("thread_a", "updated", digest=A)
    before = path.read_bytes()
    journal = Journal.open(path)
    journal._file.close()  # type: ignore[union-attr]
    journal._file = HalfFullDisk(path, "r+")
    journal._file.seek(0, io.SEEK_END)
    with pytest.raises(JournalError, match="No space left"):
        journal.write("thread_b", "updated", digest=A)
    journal.close()
    assert path.read_bytes() == before
