"""The clone engine (api/clone_runner.py) against a fake client: order, batching, skipped
items, a failure part way, and a stop; the emulator-backed tests are in tests/cli."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.api.clone_fake import FakeCloneClient, message
from thread_tui.api.clone_runner import INTERRUPTED, CloneProgress, clone, minimum_requests

SOURCE = {"id": "conv_src", "object": "conversation", "created_at": 1, "metadata": {"a": "1"}}


def _texts(items: list[dict[str, Any]]) -> list[str]:
    return [part["text"] for item in items for part in item["content"]]


def test_45_items_are_copied_in_order_in_three_calls() -> None:
    entries = [message(n, "assistant" if n % 2 else "user") for n in range(45)]
    fake = FakeCloneClient(SOURCE, entries)
    result = asyncio.run(clone(fake, "conv_src", {"a": "1"}))
    assert result.error is None and result.complete
    assert result.copied == 45 and result.new_id == "conv_new0"
    writes = [name for name, _ in fake.calls if name in ("create", "add")]
    assert writes == ["create", "add", "add"]
    assert [len(body["items"]) for name, body in fake.calls if name in ("create", "add")] == [
        20,
        20,
        5,
    ]
    assert _texts(fake.made["conv_new0"]) == [f"text {n}" for n in range(45)]
    roles = [item["role"] for item in fake.made["conv_new0"]]
    assert roles == ["assistant" if n % 2 else "user" for n in range(45)]
    parts = [item["content"][0]["type"] for item in fake.made["conv_new0"]]
    assert parts == ["output_text" if n % 2 else "input_text" for n in range(45)]


def test_the_fewest_requests_for_200_items() -> None:
    fake = FakeCloneClient(SOURCE, [message(n) for n in range(200)])
    result = asyncio.run(clone(fake, "conv_src", {}))
    # 1 GET, 2 pages of 100, 1 create with 20, 9 adds of 20
    assert result.requests == 13 == minimum_requests(200)
    assert [body["limit"] for name, body in fake.calls if name == "list_items"] == [100, 100]


def test_a_source_with_no_items_is_one_create() -> None:
    fake = FakeCloneClient(SOURCE, [])
    result = asyncio.run(clone(fake, "conv_src", {"a": "1"}))
    assert result.complete and result.copied == 0
    assert [name for name, _ in fake.calls] == ["GET conv_src", "list_items", "create"]


def test_items_that_cannot_be_recreated_are_reported_and_the_rest_copied() -> None:
    entries = [
        message(0),
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "web_search_call", "id": "ws_1", "status": "completed"},
        {
            "type": "message",
            "id": "msg_img",
            "role": "user",
            "content": [{"type": "input_image", "detail": "auto"}],  # no file ID or URL
        },
        message(1, "assistant"),
    ]
    fake = FakeCloneClient(SOURCE, entries)
    result = asyncio.run(clone(fake, "conv_src", {}))
    assert result.complete and result.copied == 2 and result.total == 2 and result.read == 5
    assert [(s.item_id, s.item_type) for s in result.skipped] == [
        ("rs_1", "reasoning"),
        ("ws_1", "web_search_call"),
        ("msg_img", "message"),
    ]
    assert "encrypted content" in result.skipped[0].why
    assert "image" in result.skipped[2].why
    assert _texts(fake.made["conv_new0"]) == ["text 0", "text 1"]


def test_a_failure_part_way_names_the_half_made_copy() -> None:
    # calls: GET, list, create, add (fails): 20 items made, 45 to copy
    fake = FakeCloneClient(SOURCE, [message(n) for n in range(45)], fail_on_call=4)
    result = asyncio.run(clone(fake, "conv_src", {}))
    assert not result.complete
    assert result.new_id == "conv_new0" and result.copied == 20 and result.total == 45
    assert result.error is not None and "503" in result.error
    assert len(fake.made["conv_new0"]) == 20


def test_a_failed_read_makes_nothing() -> None:
    fake = FakeCloneClient(SOURCE, [message(n) for n in range(150)], fail_on_call=3)
    result = asyncio.run(clone(fake, "conv_src", {}))
    assert result.new_id is None and result.error is not None
    assert fake.made == {}


def test_stop_cuts_the_call_in_flight_and_reports_it_as_uncertain() -> None:
    fake = FakeCloneClient(SOURCE, [message(n) for n in range(45)], hang_on_call=4)
    seen: list[CloneProgress] = []

    async def go() -> Any:
        stop = asyncio.Event()

        def progress(p: CloneProgress) -> None:
            seen.append(p)
            if p.phase == "copying" and p.copied == 20:
                asyncio.get_running_loop().call_later(0.01, stop.set)

        return await clone(fake, "conv_src", {}, stop=stop, on_progress=progress)

    result = asyncio.run(go())
    assert result.interrupted and result.error == INTERRUPTED
    assert result.new_id == "conv_new0" and result.copied == 20 and result.uncertain == 20
    assert [p.phase for p in seen][:3] == ["reading", "reading", "creating"]


def test_a_stop_before_anything_is_sent_sends_nothing() -> None:
    fake = FakeCloneClient(SOURCE, [message(0)])

    async def go() -> Any:
        stop = asyncio.Event()
        stop.set()
        return await clone(fake, "conv_src", {}, stop=stop)

    result = asyncio.run(go())
    assert result.interrupted and result.requests == 0 and fake.calls == []


def test_plan_only_reads_and_makes_nothing() -> None:
    fake = FakeCloneClient(SOURCE, [message(n) for n in range(30)])
    result = asyncio.run(clone(fake, "conv_src", {}, plan_only=True))
    assert result.total == 30 and result.new_id is None and fake.made == {}


def test_a_thread_clone_lists_messages_and_notes_what_stays_behind() -> None:
    thread = {
        "id": "thread_src",
        "object": "thread",
        "metadata": {},
        "tool_resources": {"code_interpreter": {"file_ids": ["file-1"]}},
    }
    entries = [
        {
            "id": "msg_1",
            "object": "thread.message",
            "role": "user",
            "content": [{"type": "text", "text": {"value": "hello", "annotations": []}}],
            "attachments": [],
            "metadata": {"k": "v"},
        },
        {
            "id": "msg_2",
            "object": "thread.message",
            "role": "assistant",
            "content": [{"type": "text", "text": {"value": "hi", "annotations": []}}],
            "attachments": [{"file_id": "file-9", "tools": []}],
            "metadata": {},
        },
    ]
    fake = FakeCloneClient(thread, entries)
    result = asyncio.run(clone(fake, "thread_src", {}))
    assert [name for name, _ in fake.calls][:2] == ["GET thread_src", "list_messages"]
    assert fake.made["conv_new0"] == [
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hello"}]}
    ]
    assert [s.item_id for s in result.skipped] == ["msg_2"]
    assert "file-9" in result.skipped[0].why
    assert any("tool_resources" in note for note in result.notes)
    assert any("msg_1" in note and "metadata" in note for note in result.notes)


@pytest.mark.parametrize("bad", ["conv_", "nope", "thread_a b"])
def test_an_invalid_id_sends_nothing(bad: str) -> None:
    fake = FakeCloneClient(SOURCE, [])
    result = asyncio.run(clone(fake, bad, {}))
    assert result.error is not None and fake.calls == []
