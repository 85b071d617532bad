"""Snippets: the body round-trips exactly, and the key is only ever $OPENAI_API_KEY."""

from __future__ import annotations

import ast
import json
import shlex

import pytest

from thread_tui.core.ids import ResourceKind
from thread_tui.core.snippets import render_curl, render_openai_cli, render_python

BODY = {
    "metadata": {"quote": 'it\'s "fine"', "emoji": "🙂 é", "newline": "a\nb", "dollar": "$HOME"},
    "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
}


def test_curl_round_trips_the_body_through_the_shell() -> None:
    command = render_curl(ResourceKind.THREAD, "thread_abc123", BODY)
    words = shlex.split(command.replace("\\\n", " "))
    assert words[1] == "https://api.openai.com/v1/threads/thread_abc123"
    assert json.loads(words[words.index("-d") + 1]) == BODY
    assert "OpenAI-Beta: assistants=v2" in words
    assert "Authorization: Bearer $OPENAI_API_KEY" in words


def test_curl_for_a_conversation_has_no_beta_header_and_honours_base_url() -> None:
    command = render_curl(
        ResourceKind.CONVERSATION, "conv_1", {"metadata": {"a": "b"}}, "http://127.0.0.1:8765/v1"
    )
    assert "OpenAI-Beta" not in command
    assert "http://127.0.0.1:8765/v1/conversations/conv_1" in command


def test_openai_cli_command() -> None:
    command = render_openai_cli(ResourceKind.THREAD, "thread_abc123", BODY)
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:3] == ["openai", "beta:threads", "update"]
    assert words[words.index("--thread-id") + 1] == "thread_abc123"
    assert json.loads(words[words.index("--metadata") + 1]) == BODY["metadata"]
    assert json.loads(words[words.index("--tool-resources") + 1]) == BODY["tool_resources"]
    conv = render_openai_cli(ResourceKind.CONVERSATION, "conv_1", {"metadata": {}})
    assert conv.startswith("openai conversations update")


@pytest.mark.parametrize("kind", [ResourceKind.THREAD, ResourceKind.CONVERSATION])
def test_python_snippet_compiles_and_carries_the_body(kind: ResourceKind) -> None:
    body = BODY if kind is ResourceKind.THREAD else {"metadata": BODY["metadata"]}
    code = render_python(kind, "thread_abc123", body)
    tree = ast.parse(code)
    call = next(node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.keywords)
    values = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    assert values == body
    assert ("beta.threads.update" in code) is (kind is ResourceKind.THREAD)


def test_no_snippet_ever_holds_a_key() -> None:
    for render in (render_curl, render_python):
        assert "sk-" not in render(ResourceKind.THREAD, "thread_1", BODY)
    assert "sk-" not in render_openai_cli(ResourceKind.THREAD, "thread_1", BODY)
