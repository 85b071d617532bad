"""Settings that would crash the client later are refused when they load, in one sentence:
a malformed proxy variable, a key or header value that cannot go in an HTTP header, a base URL
with a control character or a space. The sentence names the culprit and never echoes a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from thread_tui.core import settings as settings_module
from thread_tui.core.settings import SettingsError, load_settings

LOOPBACK = "http://127.0.0.1:1/v1"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the machine running the tests
    return tmp_path


# -- proxy variables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("HTTP_PROXY", "::::", "not a valid URL"),
        ("http_proxy", "::::", "not a valid URL"),
        ("HTTP_PROXY", "ftp://x", "ftp"),
        ("HTTPS_PROXY", "http://127.0.0.1:99999", "port"),
        ("ALL_PROXY", "http://proxy.example:0", "port"),
        ("HTTPS_PROXY", "http://", "host"),
        ("HTTPS_PROXY", "http://proxy.example:3128\r", "control"),
        ("HTTPS_PROXY", "http://pro xy.example:3128", "space"),
    ],
)
def test_a_malformed_proxy_variable_is_named(
    in_tmp: Path, name: str, value: str, words: str
) -> None:
    env = {name: value, "OPENAI_API_KEY": "sk-x"}
    # Refused even for a loopback base URL: httpx builds every proxy's transport up front.
    for base_url in (LOOPBACK, "https://api.example.com/v1"):
        with pytest.raises(SettingsError) as caught:
            load_settings(base_url=base_url, environ=env)
        message = str(caught.value)
        assert name in message
        assert words in message
        assert "\r" not in message


def test_a_proxy_password_is_never_echoed(in_tmp: Path) -> None:
    for value in ("http://ana:hunter2@proxy.example:99999", "ftp://ana:hunter2@proxy.example"):
        with pytest.raises(SettingsError) as caught:
            load_settings(environ={"HTTPS_PROXY": value})
        assert "hunter2" not in str(caught.value)
        assert "HTTPS_PROXY" in str(caught.value)


def test_a_proxy_without_a_scheme_is_shown_as_set_and_without_a_password(in_tmp: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={"HTTPS_PROXY": "ana:hunter2@proxy.example:99999"})
    assert "'proxy.example:99999'" in str(caught.value) and "hunter2" not in str(caught.value)
    assert "a port from 1 to 65535" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        "http://proxy.example:3128",
        "proxy.example:3128",  # no scheme: httpx reads it as http://
        "https://ana:s3cret@proxy.example",
        "http://[::1]:8080",
    ],
)
def test_usable_proxy_variables_are_accepted(in_tmp: Path, value: str) -> None:
    env = {"HTTPS_PROXY": value, "HTTP_PROXY": value, "ALL_PROXY": value}
    assert load_settings(environ=env).base_url


def test_the_lowercase_variable_wins_as_in_urllib(in_tmp: Path) -> None:
    # urllib (which httpx reads) prefers http_proxy over HTTP_PROXY: only that one is used.
    load_settings(environ={"http_proxy": "http://proxy.example:3128", "HTTP_PROXY": "::::"})
    with pytest.raises(SettingsError, match="http_proxy"):
        load_settings(environ={"http_proxy": "::::", "HTTP_PROXY": "http://proxy.example:3128"})


def test_the_demo_ignores_proxy_variables(in_tmp: Path) -> None:
    # The demo talks to its emulator in process: no proxy is ever used.
    assert load_settings(demo=True, environ={"HTTP_PROXY": "::::"}).demo


# -- keys and header values -------------------------------------------------------------------

SECRET = "sk-SECRETKEY1234"


@pytest.mark.parametrize(
    ("bad", "position", "words"),
    [
        (SECRET + "\u00a0", 17, "a non-breaking space"),
        ("sk-SECRET\u2019KEY1234", 10, "a curly quote"),
        ("sk-SECRET KEY1234", 10, "a space"),
        ("sk-SECRETKEY1234\r", 17, "a control character"),
        ("sk-SECRÉTKEY1234", 8, "a non-ASCII character"),
    ],
)
def test_a_key_that_cannot_go_in_a_header_is_refused_without_echo(
    in_tmp: Path, bad: str, position: int, words: str
) -> None:
    for kwargs in ({"environ": {"OPENAI_API_KEY": bad}}, {"api_key": bad, "environ": {}}):
        with pytest.raises(SettingsError) as caught:
            load_settings(**kwargs)  # type: ignore[arg-type]
        message = str(caught.value)
        assert f"position {position}: {words}" in message
        assert "SECRET" not in message
        assert "cannot be sent in a header" in message


def test_the_azure_key_is_checked_too(in_tmp: Path) -> None:
    env = {
        "AZURE_OPENAI_ENDPOINT": "https://mine.openai.azure.com",
        "AZURE_OPENAI_API_KEY": "abc\u00a0def",
        "OPENAI_API_VERSION": "2024-05-01-preview",
    }
    with pytest.raises(SettingsError, match="AZURE_OPENAI_API_KEY") as caught:
        load_settings(environ=env)
    assert "abc" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "flag"), [("OPENAI_ORG_ID", "organization"), ("OPENAI_PROJECT_ID", "project")]
)
def test_organization_and_project_are_checked_as_headers(
    in_tmp: Path, name: str, flag: str
) -> None:
    with pytest.raises(SettingsError, match="position 4: a non-breaking space"):
        load_settings(environ={name: "org\u00a0x"})
    with pytest.raises(SettingsError, match="a control character"):
        load_settings(environ={}, **{flag: "org-x\x1b"})


def test_good_keys_and_ids_load(in_tmp: Path) -> None:
    settings = load_settings(
        environ={
            "OPENAI_API_KEY": "sk-proj-Ab_9-x",
            "OPENAI_ORG_ID": "org-1",
            "OPENAI_PROJECT_ID": "proj_1",
        }
    )
    assert settings.api_key is not None and settings.organization == "org-1"


# -- base URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/v1\r",
        "http://127.0.0.1:1/v1\x1b]0;T\x07",
        "https://api.example.com/v 1",
        "https://api.exa\tmple.com/v1",
        "https://api.example.com/\u202ev1",
    ],
)
def test_a_base_url_with_a_control_character_or_space_is_refused(in_tmp: Path, url: str) -> None:
    for kwargs in ({"base_url": url, "environ": {}}, {"environ": {"OPENAI_BASE_URL": url}}):
        with pytest.raises(SettingsError, match="Base URL") as caught:
            load_settings(**kwargs)  # type: ignore[arg-type]
        message = str(caught.value)
        assert not any(c in message for c in "\r\x1b\x07\t\u202e")


def test_an_azure_endpoint_with_a_control_character_is_refused(in_tmp: Path) -> None:
    with pytest.raises(SettingsError, match="Azure endpoint"):
        load_settings(
            azure_endpoint="https://mine.openai.azure.com\r", api_version="2024-05-01", environ={}
        )


# -- timeout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, -1.0, 1e308, float("inf"), float("nan"), 3600.5])
def test_a_timeout_out_of_bounds_is_refused(value: float) -> None:
    with pytest.raises(SettingsError, match="timeout"):
        settings_module.check_timeout(value)


def test_timeouts_in_bounds_pass() -> None:
    assert settings_module.check_timeout(0.5) == 0.5
    assert settings_module.check_timeout(3600) == settings_module.MAX_TIMEOUT == 3600
