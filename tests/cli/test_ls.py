"""`thread-tui ls`: the catalog by kind and metadata with no network, in four formats; a table
that fits the terminal with server text inert; --refresh fetching the listed objects again;
bad input exits 2 with a clear message."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from thread_tui.cli import main
from thread_tui.commands.ls import cells
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server
from thread_tui.storage.catalog import CATALOG_FILE, Catalog
from thread_tui.storage.state import default_state_dir

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")


def catalog() -> Catalog:
    return Catalog.open(default_state_dir() / CATALOG_FILE)


def fill() -> None:
    store = catalog()
    store.record_many(
        [
            {"id": "thread_a", "created_at": 1, "metadata": {"team": "core", "owner": "ana"}},
            {"id": "thread_b", "created_at": 2, "metadata": {"team": "core"}},
            {"id": "thread_c", "created_at": 3, "metadata": {"team": "web", "owner": "bo"}},
            {"id": "conv_d", "created_at": 4, "metadata": {"team": "core", "owner": "cy"}},
        ]
    )
    store.mark_deleted("thread_e")
    store.close()


def ls(argv: list[str], capsys: Capture, emulator: Emulator | None = None) -> tuple[int, str, str]:
    code = main(["ls", *argv], emulator=emulator)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_where_has_and_kind_answer_from_the_catalog(capsys: Capture) -> None:
    fill()
    # --base-url to a closed port: any request would fail, so none is made.
    no_net = ["--base-url", "http://127.0.0.1:9/v1"]
    code, out, _ = ls(["--where", "team=core", "--format", "ids", *no_net], capsys)
    assert code == 0 and sorted(out.split()) == ["conv_d", "thread_a", "thread_b"]
    code, out, _ = ls(["--where", "team=core", "--where", "owner=ana", "--format", "ids"], capsys)
    assert out.split() == ["thread_a"]
    code, out, _ = ls(["--kind", "thread", "--has", "owner", "--format", "ids"], capsys)
    assert sorted(out.split()) == ["thread_a", "thread_c"]
    code, out, _ = ls(["--format", "ids"], capsys)
    assert "thread_e" not in out.split()
    code, out, _ = ls(["--format", "ids", "--include-deleted"], capsys)
    assert "thread_e" in out.split()
    code, out, _ = ls(["--format", "ids", "--limit", "2"], capsys)
    assert len(out.split()) == 2


def test_jsonl_and_csv(capsys: Capture) -> None:
    fill()
    code, out, _ = ls(["--where", "team=core", "--format", "jsonl"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["id"] for r in rows} == {"thread_a", "thread_b", "conv_d"}
    a = next(r for r in rows if r["id"] == "thread_a")
    assert a["metadata"] == {"team": "core", "owner": "ana"} and a["kind"] == "thread"
    code, out, _ = ls(["--has", "owner", "--format", "csv"], capsys)
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == [
        "id", "kind", "created_at", "last_seen", "deleted", "metadata.owner", "metadata.team",
    ]  # fmt: skip
    assert {(r["id"], r["metadata.owner"], r["metadata.team"]) for r in table} == {
        ("thread_a", "ana", "core"),
        ("thread_c", "bo", "web"),
        ("conv_d", "cy", "core"),
    }


def test_nothing_found_says_so_on_stderr(capsys: Capture) -> None:
    code, out, err = ls(["--where", "team=none"], capsys)
    assert code == 0 and out == "" and "No object in the catalog matches" in err


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--where", "team"], "'team' is not KEY=VALUE"),
        (["--where", "=core"], "is not KEY=VALUE"),
        (["--has", ""], "give a metadata key"),
        (["--limit", "0"], "give 1 or more"),
        (["--format", "xml"], "is not a format; give one of table, ids, csv"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_2(
    argv: list[str], message: str, capsys: Capture
) -> None:
    code, out, err = ls(argv, capsys)
    assert code == 2 and out == "" and message in err


def test_the_table_fits_the_terminal_and_server_text_is_inert(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = catalog()
    hostile = "\x1b]0;pwned\x07\x1b[2J" + "長" * 50
    store.record_many(
        [
            {"id": "thread_" + "x" * 100, "created_at": 1, "metadata": {"note": hostile}},
            {"id": "conv_short", "created_at": 2, "metadata": {"a": "b"}},
        ]
    )
    store.close()
    for width in (60, 100, 200):
        monkeypatch.setenv("COLUMNS", str(width))
        code, out, _ = ls([], capsys)
        lines = out.splitlines()
        assert code == 0 and lines[0].startswith("ID")
        assert len(lines) == 3
        assert all(cells(line) <= width for line in lines), (width, lines)
        assert "\x1b" not in out and "\x07" not in out
        assert "␛" in out and "…" in out
    code, out, _ = ls(["--format", "jsonl"], capsys)
    assert "\x1b" not in out
    assert any(json.loads(line)["metadata"].get("note") == hostile for line in out.splitlines())


def test_demo_lists_the_emulators_objects(capsys: Capture) -> None:
    emu = Emulator()
    code, out, _ = ls(["--demo", "--format", "ids"], capsys, emu)
    assert code == 0
    assert sorted(out.split()) == sorted([*emu.threads, *emu.conversations])
    assert list(emu.requests) == []  # from the catalog, not the network
    assert not (default_state_dir() / CATALOG_FILE).exists()  # the user's file: untouched


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Emulator, list[str]]]:
    emu = Emulator()
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_API_KEY)
    with running_server(emu) as base_url:
        yield emu, ["--base-url", base_url]


def test_refresh_fetches_the_listed_objects_again(
    served: tuple[Emulator, list[str]], capsys: Capture
) -> None:
    emu, server = served
    store = catalog()
    store.record(emu.threads["thread_empty"])  # seen first: past --limit 4, not fetched
    store.record_many([emu.threads["thread_abc123"], emu.threads["thread_tools"]])
    store.record({"id": "thread_gone", "created_at": 1, "metadata": {}})
    store.record(emu.threads["thread_full16"])
    store.mark_deleted("thread_longvalues")  # deleted: not listed, not fetched
    store.close()
    emu.threads["thread_abc123"]["metadata"]["team"] = "core"
    code, out, _ = ls(["--where", "team=core", "--format", "ids", *server], capsys)
    assert out == "" and list(emu.requests) == []  # not refreshed: the catalog's old view
    code, out, err = ls(["--kind", "thread", "--limit", "4", "--format", "ids", *server], capsys)
    listed = out.split()
    assert len(listed) == 4 and "thread_empty" not in listed and "thread_abc123" in listed
    code, out, err = ls(
        ["--kind", "thread", "--limit", "4", "--format", "ids", "--refresh", *server], capsys
    )
    assert code == 0, err
    fetched = sorted(r.path.rsplit("/", 1)[1] for r in emu.requests)
    assert fetched == sorted(listed)  # exactly the listed objects, once each
    assert "refresh: 3 refreshed, 1 not found, 0 failed" in err
    code, out, _ = ls(["--where", "team=core", "--format", "ids", *server], capsys)
    assert out.split() == ["thread_abc123"]
    gone = catalog().get("thread_gone")
    assert gone is not None and gone.deleted


def test_headless_commands_record_what_they_fetch(
    served: tuple[Emulator, list[str]], capsys: Capture
) -> None:
    emu, server = served
    assert main(["get", "thread_abc123", *server]) == 0
    assert main(["update", "thread_tools", "--metadata", "team=core", *server]) == 0
    assert main(["create", "--conversation", "--metadata", "team=core", *server]) == 0
    created = json.loads(capsys.readouterr().out.split("\n}\n")[-2] + "\n}")["id"]
    assert main(["delete", "conv_abc123", "--yes", *server]) == 0
    assert main(["get", "thread_nothere", *server]) == 1
    capsys.readouterr()
    store = catalog()
    abc = store.get("thread_abc123")
    assert abc is not None and abc.metadata == emu.threads["thread_abc123"]["metadata"]
    tools = store.get("thread_tools")
    assert tools is not None and tools.metadata["team"] == "core"
    assert tools.tool_resources == emu.threads["thread_tools"]["tool_resources"]
    made = store.get(created)
    assert made is not None and made.kind == "conversation" and not made.deleted
    for gone_id in ("conv_abc123", "thread_nothere"):
        gone = store.get(gone_id)
        assert gone is not None and gone.deleted, gone_id


def test_demo_headless_commands_leave_the_real_catalog_alone(capsys: Capture) -> None:
    assert main(["get", "thread_abc123", "--demo"], emulator=Emulator()) == 0
    assert not (default_state_dir() / CATALOG_FILE).exists()


def test_a_state_dir_that_cannot_be_written_warns_and_gets_done(
    served: tuple[Emulator, list[str]],
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    _, server = served
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    code = main(["get", "thread_abc123", *server])
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["id"] == "thread_abc123"
    assert err.startswith("warning: Could not save the catalog") and "Traceback" not in err
