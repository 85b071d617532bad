"""Snippets on Azure OpenAI: curl with the `api-key` header and `?api-version=` in the URL,
Python with `AzureOpenAI(azure_endpoint=..., api_version=...)`; never the key's value, and
the OpenAI forms unchanged when no endpoint is given."""

from __future__ import annotations

import json
import shlex
import sys
import types
from typing import Any

import pytest

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind

ENDPOINT = "https://res.openai.azure.com"
VERSION = "2024-05-01-preview"
BODY: dict[str, Any] = {
    "metadata": {"owner": "ana", "quote": 'it\'s "x"'},
    "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
}
AZURE = {"azure_endpoint": ENDPOINT, "api_version": VERSION}


def curl_words(text: str) -> list[str]:
    return shlex.split(text.replace("\\\n", " "))


@pytest.mark.parametrize("kind", [ResourceKind.THREAD, ResourceKind.CONVERSATION])
def test_curl_on_azure(kind: ResourceKind) -> None:
    resource_id = "thread_abc123" if kind is ResourceKind.THREAD else "conv_abc123"
    body = BODY if kind is ResourceKind.THREAD else {"metadata": BODY["metadata"]}
    text = snippets.render_curl(kind, resource_id, body, ENDPOINT + "/openai", **AZURE)
    words = curl_words(text)
    assert words[1] == f"{ENDPOINT}/openai/{kind.collection}/{resource_id}?api-version={VERSION}"
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert "api-key: $AZURE_OPENAI_API_KEY" in headers
    assert not any(h.lower().startswith("authorization") for h in headers)
    assert ("OpenAI-Beta: assistants=v2" in headers) == (kind is ResourceKind.THREAD)
    assert json.loads(words[words.index("-d") + 1]) == body


def test_curl_takes_the_endpoint_even_with_the_default_base_url() -> None:
    text = snippets.render_curl(ResourceKind.CONVERSATION, "conv_1", {}, **AZURE)
    assert curl_words(text)[1] == f"{ENDPOINT}/openai/conversations/conv_1?api-version={VERSION}"


class FakeThreads:
    def __init__(self, calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> None:
        self.calls = calls

    def update(self, *args: Any, **kwargs: Any) -> str:
        self.calls.append(("update", args, kwargs))
        return "updated"


def fake_openai(calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> types.ModuleType:
    """An `openai` module that records what the snippet constructs and calls."""

    class AzureOpenAI:
        def __init__(self, **kwargs: Any) -> None:
            calls.append(("AzureOpenAI", (), kwargs))
            self.beta = types.SimpleNamespace(threads=FakeThreads(calls))
            self.conversations = FakeThreads(calls)

    module = types.ModuleType("openai")
    module.AzureOpenAI = AzureOpenAI  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize("kind", [ResourceKind.THREAD, ResourceKind.CONVERSATION])
def test_python_on_azure_runs_with_the_right_client(
    kind: ResourceKind, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    resource_id = "thread_abc123" if kind is ResourceKind.THREAD else "conv_abc123"
    body = BODY if kind is ResourceKind.THREAD else {"metadata": BODY["metadata"]}
    text = snippets.render_python(kind, resource_id, body, ENDPOINT + "/openai", **AZURE)
    assert "from openai import AzureOpenAI" in text
    assert "AZURE_OPENAI_API_KEY" in text and "api_key" not in text
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setitem(sys.modules, "openai", fake_openai(calls))
    exec(compile(text, "<snippet>", "exec"), {})
    assert calls[0] == ("AzureOpenAI", (), {"azure_endpoint": ENDPOINT, "api_version": VERSION})
    assert calls[1] == ("update", (resource_id,), body)
    assert capsys.readouterr().out == "updated\n"


def test_without_azure_the_snippets_are_unchanged() -> None:
    curl = snippets.render_curl(ResourceKind.THREAD, "thread_1", BODY)
    assert '-H "Authorization: Bearer $OPENAI_API_KEY"' in curl
    assert "api-version" not in curl and "api-key" not in curl
    python = snippets.render_python(ResourceKind.THREAD, "thread_1", BODY)
    assert python.startswith("from openai import OpenAI\n\nclient = OpenAI()  # reads OPENAI")
    assert "Azure" not in python
