"""The headless CLI end to end: output, exit codes, stderr, and what reached the server.

In-process runs pass `--demo` and hand `main` the emulator to use (its `emulator=` seam), so
the test can read the emulator's request log; socket runs start the emulator's HTTP server
and talk to it with --base-url / --api-key, as a user would.
"""

from __future__ import annotations

import io
import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from thread_tui.cli import main, with_tui_shortcut
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


pytestmark = pytest.mark.usefixtures("no_user_environment")


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def error_lines(err: str) -> list[str]:
    return err.strip().splitlines()


def past_key_warning(err: str) -> str:
    """stderr after the one-line warning that --api-key (which these runs pass) is visible."""
    first, _, rest = err.partition("\n")
    assert first.startswith("warning: --api-key shows in `ps`"), err
    return rest


# -- get --------------------------------------------------------------------------------------


def test_get_thread_and_conversation(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(["get", "thread_abc123"], emu, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == emu.threads["thread_abc123"]
    assert out.startswith('{\n  "id": "thread_abc123"')  # pretty JSON, as the official CLI
    code, out, _ = run(["get", "conv_abc123"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "conversation"
    assert [(r.method, r.path) for r in emu.requests] == [
        ("GET", "/v1/threads/thread_abc123"),
        ("GET", "/v1/conversations/conv_abc123"),
    ]


def test_flags_before_the_sub_command_count_too(emu: Emulator, capsys: Capture) -> None:
    code = main(["--demo", "get", "thread_abc123"], emulator=emu)
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["id"] == "thread_abc123"


def test_non_ascii_is_printed_as_it_is(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(["get", "thread_longvalues"], emu, capsys)
    assert code == 0
    assert json.loads(out)["metadata"] == emu.threads["thread_longvalues"]["metadata"]
    assert "\\u" not in out


# -- update -----------------------------------------------------------------------------------


BOTH = {"owner": "ana", "team": "core"}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["--metadata", '{"owner": "ana", "team": "core"}'], BOTH),
        (["--metadata", "{owner: ana, team: core}"], BOTH),
        (["--metadata", "owner: ana"], {"owner": "ana"}),
        (["--metadata", "owner=ana", "--metadata", "team=core"], BOTH),
        (["--metadata", "{owner: bob, team: core}", "--metadata", "owner=ana"], BOTH),
        (["--metadata", "note=a=b"], {"note": "a=b"}),
    ],
)
def test_update_metadata_syntaxes(
    emu: Emulator, capsys: Capture, values: list[str], expected: dict[str, str]
) -> None:
    code, out, err = run(["update", "--thread-id", "thread_abc123", *values], emu, capsys)
    assert (code, err) == (0, "")
    [sent] = emu.mutating_requests()
    assert sent.json == {"metadata": expected}
    assert json.loads(out)["metadata"] == {"modified": "true", "user": "abc123", **expected}


def test_update_metadata_from_a_file(emu: Emulator, capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text(json.dumps({"note": 'it\'s "quoted"\nand 🙂'}), encoding="utf-8")
    code, out, _ = run(["update", "thread_abc123", "--metadata", f"@{path}"], emu, capsys)
    assert code == 0
    assert json.loads(out)["metadata"]["note"] == 'it\'s "quoted"\nand 🙂'


def test_update_tool_resources_from_a_file(emu: Emulator, capsys: Capture, tmp_path: Path) -> None:
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
    [sent] = emu.mutating_requests()
    assert sent.json == {"tool_resources": tools}


def test_update_metadata_and_tool_resources_together(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(
        [
            "update",
            "thread_tools",
            "--metadata",
            "a=b",
            "--tool-resources",
            "{code_interpreter: {file_ids: []}}",
        ],
        emu,
        capsys,
    )
    assert code == 0
    result = json.loads(out)
    assert result["metadata"]["a"] == "b"
    assert result["tool_resources"]["code_interpreter"]["file_ids"] == []
    [sent] = emu.mutating_requests()
    assert set(sent.json) == {"metadata", "tool_resources"}


def test_conversation_update(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(
        ["update", "--conversation-id", "conv_abc123", "--metadata", "topic=billing"], emu, capsys
    )
    assert code == 0 and json.loads(out)["metadata"]["topic"] == "billing"
    [sent] = emu.mutating_requests()
    assert sent.path == "/v1/conversations/conv_abc123"
    assert sent.json == {"metadata": {"topic": "billing"}}


@pytest.mark.parametrize(
    ("argv", "lines"),
    [
        (
            ["--metadata", "{a: 1, b: null}", "--metadata", "k" * 65 + "=v"],
            [
                "'a' must be a string, but 1 was read as a number",
                "'b' must be a string, not null",
                "65 characters; at most 64",
            ],
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
        (
            [
                "--metadata",
                "{a: yes}",
                "--tool-resources",
                "{file_search: {vector_store_ids: [vs_1, vs_2]}}",
            ],
            ["'a' must be a string, but yes was read as a boolean", "at most 1"],
        ),
        (["--metadata", "{oops"], ["not valid JSON or YAML"]),
        (["--metadata", "@missing.json"], ["no such file: missing.json"]),
        (["--metadata", "=v"], ["the key before '=' is empty"]),
        (["--metadata", "{a: &x b, c: *x}"], ["anchors and aliases are not accepted"]),
    ],
)
def test_problems_exit_2_one_line_each_nothing_sent(
    emu: Emulator, capsys: Capture, argv: list[str], lines: list[str]
) -> None:
    code, out, err = run(["update", "--thread-id", "thread_abc123", *argv], emu, capsys)
    assert code == 2
    assert out == ""
    err_lines = error_lines(err)
    assert len(err_lines) == len(lines), err
    for fragment, line in zip(lines, err_lines, strict=True):
        assert line.startswith("error: ") and fragment in line
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
        (["update", "--conversation-id", "thread_abc123", "--metadata", "a=b"], "takes a conv_"),
        (["update", "thread_abc123", "--thread-id", "thread_abc123"], "exactly one ID"),
        (["update", "--metadata", "a=b"], "exactly one ID"),
        (["update", "thread_abc123"], "nothing to update"),
        (["create", "--conversation", "--tool-resources", "{}"], "no tool_resources"),
        (["get", "thread_../files"], "only letters, digits"),
        (["get", "thread_a?b"], "only letters, digits"),
        (["get", "asst_abc"], "starts with thread_"),
        (["delete", "conv_x#frag", "--yes"], "only letters, digits"),
    ],
)
def test_usage_errors_exit_2(
    emu: Emulator, capsys: Capture, argv: list[str], fragment: str
) -> None:
    code, out, err = run(argv, emu, capsys)
    assert code == 2 and out == "" and fragment in err
    assert emu.requests == []


@pytest.mark.parametrize(
    "argv",
    [
        ["update"],  # fine for argparse; our own check
        ["frobnicate"],
        ["get"],
        ["update", "thread_abc123", "--show", "xml"],
        ["--timeout", "-1", "get", "thread_abc123"],
        ["get", "thread_abc123", "--max-retries", "many"],
        ["emulator", "--port", "70000"],
    ],
)
def test_bad_arguments_exit_2_with_usage(emu: Emulator, capsys: Capture, argv: list[str]) -> None:
    code = main(argv, emulator=emu)
    _, err = capsys.readouterr()
    assert code == 2 and "error" in err and "Traceback" not in err
    assert emu.requests == []


def test_settings_errors_exit_2(emu: Emulator, capsys: Capture) -> None:
    code = main(["get", "thread_abc123", "--base-url", "ftp://example.com", "--api-key", "k"])
    _, err = capsys.readouterr()
    assert code == 2 and "not an http(s) URL" in err


# -- errors from the server or the network ----------------------------------------------------


def test_api_error_prints_like_the_official_cli(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(["update", "thread_nope", "--metadata", "a=b"], emu, capsys)
    assert code == 1 and out == ""
    first, second, *rest = err.splitlines()
    assert first == 'POST "http://emulator.local/v1/threads/thread_nope": 404 Not Found'
    assert "No thread found with id 'thread_nope'." in second and "request id req_" in second
    assert json.loads("\n".join(rest))["error"]["message"].startswith("No thread found")


def test_the_server_refusing_the_merged_map_is_an_api_error(emu: Emulator, capsys: Capture) -> None:
    """16 pairs stored + 1 new key: valid on its own, refused by the server after merging."""
    code, out, err = run(["update", "thread_full16", "--metadata", "extra=1"], emu, capsys)
    assert code == 1 and out == ""
    assert err.startswith('POST "http://emulator.local/v1/threads/thread_full16": 400 Bad Request')


def test_a_malformed_answer_is_a_clear_error(emu: Emulator, capsys: Capture) -> None:
    emu.faults.inject(malformed="not_json")
    code, out, err = run(["get", "thread_abc123"], emu, capsys)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and len(error_lines(err)) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_nothing_listening_is_a_network_error(capsys: Capture) -> None:
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    argv = ["get", "thread_abc123", "--base-url", base_url, "--api-key", DEMO_API_KEY]
    code = main([*argv, "--max-retries", "0"])
    out, err = capsys.readouterr()
    err = past_key_warning(err)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and "Traceback" not in err and DEMO_API_KEY not in err


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    emu = Emulator()
    with running_server(emu) as base_url:
        yield emu, base_url


def test_over_a_real_socket(served: tuple[Emulator, str], capsys: Capture) -> None:
    emu, base_url = served
    auth = ["--base-url", base_url, "--api-key", DEMO_API_KEY]
    code = main(["update", "thread_abc123", "--metadata", "{via: socket}", *auth])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["metadata"]["via"] == "socket"
    [sent] = emu.mutating_requests()
    assert sent.json == {"metadata": {"via": "socket"}}
    assert sent.headers["openai-beta"] == "assistants=v2"

    code = main(["get", "conv_abc123", *auth])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["id"] == "conv_abc123"

    code = main(["update", "thread_nope", "--metadata", "a=b", *auth])
    out, err = capsys.readouterr()
    err = past_key_warning(err)
    assert code == 1 and out == ""
    assert err.startswith(f'POST "{base_url}/threads/thread_nope": 404 Not Found\n')
    assert "request id req_" in err and "Traceback" not in err

    code = main(["get", "thread_abc123", "--base-url", base_url, "--api-key", "sk-wrong-0000000"])
    out, err = capsys.readouterr()
    assert code == 1 and "401 Unauthorized" in err and "sk-wrong-0000000" not in err


def test_limits_over_a_socket_send_nothing(served: tuple[Emulator, str], capsys: Capture) -> None:
    emu, base_url = served
    many = "{" + ", ".join(f"k{i}: v" for i in range(17)) + "}"
    auth = ["--base-url", base_url, "--api-key", DEMO_API_KEY]
    code = main(["update", "thread_abc123", "--metadata", many, *auth])
    _, err = capsys.readouterr()
    assert code == 2 and error_lines(past_key_warning(err)) == [
        "error: --metadata: 17 metadata pairs; at most 16."
    ]
    assert emu.requests == []


def test_env_and_env_file_settings(
    served: tuple[Emulator, str], capsys: Capture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, base_url = served
    env_file = tmp_path / "settings.env"
    env_file.write_text(f"OPENAI_BASE_URL={base_url}\nOPENAI_API_KEY={DEMO_API_KEY}\n")
    code = main(["get", "thread_abc123", "--env-file", str(env_file)])
    out, _ = capsys.readouterr()
    assert code == 0 and json.loads(out)["id"] == "thread_abc123"
    monkeypatch.setenv("OPENAI_BASE_URL", base_url)
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_API_KEY)
    assert main(["get", "thread_abc123"]) == 0
    assert len(emu.requests) == 2


def test_refuses_plain_http_to_a_remote_host(capsys: Capture) -> None:
    argv = ["get", "thread_abc123", "--base-url", "http://api.example.com/v1"]
    code = main([*argv, "--api-key", "sk-secret-0000000000"])
    _, err = capsys.readouterr()
    assert code == 2 and "plain http" in err and "sk-secret" not in err


def test_missing_key_without_demo(capsys: Capture) -> None:
    code = main(["get", "thread_abc123"])
    _, err = capsys.readouterr()
    assert code == 2 and "No API key" in err


# -- create / delete --------------------------------------------------------------------------


class Terminal(io.StringIO):
    """Typed answers on a terminal."""

    def isatty(self) -> bool:
        return True


def test_delete_asks_first(emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, err = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 1 and out == ""
    assert err.startswith("Delete thread_abc123? This cannot be undone. [y/N] ")
    assert "not deleted" in err and emu.requests == []

    monkeypatch.setattr("sys.stdin", Terminal(""))  # Ctrl+D: no answer is No
    code, _, err = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 1 and "not deleted" in err and emu.requests == []

    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, _ = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 0 and json.loads(out) == {
        "id": "thread_abc123",
        "object": "thread.deleted",
        "deleted": True,
    }
    assert "thread_abc123" not in emu.threads


def test_delete_without_a_terminal_needs_yes(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # piped: not an answer from a person
    code, out, err = run(["delete", "thread_abc123"], emu, capsys)
    assert code == 1 and out == "" and "pass --yes" in err
    assert emu.requests == []
    code, out, _ = run(["delete", "conv_abc123", "--yes"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "conversation.deleted"
    code, _, err = run(["delete", "conv_abc123", "-y"], emu, capsys)
    assert code == 1 and "404 Not Found" in err


@pytest.mark.parametrize(("status", "posts", "code"), [(500, 1, 1), (409, 1, 1), (429, 2, 0)])
def test_create_is_not_repeated_when_it_may_have_happened(
    emu: Emulator, capsys: Capture, status: int, posts: int, code: int
) -> None:
    emu.faults.inject(status, times=1)
    before = set(emu.threads)
    assert run(["create", "--metadata", "a=b"], emu, capsys)[0] == code
    assert len(emu.mutating_requests()) == posts
    assert len(set(emu.threads) - before) == (1 if code == 0 else 0)


def test_create(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(["create", "--metadata", "a=b"], emu, capsys)
    created = json.loads(out)
    assert code == 0 and created["id"].startswith("thread_") and created["metadata"] == {"a": "b"}
    assert created["id"] in emu.threads
    code, out, _ = run(["create", "--conversation", "--metadata", "{topic: x}"], emu, capsys)
    created = json.loads(out)
    assert code == 0 and created["object"] == "conversation"
    assert created["metadata"] == {"topic": "x"}
    code, out, _ = run(["create"], emu, capsys)
    assert code == 0 and json.loads(out)["object"] == "thread"
    assert [r.json for r in emu.mutating_requests()] == [
        {"metadata": {"a": "b"}},
        {"metadata": {"topic": "x"}},
        {},
    ]


# -- dry run and read-only --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("show", "start"),
    [
        ([], "{\n"),
        (["--show", "body"], "{\n"),
        (["--show", "curl"], "curl https://api.openai.com/v1/threads/thread_abc123"),
        (["--show", "cli"], "openai beta:threads update"),
        (["--show", "python"], "from openai import OpenAI"),
    ],
)
def test_dry_run_shows_the_request_and_sends_nothing(
    emu: Emulator, capsys: Capture, show: list[str], start: str
) -> None:
    argv = ["update", "thread_abc123", "--metadata", "a=b", "--dry-run", *show]
    code, out, err = run(argv, emu, capsys)
    assert (code, err) == (0, "")
    assert out.startswith(start)
    assert emu.requests == []


def test_show_alone_implies_dry_run_and_works_read_only(emu: Emulator, capsys: Capture) -> None:
    argv = ["update", "conv_abc123", "--metadata", "a=b", "--show", "curl", "--read-only"]
    code, out, _ = run(argv, emu, capsys)
    assert code == 0 and "/conversations/conv_abc123" in out and "$OPENAI_API_KEY" in out
    assert emu.requests == []
    code, _, err = run(["update", "conv_abc123", "--metadata", "a=b", "--read-only"], emu, capsys)
    assert code == 2 and "read-only" in err and emu.requests == []


def test_dry_run_still_checks(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(
        ["update", "thread_abc123", "--metadata", "{a: 1}", "--dry-run"], emu, capsys
    )
    assert code == 2 and out == "" and "must be a string" in err


# -- process-level behaviour ------------------------------------------------------------------


def test_interrupt_exits_130_quietly(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("thread_tui.commands.headless.run", interrupted)
    code, out, err = run(["get", "thread_abc123"], emu, capsys)
    assert (code, out, err) == (130, "", "")


def test_a_closed_pipe_is_not_a_crash(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, _: str) -> int:
            raise BrokenPipeError

    err = io.StringIO()
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    monkeypatch.setattr("sys.stderr", err)
    assert main(["get", "thread_abc123", "--demo"], emulator=emu) == 1
    assert err.getvalue() == ""


def python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_version_and_module_entry_point() -> None:
    result = python("-m", "thread_tui", "--version")
    assert result.returncode == 0 and result.stdout.startswith("thread-tui 0.")


def test_help_has_examples() -> None:
    result = python("-m", "thread_tui", "update", "--help")
    assert result.returncode == 0
    assert "--metadata owner=ana --metadata" in result.stdout
    assert "@path" in result.stdout


HEADLESS_WITHOUT_TEXTUAL = """
import sys
from thread_tui.cli import main, with_tui_shortcut
assert "httpx" not in sys.modules
assert main(["get", "thread_abc123", "--demo"]) == 0
assert main(["update", "thread_abc123", "--demo", "--metadata", "{a: b}"]) == 0
assert main(["update", "thread_abc123", "--metadata", "a=b", "--show", "python"]) == 0
assert "textual" not in sys.modules, "a headless command imported textual"
"""


def test_headless_commands_never_import_textual() -> None:
    result = python("-c", HEADLESS_WITHOUT_TEXTUAL)
    assert result.returncode == 0, result.stderr
    assert "client.beta.threads.update" in result.stdout


def test_the_emulator_command_serves_until_interrupted(capsys: Capture) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "thread_tui", "emulator", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline() for _ in range(4)]
        base_url = f"http://127.0.0.1:{port}/v1"
        assert banner[2].strip() == f"export OPENAI_BASE_URL={base_url}"
        assert banner[3].strip() == f"export OPENAI_API_KEY={DEMO_API_KEY}"
        assert (
            main(["get", "thread_abc123", "--base-url", base_url, "--api-key", DEMO_API_KEY]) == 0
        )
        assert json.loads(capsys.readouterr().out)["id"] == "thread_abc123"

        second = python("-m", "thread_tui", "emulator", "--port", str(port))
        assert second.returncode == 1 and second.stdout == ""
        assert second.stderr.startswith(f"error: cannot serve on 127.0.0.1:{port}: ")
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["thread_abc123"], ["tui", "thread_abc123"]),
        (["--demo", "conv_1"], ["--demo", "tui", "conv_1"]),
        (
            ["--base-url", "http://x/v1", "thread_1"],
            ["--base-url", "http://x/v1", "tui", "thread_1"],
        ),
        (["--timeout=3", "thread_1"], ["--timeout=3", "tui", "thread_1"]),
        (["get", "thread_1"], ["get", "thread_1"]),
        (["--demo"], ["--demo"]),
        (["tui", "thread_1"], ["tui", "thread_1"]),
    ],
)
def test_an_id_without_a_command_opens_the_tui(argv: list[str], expected: list[str]) -> None:
    assert with_tui_shortcut(argv) == expected


def test_the_tui_gets_the_settings_and_the_id(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, str | None]] = []

    def fake_run(settings: object, initial_id: str | None) -> int:
        seen.append((settings, initial_id))
        return 0

    monkeypatch.setattr("thread_tui.commands.tui.run", fake_run)
    assert main(["--demo", "--read-only", "thread_abc123"]) == 0
    assert main(["--demo"]) == 0
    [(first, first_id), (_, second_id)] = seen
    assert (first_id, second_id) == ("thread_abc123", None)
    assert getattr(first, "demo", False) and getattr(first, "read_only", False)
