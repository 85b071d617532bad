"""The draft of a new resource (a create call): the full body, no merge rule, an empty create
is allowed, limits still hold; and the create forms of the snippets."""

from __future__ import annotations

import ast
import json
import shlex
from typing import Any

import pytest
import yaml

from thread_tui.core.draft import Draft
from thread_tui.core.draft_state import dump_state
from thread_tui.core.ids import ResourceKind
from thread_tui.core.problems import ProblemCode
from thread_tui.core.resources import Conversation, Thread, ToolResources, unsaved_resource
from thread_tui.core.snippets import (
    render_create_curl,
    render_create_openai_cli,
    render_create_python,
)
from thread_tui.core.verify import Expectation


def test_a_new_draft_is_empty_new_and_has_no_id() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    assert draft.is_new and draft.kind is ResourceKind.THREAD
    assert draft.resource_id == ""
    assert draft.rows == [] and draft.file_ids == [] and draft.store_ids == []
    assert Draft.from_resource(unsaved_resource(ResourceKind.CONVERSATION)).is_new
    loaded = Draft.from_resource(Thread(id="thread_t", created_at=1))
    assert not loaded.is_new


def test_an_empty_new_draft_can_be_sent_and_its_body_is_empty() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    assert draft.request_body() == {}
    assert not draft.is_noop
    assert draft.creates_empty
    assert draft.is_valid
    assert draft.submit_block_reason() is None


def test_the_body_is_the_full_metadata_map_and_the_lists() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    draft.add_row("owner", "ana")
    draft.add_row("team", "")
    draft.set_files(["file-1", "file-2"])
    assert draft.request_body() == {
        "metadata": {"owner": "ana", "team": ""},
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1", "file-2"]}},
    }
    assert not draft.creates_empty
    draft.set_stores(["vs_1"])
    assert draft.request_body()["tool_resources"]["file_search"] == {"vector_store_ids": ["vs_1"]}
    summary = draft.diff().summary()
    assert summary == "+2 keys, +2 files, +1 vector store"


def test_deleting_a_row_of_a_new_draft_just_removes_it() -> None:
    draft = Draft.new(ResourceKind.CONVERSATION)
    keep = draft.add_row("a", "1")
    gone = draft.add_row("b", "2")
    assert draft.delete_row(gone) is False  # no "the server keeps the key" question
    assert [row.id for row in draft.rows] == [keep]
    assert draft.request_body() == {"metadata": {"a": "1"}}
    assert all(change.kind == "added" for change in draft.diff().metadata)


def test_limits_hold_on_a_new_draft_without_the_merge_wording() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    for i in range(17):
        draft.add_row(f"k{i}", "v")
    problems = [p for p in draft.problems() if p.code is ProblemCode.TOO_MANY_PAIRS]
    assert len(problems) == 1
    assert problems[0].message == "17 metadata pairs; at most 16."
    reason = draft.submit_block_reason()
    assert reason is not None and reason.startswith("Fix first: 17 metadata pairs")
    draft.delete_row(draft.rows[-1].id)
    assert draft.is_valid
    draft.set_files([f"file-{i}" for i in range(21)])
    assert ProblemCode.TOO_MANY_FILES in [p.code for p in draft.problems()]
    draft.add_row("x" * 65, "v")
    assert ProblemCode.KEY_TOO_LONG in [p.code for p in draft.problems()]


def test_a_conversation_draft_has_no_tool_resources_body() -> None:
    draft = Draft.new(ResourceKind.CONVERSATION)
    draft.add_row("topic", "billing")
    assert draft.request_body() == {"metadata": {"topic": "billing"}}
    assert "file_ids" not in draft.counters()


def test_a_new_draft_is_never_autosaved() -> None:
    with pytest.raises(ValueError, match="never created"):
        dump_state(Draft.new(ResourceKind.THREAD), 1.0)


def test_the_expectation_of_a_create_accepts_the_new_id() -> None:
    draft = Draft.new(ResourceKind.THREAD)
    draft.add_row("owner", "ana")
    draft.set_files(["file-1"])
    expectation = Expectation.from_draft(draft)
    created = Thread(
        id="thread_new1",
        created_at=5,
        metadata={"owner": "ana"},
        tool_resources=ToolResources.from_json({"code_interpreter": {"file_ids": ["file-1"]}}),
    )
    assert expectation.check(created) == []
    wrong = Thread(id="thread_new1", created_at=5, metadata={"owner": "bob"})
    assert len(expectation.check(wrong)) == 2  # the value and the missing file
    empty = Expectation.from_draft(Draft.new(ResourceKind.CONVERSATION))
    assert empty.check(Conversation(id="conv_1", created_at=1, metadata={})) == []


# -- the create forms of the snippets -------------------------------------------------------

BODY: dict[str, Any] = {
    "metadata": {"quote": 'it\'s "fine"', "emoji": "🙂 é", "newline": "a\nb"},
    "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
}


def words(command: str) -> list[str]:
    return shlex.split(command.replace("\\\n", ""))


def test_create_curl_posts_to_the_collection() -> None:
    argv = words(render_create_curl(ResourceKind.THREAD, BODY))
    assert argv[:2] == ["curl", "https://api.openai.com/v1/threads"]
    assert "OpenAI-Beta: assistants=v2" in argv
    assert json.loads(argv[argv.index("-d") + 1]) == BODY
    conv = words(render_create_curl(ResourceKind.CONVERSATION, {}, "http://127.0.0.1:8765/v1/"))
    assert conv[1] == "http://127.0.0.1:8765/v1/conversations"
    assert "OpenAI-Beta: assistants=v2" not in conv
    assert json.loads(conv[-1]) == {}


def test_create_curl_in_azure_form() -> None:
    command = render_create_curl(
        ResourceKind.THREAD,
        {},
        azure_endpoint="https://res.openai.azure.com",
        api_version="2024-05-01-preview",
    )
    argv = words(command)
    assert argv[1] == "https://res.openai.azure.com/openai/threads?api-version=2024-05-01-preview"
    assert "api-key: $AZURE_OPENAI_API_KEY" in argv


def test_create_openai_cli_command() -> None:
    argv = words(render_create_openai_cli(ResourceKind.THREAD, BODY))
    assert argv[:3] == ["openai", "beta:threads", "create"]
    metadata = argv[argv.index("--metadata") + 1]
    assert json.loads(metadata) == yaml.safe_load(metadata) == BODY["metadata"]
    tools = argv[argv.index("--tool-resources") + 1]
    assert yaml.safe_load(tools) == BODY["tool_resources"]
    assert words(render_create_openai_cli(ResourceKind.CONVERSATION, {})) == [
        "openai",
        "conversations",
        "create",
    ]


@pytest.mark.parametrize(
    ("kind", "body", "call"),
    [
        (ResourceKind.THREAD, BODY, "client.beta.threads.create"),
        (ResourceKind.CONVERSATION, {"metadata": {"a": "b"}}, "client.conversations.create"),
        (ResourceKind.THREAD, {}, "client.beta.threads.create"),
    ],
)
def test_create_python_snippet_carries_the_body(
    kind: ResourceKind, body: dict[str, Any], call: str
) -> None:
    code = render_create_python(kind, body)
    compile(code, "<snippet>", "exec")
    node = next(
        n
        for n in ast.walk(ast.parse(code))
        if isinstance(n, ast.Call) and ast.unparse(n.func) == call
    )
    assert node.args == []
    assert {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords} == body
    assert "sk-" not in code and "api_key" not in code
