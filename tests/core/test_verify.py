"""The check of a returned object against what the draft intended."""

from __future__ import annotations

from typing import Any

from thread_tui.core.draft import Draft
from thread_tui.core.resources import Conversation, Thread
from thread_tui.core.verify import Expectation


def thread(
    metadata: dict[str, str] | None = None,
    files: list[str] | None = None,
    stores: list[str] | None = None,
    thread_id: str = "thread_v",
) -> Thread:
    tools: dict[str, Any] | None = None
    if files is not None or stores is not None:
        tools = {}
        if files is not None:
            tools["code_interpreter"] = {"file_ids": files}
        if stores is not None:
            tools["file_search"] = {"vector_store_ids": stores}
    return Thread.from_json(
        {
            "id": thread_id,
            "created_at": 1,
            "metadata": {"a": "1", "b": "2"} if metadata is None else metadata,
            "tool_resources": tools,
        }
    )


def test_from_draft_holds_the_merged_metadata_and_no_lists_when_none_were_sent() -> None:
    draft = Draft.from_resource(thread())
    draft.set_value(0, "x")
    draft.add_row("c", "3")
    expectation = Expectation.from_draft(draft)
    assert expectation.metadata == {"a": "x", "b": "2", "c": "3"}
    assert expectation.removed_keys == ()
    assert expectation.file_ids is None
    assert expectation.store_ids is None
    assert expectation.resource_id == "thread_v"


def test_from_draft_holds_both_lists_when_tool_resources_are_sent() -> None:
    draft = Draft.from_resource(thread(files=["file-1"], stores=[]))
    draft.add_file("file-2")
    expectation = Expectation.from_draft(draft)
    assert expectation.file_ids == ("file-1", "file-2")
    assert expectation.store_ids == ()


def test_a_matching_response_has_no_problems() -> None:
    draft = Draft.from_resource(thread())
    draft.set_value(0, "x")
    expectation = Expectation.from_draft(draft)
    returned = thread({"a": "x", "b": "2"})
    assert expectation.check(returned) == []
    assert expectation.matches(returned)


def test_a_changed_value_the_server_did_not_store_is_named() -> None:
    draft = Draft.from_resource(thread({"user": "abc"}))
    draft.set_value(0, "x")
    problems = Expectation.from_draft(draft).check(thread({"user": "y"}))
    assert problems == ["metadata 'user': expected 'x', server returned 'y'"]


def test_a_missing_and_an_unexpected_key_are_named() -> None:
    expectation = Expectation(metadata={"a": "1", "b": "2"})
    problems = expectation.check(thread({"a": "1", "c": "3"}))
    assert problems == [
        "metadata 'b': expected '2', the server has no such key",
        "the server returned key 'c' = '3' that was never sent",
    ]


def test_a_removed_key_the_server_kept_is_reported_and_listed() -> None:
    draft = Draft.from_resource(thread({"old": "v", "a": "1"}))
    draft.delete_row(0)
    draft.set_value(1, "2")
    expectation = Expectation.from_draft(draft)
    returned = thread({"old": "v", "a": "2"})
    assert expectation.removed_keys == ("old",)
    assert expectation.kept_keys(returned) == ["old"]
    [problem] = expectation.check(returned)
    assert problem.startswith("the server kept key 'old' that was removed")


def test_a_removed_key_the_server_did_delete_is_what_was_intended() -> None:
    draft = Draft.from_resource(thread({"old": "v", "a": "1"}))
    draft.delete_row(0)
    draft.set_value(1, "2")
    returned = thread({"a": "2"})
    assert Expectation.from_draft(draft).check(returned) == []


def test_file_and_store_lists_are_compared_without_order() -> None:
    expectation = Expectation(metadata={}, file_ids=("file-1", "file-2"), store_ids=("vs_1",))
    assert expectation.check(thread({}, files=["file-2", "file-1"], stores=["vs_1"])) == []
    problems = expectation.check(thread({}, files=["file-1", "file-9"], stores=[]))
    assert problems == [
        "file 'file-2' was sent but the server did not attach it",
        "the server attached file 'file-9' that was not sent",
        "vector store 'vs_1' was sent but the server did not attach it",
    ]


def test_lists_that_were_not_sent_are_not_checked() -> None:
    expectation = Expectation(metadata={})
    assert expectation.check(thread({}, files=["file-1"], stores=["vs_1"])) == []


def test_a_thread_without_tool_resources_counts_as_empty_lists() -> None:
    expectation = Expectation(metadata={}, file_ids=(), store_ids=("vs_1",))
    assert expectation.check(thread({})) == [
        "vector store 'vs_1' was sent but the server did not attach it"
    ]


def test_a_different_object_is_named() -> None:
    expectation = Expectation(metadata={}, resource_id="thread_a")
    problems = expectation.check(thread({}, thread_id="thread_b"))
    assert problems == ["the server returned object 'thread_b', not 'thread_a'"]


def test_long_values_are_quoted_shortened() -> None:
    expectation = Expectation(metadata={"k": "x" * 512})
    [problem] = expectation.check(thread({"k": "y" * 512}))
    assert "…" in problem
    assert len(problem) < 200


def test_conversations_are_checked_on_metadata() -> None:
    draft = Draft.from_resource(Conversation(id="conv_1", created_at=1, metadata={"t": "a"}))
    draft.set_value(0, "b")
    expectation = Expectation.from_draft(draft)
    assert expectation.file_ids is None
    returned = Conversation(id="conv_1", created_at=1, metadata={"t": "a"})
    assert expectation.check(returned) == ["metadata 't': expected 'b', server returned 'a'"]
