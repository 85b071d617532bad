"""core/clone_plan: the exact metadata of a clone, the local checks before anything is sent,
and which items are re-created as what (checked against the official schemas)."""

from __future__ import annotations

from typing import Any

import pytest

from thread_tui.core.clone_plan import (
    exact_metadata,
    message_as_item,
    message_notes,
    metadata_problems,
    recreatable,
)

CURRENT = {"owner": "ana", "team": "core", "secret": "x"}


def test_exact_metadata_sets_and_drops() -> None:
    got = exact_metadata(CURRENT, {"team": "web", "new": "1"}, ["secret"])
    assert got == {"owner": "ana", "team": "web", "new": "1"}
    assert "secret" not in got
    assert list(got) == ["owner", "team", "new"]


def test_no_change_is_the_same_set() -> None:
    assert exact_metadata(CURRENT, {}, []) == CURRENT
    assert metadata_problems(CURRENT, {}, []) == []


def test_a_drop_key_naming_no_key_is_an_error() -> None:
    (line,) = metadata_problems(CURRENT, {}, ["nope"])
    assert "'nope'" in line and "no such key" in line and "'owner'" in line


def test_a_key_both_set_and_dropped_is_an_error() -> None:
    (line,) = metadata_problems(CURRENT, {"owner": "bo"}, ["owner"])
    assert "also set" in line


def test_the_limits_of_the_result_are_checked() -> None:
    many = {f"k{n}": "v" for n in range(16)}
    assert metadata_problems(many, {}, []) == []
    (line,) = metadata_problems(many, {"one_more": "v"}, [])
    assert "17 metadata pairs" in line
    # dropping one makes room
    assert metadata_problems(many, {"one_more": "v"}, ["k0"]) == []
    lines = metadata_problems({}, {"k" * 65: "v" * 513}, [])
    assert any("65 characters" in line for line in lines)
    assert any("513 characters" in line for line in lines)


def item(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "id": f"{kind[:3]}_1", "status": "completed", **fields}


@pytest.mark.parametrize(
    ("role", "part"),
    [("user", "input_text"), ("system", "input_text"), ("developer", "input_text")],
)
def test_a_message_is_recreated_with_its_role_and_text(role: str, part: str, schemas: Any) -> None:
    made, why = recreatable(
        item(
            "message", role=role, content=[{"type": part, "text": "a"}, {"type": part, "text": "b"}]
        )
    )
    assert why is None
    assert made == {
        "type": "message",
        "role": role,
        "content": [{"type": "input_text", "text": "a"}, {"type": "input_text", "text": "b"}],
    }
    schemas.validate("EasyInputMessage", made)


def test_an_assistant_message_keeps_its_text_as_output_text(schemas: Any) -> None:
    made, why = recreatable(
        item(
            "message",
            role="assistant",
            content=[{"type": "output_text", "text": "hi", "annotations": [], "logprobs": []}],
        )
    )
    assert why is None
    assert made == {
        "type": "message",
        "role": "assistant",
        "content": [{"type": "output_text", "text": "hi"}],
    }
    # The spec's OutputMessage wants the model's own id and status with output_text, which a
    # copy does not have: the content part itself is what the schema's OutputTextContent says.
    schemas.validate("OutputTextContent", {**made["content"][0], "annotations": [], "logprobs": []})


def test_function_calls_and_outputs_are_recreated(schemas: Any) -> None:
    call, why = recreatable(
        item("function_call", call_id="call_1", name="refund", arguments='{"a": 1}')
    )
    assert why is None and call == {
        "type": "function_call",
        "call_id": "call_1",
        "name": "refund",
        "arguments": '{"a": 1}',
    }
    schemas.validate("FunctionToolCall", call)
    output, why = recreatable(item("function_call_output", call_id="call_1", output='{"ok": 1}'))
    assert why is None and output == {
        "type": "function_call_output",
        "call_id": "call_1",
        "output": '{"ok": 1}',
    }
    schemas.validate("FunctionCallOutputItemParam", output)
    assert not schemas.errors("InputItem", call) and not schemas.errors("InputItem", output)


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        (item("reasoning", summary=[]), "encrypted content"),
        (item("web_search_call"), "tool the server ran"),
        (item("file_search_call", queries=[]), "tool the server ran"),
        (item("mystery"), "'mystery'"),
        (item("message", role="user", content=[{"type": "input_image", "detail": "low"}]), "image"),
        (item("message", role="user", content=[{"type": "input_file", "filename": "a"}]), "file"),
        (
            item("message", role="assistant", content=[{"type": "input_file", "file_id": "f"}]),
            "file",
        ),
        (
            item("message", role="user", content=[{"type": "input_text", "text": "\ud800"}]),
            "refuse",
        ),
        (item("message", role="tool", content=[{"type": "input_text", "text": "t"}]), "role"),
        (item("message", role="user", content=[]), "no content"),
        (item("function_call", call_id="c", name="n"), "arguments"),
        (item("function_call_output", call_id="c" * 65, output="x"), "call_id"),
    ],
)
def test_what_cannot_be_recreated_says_why(entry: dict[str, Any], said: str) -> None:
    made, why = recreatable(entry)
    assert made is None and why is not None and said in why


def test_images_and_files_by_id_or_url_and_refusals_are_recreated(schemas: Any) -> None:
    made, why = recreatable(
        item(
            "message",
            role="user",
            content=[
                {"type": "input_text", "text": "see"},
                {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"},
                {"type": "input_file", "file_id": "file-1", "filename": "a.pdf"},
            ],
        )
    )
    assert why is None and made is not None
    assert made["content"][1:] == [
        {"type": "input_image", "image_url": "https://x/y.png", "detail": "low"},
        {"type": "input_file", "file_id": "file-1", "filename": "a.pdf"},
    ]
    schemas.validate("EasyInputMessage", made)
    refusal, why = recreatable(
        item("message", role="assistant", content=[{"type": "refusal", "refusal": "no"}])
    )
    assert why is None and refusal is not None
    assert refusal["content"] == [{"type": "refusal", "refusal": "no"}]
    schemas.validate("RefusalContent", refusal["content"][0])


def test_a_thread_message_becomes_a_message_item(schemas: Any) -> None:
    message = {
        "id": "msg_1",
        "object": "thread.message",
        "role": "user",
        "content": [{"type": "text", "text": {"value": "hello", "annotations": []}}],
        "attachments": [],
        "metadata": {"k": "v"},
    }
    made, why = message_as_item(message)
    assert why is None
    assert made == {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "hello"}],
    }
    schemas.validate("EasyInputMessage", made)
    (note,) = message_notes(message)
    assert "msg_1" in note and "k" in note


def test_a_thread_message_with_attachments_or_images_is_not_recreated() -> None:
    made, why = message_as_item(
        {"id": "m", "role": "user", "content": [], "attachments": [{"file_id": "file-7"}]}
    )
    assert made is None and why is not None and "file-7" in why
    made, why = message_as_item(
        {"id": "m", "role": "user", "content": [{"type": "image_file", "image_file": {}}]}
    )
    assert made is None and why is not None and "image" in why
    made, why = message_as_item(
        {
            "id": "m",
            "role": "user",
            "content": [{"type": "image_file", "image_file": {"file_id": "file-2"}}],
        }
    )
    assert why is None and made is not None
    assert made["content"] == [{"type": "input_image", "file_id": "file-2"}]
