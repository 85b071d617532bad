"""Azure OpenAI settings: the SDK's variable names, flags > environment > .env, the base URL
`{endpoint}/openai`, a required api-version, and clear errors for every conflict."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from thread_tui.core.settings import (
    DEFAULT_BASE_URL,
    Settings,
    SettingsError,
    load_settings,
    plain_http_refusal,
)

ENDPOINT = "https://res.openai.azure.com"
AZURE_KEY = "0123456789abcdef0123456789abWXYZ"


def write_env(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_sdk_variables_turn_azure_on(in_tmp: Path) -> None:
    env = {
        "AZURE_OPENAI_ENDPOINT": ENDPOINT + "/",
        "AZURE_OPENAI_API_KEY": AZURE_KEY,
        "OPENAI_API_VERSION": "2024-05-01-preview",
    }
    settings = load_settings(environ=env)
    assert settings.azure
    assert settings.azure_endpoint == ENDPOINT  # trailing slash dropped, as AzureOpenAI does
    assert settings.base_url == ENDPOINT + "/openai"
    assert settings.api_version == "2024-05-01-preview"
    assert settings.api_key is not None and settings.api_key.get_secret_value() == AZURE_KEY
    assert settings.key_env_name == "AZURE_OPENAI_API_KEY"
    assert AZURE_KEY not in repr(settings) and settings.masked_key() == "…WXYZ"


def test_azure_is_off_by_default_and_openai_is_unchanged(in_tmp: Path) -> None:
    # OPENAI_API_VERSION alone (other tools set it) does not switch anything on.
    env = {"OPENAI_API_KEY": "sk-x-0000000000", "OPENAI_API_VERSION": "v"}
    settings = load_settings(environ=env)
    assert not settings.azure
    assert (settings.azure_endpoint, settings.api_version) == (None, None)
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.key_env_name == "OPENAI_API_KEY"


def test_the_key_comes_from_the_azure_variable_not_openai_api_key(in_tmp: Path) -> None:
    # The official AzureOpenAI client reads AZURE_OPENAI_API_KEY only; so does thread_tui.
    env = {
        "AZURE_OPENAI_ENDPOINT": ENDPOINT,
        "OPENAI_API_VERSION": "2024-05-01-preview",
        "OPENAI_API_KEY": "sk-openai-key-000000",
    }
    assert load_settings(environ=env).api_key is None
    flagged = load_settings(api_key="flag-key-0000000000", environ=env)
    assert flagged.api_key is not None
    assert flagged.api_key.get_secret_value() == "flag-key-0000000000"


def test_precedence_flags_over_env_over_dotenv(in_tmp: Path) -> None:
    write_env(
        in_tmp / ".env",
        "AZURE_OPENAI_ENDPOINT=https://file.openai.azure.com\n"
        "AZURE_OPENAI_API_KEY=file-key-0000000000\n"
        "OPENAI_API_VERSION=2024-01-01-file\n",
    )
    from_file = load_settings(environ={})
    assert from_file.azure_endpoint == "https://file.openai.azure.com"
    assert from_file.api_version == "2024-01-01-file"
    assert from_file.api_key is not None
    assert from_file.api_key.get_secret_value() == "file-key-0000000000"

    env = {
        "AZURE_OPENAI_ENDPOINT": "https://env.openai.azure.com",
        "OPENAI_API_VERSION": "2024-02-02-env",
    }
    from_env = load_settings(environ=env)
    assert from_env.azure_endpoint == "https://env.openai.azure.com"
    assert from_env.api_version == "2024-02-02-env"
    assert from_env.api_key is not None  # not in the environment: the file still counts
    assert from_env.api_key.get_secret_value() == "file-key-0000000000"

    from_flags = load_settings(
        azure_endpoint="https://flag.openai.azure.com",
        api_version="2024-03-03-flag",
        api_key="flag-key-1111111111",
        environ=env,
    )
    assert from_flags.base_url == "https://flag.openai.azure.com/openai"
    assert from_flags.api_version == "2024-03-03-flag"
    assert from_flags.api_key is not None
    assert from_flags.api_key.get_secret_value() == "flag-key-1111111111"


def test_a_missing_api_version_is_a_clear_error(in_tmp: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(azure_endpoint=ENDPOINT, environ={"AZURE_OPENAI_API_KEY": AZURE_KEY})
    message = str(info.value)
    assert "api-version" in message and "--api-version" in message
    assert "OPENAI_API_VERSION" in message
    assert AZURE_KEY not in message


@pytest.mark.parametrize("version", ["2024 05 01", "v1&x=y", "-x", "a" * 80])
def test_a_malformed_api_version_is_refused(in_tmp: Path, version: str) -> None:
    with pytest.raises(SettingsError, match="is not a version"):
        load_settings(azure_endpoint=ENDPOINT, api_version=version, environ={})


def test_api_version_without_azure_is_an_error(in_tmp: Path) -> None:
    with pytest.raises(SettingsError, match="--api-version is used only with Azure"):
        load_settings(api_version="2024-05-01-preview", environ={})


def test_base_url_and_azure_endpoint_flags_together_are_an_error(in_tmp: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(
            base_url="https://x.example/v1",
            azure_endpoint=ENDPOINT,
            api_version="2024-05-01-preview",
            environ={},
        )
    assert str(info.value).startswith("--base-url and --azure-endpoint are both set")


def test_both_in_the_same_source_are_an_error(in_tmp: Path) -> None:
    env = {
        "OPENAI_BASE_URL": "https://x.example/v1",
        "AZURE_OPENAI_ENDPOINT": ENDPOINT,
        "OPENAI_API_VERSION": "2024-05-01-preview",
    }
    with pytest.raises(SettingsError, match=r"OPENAI_BASE_URL and AZURE_OPENAI_ENDPOINT .* envir"):
        load_settings(environ=env)
    write_env(
        in_tmp / ".env",
        f"OPENAI_BASE_URL=https://x.example/v1\nAZURE_OPENAI_ENDPOINT={ENDPOINT}\n",
    )
    with pytest.raises(SettingsError, match=r"both set in the \.env file"):
        load_settings(environ={"OPENAI_API_VERSION": "2024-05-01-preview"})


def test_the_stronger_source_picks_between_base_url_and_endpoint(in_tmp: Path) -> None:
    version = {"OPENAI_API_VERSION": "2024-05-01-preview"}
    # A flag beats the environment, either way round.
    azure = load_settings(
        azure_endpoint=ENDPOINT, environ={"OPENAI_BASE_URL": "https://x.example/v1", **version}
    )
    assert azure.azure and azure.base_url == ENDPOINT + "/openai"
    openai = load_settings(
        base_url="https://x.example/v1", environ={"AZURE_OPENAI_ENDPOINT": ENDPOINT, **version}
    )
    assert not openai.azure and openai.base_url == "https://x.example/v1"
    # The environment beats the .env file.
    write_env(in_tmp / ".env", f"AZURE_OPENAI_ENDPOINT={ENDPOINT}\n")
    from_env = load_settings(environ={"OPENAI_BASE_URL": "https://x.example/v1", **version})
    assert not from_env.azure and from_env.base_url == "https://x.example/v1"


@pytest.mark.parametrize(
    "endpoint", ["ftp://res.openai.azure.com", "res.openai.azure.com", "https://res/?a=b"]
)
def test_an_invalid_endpoint_is_named(in_tmp: Path, endpoint: str) -> None:
    with pytest.raises(SettingsError, match="Azure endpoint"):
        load_settings(azure_endpoint=endpoint, api_version="2024-05-01-preview", environ={})


def test_plain_http_to_a_remote_azure_endpoint_is_refused(in_tmp: Path) -> None:
    remote = load_settings(
        azure_endpoint="http://res.openai.azure.com", api_version="v1", environ={}
    )
    assert plain_http_refusal(remote) is not None
    local = load_settings(azure_endpoint="http://127.0.0.1:8765", api_version="v1", environ={})
    assert plain_http_refusal(local) is None


def test_settings_without_azure_fields_keep_working() -> None:
    # Existing callers build Settings without the new fields.
    settings = Settings(base_url="https://x.example/v1")
    assert not settings.azure and settings.api_version is None


def test_an_endpoint_alone_in_the_environment_leaves_openai_on(in_tmp: Path) -> None:
    """AZURE_OPENAI_ENDPOINT left set for other tools: the plain OpenAI client ignores it."""
    env = {"AZURE_OPENAI_ENDPOINT": ENDPOINT, "OPENAI_API_KEY": "sk-plain-0000000000"}
    settings = load_settings(environ=env)
    assert settings.azure_endpoint is None and settings.base_url == DEFAULT_BASE_URL
    assert settings.api_key is not None
    assert settings.api_key.get_secret_value() == "sk-plain-0000000000"
    # With its key or an api-version beside it, it is meant: Azure, with its own checks.
    with pytest.raises(SettingsError, match="api-version"):
        load_settings(environ={**env, "AZURE_OPENAI_API_KEY": AZURE_KEY})


def test_demo_ignores_azure_settings_from_the_environment(in_tmp: Path) -> None:
    env = {
        "AZURE_OPENAI_ENDPOINT": ENDPOINT,
        "AZURE_OPENAI_API_KEY": AZURE_KEY,
        "OPENAI_API_VERSION": "2024-05-01-preview",
    }
    assert load_settings(environ=env, demo=True).azure_endpoint is None
    flagged = load_settings(
        environ=env, demo=True, azure_endpoint=ENDPOINT, api_version="2024-05-01-preview"
    )
    assert flagged.azure_endpoint == ENDPOINT
