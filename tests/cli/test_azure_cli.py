"""The headless CLI on Azure OpenAI, end to end: in process (`--demo` with an Azure-mode
emulator handed to `main`), over a real 127.0.0.1 socket with the flags or the SDK's
environment variables, and `thread-tui emulator --azure` as a separate process."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from thread_tui.cli import main, with_tui_shortcut
from thread_tui.core.settings import ENV_NAMES
from thread_tui.emulator import DEMO_API_KEY, DEMO_API_VERSION, DEMO_AZURE_ENDPOINT, Emulator
from thread_tui.emulator.server import running_server

Capture = pytest.CaptureFixture[str]
VERSION = "2024-05-01-preview"
MINE = "https://mine.openai.azure.com"
VARIABLES = ENV_NAMES


@pytest.fixture(autouse=True)
def no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No key, endpoint or .env of the machine running the tests leaks into a run."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def azure_emu() -> Emulator:
    return Emulator(azure=True)


@pytest.fixture
def served() -> Iterator[tuple[Emulator, str]]:
    """An Azure-mode emulator on a real socket, and its endpoint (without /openai)."""
    emu = Emulator(azure=True)
    with running_server(emu) as base_url:
        yield emu, base_url.removesuffix("/openai")


def run_demo(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    azure = ["--demo", "--azure-endpoint", MINE, "--api-version", VERSION]
    code = main([*argv, *azure], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def past_key_warning(err: str) -> str:
    """stderr after the one-line warning that --api-key (which these runs pass) is visible."""
    first, _, rest = err.partition("\n")
    assert first.startswith("warning: --api-key shows in `ps`"), err
    return rest


def assert_azure_log(emu: Emulator, version: str) -> None:
    assert emu.requests, "nothing reached the emulator"
    for request in emu.requests:
        assert request.path.startswith("/openai/"), request
        assert request.query.get("api-version") == version, request
        assert request.headers.get("api-key") == "***", request  # a key was sent (redacted)
        assert "authorization" not in request.headers, request
        if "/threads" in request.path:
            assert request.headers["openai-beta"] == "assistants=v2"


# -- in process ------------------------------------------------------------------------------


def test_demo_get_update_create_delete(azure_emu: Emulator, capsys: Capture) -> None:
    code, out, err = run_demo(["get", "conv_abc123"], azure_emu, capsys)
    assert (code, err) == (0, "") and json.loads(out)["id"] == "conv_abc123"
    update = ["update", "thread_abc123", "--metadata", "via=azure"]
    code, out, _ = run_demo(update, azure_emu, capsys)
    assert code == 0 and json.loads(out)["metadata"]["via"] == "azure"
    code, out, _ = run_demo(["create", "--conversation", "--metadata", "a=b"], azure_emu, capsys)
    assert code == 0
    created = json.loads(out)["id"]
    code, out, _ = run_demo(["delete", created, "--yes"], azure_emu, capsys)
    assert code == 0 and json.loads(out)["deleted"] is True
    assert [(r.method, r.path, r.status) for r in azure_emu.requests] == [
        ("GET", "/openai/conversations/conv_abc123", 200),
        ("POST", "/openai/threads/thread_abc123", 200),
        ("POST", "/openai/conversations", 200),
        ("DELETE", f"/openai/conversations/{created}", 200),
    ]
    assert_azure_log(azure_emu, VERSION)


def test_demo_without_a_given_emulator_answers_as_azure(capsys: Capture) -> None:
    argv = ["get", "thread_abc123", "--demo", "--azure-endpoint", MINE, "--api-version", VERSION]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "thread_abc123"


def test_demo_api_errors_name_the_azure_url(azure_emu: Emulator, capsys: Capture) -> None:
    code, out, err = run_demo(["update", "thread_nope", "--metadata", "a=b"], azure_emu, capsys)
    assert code == 1 and out == ""
    url = f"{DEMO_AZURE_ENDPOINT}/openai/threads/thread_nope?api-version={VERSION}"
    assert err.startswith(f'POST "{url}": 404 Not Found\n')


def test_flags_before_the_sub_command_count_too(azure_emu: Emulator, capsys: Capture) -> None:
    argv = ["--azure-endpoint", MINE, "--api-version", VERSION, "--demo", "get", "conv_abc123"]
    assert main(argv, emulator=azure_emu) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "conv_abc123"
    assert_azure_log(azure_emu, VERSION)


def test_the_id_shortcut_skips_the_values_of_the_azure_flags() -> None:
    argv = ["--azure-endpoint", MINE, "--api-version", VERSION, "thread_1"]
    assert with_tui_shortcut(argv) == [*argv[:4], "tui", "thread_1"]


def test_the_tui_gets_the_azure_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    def fake_run(settings: object, initial_id: str | None) -> int:
        seen.append(settings)
        return 0

    monkeypatch.setattr("thread_tui.commands.tui.run", fake_run)
    assert main(["--azure-endpoint", MINE + "/", "--api-version", VERSION, "--demo"]) == 0
    [settings] = seen
    assert getattr(settings, "azure_endpoint", None) == MINE
    assert getattr(settings, "base_url", None) == MINE + "/openai"
    assert getattr(settings, "api_version", None) == VERSION


def test_show_prints_azure_snippets_and_sends_nothing(azure_emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run_demo(
        ["update", "thread_abc123", "--metadata", "a=b", "--show", "curl"], azure_emu, capsys
    )
    assert code == 0
    assert f"'{MINE}/openai/threads/thread_abc123?api-version={VERSION}'" in out
    assert '-H "api-key: $AZURE_OPENAI_API_KEY"' in out and "Authorization" not in out
    code, out, _ = run_demo(
        ["update", "conv_abc123", "--metadata", "a=b", "--show", "python"], azure_emu, capsys
    )
    assert code == 0 and "AzureOpenAI(" in out
    assert f"azure_endpoint={MINE!r}" in out and f"api_version={VERSION!r}" in out
    code, out, _ = run_demo(
        ["update", "thread_abc123", "--metadata", "a=b", "--show", "cli"], azure_emu, capsys
    )
    # The openai CLI form would go to api.openai.com: a note (a shell comment) instead.
    assert code == 0 and "openai beta:threads" not in out
    assert all(line.startswith("# ") for line in out.strip().splitlines())
    assert "curl or the Python form" in out
    assert azure_emu.requests == []


# -- settings errors: exit 2, nothing sent ----------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--azure-endpoint", MINE],
            "error: Azure OpenAI needs an api-version: pass --api-version VERSION or set "
            "OPENAI_API_VERSION (e.g. 2024-05-01-preview).",
        ),
        (
            ["--azure-endpoint", MINE, "--api-version", VERSION, "--base-url", "https://x/v1"],
            "error: --base-url and --azure-endpoint are both set: give one (a base URL for "
            "OpenAI or a compatible server, or an Azure OpenAI endpoint).",
        ),
        (
            ["--api-version", VERSION],
            "error: --api-version is used only with Azure OpenAI: give --azure-endpoint URL "
            "(or AZURE_OPENAI_ENDPOINT) too.",
        ),
        (
            ["--azure-endpoint", "ftp://x", "--api-version", VERSION],
            "error: Azure endpoint 'ftp://x' is not an http(s) URL.",
        ),
    ],
)
def test_settings_errors_exit_2(
    azure_emu: Emulator, capsys: Capture, argv: list[str], message: str
) -> None:
    code = main(["get", "thread_abc123", *argv], emulator=azure_emu)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [message]
    assert azure_emu.requests == []


def test_no_azure_key_exits_2_naming_the_variable(
    served: tuple[Emulator, str], capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, endpoint = served
    # OPENAI_API_KEY is not used for Azure, as in the official AzureOpenAI client.
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_API_KEY)
    code = main(["get", "thread_abc123", "--azure-endpoint", endpoint, "--api-version", VERSION])
    _, err = capsys.readouterr()
    assert code == 2 and "No API key: set AZURE_OPENAI_API_KEY" in err
    assert emu.requests == []


# -- over a real socket ----------------------------------------------------------------------


def test_flags_over_a_real_socket(served: tuple[Emulator, str], capsys: Capture) -> None:
    emu, endpoint = served
    auth = ["--azure-endpoint", endpoint, "--api-key", DEMO_API_KEY, "--api-version", VERSION]
    code = main(["update", "thread_abc123", "--metadata", "{via: socket}", *auth])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["metadata"]["via"] == "socket"
    [sent] = emu.mutating_requests()
    assert sent.json == {"metadata": {"via": "socket"}}

    code = main(["get", "conv_abc123", *auth])
    assert code == 0 and json.loads(capsys.readouterr().out)["id"] == "conv_abc123"
    assert_azure_log(emu, VERSION)

    code = main(["update", "thread_nope", "--metadata", "a=b", *auth])
    out, err = capsys.readouterr()
    err = past_key_warning(err)
    assert code == 1 and out == ""
    url = f"{endpoint}/openai/threads/thread_nope?api-version={VERSION}"
    assert err.startswith(f'POST "{url}": 404 Not Found\n')
    assert "request id req_" in err

    wrong = "wrong-azure-key-0123456789"
    argv = ["get", "thread_abc123", "--azure-endpoint", endpoint, "--api-version", VERSION]
    code = main([*argv, "--api-key", wrong])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "401 Unauthorized" in err and "invalid subscription key" in err
    assert wrong not in err


def test_the_sdk_environment_variables_over_a_real_socket(
    served: tuple[Emulator, str], capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, endpoint = served
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", endpoint + "/")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", DEMO_API_KEY)
    monkeypatch.setenv("OPENAI_API_VERSION", "2025-01-01-preview")
    assert main(["get", "thread_abc123"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "thread_abc123"
    # A flag still wins over the environment.
    assert main(["get", "conv_abc123", "--api-version", VERSION]) == 0
    capsys.readouterr()
    assert [r.query["api-version"] for r in emu.requests] == ["2025-01-01-preview", VERSION]
    for request in emu.requests:
        assert request.headers["api-key"] == "***" and "authorization" not in request.headers


def test_an_env_file_over_a_real_socket(
    served: tuple[Emulator, str], capsys: Capture, tmp_path: Path
) -> None:
    emu, endpoint = served
    env_file = tmp_path / "azure.env"
    env_file.write_text(
        f"AZURE_OPENAI_ENDPOINT={endpoint}\nAZURE_OPENAI_API_KEY={DEMO_API_KEY}\n"
        f"OPENAI_API_VERSION={VERSION}\n"
    )
    env_file.chmod(0o600)
    assert main(["get", "thread_abc123", "--env-file", str(env_file)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "thread_abc123"
    assert_azure_log(emu, VERSION)


def test_an_openai_style_client_on_the_azure_server_gets_azures_answer(
    served: tuple[Emulator, str], capsys: Capture
) -> None:
    _, endpoint = served
    argv = ["get", "thread_abc123", "--base-url", endpoint + "/openai", "--api-key", DEMO_API_KEY]
    code = main(argv)
    _, err = capsys.readouterr()
    assert code == 1 and "401 Unauthorized" in err and "Access token is missing" in err
    assert DEMO_API_KEY not in err


# -- thread-tui emulator --azure ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_the_emulator_command_serves_azure(
    capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "thread_tui", "emulator", "--azure", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = [proc.stdout.readline().strip() for _ in range(5)]
        endpoint = f"http://127.0.0.1:{port}"
        assert banner[0] == (
            f"thread_tui emulator (Azure OpenAI) on {endpoint}/openai (Ctrl+C to stop)"
        )
        assert banner[2:] == [
            f"export AZURE_OPENAI_ENDPOINT={endpoint}",
            f"export AZURE_OPENAI_API_KEY={DEMO_API_KEY}",
            f"export OPENAI_API_VERSION={DEMO_API_VERSION}",
        ]
        # Exactly what the banner says to export works.
        for line in banner[2:]:
            name, _, value = line.removeprefix("export ").partition("=")
            monkeypatch.setenv(name, value)
        assert main(["get", "thread_abc123"]) == 0
        assert json.loads(capsys.readouterr().out)["id"] == "thread_abc123"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err
