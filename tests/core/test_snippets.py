"""Snippets: the body round-trips exactly through each form, and the key is only ever
$OPENAI_API_KEY (or the SDK's own reading of the environment)."""

from __future__ import annotations

import ast
import json
import shlex
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from shell_run import KEY, run_shell

from thread_tui.core.flowvalue import parse_metadata, parse_tool_resources
from thread_tui.core.ids import ResourceKind
from thread_tui.core.snippets import render_curl, render_openai_cli, render_python

BODY: dict[str, Any] = {
    "metadata": {
        "quote": 'it\'s "fine"',
        "emoji": "🙂 é 漢字",
        "newline": "a\nb\r\n",
        "dollar": "$HOME `id` $(id) \\n",
        "separators": "a\u2028b\u2029c\x85d",
        "control": "\x00\x07\x1b[31m\x7f",
        "": "empty key",
    },
    "tool_resources": {
        "code_interpreter": {"file_ids": ["file-1", "file-2"]},
        "file_search": {"vector_store_ids": ["vs_1"]},
    },
}
CONV_BODY = {"metadata": BODY["metadata"]}

texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
bodies = st.fixed_dictionaries(
    {"metadata": st.dictionaries(texts, texts, max_size=5)},
    optional={
        "tool_resources": st.fixed_dictionaries(
            {"code_interpreter": st.fixed_dictionaries({"file_ids": st.lists(texts, max_size=3)})}
        )
    },
)


def words(command: str) -> list[str]:
    """The words a POSIX shell makes of a command: a backslash-newline joins lines (never
    inside the JSON: JSON escapes its backslashes and newlines), then shlex's quoting rules."""
    return shlex.split(command.replace("\\\n", ""))


def test_curl_round_trips_the_body_through_shlex() -> None:
    command = render_curl(ResourceKind.THREAD, "thread_abc123", BODY)
    argv = words(command)
    assert argv[:2] == ["curl", "https://api.openai.com/v1/threads/thread_abc123"]
    assert json.loads(argv[argv.index("-d") + 1]) == BODY
    assert "OpenAI-Beta: assistants=v2" in argv
    assert "Authorization: Bearer $OPENAI_API_KEY" in argv
    assert "Content-Type: application/json" in argv


def test_curl_through_a_real_shell_sends_the_body_and_the_environment_key() -> None:
    """bash runs the command with `curl` replaced by a function that prints its arguments: the
    body arrives byte for byte, and the key comes from the environment at run time."""
    command = render_curl(ResourceKind.THREAD, "thread_abc123", BODY, "http://127.0.0.1:8765/v1")
    argv = run_shell(command, "curl")
    assert argv[0] == "http://127.0.0.1:8765/v1/threads/thread_abc123"
    assert f"Authorization: Bearer {KEY}" in argv
    assert json.loads(argv[argv.index("-d") + 1]) == BODY
    assert KEY not in command


def test_curl_for_a_conversation_has_no_beta_header_and_honours_base_url() -> None:
    command = render_curl(
        ResourceKind.CONVERSATION, "conv_1", {"metadata": {"a": "b"}}, "http://127.0.0.1:8765/v1/"
    )
    argv = words(command)
    assert "OpenAI-Beta" not in command
    assert argv[1] == "http://127.0.0.1:8765/v1/conversations/conv_1"
    assert json.loads(argv[-1]) == {"metadata": {"a": "b"}}


@settings(max_examples=150, deadline=None)
@given(bodies)
def test_curl_round_trips_any_body(body: dict[str, Any]) -> None:
    argv = words(render_curl(ResourceKind.THREAD, "thread_1", body))
    assert json.loads(argv[argv.index("-d") + 1]) == body


