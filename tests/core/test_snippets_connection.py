"""Snippets go where the app's request goes and carry what it carries: the `openai` CLI form
keeps a base URL other than api.openai.com (`--base-url`, as curl and Python keep it), and
every form sends the OpenAI-Organization / OpenAI-Project headers the real request sends.

Each form is run by a real bash (curl and openai replaced by functions that print their
arguments) or executed against a fake `openai` module, so a hostile base URL, organization
or project arrives as one exact value and never runs as shell."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest
from shell_run import KEY, run_shell

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind

BASE = "http://127.0.0.1:8765/v1"
ORG = "org-abc123"
PROJECT = "proj_xyz789"
BODY: dict[str, Any] = {"metadata": {"owner": "ana"}}
# What a hostile setting could hold: quotes, command substitution, a variable, a backslash.
EVIL = "x'\"$(touch /tmp/pwned)`id`$HOME\\;echo"


def headers(argv: list[str]) -> list[str]:
    return [argv[i + 1] for i, word in enumerate(argv) if word == "-H"]


def option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


@pytest.mark.parametrize("create", [False, True])
def test_the_cli_keeps_the_base_url(create: bool) -> None:
    if create:
        command = snippets.render_create_openai_cli(ResourceKind.THREAD, BODY, BASE)
    else:
        command = snippets.render_openai_cli(ResourceKind.THREAD, "thread_1", BODY, BASE)
    argv = run_shell(command, "openai")
    # A global flag of the CLI: given before the command, as `openai --help` shows it.
    assert argv[:2] == ["--base-url", BASE]
    assert argv[2:4] == ["beta:threads", "create" if create else "update"]


def test_the_cli_names_no_base_url_for_api_openai_com() -> None:
    command = snippets.render_openai_cli(ResourceKind.CONVERSATION, "conv_1", BODY)
    assert "--base-url" not in command
    assert run_shell(command, "openai")[:4] == [
        "conversations",
        "update",
        "--conversation-id",
        "conv_1",
    ]


@pytest.mark.parametrize("create", [False, True])
def test_curl_sends_the_organization_and_project_headers(create: bool) -> None:
    who = {"organization": ORG, "project": PROJECT}
    if create:
        command = snippets.render_create_curl(ResourceKind.THREAD, BODY, BASE, **who)
    else:
        command = snippets.render_curl(ResourceKind.THREAD, "thread_1", BODY, BASE, **who)
    sent = headers(run_shell(command, "curl"))
    assert f"OpenAI-Organization: {ORG}" in sent
    assert f"OpenAI-Project: {PROJECT}" in sent
    assert f"Authorization: Bearer {KEY}" in sent  # still read from the environment
    assert KEY not in command


def test_without_organization_or_project_no_such_header() -> None:
    command = snippets.render_curl(ResourceKind.THREAD, "thread_1", BODY, BASE)
    assert "OpenAI-Organization" not in command and "OpenAI-Project" not in command


@pytest.mark.parametrize("create", [False, True])
def test_the_cli_passes_the_organization_and_project(create: bool) -> None:
    who = {"organization": ORG, "project": PROJECT}
    if create:
        command = snippets.render_create_openai_cli(ResourceKind.CONVERSATION, BODY, **who)
    else:
        command = snippets.render_openai_cli(ResourceKind.CONVERSATION, "conv_1", BODY, **who)
    argv = run_shell(command, "openai")
    assert option(argv, "--organization") == ORG
    assert option(argv, "--project") == PROJECT
    assert argv.index("--project") < argv.index("conversations")


def test_hostile_settings_arrive_as_one_exact_value_in_the_shell_forms() -> None:
    who = {"organization": EVIL, "project": EVIL}
    base = f"https://example.test/v1{EVIL}"
    curl = run_shell(
        snippets.render_curl(ResourceKind.THREAD, "thread_1", BODY, base, **who), "curl"
    )
    assert curl[0] == f"{base}/threads/thread_1"
    assert f"OpenAI-Organization: {EVIL}" in headers(curl)
    assert f"OpenAI-Project: {EVIL}" in headers(curl)
    cli = run_shell(
        snippets.render_openai_cli(ResourceKind.THREAD, "thread_1", BODY, base, **who), "openai"
    )
    assert option(cli, "--base-url") == base
    assert option(cli, "--organization") == option(cli, "--project") == EVIL


def fake_openai(calls: list[tuple[str, dict[str, Any]]]) -> types.ModuleType:
    """An `openai` module that records the client's arguments."""

    class Resource:
        def update(self, *args: Any, **kwargs: Any) -> str:
            return "updated"

        create = update

    def client(name: str) -> type:
        class Client:
            def __init__(self, **kwargs: Any) -> None:
                calls.append((name, kwargs))
                self.beta = types.SimpleNamespace(threads=Resource())
                self.conversations = Resource()

        return Client

    module = types.ModuleType("openai")
    module.OpenAI = client("OpenAI")  # type: ignore[attr-defined]
    module.AzureOpenAI = client("AzureOpenAI")  # type: ignore[attr-defined]
    return module


def run_python(code: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, Any]]:
    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setitem(sys.modules, "openai", fake_openai(calls))
    exec(compile(code, "<snippet>", "exec"), {"print": lambda *_: None})
    assert len(calls) == 1
    return calls[0]


@pytest.mark.parametrize("create", [False, True])
def test_python_passes_the_organization_and_project(
    create: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = {"organization": EVIL, "project": PROJECT}
    if create:
        code = snippets.render_create_python(ResourceKind.THREAD, BODY, BASE, **who)
    else:
        code = snippets.render_python(ResourceKind.THREAD, "thread_1", BODY, BASE, **who)
    assert run_python(code, monkeypatch) == (
        "OpenAI",
        {"base_url": BASE, "organization": EVIL, "project": PROJECT},
    )
    assert "api_key" not in code


def test_python_on_azure_passes_them_too(monkeypatch: pytest.MonkeyPatch) -> None:
    code = snippets.render_python(
        ResourceKind.THREAD,
        "thread_1",
        BODY,
        "https://res.openai.azure.com/openai",
        azure_endpoint="https://res.openai.azure.com",
        api_version="2024-05-01-preview",
        organization=ORG,
        project=PROJECT,
    )
    assert run_python(code, monkeypatch) == (
        "AzureOpenAI",
        {
            "azure_endpoint": "https://res.openai.azure.com",
            "api_version": "2024-05-01-preview",
            "organization": ORG,
            "project": PROJECT,
        },
    )


def test_python_without_them_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    code = snippets.render_python(ResourceKind.THREAD, "thread_1", BODY)
    assert run_python(code, monkeypatch) == ("OpenAI", {})
