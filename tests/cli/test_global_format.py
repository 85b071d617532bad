"""The official CLI's global `--format` (json, jsonl, yaml, raw) on every command that prints
an API object, before the sub-command or after it; `get` keeps csv and `ls` table/ids/csv; a
format a command cannot print is refused before anything is sent (exit 2, one clear line)."""

from __future__ import annotations

import json

import pytest
import yaml

from thread_tui.cli import main
from thread_tui.emulator import Emulator

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def parsed(fmt: str, out: str) -> object:
    """The object printed in `fmt`, read back."""
    if fmt == "yaml":
        return yaml.safe_load(out)
    if fmt in ("jsonl", "raw"):
        lines = out.splitlines()
        assert len(lines) == 1, out  # one compact line
        return json.loads(lines[0])
    return json.loads(out)


def stored(emu: Emulator, resource_id: str, capsys: Capture) -> object:
    code, out, _ = run(["get", resource_id], emu, capsys)
    assert code == 0
    return json.loads(out)


FORMATS = ["json", "jsonl", "yaml", "raw"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_get_prints_the_object_in_each_format_wherever_the_flag_is(
    fmt: str, where: str, emulator: Emulator, capsys: Capture
) -> None:
    expected = stored(emulator, "thread_abc123", capsys)
    flag = ["--format", fmt]
    argv = [*flag, "get", "thread_abc123"] if where == "before" else ["get", "thread_abc123", *flag]
    code, out, err = run(argv, emulator, capsys)
    assert (code, err) == (0, "")
    assert parsed(fmt, out) == expected
    if fmt == "yaml":
        assert not out.lstrip().startswith("{")  # block YAML, not JSON


def test_the_official_auto_is_the_default_and_names_ignore_case(
    emulator: Emulator, capsys: Capture
) -> None:
    _, default, _ = run(["get", "thread_abc123"], emulator, capsys)
    code, out, _ = run(["--format", "auto", "get", "thread_abc123"], emulator, capsys)
    assert (code, out) == (0, default)
    code, out, _ = run(["get", "thread_abc123", "--format", "YAML"], emulator, capsys)
    assert code == 0 and yaml.safe_load(out) == json.loads(default)


def test_get_keeps_csv_and_several_ids_take_yaml_and_raw(
    emulator: Emulator, capsys: Capture
) -> None:
    one = stored(emulator, "thread_abc123", capsys)
    two = stored(emulator, "conv_abc123", capsys)
    code, out, _ = run(["get", "thread_abc123", "conv_abc123", "--format", "csv"], emulator, capsys)
    assert code == 0 and out.startswith("id,kind,created_at")
    code, out, _ = run(
        ["--format", "yaml", "get", "thread_abc123", "conv_abc123"], emulator, capsys
    )
    assert code == 0 and yaml.safe_load(out) == [one, two]
    code, out, _ = run(["get", "thread_abc123", "conv_abc123", "--format", "raw"], emulator, capsys)
    assert code == 0 and len(out.splitlines()) == 1 and json.loads(out) == [one, two]


@pytest.mark.parametrize("fmt", FORMATS)
def test_update_prints_the_updated_object_in_each_format(
    fmt: str, emulator: Emulator, capsys: Capture
) -> None:
    argv = ["update", "thread_abc123", "--metadata", "owner=ana", "--format", fmt]
    code, out, _ = run(argv, emulator, capsys)
    assert code == 0
    printed = parsed(fmt, out)
    assert isinstance(printed, dict) and printed["metadata"]["owner"] == "ana"
    assert printed == stored(emulator, "thread_abc123", capsys)


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_and_delete_print_in_each_format(
    fmt: str, emulator: Emulator, capsys: Capture
) -> None:
    code, out, _ = run(["--format", fmt, "create", "--metadata", "a=b"], emulator, capsys)
    assert code == 0
    created = parsed(fmt, out)
    assert isinstance(created, dict) and created["metadata"] == {"a": "b"}
    code, out, _ = run(["delete", created["id"], "--yes", "--format", fmt], emulator, capsys)
    assert code == 0
    assert parsed(fmt, out) == {"id": created["id"], "object": "thread.deleted", "deleted": True}


def seen(entries: object) -> list[object]:
    """ls entries without `last_seen`: --demo records its objects again on each run."""
    assert isinstance(entries, list)
    return [{k: v for k, v in e.items() if k != "last_seen"} for e in entries]


@pytest.mark.parametrize("fmt", ["json", "yaml", "raw"])
def test_ls_gains_json_yaml_and_raw(fmt: str, emulator: Emulator, capsys: Capture) -> None:
    run(["get", "thread_abc123"], emulator, capsys)  # recorded in the catalog
    run(["get", "conv_abc123"], emulator, capsys)
    code, out, _ = run(["ls", "--format", "jsonl"], emulator, capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {e["id"] for e in lines} >= {"thread_abc123", "conv_abc123"}

    def read(text: str) -> object:
        return yaml.safe_load(text) if fmt == "yaml" else json.loads(text)

    code, out, _ = run(["ls", "--format", fmt], emulator, capsys)
    assert code == 0
    if fmt == "raw":
        assert len(out.splitlines()) == 1
    assert seen(read(out)) == seen(lines)
    code, top, _ = run(["--format", fmt, "ls"], emulator, capsys)
    assert code == 0 and seen(read(top)) == seen(lines)


def test_ls_keeps_table_ids_and_csv(emulator: Emulator, capsys: Capture) -> None:
    run(["get", "thread_abc123"], emulator, capsys)
    code, out, _ = run(["ls", "--format", "ids"], emulator, capsys)
    assert code == 0 and "thread_abc123" in out.split()
    code, out, _ = run(["--format", "csv", "ls"], emulator, capsys)
    assert code == 0 and out.startswith("id,kind")
    code, out, _ = run(["ls"], emulator, capsys)
    assert code == 0 and "thread_abc123" in out and not out.lstrip().startswith(("{", "["))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--format", "csv", "update", "thread_abc123", "--metadata", "a=b"], "update"),
        (["--format", "table", "get", "thread_abc123"], "get"),
        (["--format", "csv", "import", "ids.txt"], "import"),
        (["--format", "table", "update", "--where", "team=core", "--metadata", "a=b"], "update"),
    ],
)
def test_a_format_the_command_cannot_print_is_refused_before_sending(
    argv: list[str], says: str, emulator: Emulator, capsys: Capture
) -> None:
    code, out, err = run(argv, emulator, capsys)
    assert (code, out) == (2, "")
    assert "--format" in err and says in err
    assert len(err.strip().splitlines()) == 1
    assert emulator.requests == []


