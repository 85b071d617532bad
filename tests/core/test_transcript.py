"""One-line summaries of messages and items: text, files, item types, and safe text."""

from __future__ import annotations

from thread_tui.core.models import ConversationItem, Message
from thread_tui.core.transcript import MAX_TEXT, item_row, message_row


def test_a_thread_message_with_attachments_and_an_image() -> None:
    message = Message.model_validate(
        {
            "id": "msg_1",
            "object": "thread.message",
            "created_at": 1_700_000_000,
            "role": "user",
            "content": [
                {"type": "text", "text": {"value": "Two files:\n  see them", "annotations": []}},
                {"type": "image_file", "image_file": {"file_id": "file-img"}},
                {"type": "refusal", "refusal": "no"},
                {"type": "something_new", "x": 1},
            ],
            "attachments": [{"file_id": "file-a", "tools": []}, {"file_id": "file-b"}],
        }
    )
    row = message_row(message)
    assert (row.id, row.role, row.kind, row.created_at) == (
        "msg_1",
        "user",
        "message",
        1_700_000_000,
    )
    assert row.preview == "Two files: see them [image file-img] [refusal] no [something_new]"
    assert row.file_ids == ("file-a", "file-b")
    assert row.files == "2 files"
    assert row.kind_and_files == "message · 2 files"


def test_a_message_without_content_or_files() -> None:
    row = message_row(Message.model_validate({"id": "msg_2", "role": "assistant"}))
    assert row.preview == "(no text)"
    assert row.files == "" and row.created_at is None


def test_conversation_items_of_each_type() -> None:
    def row(data: dict[str, object]) -> tuple[str, str, str]:
        r = item_row(ConversationItem.model_validate(data))
        return r.role, r.kind_and_files, r.preview

    assert row(
        {
            "type": "message",
            "id": "msg_a",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "Hello"},
                {"type": "input_file", "file_id": "file-1", "filename": "a.pdf"},
            ],
        }
    ) == ("user", "message · 1 file", "Hello [file a.pdf]")
    assert row({"type": "function_call", "id": "fc_1", "name": "f", "arguments": '{"a": 1}'}) == (
        "",
        "function_call",
        'f({"a": 1})',
    )
    assert row(
        {
            "type": "function_call_output",
            "id": "fco_1",
            "output": [{"type": "input_text", "text": "ok"}],
        }
    ) == ("", "function_call_output", "ok")
    assert row({"type": "reasoning", "id": "rs_1", "summary": []}) == (
        "",
        "reasoning",
        "(reasoning without a summary)",
    )
    assert row({"type": "web_search_call", "id": "ws_1", "status": "completed"}) == (
        "",
        "web_search_call",
        "completed",
    )
    assert row({"type": "computer_call_output", "output": {"type": "computer_screenshot"}}) == (
        "",
        "computer_call_output",
        '{"type": "computer_screenshot"}',
    )


def test_control_characters_are_not_printed_and_text_is_capped() -> None:
    nasty = "a\x1b[31mred\x07\tb\u202e" + "x" * (MAX_TEXT * 2)
    row = item_row(
        ConversationItem.model_validate(
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": nasty}]}
        )
    )
    assert "\x1b" not in row.text and "\x07" not in row.text and "\u202e" not in row.text
    assert len(row.text) <= MAX_TEXT
    assert row.preview.startswith("a [31mred b")
