"""The message update as curl, the official CLI and Python: the body round-trips exactly
through a real bash, the IDs land in the right flags and path, and the key is only ever the
environment's."""

from __future__ import annotations

import ast
import json
import shlex

from shell_run import KEY, run_shell

from thread_tui.core.message_snippets import render_message_snippets

BODY = {"metadata": {"quote": 'it\'s "fine"', "dollar": "$HOME `id` $(id)", "nl": "a\nb", "": ""}}


def test_the_cli_form_is_the_official_commands_with_the_exact_body() -> None:
    cli = render_message_snippets("thread_abc", "msg_1", BODY)["cli"]
    argv = run_shell(cli, "openai")
    assert argv[:5] == [
        "beta:threads:messages",
        "update",
        "--thread-id",
        "thread_abc",
        "--message-id",
    ]
    assert argv[5] == "msg_1"
    assert json.loads(argv[argv.index("--metadata") + 1]) == BODY["metadata"]
    assert KEY not in cli


def test_curl_posts_to_the_message_with_the_beta_header() -> None:
    curl = render_message_snippets("thread_abc", "msg_1", BODY, "http://127.0.0.1:9/v1")["curl"]
    argv = run_shell(curl, "curl")
    assert argv[0] == "http://127.0.0.1:9/v1/threads/thread_abc/messages/msg_1"
    assert json.loads(argv[argv.index("-d") + 1]) == BODY
    assert "OpenAI-Beta: assistants=v2" in argv
    assert f"Authorization: Bearer {KEY}" in argv  # the shell's variable, not written in
    assert KEY not in curl and "$OPENAI_API_KEY" in curl


def test_python_calls_the_sdks_message_update() -> None:
    python = render_message_snippets("thread_abc", "msg_1", BODY)["python"]
    tree = ast.parse(python)
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "client.beta.threads.messages.update"
    )
    assert [ast.literal_eval(a) for a in call.args] == ["msg_1"]
    kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
    assert kwargs == {"thread_id": "thread_abc", "metadata": BODY["metadata"]}


def test_azure_gets_its_curl_and_no_cli_form() -> None:
    forms = render_message_snippets(
        "thread_abc", "msg_1", BODY, azure_endpoint="https://r.openai.azure.com", api_version="v1"
    )
    assert "api-key: $AZURE_OPENAI_API_KEY" in forms["curl"]
    assert "/openai/threads/thread_abc/messages/msg_1?api-version=v1" in forms["curl"]
    assert "not shown for\n# Azure" in forms["cli"]
    assert "AzureOpenAI" in forms["python"]


def test_hostile_ids_stay_one_word() -> None:
    cli = render_message_snippets("thread_a;id", "msg_$(id)", BODY)["cli"]
    assert shlex.quote("msg_$(id)") in cli
    argv = run_shell(cli, "openai")
    assert argv[argv.index("--message-id") + 1] == "msg_$(id)"