@pytest.mark.parametrize("argv", [["--format", "pretty"], ["--format", "xml"]])
def test_an_unknown_or_refused_format_names_the_supported_ones(
    argv: list[str], emulator: Emulator, capsys: Capture
) -> None:
    code, out, err = run([*argv, "get", "thread_abc123"], emulator, capsys)
    assert (code, out) == (2, "")
    assert "json, jsonl, yaml, raw" in err
    assert emulator.requests == []


def test_pretty_is_refused_on_a_sub_command_too(emulator: Emulator, capsys: Capture) -> None:
    code, _, err = run(
        ["update", "thread_abc123", "--metadata", "a=b", "--format", "pretty"], emulator, capsys
    )
    assert code == 2 and "pretty" in err and "not supported" in err
    assert emulator.requests == []


def test_explore_prints_the_default_with_a_warning(emulator: Emulator, capsys: Capture) -> None:
    _, default, _ = run(["get", "thread_abc123"], emulator, capsys)
    code, out, err = run(["--format", "explore", "get", "thread_abc123"], emulator, capsys)
    assert (code, out) == (0, default)
    assert "explore" in err and "warning" in err


def test_yaml_is_exact_in_a_pipe_and_strings_stay_strings(
    emulator: Emulator, capsys: Capture
) -> None:
    # Values YAML would read as other types must come back as the same strings.
    meta = '{"n": "1", "flag": "yes", "none": "null", "day": "2024-01-01", "text": "a: b"}'
    code, out, _ = run(
        ["update", "thread_abc123", "--metadata", meta, "--format", "yaml"], emulator, capsys
    )
    assert code == 0
    printed = yaml.safe_load(out)
    assert {k: printed["metadata"][k] for k in json.loads(meta)} == json.loads(meta)
