"""ID lists read from a file or stdin: one ID per line, a CSV with an `id` column, or JSONL
with an `id` field, streamed (`thread-tui import FILE`, `--ids @FILE`).

The format is sniffed from the first non-blank line: a JSON object means JSONL; a CSV header
with an `id` column (any case, spaces around it ignored; comma or tab separated) means CSV;
anything else means one ID per line, where blank lines and `#` comments are skipped and
whitespace is stripped. A byte order mark before the first line is ignored.

Every ID is checked as `core.ids` checks a typed one (it ends up in a URL path), and the first
bad line stops the reading with an `IdSourceError` naming `file:line`. IDs are yielded as they
are read: a 100,000-line file is never held whole. What is held is the set of IDs already
given, to drop duplicates: about 100 bytes an ID, so ~100 MB at a million IDs; beyond that,
split the list. A line is read at most `MAX_LINE_CHARS` at a time, so a file with no newline
cannot make the reader swallow it whole either.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import Final, TextIO

from thread_tui.core.ids import InvalidIdError, parse_id

# Longer than any JSONL line of an exported object (16 pairs of at most 64 + 512 characters,
# each escaped at worst to 6), far shorter than what would hurt to hold.
MAX_LINE_CHARS: Final = 1024 * 1024
_SHOWN_CHARS: Final = 80  # of a bad value, in a message
_BOM: Final = "\ufeff"
_DELIMITERS: Final = (",", "\t")


class IdSourceError(ValueError):
    """A list of IDs that cannot be used; the message starts with `file:line:` (or `file:`
    when the file cannot be opened at all)."""

    def __init__(self, name: str, line: int | None, message: str) -> None:
        self.name = name
        self.line = line
        self.reason = message
        where = name if line is None else f"{name}:{line}"
        super().__init__(f"{where}: {message}")


class IdReader:
    """Iterate over the distinct IDs of `stream`, checked; counts what it has read.

    `format` is "lines", "csv" or "jsonl" once the first non-blank line has been read;
    `ids` counts the IDs given, `duplicates` those dropped as already given.
    """

    def __init__(self, stream: TextIO, name: str) -> None:
        self.stream = stream
        self.name = name
        self.format: str | None = None
        self.ids = 0
        self.duplicates = 0
        self.line = 0  # the number of the last line read
        self._seen: set[str] = set()

    def __iter__(self) -> Iterator[str]:
        lines = self._lines()
        for first in lines:
            if first.strip():
                break
        else:
            return
        header = _csv_header(first)
        if _is_json_object(first):
            self.format = "jsonl"
            values = self._jsonl(first, lines)
        elif header is not None:
            self.format = "csv"
            values = self._csv(first, lines, *header)
        else:
            self.format = "lines"
            values = self._plain(first, lines)
        for line, value in values:
            self._check(line, value)
            if value in self._seen:
                self.duplicates += 1
                continue
            self._seen.add(value)
            self.ids += 1
            yield value

    def _lines(self) -> Iterator[str]:
        """Each line of the stream, capped, with the first one's byte order mark dropped."""
        while True:
            try:
                text = self.stream.readline(MAX_LINE_CHARS + 1)
            except UnicodeDecodeError:
                raise self._error(self.line + 1, "not UTF-8 text") from None
            if not text:
                return
            self.line += 1
            if len(text) > MAX_LINE_CHARS and not text.endswith(("\n", "\r")):
                raise self._error(self.line, f"the line is longer than {MAX_LINE_CHARS} characters")
            if self.line == 1 and text.startswith(_BOM):
                text = text[1:]
            if any("\udc80" <= char <= "\udcff" for char in text):
                # open_id_argument decodes with surrogateescape: a byte that is not UTF-8
                # shows here, on its own line, rather than somewhere in a decoded chunk.
                raise self._error(self.line, "not UTF-8 text")
            yield text

    def _plain(self, first: str, lines: Iterator[str]) -> Iterator[tuple[int, str]]:
        for line, text in self._numbered(first, lines):
            # A `#` can never be part of an ID, so whatever follows one is a comment.
            value = text.split("#", 1)[0].strip()
            if value:
                yield line, value

    def _jsonl(self, first: str, lines: Iterator[str]) -> Iterator[tuple[int, str]]:
        for line, text in self._numbered(first, lines):
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except ValueError as exc:
                raise self._error(line, f"not JSON ({exc})") from None
            except RecursionError:
                raise self._error(line, "not JSON (nested too deep)") from None
            if not isinstance(value, dict):
                raise self._error(line, "not a JSON object (JSONL: one object a line)")
            found = value.get("id")
            if not isinstance(found, str):
                raise self._error(line, "the object has no string `id` field")
            yield line, found

    def _numbered(self, first: str, rest: Iterator[str]) -> Iterator[tuple[int, str]]:
        yield self.line, first
        for text in rest:
            yield self.line, text

    def _csv(
        self, first: str, lines: Iterator[str], column: int, delimiter: str
    ) -> Iterator[tuple[int, str]]:
        before = self.line - 1  # blank lines above the header
        reader = csv.reader(_chain(first, lines), delimiter=delimiter)
        try:
            next(reader)  # the header
            for row in reader:
                line = before + reader.line_num
                if not row or not any(cell.strip() for cell in row):
                    continue
                if column >= len(row):
                    raise self._error(line, f"the row has no `id` cell (column {column + 1})")
                value = row[column].strip()
                if not value:
                    raise self._error(line, "empty `id` cell")
                yield line, value
        except csv.Error as exc:
            raise self._error(before + reader.line_num, f"not CSV ({exc})") from None

    def _check(self, line: int, value: str) -> None:
        try:
            parse_id(value)
        except InvalidIdError as exc:
            shown = value if len(value) <= _SHOWN_CHARS else value[:_SHOWN_CHARS] + "…"
            raise self._error(line, f"{shown!r}: {exc}") from None

    def _error(self, line: int, message: str) -> IdSourceError:
        return IdSourceError(self.name, line, message)


