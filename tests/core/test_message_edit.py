"""A thread message's metadata as an editor draft: read from a hostile message, the body of the
update (checked against the official ModifyMessageRequest schema), the one-line preview, and
the comparison of the server's answer with what was intended."""

from __future__ import annotations

from typing import Any

import pytest

from thread_tui.core.message_edit import (
    MessageFormatError,
    check_answer,
    message_draft,
    message_metadata,
    message_preview,
    message_role,
)
from thread_tui.core.verify import Expectation


def test_the_body_holds_only_the_changed_pairs_and_fits_the_schema(schemas: Any) -> None:
    draft = message_draft("msg_1", {"topic": "billing", "lang": "en"})
    draft.set_value(0, "refund")
    draft.add_row("agent", "ana")
    body = draft.request_body()
    assert body == {"metadata": {"topic": "refund", "agent": "ana"}}
    schemas.validate("ModifyMessageRequest", body)
    assert not draft.kind.has_tool_resources and draft.resource_id == "msg_1"


def test_the_limits_are_the_threads_counting_the_merged_pairs() -> None:
    draft = message_draft("msg_1", {f"k{i}": "v" for i in range(16)})
    draft.delete_row(0)  # the server keeps it: still 16
    draft.add_row("extra", "x", fresh=False)
    assert draft.pair_count() == 17
    assert any("17 metadata pairs" in p.message for p in draft.problems())
    long_key = message_draft("msg_1", {})
    long_key.add_row("k" * 65, "v", fresh=False)
    assert any("65 characters; at most 64" in p.message for p in long_key.problems())
    long_value = message_draft("msg_1", {})
    long_value.add_row("k", "v" * 513, fresh=False)
    assert any("513 characters; at most 512" in p.message for p in long_value.problems())


@pytest.mark.parametrize(
    ("metadata", "why"),
    [
        ([], "not an object"),
        ("x", "not an object"),
        ({"n": 3}, "not a string"),
        ({"n": None}, "not a string"),
        ({f"k{i}": "v" for i in range(500)}, "far beyond"),
        ({"k": "v" * 100_000}, "far too long"),
    ],
)
def test_unusable_metadata_is_refused_with_a_reason(metadata: Any, why: str) -> None:
    with pytest.raises(MessageFormatError, match=why):
        message_metadata({"id": "msg_1", "metadata": metadata})


def test_missing_or_null_metadata_is_empty() -> None:
    assert message_metadata({"id": "msg_1"}) == {}
    assert message_metadata({"id": "msg_1", "metadata": None}) == {}


def test_the_preview_is_one_line_of_text_parts() -> None:
    message = {
        "content": [
            {"type": "text", "text": {"value": "Hello\n  there", "annotations": []}},
            {"type": "image_file", "image_file": {"file_id": "file-1"}},
            {"type": "text", "text": "plain"},
            "junk",
        ]
    }
    assert message_preview(message) == "Hello there [image_file] plain"
    assert message_preview({"content": "x" * 500}, width=20) == "x" * 19 + "…"
    assert message_preview({}) == "(no text)"
    assert message_preview({"content": [{"type": 3}]}) == "(no text)"
    assert message_role({"role": "assistant"}) == "assistant"
    assert message_role({"role": None}) == "?"


def test_an_answer_as_intended_has_no_difference() -> None:
    draft = message_draft("msg_1", {"topic": "billing", "lang": "en"})
    draft.set_value(0, "refund")
    expectation = Expectation.from_draft(draft)
    answer = {"id": "msg_1", "metadata": {"topic": "refund", "lang": "en"}}
    check = check_answer(expectation, answer)
    assert check.differences == () and check.kept == ()
    assert check.metadata == {"topic": "refund", "lang": "en"}


def test_every_difference_of_the_answer_is_named() -> None:
    draft = message_draft("msg_1", {"topic": "billing", "lang": "en"})
    draft.set_value(0, "refund")
    draft.delete_row(1)  # removed: the server keeps it, as expected
    expectation = Expectation.from_draft(draft)
    answer = {"id": "msg_2", "metadata": {"topic": "other", "lang": "en", "new": "x"}}
    check = check_answer(expectation, answer)
    assert any("'msg_2', not 'msg_1'" in d for d in check.differences)
    assert any("expected 'refund', server returned 'other'" in d for d in check.differences)
    assert any("'new'" in d and "never sent" in d for d in check.differences)
    assert len(check.kept) == 1 and "'lang'" in check.kept[0]
    assert not any("'lang'" in d for d in check.differences)


def test_an_unreadable_answer_is_refused() -> None:
    expectation = Expectation.from_draft(message_draft("msg_1", {}))
    with pytest.raises(MessageFormatError, match="answer"):
        check_answer(expectation, {"id": "msg_1", "metadata": {"a": 1}})
