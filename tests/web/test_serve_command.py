"""`thread-tui serve` without a browser: the served command line and environment, the
loopback default, and that textual-serve stays out of every other command's imports."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import textual_serve.server
from aiohttp import web

from thread_tui.cli import build_parser, connection_actions, main, with_tui_shortcut
from thread_tui.commands.web import child_command, is_loopback_host

KEY = "sk-serve-test-0123456789abcdef"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No key or .env from the machine; and every variable serve may set is restored after."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "AZURE_OPENAI_")):
            monkeypatch.delenv(name)
    for name in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)


def _served(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    args = build_parser().parse_args(with_tui_shortcut(argv))
    return child_command(args, connection_actions(), key_env="OPENAI_API_KEY")


def test_flags_before_and_after_serve_are_passed_on_and_the_key_only_in_the_environment() -> None:
    argv, env = _served(
        ["--timeout", "5", "serve", "--demo", "--read-only", "--org=-org1", "--api-key", KEY]
    )
    assert argv[:3] == [sys.executable, "-m", "thread_tui"]
    assert sorted(argv[3:]) == ["--demo", "--organization=-org1", "--read-only", "--timeout=5.0"]
    assert env == {"OPENAI_API_KEY": KEY}
    assert not any(KEY in part for part in argv)
    # What it serves parses back to the same settings.
    served = build_parser().parse_args(argv[3:])
    assert (served.timeout, served.demo, served.read_only, served.org) == (5.0, True, True, "-org1")


def test_serve_with_no_flags_serves_the_plain_tui() -> None:
    argv, env = _served(["serve"])
    assert argv == [sys.executable, "-m", "thread_tui"]
    assert env == {}


def test_a_secret_looking_option_nobody_mapped_is_refused_not_put_on_the_command_line() -> None:
    from thread_tui.commands.web import ServeError

    parser = argparse.ArgumentParser()
    parser.add_argument("--azure-ad-token")
    args = parser.parse_args(["--azure-ad-token", "eyJ-secret"])
    with pytest.raises(ServeError, match="--azure-ad-token"):
        child_command(args, parser._actions, key_env="OPENAI_API_KEY")


def test_the_serve_name_is_a_command_not_an_id() -> None:
    assert with_tui_shortcut(["serve", "--demo"]) == ["serve", "--demo"]
    assert with_tui_shortcut(["--demo", "serve", "--port", "9000"])[1] == "serve"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        *[("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.8.0.1", True)],
        *[("0.0.0.0", False), ("192.168.1.2", False), ("127.example.com", False), ("::", False)],
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


class FakeServer(textual_serve.server.Server):
    """textual-serve's Server, recording what it was given; `serve_forever` serves nothing."""

    made: list[FakeServer] = []  # noqa: RUF012

    def __init__(self, command: str, **options: Any) -> None:
        super().__init__(command, **options)
        self.command, self.options = command, options
        self.environment: dict[str, str] = {}
        self.app: web.Application | None = None
        FakeServer.made.append(self)


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    from thread_tui.commands import web as web_command

    def serve_forever(app: web.Application, server: FakeServer, **where: Any) -> None:
        server.app = app
        server.environment = dict(os.environ)  # what each served app process will copy

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.setattr(web_command, "serve_forever", serve_forever)
    # Port 8000 may be busy on the machine running the tests; nothing is served here anyway.
    monkeypatch.setattr(web_command, "_bind_problem", lambda host, port: None)
    return FakeServer


def test_a_remote_host_needs_allow_remote(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo", "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err
    assert fake_server.made == []

    assert main(["serve", "--demo", "--host", "0.0.0.0", "--allow-remote"]) == 0
    assert "anyone who can reach" in capsys.readouterr().err
    (server,) = fake_server.made
    assert server.options["host"] == "0.0.0.0"


def test_serve_defaults_to_loopback_port_8000_and_hands_the_key_over_in_the_environment(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--api-key", KEY]) == 0
    (server,) = fake_server.made
    assert server.options["host"] == "127.0.0.1"
    assert server.options["port"] == 8000
    assert server.options["public_url"] == "http://127.0.0.1:8000"
    assert KEY not in server.command and KEY not in server.options["title"]
    assert server.environment["OPENAI_API_KEY"] == KEY
    # Only the warning that a key typed as --api-key shows in `ps` (the serve process's own).
    [warning] = capsys.readouterr().err.splitlines()
    assert warning.startswith("warning: --api-key shows in `ps`")


@pytest.mark.parametrize("given", ["0", "-1", "65", "two"])
def test_max_sessions_must_be_a_whole_number_from_1(
    given: str, fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo", "--max-sessions", given]) == 2
    assert f"--max-sessions: {given!r}" in capsys.readouterr().err
    assert fake_server.made == []


def test_max_sessions_defaults_to_a_few() -> None:
    assert build_parser().parse_args(["serve"]).max_sessions == 4
    assert build_parser().parse_args(["serve", "--max-sessions", "1"]).max_sessions == 1


def test_an_ipv6_host_gets_a_bracketed_page_address(fake_server: type[FakeServer]) -> None:
    assert main(["serve", "--demo", "--host", "::1", "--port", "8001"]) == 0
    assert fake_server.made[0].options["public_url"] == "http://[::1]:8001"


def test_with_azure_the_key_goes_where_azure_reads_it(fake_server: type[FakeServer]) -> None:
    azure = ["--azure-endpoint", "https://r.openai.azure.com", "--api-version", "2024-05-01"]
    assert main(["serve", *azure, "--api-key", KEY]) == 0
    (server,) = fake_server.made
    assert server.environment["AZURE_OPENAI_API_KEY"] == KEY
    assert KEY not in server.command
    assert "--azure-endpoint=https://r.openai.azure.com" in server.command


def test_a_bad_setting_is_reported_once_before_serving(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--base-url", "ftp://example.com"]) == 2
    assert "ftp://example.com" in capsys.readouterr().err
    assert fake_server.made == []


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "thread_tui", "serve", "--demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,
        )
    assert result.returncode == 1, result.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr


NO_TEXTUAL_SERVE = """
import sys
import thread_tui, thread_tui.cli
import thread_tui.ui.app, thread_tui.ui.screens.lookup
thread_tui.cli.build_parser().parse_args(["serve", "--demo"])
code = thread_tui.cli.main(["get", "thread_abc123", "--demo"])
assert code == 0, code
bad = sorted(m for m in ("textual_serve", "aiohttp") if m in sys.modules)
assert not bad, bad
"""


def test_textual_serve_is_imported_only_by_serve() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL_SERVE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_public_url_that_is_no_http_url_is_reported_before_serving(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--demo", "--public-url", "tui.example.com:8000"]) == 2
    assert "--public-url tui.example.com:8000" in capsys.readouterr().err
    assert fake_server.made == []
    assert main(["serve", "--demo", "--public-url", "https://tui.example.com/"]) == 0
    assert fake_server.made[0].options["public_url"] == "https://tui.example.com"
