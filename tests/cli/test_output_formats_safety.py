"""commands.output and the global output flags are safe: what a server sent is inert on a
terminal in every format and exact in a pipe, the key never shows (not with --debug, not in
any format, not even when a server echoes it back), `get` loads none of it unless asked, and
the GJSON subset of --transform picks what GJSON picks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import httpx
import pytest
import respx
import yaml

from thread_tui.cli import main
from thread_tui.commands.gjson_path import pick
from thread_tui.commands.output import emit, emit_array, emit_items

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066"
OBJ = {"id": "thread_abc123", "object": "thread", "metadata": {"note": HOSTILE, "ok": "é"}}
ACTING = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def read(fmt: str, text: str) -> Any:
    return yaml.safe_load(text) if fmt == "yaml" else json.loads(text)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "raw"])
def test_server_text_is_inert_on_a_terminal_and_the_same_data(fmt: str) -> None:
    out = Terminal()
    emit(OBJ, fmt, out)
    text = out.getvalue()
    assert not any(char in text for char in ACTING), repr(text)
    assert read(fmt, text) == OBJ
    assert "é" in text or fmt == "yaml"  # printable text stays readable where it can


@pytest.mark.parametrize("fmt", ["raw", "yaml"])
def test_raw_and_yaml_are_exact_in_a_pipe(fmt: str) -> None:
    out = io.StringIO()
    emit(OBJ, fmt, out)
    assert read(fmt, out.getvalue()) == OBJ
    assert "\u202e" in out.getvalue()  # as the server sent it, not an escape


@pytest.mark.parametrize("fmt", ["json", "yaml", "raw", "jsonl"])
def test_arrays_and_item_streams_on_a_terminal_are_inert(fmt: str) -> None:
    for writer in (emit_array, emit_items):
        out = Terminal()
        writer([OBJ, {"id": "b"}], fmt, out)
        assert not any(char in out.getvalue() for char in ACTING)
    out = Terminal()
    emit_array([OBJ, {"id": "b"}], fmt, out)
    if fmt == "jsonl":
        assert [json.loads(x) for x in out.getvalue().splitlines()] == [OBJ, {"id": "b"}]
    else:
        assert read(fmt, out.getvalue()) == [OBJ, {"id": "b"}]


def test_raw_output_of_a_string_is_inert_on_a_terminal() -> None:
    out = Terminal()
    emit(OBJ, None, out, transform="metadata.note", raw_output=True)
    assert not any(char in out.getvalue() for char in ACTING)
    piped = io.StringIO()
    emit(OBJ, None, piped, transform="metadata.note", raw_output=True)
    assert piped.getvalue() == HOSTILE + "\n"


def test_nan_and_deep_values_get_a_sentence_not_a_traceback(capsys: Capture) -> None:
    deep: Any = "x"
    for _ in range(100):
        deep = [deep]
    for fmt in ("jsonl", "yaml", "raw"):
        emit({"n": float("nan")}, fmt, io.StringIO())
        emit(deep, fmt, io.StringIO())
    err = capsys.readouterr().err
    assert "not finite" in err and "nested deeper" in err


KEY = "sk-test-echo-0123456789abcdefXYZ"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml", "raw"])
def test_the_key_never_shows_even_when_a_server_echoes_it(fmt: str, capsys: Capture) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        body = {
            "id": "thread_abc123",
            "object": "thread",
            "created_at": 0,
            "metadata": {"echo": auth},
            "tool_resources": {},
        }
        return httpx.Response(200, json=body, headers={"x-echo": auth})

    with respx.mock(assert_all_called=False) as mock:
        mock.get(url__regex=r"http://127\.0\.0\.1:9/.*").mock(side_effect=echo)
        code = main(
            [
                "--debug",
                "--format",
                fmt,
                "beta:threads",
                "retrieve",
                "thread_abc123",
                "--base-url",
                "http://127.0.0.1:9/v1",
                "--api-key",
                KEY,
            ]
        )
    out, err = capsys.readouterr()
    assert code == 0
    assert "> GET http://127.0.0.1:9/v1/threads/thread_abc123" in err  # --debug did print
    assert KEY not in out and KEY not in err
    assert "$OPENAI_API_KEY" in err


LAZY = (
    "thread_tui.commands.official",
    "thread_tui.commands.official_stdin",
    "thread_tui.commands.official_list",
    "thread_tui.commands.gjson_path",
    "thread_tui.commands.debug_log",
    "thread_tui.commands.sub_args",
    "yaml",
)
CHECK = """
import io, sys
from contextlib import redirect_stdout

from thread_tui.cli import main

lines = (["get", "thread_abc123", "--demo"], ["--format", "json", "get", "conv_abc123", "--demo"])
for argv in lines:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0
    assert '"id": ' in out.getvalue(), out.getvalue()
loaded = sorted(m for m in {lazy!r} if m in sys.modules)
assert not loaded, loaded
"""


def test_get_loads_nothing_of_the_official_forms_or_yaml() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(lazy=LAZY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


DOC = {
    "name": {"first": "Tom", "last": "Anderson"},
    "age": 37,
    "children": ["Sara", "Alex", "Jack"],
    "fav.movie": "Deer Hunter",
    "friends": [
        {"first": "Dale", "nets": ["ig", "fb"]},
        {"first": "Roger", "nets": ["fb"]},
    ],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [  # GJSON's own examples (tidwall/gjson SYNTAX.md) within the subset
        ("name.last", "Anderson"),
        ("age", 37),
        ("children", ["Sara", "Alex", "Jack"]),
        ("children.#", 3),
        ("children.1", "Alex"),
        ("fav\\.movie", "Deer Hunter"),
        ("friends.#.first", ["Dale", "Roger"]),
        ("friends.1.first", "Roger"),
        ("friends.#.nets.#", [2, 1]),
        ("name.middle", DOC),  # no match: the whole value, as the official CLI prints
        ("children.9", DOC),
    ],
)
def test_the_gjson_subset_picks_what_gjson_picks(path: str, expected: Any) -> None:
    assert pick(DOC, path) == expected