def test_openai_cli_command() -> None:
    command = render_openai_cli(ResourceKind.THREAD, "thread_abc123", BODY)
    argv = words(command)
    assert argv[:3] == ["openai", "beta:threads", "update"]
    assert argv[argv.index("--thread-id") + 1] == "thread_abc123"
    metadata = argv[argv.index("--metadata") + 1]
    tools = argv[argv.index("--tool-resources") + 1]
    # The official CLI reads these values as YAML flow; JSON and YAML must agree on them.
    assert json.loads(metadata) == yaml.safe_load(metadata) == BODY["metadata"]
    assert json.loads(tools) == yaml.safe_load(tools) == BODY["tool_resources"]
    conv = words(render_openai_cli(ResourceKind.CONVERSATION, "conv_1", {"metadata": {}}))
    assert conv[:5] == ["openai", "conversations", "update", "--conversation-id", "conv_1"]
    assert conv[5:] == ["--metadata", "{}"]


def test_openai_cli_values_are_read_back_by_our_own_parser() -> None:
    body = {
        "metadata": {k: v for k, v in BODY["metadata"].items() if k},
        "tool_resources": BODY["tool_resources"],
    }
    argv = words(render_openai_cli(ResourceKind.THREAD, "thread_abc123", body))
    assert parse_metadata([argv[argv.index("--metadata") + 1]]) == body["metadata"]
    assert parse_tool_resources(argv[argv.index("--tool-resources") + 1]) == body["tool_resources"]


@settings(max_examples=150, deadline=None)
@given(bodies)
def test_openai_cli_round_trips_any_body_through_yaml(body: dict[str, Any]) -> None:
    argv = words(render_openai_cli(ResourceKind.THREAD, "thread_1", body))
    assert yaml.safe_load(argv[argv.index("--metadata") + 1]) == body["metadata"]


def python_call_arguments(code: str) -> tuple[str, list[Any], dict[str, Any]]:
    tree = ast.parse(code)
    call = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
    )
    args = [ast.literal_eval(arg) for arg in call.args]
    kwargs = {kw.arg or "": ast.literal_eval(kw.value) for kw in call.keywords}
    return ast.unparse(call.func), args, kwargs


@pytest.mark.parametrize(
    ("kind", "resource_id", "body", "call"),
    [
        (ResourceKind.THREAD, "thread_abc123", BODY, "client.beta.threads.update"),
        (ResourceKind.CONVERSATION, "conv_abc123", CONV_BODY, "client.conversations.update"),
    ],
)
def test_python_snippet_compiles_and_carries_the_body(
    kind: ResourceKind, resource_id: str, body: dict[str, Any], call: str
) -> None:
    code = render_python(kind, resource_id, body)
    compile(code, "<snippet>", "exec")
    assert code.startswith("from openai import OpenAI\n")
    assert "client = OpenAI()" in code  # the default base URL is not spelled out
    func, args, kwargs = python_call_arguments(code)
    assert (func, args, kwargs) == (call, [resource_id], body)


def test_python_snippet_passes_a_custom_base_url() -> None:
    code = render_python(
        ResourceKind.THREAD, "thread_1", {"metadata": {}}, "http://127.0.0.1:8765/v1"
    )
    client = next(
        node
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "OpenAI"
    )
    assert [(kw.arg, ast.literal_eval(kw.value)) for kw in client.keywords] == [
        ("base_url", "http://127.0.0.1:8765/v1")
    ]


@settings(max_examples=150, deadline=None)
@given(bodies)
def test_python_snippet_round_trips_any_body(body: dict[str, Any]) -> None:
    _, _, kwargs = python_call_arguments(render_python(ResourceKind.THREAD, "thread_1", body))
    assert kwargs == body


def test_no_snippet_ever_holds_a_key() -> None:
    rendered = [
        render_curl(ResourceKind.THREAD, "thread_1", BODY),
        render_openai_cli(ResourceKind.THREAD, "thread_1", BODY),
        render_python(ResourceKind.THREAD, "thread_1", BODY),
        render_curl(ResourceKind.CONVERSATION, "conv_1", CONV_BODY, "https://example.test/v1"),
        render_python(ResourceKind.CONVERSATION, "conv_1", CONV_BODY, "https://example.test/v1"),
    ]
    for text in rendered:
        assert "sk-" not in text
        assert "api_key" not in text
    assert all("$OPENAI_API_KEY" in text for text in rendered if text.startswith("curl"))
