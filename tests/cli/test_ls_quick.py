"""`ls … --format ids`'s quick path (commands/ls_quick.py, run by `python -m thread_tui` and
the console script before argparse is built) parses as argparse does, prints what the full
path prints, declines what it does not know, and loads none of argparse, pathlib, `typing`
or platformdirs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui import launch
from thread_tui.cli import build_parser, main
from thread_tui.commands import ls_quick
from thread_tui.commands.ls import query_of
from thread_tui.storage.catalog import CATALOG_FILE, Catalog
from thread_tui.storage.state import default_state_dir

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")


def fill(n: int = 30) -> None:
    catalog = Catalog.open(default_state_dir() / CATALOG_FILE)
    for i in range(n):  # one write each: each its own last_seen
        team = ("core", "web", "payments")[i % 3]
        metadata = {"team": team, **({"owner": "ana"} if i % 2 else {})}
        kind = "thread" if i % 4 else "conv"
        catalog.record({"id": f"{kind}_{i:03d}", "created_at": i, "metadata": metadata})
    catalog.mark_deleted("thread_001")
    catalog.close()


# -- the same parse -----------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    [
        "--where",
        "--has",
        "--kind",
        "--limit",
        "--format",
        "--include-deleted",
        "--include",  # an abbreviation: argparse's business
        "--refresh",
        "--demo",
        "-h",
        "--",
        "team=core",
        "team=",
        "=core",
        "owner",
        "",
        "thread",
        "conversation",
        "ids",
        "table",
        "jsonl",
        "3",
        "0",
        "-1",
        "03",
        "x",
        "--where=team=core",
        "--where=-a=b",
        "--has=owner",
        "--format=ids",
        "--kind=thread",
        "--limit=2",
        "--limit= 2",
    ]
)


def _full_parse(argv: list[str]) -> Any:
    try:
        return build_parser("ls").parse_args(argv)
    except SystemExit:
        return None


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, max_size=7))
def test_the_quick_parse_is_argparse_s_or_declines(tokens: list[str]) -> None:
    argv = ["ls", *tokens]
    quick = ls_quick.parse(argv)
    if quick is None:
        return
    args = _full_parse(argv)
    assert args is not None, f"argparse refuses {argv}, the quick path took it"
    assert args.command == "ls" and args.format == "ids"
    assert not args.refresh and not args.demo
    assert query_of(args) == quick


@pytest.mark.parametrize(
    "argv",
    [
        ["--where", "team=core", "--format", "ids"],
        ["--format=ids", "--where=team=core", "--where", "owner=ana"],
        ["--kind", "thread", "--has", "owner", "--limit", "3", "--format", "ids"],
        ["--include-deleted", "--format", "table", "--format", "ids", "--kind=conversation"],
    ],
)
def test_plain_forms_take_the_quick_path(argv: list[str]) -> None:
    assert ls_quick.parse(["ls", *argv]) == query_of(_full_parse(["ls", *argv]))


@pytest.mark.parametrize(
    "argv",
    [
        ["--where", "team=core"],  # a table
        ["--where", "team=core", "--format", "ids", "--refresh"],
        ["--demo", "--format", "ids"],
        ["--wh", "team=core", "--format", "ids"],
        ["--where", "-x=1", "--format", "ids"],
        ["--limit", "0", "--format", "ids"],
        ["--format", "ids", "extra"],
        ["--format"],
    ],
)
def test_other_command_lines_are_left_to_argparse(argv: list[str]) -> None:
    assert ls_quick.parse(["ls", *argv]) is None


# -- the same output -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--where", "team=core"],
        ["--has", "owner", "--kind", "thread"],
        ["--where", "team=web", "--limit", "3"],
        ["--include-deleted", "--kind", "thread"],
        ["--where", "team=nobody"],
        [],
    ],
)
def test_the_quick_path_prints_what_the_full_path_prints(argv: list[str], capsys: Capture) -> None:
    fill()
    command = ["ls", *argv, "--format", "ids"]
    full_code = main(command)
    full = capsys.readouterr()
    quick_code = ls_quick.run(command)
    quick = capsys.readouterr()
    assert quick_code == full_code == 0
    assert (quick.out, quick.err) == (full.out, full.err)
    assert launch.main(command) == 0
    assert capsys.readouterr().out == full.out


def test_no_catalog_file_goes_to_the_full_path(capsys: Capture) -> None:
    assert ls_quick.run(["ls", "--format", "ids"]) is None
    assert capsys.readouterr() == ("", "")
    assert launch.main(["ls", "--format", "ids"]) == 0
    assert "No object in the catalog matches" in capsys.readouterr().err
    assert (default_state_dir() / CATALOG_FILE).is_file()  # created, as ls always did


def test_a_file_not_in_wal_mode_goes_to_the_full_path_which_sets_it(capsys: Capture) -> None:
    fill(3)
    path = default_state_dir() / CATALOG_FILE
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert ls_quick.run(["ls", "--format", "ids"]) is None
    assert launch.main(["ls", "--format", "ids"]) == 0
    assert capsys.readouterr().out.split() == ["thread_002", "conv_000"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_newer_schema_goes_to_the_full_path_which_leaves_it(capsys: Capture) -> None:
    fill(3)
    conn = sqlite3.connect(default_state_dir() / CATALOG_FILE)
    conn.execute("UPDATE schema_version SET version = version + 1")
    conn.commit()
    conn.close()
    assert ls_quick.run(["ls", "--format", "ids"]) is None
    assert launch.main(["ls", "--format", "ids"]) == 0
    assert "written by a newer thread-tui" in capsys.readouterr().err


def test_a_read_failing_mid_way_gives_the_rest_from_the_full_catalog(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    fill(30)
    main(["ls", "--include-deleted", "--format", "ids"])
    expected = capsys.readouterr().out.split()
    monkeypatch.setattr(ls_quick, "_PAGE", 4)
    real_connect = sqlite3.connect

    class FailingCursor:
        def __init__(self, cursor: sqlite3.Cursor) -> None:
            self.cursor, self.reads = cursor, 0

        def fetchmany(self, size: int) -> list[Any]:
            self.reads += 1
            if self.reads == 3:
                raise sqlite3.OperationalError("disk I/O error")
            return self.cursor.fetchmany(size)

    class Conn:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.conn = real_connect(*args, **kwargs)

        def execute(self, sql: str, params: Any = ()) -> Any:
            cursor = self.conn.execute(sql, params)
            return FailingCursor(cursor) if "ORDER BY" in sql else cursor

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(sqlite3, "connect", Conn)
    assert ls_quick.run(["ls", "--include-deleted", "--format", "ids"]) == 0
    assert capsys.readouterr().out.split() == expected


# -- what it loads -------------------------------------------------------------------------------

CHECK = """
import runpy, sys
sys.argv = ["thread_tui", "ls", "--where", "team=core", "--format", "ids"]
try:
    runpy.run_module("thread_tui", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    assert exc.code == 0, exc.code
heavy = {heavy!r}
loaded = sorted(m for m in sys.modules if m in heavy)
assert not loaded, loaded
"""

HEAVY = ("argparse", "pathlib", "typing", "platformdirs", "re", "json", "thread_tui.cli")


def test_python_m_thread_tui_ls_ids_loads_no_argparse_pathlib_or_typing() -> None:
    fill(3)
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["conv_000"]


def test_the_console_script_takes_the_quick_path_too() -> None:
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'thread-tui = "thread_tui.launch:main"' in text
