"""The headless CLI end to end: output, exit codes, stderr, and what reached the server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def run(argv: list[str], emu: Emulator, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_get_thread_and_conversation(emu: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["get", "thread_abc123"], emu, capsys)
    assert code == 0
    assert json.loads(out)["metadata"] == {"modified": "true", "user": "abc123"}
    assert out.startswith('{\n  "id": "thread_abc123"')  # pretty JSON, as the official CLI
    code, out, _ = run(["get", "conv_abc123"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "conversation"


@pytest.mark.parametrize(
    "values",
    [
        ["--metadata", '{"owner": "ana", "team": "core"}'],
        ["--metadata", "{owner: ana, team: core}"],
        ["--metadata", "owner=ana", "--metadata", "team=core"],
    ],
)
def test_update_metadata_syntaxes(
    emu: Emulator, capsys: pytest.CaptureFixture[str], values: list[str]
) -> None:
    code, out, _ = run(["update", "--thread-id", "thread_abc123", *values], emu, capsys)
    assert code == 0
    assert json.loads(out)["metadata"] == {
        "modified": "true",
        "user": "abc123",
        "owner": "ana",
        "team": "core",
    }
    [sent] = emu.mutating_requests()
    assert sent.json == {"metadata": {"owner": "ana", "team": "core"}}


def test_update_from_file_and_positional_id(
    emu: Emulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [f["id"] for f in emu.files.values() if f["purpose"] == "assistants"][:2]
    store = next(iter(emu.vector_stores))
    resources = tmp_path / "resources.yaml"
    resources.write_text(
        f"{{code_interpreter: {{file_ids: [{files[0]}, {files[1]}]}}, "
        f"file_search: {{vector_store_ids: [{store}]}}}}"
    )
    code, out, _ = run(["update", "thread_empty", "--tool-resources", f"@{resources}"], emu, capsys)
    assert code == 0
    tools = json.loads(out)["tool_resources"]
    assert tools["code_interpreter"]["file_ids"] == files
    assert tools["file_search"]["vector_store_ids"] == [store]


def test_conversation_update(emu: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["update", "--conversation-id", "conv_abc123", "--metadata", "topic=billing"], emu, capsys
    )
    assert code == 0 and json.loads(out)["metadata"]["topic"] == "billing"


@pytest.mark.parametrize(
    ("argv", "lines"),
    [
        (
            ["--metadata", "{a: 1, b: null}", "--metadata", "k" * 65 + "=v"],
            ["'a' must be a string", "'b' must be a string", "65 characters; at most 64"],
        ),
        (["--metadata", "v=" + "x" * 513], ["513 characters; at most 512"]),
        (
            ["--metadata", "{" + ", ".join(f"k{i}: v" for i in range(17)) + "}"],
            ["17 metadata pairs; at most 16"],
        ),
        (
            [
                "--tool-resources",
                "{code_interpreter: {file_ids: [" + ", ".join(f"f{i}" for i in range(21)) + "]}}",
            ],
            ["21 code_interpreter files; at most 20"],
        ),
        (
            ["--tool-resources", "{file_search: {vector_store_ids: [vs_1, vs_2]}}"],
            ["2 file_search vector stores; at most 1"],
        ),
        (["--metadata", "{oops"], ["not valid JSON or YAML"]),
    ],
)
def test_limits_exit_2_one_line_each_nothing_sent(
    emu: Emulator, capsys: pytest.CaptureFixture[str], argv: list[str], lines: list[str]
) -> None:
    code, out, err = run(["update", "--thread-id", "thread_abc123", *argv], emu, capsys)
    assert code == 2
    assert out == ""
    err_lines = err.strip().splitlines()
    assert len(err_lines) == len(lines)
    for fragment, line in zip(lines, err_lines, strict=True):
        assert fragment in line
    assert emu.requests == []


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (
            ["update", "--conversation-id", "conv_abc123", "--tool-resources", "{}"],
            "a conversation has no tool_resources",
        ),
        (["update", "--conversation-id", "conv_abc123"], "--metadata is required"),
        (["update", "--thread-id", "conv_abc123", "--metadata", "a=b"], "takes a thread_"),
        (["update", "thread_abc123"], "nothing to update"),
        (["get", "thread_../files"], "only letters, digits"),
        (["get", "thread_a?b"], "only letters, digits"),
    ],
)
def test_usage_errors_exit_2(
    emu: Emulator, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _, err = run(argv, emu, capsys)
    assert code == 2 and fragment in err
    assert emu.requests == []


def test_api_error_prints_like_the_official_cli(
    emu: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["update", "thread_nope", "--metadata", "a=b"], emu, capsys)
    assert code == 1 and out == ""
    first, second, *rest = err.splitlines()
    assert first == 'POST "http://emulator.local/v1/threads/thread_nope": 404 Not Found'
    assert "No thread found with id 'thread_nope'." in second and "request id req_" in second
    assert json.loads("\n".join(rest))["error"]["message"].startswith("No thread found")


def test_delete_asks_first(
    emu: Emulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, _, err = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 1 and "not deleted" in err and emu.requests == []
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal, no answer: No
    assert run(["delete", "thread_abc123"], emu, capsys)[0] == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, _ = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 0 and json.loads(out)["deleted"] is True
    code, out, _ = run(["delete", "conv_abc123", "--yes"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "conversation.deleted"


def test_create(emu: Emulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["create", "--metadata", "a=b"], emu, capsys)
    assert code == 0 and json.loads(out)["id"].startswith("thread_")
    code, out, _ = run(["create", "--conversation"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "conversation"


def test_dry_run_shows_the_request_and_sends_nothing(
    emu: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        ["update", "thread_abc123", "--metadata", "a=b", "--dry-run", "--show", "curl"], emu, capsys
    )
    assert code == 0 and "curl" in out and "$OPENAI_API_KEY" in out
    assert emu.requests == []


def test_missing_key_without_demo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    code = main(["get", "thread_abc123"])
    _, err = capsys.readouterr()
    assert code == 2 and "No API key" in err


def test_over_a_real_socket(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    emu = Emulator()
    with running_server(emu) as base_url:
        code = main(
            [
                "update",
                "thread_abc123",
                "--metadata",
                "via=socket",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ]
        )
        out, err = capsys.readouterr()
        assert code == 0, err
        assert json.loads(out)["metadata"]["via"] == "socket"
        code = main(
            ["get", "thread_abc123", "--base-url", base_url, "--api-key", "sk-wrong-0000000"]
        )
        out, err = capsys.readouterr()
        assert code == 1 and "401 Unauthorized" in err and "sk-wrong-0000000" not in err


def test_refuses_plain_http_to_a_remote_host(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(
        [
            "get",
            "thread_abc123",
            "--base-url",
            "http://api.example.com/v1",
            "--api-key",
            "sk-secret-0000000000",
        ]
    )
    _, err = capsys.readouterr()
    assert code == 2 and "plain http" in err and "sk-secret" not in err


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "thread_tui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith("thread-tui ")
