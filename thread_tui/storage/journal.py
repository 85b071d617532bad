"""The journal of a bulk run: one JSON line per object, written as each one finishes.

`--journal PATH` is the user's record of what a bulk update did: `{"id", "outcome",
"request_id", "error", "change", "at"}` per line. The same command rerun with the same
journal skips every ID whose last line says it succeeded (`updated` or `unchanged`) with the
same change (`change` is a digest of it: a rerun with another change skips nothing).

Each line goes out in one unbuffered write and is flushed before the next object is
reported, so a Ctrl+C never leaves half a line. A crash in the middle of a write can: a torn
last line is ignored on reading and cut off before the next run appends, so the journal stays
one JSON object per line. Any other line that is not a journal entry means the file is not a
journal (an ID list given by mistake?), and it is refused rather than appended to.

A write that fails raises `JournalError`: the run stops (see commands.bulk), because going
on would change objects that the record would not show.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

SUCCEEDED: Final = frozenset({"updated", "unchanged"})
MAX_LINE_BYTES: Final = 64 * 1024  # far beyond any entry (an error message is cut to 2000)
MAX_ERROR_CHARS: Final = 2000
_FIELDS: Final = ("id", "outcome")


class JournalError(Exception):
    """The journal cannot be read or written; the message names the file (and line)."""


def change_digest(change: Mapping[str, Any]) -> str:
    """A short, stable digest of a change (`{"metadata": …, "tool_resources": …}`)."""
    text = json.dumps(change, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Journal:
    """An open journal: what earlier runs did (`done`), and `write` for this run's outcomes
    (which keeps `done` true for the IDs in it, and adds none: see `write`)."""

    path: Path
    done: dict[str, str] = field(default_factory=dict)  # id → digest of its succeeded change
    lines: int = 0  # complete entries read from earlier runs
    torn: bool = False  # a torn last line was found (and cut off)
    _file: IO[bytes] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path) -> Journal:
        """Read `path` (when it exists) and open it to append; JournalError when it cannot
        be, or is not a journal."""
        journal = cls(path)
        keep = journal._read()
        try:
            handle = path.open("r+b" if path.exists() else "xb", buffering=0)
        except OSError as exc:
            raise JournalError(f"{path}: cannot be opened to write ({_why(exc)})") from None
        try:
            if keep is not None:
                handle.truncate(keep)  # the torn tail of a crashed run
            handle.seek(0, os.SEEK_END)
        except OSError as exc:
            handle.close()
            raise JournalError(f"{path}: cannot be written ({_why(exc)})") from None
        journal._file = handle
        return journal

    def skips(self, resource_id: str, digest: str) -> bool:
        """True when an earlier run already succeeded with this change on this ID."""
        return self.done.get(resource_id) == digest

    def write(
        self,
        resource_id: str,
        outcome: str,
        *,
        request_id: str | None = None,
        error: str | None = None,
        digest: str | None = None,
        at: float | None = None,
    ) -> None:
        """Append one entry in one write, flushed; JournalError when the disk refuses."""
        if self._file is None:
            raise JournalError(f"{self.path}: the journal is closed")
        entry = {
            "id": resource_id,
            "outcome": outcome,
            "request_id": request_id,
            "error": None if error is None else error[:MAX_ERROR_CHARS],
            "change": digest,
            "at": _stamp(time.time() if at is None else at),
        }
        data = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        before: int | None = None
        try:
            before = self._file.tell()
            view = memoryview(data)
            while view:
                written = self._file.write(view)
                if not written:
                    raise OSError("nothing was written")
                view = view[written:]
        except OSError as exc:
            # A full disk can take part of the line: cut it back off, so that the journal
            # stays whole lines (if even that fails, the next open cuts the torn line).
            if before is not None:
                with contextlib.suppress(OSError):
                    self._file.truncate(before)
                    self._file.seek(before)
            raise JournalError(f"{self.path}: a line could not be written ({_why(exc)})") from None
        # Only what earlier runs did is kept: an ID this run has done is not asked again
        # (its list holds each ID once), and keeping every one would grow with the run.
        if outcome not in SUCCEEDED or digest is None:
            self.done.pop(resource_id, None)
        elif resource_id in self.done:
            self.done[resource_id] = digest

    def close(self) -> None:
        """Flush to the disk and close; never raises (a failure was told on its write)."""
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            os.fsync(self._file.fileno())
        with contextlib.suppress(OSError):
            self._file.close()
        self._file = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def _read(self) -> int | None:
        """Fill `done` from the file; the offset to cut a torn last line at, or None."""
        try:
            stream = self.path.open("rb")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise JournalError(f"{self.path}: cannot be read ({_why(exc)})") from None
        with stream:
            offset = 0
            for number, raw in enumerate(_raw_lines(stream), start=1):
                complete = raw.endswith(b"\n")
                entry = _entry(raw) if complete else None
                if entry is None:
                    if not complete:
                        self.torn = True
                        return offset
                    if not raw.strip():
                        offset += len(raw)
                        continue
                    raise JournalError(
                        f"{self.path}:{number}: not a journal line (is this the right file? "
                        "a journal holds one JSON object with id and outcome per line)"
                    )
                offset += len(raw)
                self.lines += 1
                resource_id, outcome, digest = entry
                if outcome in SUCCEEDED and digest is not None:
                    self.done[resource_id] = digest
                else:
                    self.done.pop(resource_id, None)
        return None


def _raw_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """The lines, each read up to the cap: a longer one (a device such as /dev/zero, a
    file that is no journal) is given as a complete line, to be refused, and ends the read."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES:
            yield b"\x00\n"  # not JSON: refused as no journal line
            return
        yield raw


def _entry(raw: bytes) -> tuple[str, str, str | None] | None:
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in _FIELDS):
        return None
    digest = value.get("change")
    return value["id"], value["outcome"], digest if isinstance(digest, str) else None


def _stamp(when: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