def read_ids(stream: TextIO, name: str) -> Iterator[str]:
    """The distinct, checked IDs of `stream`, streamed; `name` (the file's) is in messages.
    Raises IdSourceError at the first bad line (the IDs before it have been yielded)."""
    return iter(IdReader(stream, name))


def source_name(text: str) -> str:
    """The name messages give the list `open_id_argument(text)` opens: its path, or stdin."""
    path = text[1:] if text.startswith("@") else text
    return "stdin" if path == "-" else path


def open_id_argument(text: str) -> TextIO:
    """Open the ID list an argument names: `@FILE` or `FILE`, or `-` (or `@-`) for stdin.

    Text is read as UTF-8 (a byte order mark is ignored), undecodable bytes kept as
    surrogates so that `read_ids` names the very line that holds them. Raises IdSourceError
    naming the file when it cannot be opened."""
    path = text[1:] if text.startswith("@") else text
    if not path:
        raise IdSourceError(text or "@", None, "give a file name after @ (or - for stdin)")
    if path == "-":
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            return sys.stdin  # already text (a test's StringIO, an embedding host's stream)
        return open(fd, encoding="utf-8-sig", errors="surrogateescape", newline="", closefd=False)
    try:
        return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as exc:
        raise IdSourceError(path, None, f"cannot read it ({exc.strerror or exc})") from None


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _is_json_object(line: str) -> bool:
    if not line.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _csv_header(line: str) -> tuple[int, str] | None:
    """(index of the `id` column, delimiter) when `line` is a CSV header with one."""
    for delimiter in _DELIMITERS:
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:
            continue
        names = [cell.strip().lower() for cell in cells]
        if "id" in names:
            return names.index("id"), delimiter
    return None
