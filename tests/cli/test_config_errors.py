"""Configuration mistakes end the CLI with one sentence and exit 2, never a traceback: a
malformed proxy variable, a key with a pasted non-breaking space, a base URL with a carriage
return, a timeout no request could ever reach. Nothing is sent: the base URLs are closed
loopback ports or never contacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from thread_tui.cli import main
from thread_tui.core.settings import ENV_NAMES

Capture = pytest.CaptureFixture[str]
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (*ENV_NAMES, *PROXIES, *(p.lower() for p in PROXIES)):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(argv: list[str], capsys: Capture) -> tuple[int, str]:
    code = main(argv)
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, err


GET = ["--max-retries", "0", "get", "thread_abc123"]


@pytest.mark.parametrize(
    ("name", "value", "base_url"),
    [
        ("HTTP_PROXY", "::::", "http://127.0.0.1:1/v1"),
        ("HTTP_PROXY", "ftp://x", "http://127.0.0.1:1/v1"),
        ("HTTPS_PROXY", "http://ana:hunter2@127.0.0.1:99999", "https://example.invalid/v1"),
    ],
)
def test_a_bad_proxy_variable_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, name: str, value: str, base_url: str
) -> None:
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    code, err = run(["--base-url", base_url, *GET], capsys)
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith("error: ") and name in line and "hunter2" not in line


def test_a_key_with_a_non_breaking_space(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-SECRETKEY1234\u00a0")
    code, err = run(GET, capsys)
    assert code == 2
    assert "non-breaking space" in err and "SECRETKEY" not in err


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/v1\r", "http://127.0.0.1:1/v1\x1b]0;T\x07"])
def test_a_base_url_with_a_control_character(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, url: str
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x")
    for argv in (["--base-url", url, *GET], GET):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        code, err = run(argv, capsys)
        assert code == 2 and "Base URL" in err and "control character" in err
        assert "\x1b" not in err and "\r" not in err


@pytest.mark.parametrize("value", ["1e308", "3601", "inf", "0", "-5"])
def test_the_timeout_is_bounded(capsys: Capture, value: str) -> None:
    code, err = run(["--demo", "--timeout", value, "get", "thread_abc123"], capsys)
    assert code == 2 and "--timeout" in err and "3600" in err


def test_a_timeout_in_bounds_is_taken(capsys: Capture) -> None:
    code, _ = run(["--demo", "--timeout", "3600", "get", "thread_abc123"], capsys)
    assert code == 0
