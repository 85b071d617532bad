"""Reading ID lists: one per line, CSV with an `id` column, or JSONL with an `id` field.

The format is sniffed from the first non-blank line; every ID is checked as `core.ids` does;
duplicates are dropped; a bad line names the file and the line; IDs are streamed (the whole
file is never read before the first ID comes out).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.id_source import (
    MAX_LINE_CHARS,
    IdReader,
    IdSourceError,
    open_id_argument,
    read_ids,
    source_name,
)

ID_BODY = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    min_size=1,
    max_size=40,
)
IDS = st.lists(
    st.tuples(st.sampled_from(["thread_", "conv_"]), ID_BODY).map("".join),
    min_size=1,
    max_size=30,
)


def read(text: str, name: str = "ids.txt") -> list[str]:
    return list(read_ids(io.StringIO(text), name))


def unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


@given(ids=IDS, blanks=st.lists(st.sampled_from(["", "   ", "# a comment", "\t"]), max_size=5))
@settings(max_examples=60)
def test_plain_lines_read_back_in_order_without_duplicates(
    ids: list[str], blanks: list[str]
) -> None:
    lines = [f"  {ids[0]}  ", *blanks, *(ids + ids[:3])]
    assert read("\n".join(lines) + "\n") == unique(ids)


@given(ids=IDS, extra=st.lists(st.sampled_from(["kind", "note", "owner"]), unique=True))
@settings(max_examples=60)
def test_csv_with_an_id_column_reads_that_column(ids: list[str], extra: list[str]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    header = [*extra[:1], "id", *extra[1:]]
    writer.writerow(header)
    for value in ids + ids[:2]:
        row = ['x, "quoted"\nmulti-line' if name != "id" else value for name in header]
        writer.writerow(row)
    assert read(out.getvalue(), "ids.csv") == unique(ids)


@given(ids=IDS)
@settings(max_examples=60)
def test_jsonl_with_an_id_field_reads_that_field(ids: list[str]) -> None:
    lines = [json.dumps({"object": "thread", "id": value, "metadata": {"a": "b"}}) for value in ids]
    assert read("\n".join([*lines, "", *lines]) + "\n", "ids.jsonl") == unique(ids)


@given(
    ids=IDS,
    where=st.integers(min_value=0, max_value=29),
    fmt=st.sampled_from(["txt", "csv", "jsonl"]),
)
@settings(max_examples=60)
def test_a_bad_id_names_the_file_and_its_line(ids: list[str], where: int, fmt: str) -> None:
    where = min(where, len(ids))
    values = [*ids[:where], "thread_../etc", *ids[where:]]
    if fmt == "txt":
        text, bad_line = "\n".join(values) + "\n", where + 1
    elif fmt == "csv":
        text, bad_line = "id\n" + "\n".join(values) + "\n", where + 2
    else:
        text = "\n".join(json.dumps({"id": v}) for v in values) + "\n"
        bad_line = where + 1
    with pytest.raises(IdSourceError) as caught:
        read(text, f"list.{fmt}")
    assert str(caught.value).startswith(f"list.{fmt}:{bad_line}: ")
    assert caught.value.line == bad_line
    assert "'.'" in str(caught.value)  # core.ids' reason: the character that is not allowed


def test_a_byte_order_mark_is_tolerated_in_every_format() -> None:
    assert read("\ufeffthread_a\n") == ["thread_a"]
    assert read("\ufeffid,kind\nthread_a,thread\n") == ["thread_a"]
    assert read('\ufeff{"id": "conv_a"}\n') == ["conv_a"]


def test_csv_header_is_found_case_and_space_insensitively() -> None:
    assert read(" ID ,owner\r\nthread_a,ana\r\n conv_b ,bo\r\n") == ["thread_a", "conv_b"]


def test_plain_lines_take_trailing_comments() -> None:
    assert read("thread_a   # the first\nconv_b#x\n") == ["thread_a", "conv_b"]


def test_a_file_with_no_ids_yields_nothing() -> None:
    assert read("") == []
    assert read("\n\n# only comments\n") == []
    assert read("id,owner\n") == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{"id": "thread_a"}\n{"id": 3}\n', 2, "no string `id`"),
        ('{"id": "thread_a"}\n["thread_b"]\n', 2, "not a JSON object"),
        ('{"id": "thread_a"}\n{"id": "thread_b"\n', 2, "not JSON"),
        ('{"id": "thread_a"}\n{"name": "x"}\n', 2, "no string `id`"),
        ("id,owner\nthread_a,ana\n,bo\n", 3, "empty `id`"),
        ("owner,id\nana,thread_a\nbo\n", 3, "no `id` cell"),
        ("thread_a\nthread_b,owner\n", 2, "','"),
        ("thread_a\n{not json\n", 2, "An ID starts with"),
    ],
)
def test_each_bad_line_is_explained(text: str, line: int, words: str) -> None:
    with pytest.raises(IdSourceError) as caught:
        read(text, "in.x")
    assert str(caught.value).startswith(f"in.x:{line}: ")
    assert words in str(caught.value)


def test_ids_before_a_bad_line_are_yielded_first() -> None:
    """Streaming: what comes before the bad line is read (the caller decides, e.g. by a first
    pass that only validates, whether anything is sent before the whole file is known good)."""
    got: list[str] = []
    with pytest.raises(IdSourceError):
        got.extend(read_ids(io.StringIO("thread_a\nconv_b\nnope\n"), "x"))
    assert got == ["thread_a", "conv_b"]


def test_a_line_too_long_is_refused_without_reading_it_whole() -> None:
    text = "thread_a\n" + "thread_" + "x" * (MAX_LINE_CHARS * 4) + "\nconv_b\n"
    with pytest.raises(IdSourceError) as caught:
        read(text, "big.txt")
    assert str(caught.value).startswith("big.txt:2: ")
    assert "longer than" in str(caught.value)


def test_text_that_is_not_utf8_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "ids.bin"
    path.write_bytes(b"thread_a\n\xff\xfe\x00garbage\n")
    with open_id_argument(f"@{path}") as stream, pytest.raises(IdSourceError) as caught:
        list(read_ids(stream, source_name(f"@{path}")))
    assert str(caught.value).startswith(f"{path}:")
    assert "UTF-8" in str(caught.value)


class CountingStream(io.TextIOBase):
    """An endless ID list that counts the lines handed out."""

    def __init__(self) -> None:
        self.lines_read = 0

    def readline(self, size: int | None = -1) -> str:
        self.lines_read += 1
        return f"thread_{self.lines_read}\n"

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return self.readline()


@pytest.mark.parametrize("header", ["", "id\n"])
def test_ids_are_streamed_not_read_whole(header: str) -> None:
    stream = CountingStream()
    if header:
        original = stream.readline
        first = [True]

        def readline(size: int | None = -1) -> str:
            if first[0]:
                first[0] = False
                return header
            return original(size)

        stream.readline = readline  # type: ignore[method-assign]
    ids = read_ids(stream, "endless")
    taken = [next(ids) for _ in range(5)]
    assert taken == [f"thread_{n}" for n in range(1, 6)]
    assert stream.lines_read <= 7


def test_the_reader_counts_duplicates_and_ids() -> None:
    reader = IdReader(io.StringIO("thread_a\nthread_a\nconv_b\nthread_a\n"), "x")
    assert list(reader) == ["thread_a", "conv_b"]
    assert (reader.ids, reader.duplicates, reader.format) == (2, 2, "lines")


def test_open_id_argument_reads_a_file_with_or_without_at(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("thread_a\n", encoding="utf-8")
    for text in (f"@{path}", str(path)):
        with open_id_argument(text) as stream:
            assert list(read_ids(stream, source_name(text))) == ["thread_a"]
        assert source_name(text) == str(path)


def test_open_id_argument_dash_is_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("conv_a\n"))
    for text in ("-", "@-"):
        monkeypatch.setattr("sys.stdin", io.StringIO("conv_a\n"))
        stream = open_id_argument(text)
        assert list(read_ids(stream, source_name(text))) == ["conv_a"]
        assert source_name(text) == "stdin"


def test_open_id_argument_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(IdSourceError) as caught:
        open_id_argument(f"@{missing}")
    assert str(caught.value).startswith(f"{missing}: ")
    assert caught.value.line is None
    with pytest.raises(IdSourceError):
        open_id_argument("@")
    with pytest.raises(IdSourceError):
        open_id_argument(str(tmp_path))  # a directory
