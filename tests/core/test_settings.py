"""Settings: flags > environment > .env, the key stays secret, plain http is refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import (
    DEFAULT_BASE_URL,
    Settings,
    SettingsError,
    is_loopback_url,
    load_settings,
    mask_key,
    plain_http_refusal,
)

KEY = "sk-proj-planted-secret-0123456789abcdef"


def write_env(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_without_any_source(in_tmp: Path) -> None:
    settings = load_settings(environ={})
    assert settings.api_key is None
    assert settings.base_url == DEFAULT_BASE_URL == "https://api.openai.com/v1"
    assert (settings.organization, settings.project, settings.env_file) == (None, None, None)
    assert (settings.connect_timeout, settings.total_timeout, settings.max_retries) == (5, 60, 2)
    assert (settings.demo, settings.insecure, settings.read_only) == (False, False, False)
    assert settings.warnings == ()


def test_precedence_flags_over_env_over_dotenv(in_tmp: Path) -> None:
    write_env(
        in_tmp / ".env",
        "OPENAI_API_KEY=sk-from-file-000000\n"
        "OPENAI_BASE_URL=https://file.example/v1\n"
        "OPENAI_ORG_ID=org-file\n"
        "OPENAI_PROJECT_ID=proj-file\n",
    )
    from_file = load_settings(environ={})
    assert from_file.api_key is not None
    assert from_file.api_key.get_secret_value() == "sk-from-file-000000"
    assert from_file.base_url == "https://file.example/v1"
    assert (from_file.organization, from_file.project) == ("org-file", "proj-file")
    assert from_file.env_file == Path(".env")

    env = {
        "OPENAI_API_KEY": "sk-from-env-111111",
        "OPENAI_BASE_URL": "https://env.example/v1/",
        "OPENAI_ORG_ID": "org-env",
    }
    from_env = load_settings(environ=env)
    assert from_env.api_key is not None
    assert from_env.api_key.get_secret_value() == "sk-from-env-111111"
    assert from_env.base_url == "https://env.example/v1"  # trailing slash dropped
    assert from_env.organization == "org-env"
    assert from_env.project == "proj-file"  # not in the environment: the file still counts

    from_flags = load_settings(
        api_key="sk-from-flag-222222",
        base_url="https://flag.example/v1",
        organization="org-flag",
        project="proj-flag",
        environ=env,
    )
    assert from_flags.api_key is not None
    assert from_flags.api_key.get_secret_value() == "sk-from-flag-222222"
    assert from_flags.base_url == "https://flag.example/v1"
    assert (from_flags.organization, from_flags.project) == ("org-flag", "proj-flag")


def test_the_real_environment_is_read_when_none_is_given(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://real-env.example/v1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert load_settings().base_url == "https://real-env.example/v1"


def test_empty_values_fall_through(in_tmp: Path) -> None:
    write_env(in_tmp / ".env", "OPENAI_API_KEY=\nOPENAI_ORG_ID=org-file\n")
    settings = load_settings(organization="", environ={"OPENAI_ORG_ID": ""})
    assert settings.api_key is None
    assert settings.organization == "org-file"


def test_a_named_env_file_replaces_dotenv(in_tmp: Path) -> None:
    write_env(in_tmp / ".env", "OPENAI_ORG_ID=org-dotenv\n")
    named = write_env(in_tmp / "other.env", "OPENAI_ORG_ID=org-named\n")
    settings = load_settings(env_file=named, environ={})
    assert settings.organization == "org-named"
    assert settings.env_file == named
    assert load_settings(env_file=str(named), environ={}).organization == "org-named"


def test_a_named_env_file_must_exist(in_tmp: Path) -> None:
    with pytest.raises(SettingsError, match=r"missing\.env: no such file"):
        load_settings(env_file=in_tmp / "missing.env", environ={})
    with pytest.raises(SettingsError, match="no such file"):
        load_settings(env_file=in_tmp, environ={})  # a directory is not a file


def test_an_unreadable_env_file_is_a_settings_error(in_tmp: Path) -> None:
    bad = in_tmp / "binary.env"
    bad.write_bytes(b"OPENAI_API_KEY=\xff\xfe\n")
    os.chmod(bad, 0o600)
    with pytest.raises(SettingsError, match="cannot be read"):
        load_settings(env_file=bad, environ={})


def test_no_dotenv_in_the_working_directory_is_fine(in_tmp: Path) -> None:
    assert load_settings(environ={}).env_file is None


def test_env_file_readable_by_others_warns(in_tmp: Path) -> None:
    env = write_env(in_tmp / "custom.env", f"OPENAI_API_KEY={KEY}\n", mode=0o644)
    warned = load_settings(env_file=env, environ={})
    assert warned.warnings == (f"{env} is readable by other users; run: chmod 600 {env}",)
    assert all(KEY not in w for w in warned.warnings)
    os.chmod(env, 0o640)  # group-readable is also too open
    assert len(load_settings(env_file=env, environ={}).warnings) == 1
    os.chmod(env, 0o600)
    assert load_settings(env_file=env, environ={}).warnings == ()


def test_dotenv_permission_warning_too(in_tmp: Path) -> None:
    write_env(in_tmp / ".env", "OPENAI_ORG_ID=o\n", mode=0o604)
    assert load_settings(environ={}).warnings == (
        ".env is readable by other users; run: chmod 600 .env",
    )


# -- the key is a secret ---------------------------------------------------------------------


def test_key_is_never_in_repr_or_str(in_tmp: Path) -> None:
    settings = load_settings(api_key=KEY, organization="org-1", environ={})
    assert isinstance(settings.api_key, SecretStr)
    for text in (repr(settings), str(settings), f"{settings}", repr(settings.api_key)):
        assert KEY not in text
        assert "0123456789" not in text
    assert "org-1" in repr(settings)  # the rest is still shown
    assert settings.masked_key() == "sk-…cdef"


def test_key_from_a_file_is_secret_too(in_tmp: Path) -> None:
    write_env(in_tmp / ".env", f"OPENAI_API_KEY={KEY}\n")
    settings = load_settings(environ={})
    assert KEY not in repr(settings)
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY


@pytest.mark.parametrize(
    ("key", "masked"),
    [
        (None, "(not set)"),
        ("", "(empty)"),
        (KEY, "sk-…cdef"),
        ("sk-abcdefghijklmnop1234", "sk-…1234"),
        ("sk-short", "sk-…"),  # too short to show any of it
        ("abcd", "…"),
        ("0123456789abcdef0123456789abWXYZ", "…WXYZ"),  # Azure-style: no prefix to show
    ],
)
def test_mask_key(key: str | None, masked: str) -> None:
    secret = None if key is None else SecretStr(key)
    assert mask_key(secret) == masked
    assert Settings(api_key=secret).masked_key() == masked


def test_mask_key_never_shows_more_than_the_last_four() -> None:
    key = "sk-" + "q" * 20 + "Z1y2"
    masked = mask_key(SecretStr(key))
    assert masked == "sk-…Z1y2"
    assert "q" not in masked


def test_with_overrides_keeps_the_rest() -> None:
    base = Settings(api_key=SecretStr(KEY), base_url="https://x.example/v1")
    changed = base.with_overrides(read_only=True)
    assert changed.read_only and not base.read_only
    assert changed.base_url == "https://x.example/v1"
    assert changed.api_key == base.api_key


# -- where the key may be sent ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "insecure", "refused"),
    [
        ("http://api.example.com/v1", False, True),
        ("http://api.example.com/v1", True, False),
        ("HTTP://api.example.com/v1", False, True),
        ("http://10.0.0.5:8080/v1", False, True),
        ("http://0.0.0.0:8080/v1", False, True),
        ("http://127.0.0.1:8765/v1", False, False),
        ("http://127.1.2.3:8765/v1", False, False),
        ("http://localhost:8765/v1", False, False),
        ("http://LOCALHOST/v1", False, False),
        ("http://[::1]:8765/v1", False, False),
        ("http://[::ffff:127.0.0.1]/v1", False, False),
        ("https://api.example.com/v1", False, False),
        ("https://127.evil.example/v1", False, False),
        # Names that only look local: DNS decides where they go.
        ("http://127.evil.example/v1", False, True),
        ("http://127.0.0.1.nip.io/v1", False, True),
        ("http://localhost.evil.example/v1", False, True),
        ("http://127.0.0.1@evil.example/v1", False, True),
    ],
)
def test_plain_http_refusal(url: str, insecure: bool, refused: bool) -> None:
    refusal = plain_http_refusal(Settings(base_url=url, insecure=insecure))
    assert (refusal is not None) is refused
    if refusal is not None:
        assert refusal == (
            f"Refusing to send the API key over plain http:// to {url}; "
            "use https://, a loopback address, or pass --insecure."
        )


def test_the_demo_is_never_refused() -> None:
    assert plain_http_refusal(Settings(base_url="http://emulator.local/v1", demo=True)) is None


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1/", True),
        ("http://[::1]/", True),
        ("http://localhost/", True),
        ("http://127.example/", False),
        ("http://example.com/", False),
        ("http:///nohost", False),
    ],
)
def test_is_loopback_url(url: str, loopback: bool) -> None:
    assert is_loopback_url(url) is loopback


@pytest.mark.parametrize(
    "url",
    [
        "ftp://x.example/v1",
        "api.openai.com/v1",
        "https://",
        "http://:8080/v1",
        "https://host:notaport/v1",
        "https://host:99999/v1",
        "https://host:0/v1",
        "http://[::1/v1",
        "https://host/v1?api-version=1",
        "https://host/v1#frag",
    ],
)
def test_invalid_base_url(in_tmp: Path, url: str) -> None:
    with pytest.raises(SettingsError, match="Base URL"):
        load_settings(base_url=url, environ={})
    with pytest.raises(SettingsError, match="Base URL"):
        load_settings(environ={"OPENAI_BASE_URL": url})


def test_an_empty_base_url_falls_back_to_the_default(in_tmp: Path) -> None:
    assert load_settings(base_url="", environ={}).base_url == DEFAULT_BASE_URL


@pytest.mark.parametrize(
    "url", ["https://api.openai.com/v1", "http://127.0.0.1:54321/v1", "https://h.example:8443"]
)
def test_valid_base_urls(in_tmp: Path, url: str) -> None:
    assert load_settings(base_url=url + "/", environ={}).base_url == url


def test_flags_are_passed_through(in_tmp: Path) -> None:
    settings = load_settings(demo=True, insecure=True, read_only=True, environ={})
    assert (settings.demo, settings.insecure, settings.read_only) == (True, True, True)
