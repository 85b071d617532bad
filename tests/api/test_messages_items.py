"""The client's messages and conversation items: one page, page iterators (resumable with
`after`), the models of each item type, and the errors of a wrong kind or a missing ID."""

from __future__ import annotations

import pytest

from thread_tui.api import ApiClient, ClientError, NotFoundError
from thread_tui.core.models import ConversationItem, Message, MessageText
from thread_tui.emulator import Emulator


def _stored_ids(items: list[dict[str, object]]) -> list[str]:
    return [str(item["id"]) for item in items]


async def test_list_conversation_items_one_page(client: ApiClient, emu: Emulator) -> None:
    page = await client.list_conversation_items("conv_abc123", limit=5)
    assert len(page.data) == 5 and page.has_more
    assert all(isinstance(item, ConversationItem) for item in page.data)
    assert [i.id for i in page.data] == _stored_ids(emu.items["conv_abc123"])[::-1][:5]
    [request] = emu.requests
    assert request.path == "/v1/conversations/conv_abc123/items"
    assert request.query == {"limit": "5", "order": "desc"}
    assert "openai-beta" not in request.headers  # conversations take no beta header


async def test_list_conversation_items_after_and_asc(client: ApiClient, emu: Emulator) -> None:
    stored = _stored_ids(emu.items["conv_abc123"])
    page = await client.list_conversation_items("conv_abc123", order="asc", after=stored[2])
    assert [i.id for i in page.data] == stored[3:23]
    assert emu.requests[-1].query == {"limit": "20", "order": "asc", "after": stored[2]}


async def test_item_types_are_modelled_and_unknown_fields_kept(client: ApiClient) -> None:
    page = await client.list_conversation_items("conv_abc123", limit=100)
    by_type = {item.type: item for item in page.data}
    call = by_type["function_call"]
    assert call.name == "refund_charge" and '"order_id"' in str(call.arguments)
    assert by_type["function_call_output"].call_id == call.call_id
    reasoning = by_type["reasoning"]
    assert reasoning.summary and reasoning.summary[0].type == "summary_text"
    messages = [i for i in page.data if i.type == "message"]
    assert {m.role for m in messages} == {"user", "assistant", "system", "developer"}
    parts = [p for m in messages for p in m.content or []]
    assert {"input_text", "output_text", "input_file"} <= {p.type for p in parts}
    output_text = next(p for p in parts if p.type == "output_text")
    assert output_text.model_extra == {"annotations": [], "logprobs": []}


def test_any_item_type_parses() -> None:
    odd = ConversationItem.model_validate(
        {
            "type": "computer_call_output",
            "id": "cuo_1",
            "call_id": "call_1",
            "output": {"type": "computer_screenshot", "image_url": "https://x.test/a.png"},
            "acknowledged_safety_checks": [],
        }
    )
    assert odd.output["type"] == "computer_screenshot"
    assert odd.model_extra == {"acknowledged_safety_checks": []}


async def test_messages_carry_text_and_attachments(client: ApiClient) -> None:
    page = await client.list_messages("thread_abc123", limit=20)
    assert all(isinstance(m, Message) for m in page.data)
    first = page.data[0]
    assert isinstance(first.content[0].text, MessageText) and first.content[0].text.value
    attached = [m for m in page.data if m.attachments]
    assert attached and attached[0].attachments is not None
    assert attached[0].attachments[0].file_id is not None
    assert attached[0].attachments[0].file_id.startswith("file-")


async def test_message_pages_arrive_one_by_one(client: ApiClient, emu: Emulator) -> None:
    sizes: list[int] = []
    ids: list[str] = []
    async for page in client.iter_message_pages("thread_abc123", page_size=15):
        sizes.append(len(page.data))
        ids += [m.id for m in page.data]
    assert sizes == [15, 15, 10]
    assert ids == _stored_ids(emu.messages["thread_abc123"])[::-1]
    assert [r.query.get("after") for r in emu.requests] == [None, ids[14], ids[29]]


async def test_item_pages_resume_after_a_given_item(client: ApiClient, emu: Emulator) -> None:
    newest_first = _stored_ids(emu.items["conv_abc123"])[::-1]
    ids: list[str] = []
    pages = client.iter_conversation_item_pages("conv_abc123", page_size=500, after=newest_first[9])
    async for page in pages:
        ids += [str(i.id) for i in page.data]
    assert ids == newest_first[10:]
    assert emu.requests[0].query["limit"] == "100"  # the page size is capped at the API's 100


async def test_an_empty_list_is_one_empty_page(client: ApiClient) -> None:
    pages = [page async for page in client.iter_conversation_item_pages("conv_empty")]
    assert len(pages) == 1 and pages[0].data == [] and not pages[0].has_more
    messages = [page async for page in client.iter_message_pages("thread_empty")]
    assert len(messages) == 1 and messages[0].data == []


async def test_wrong_kind_is_refused_before_sending(client: ApiClient, emu: Emulator) -> None:
    with pytest.raises(ClientError, match="conversations only"):
        await client.list_conversation_items("thread_abc123")
    with pytest.raises(ClientError, match="threads only"):
        client.iter_message_pages("conv_abc123")
    with pytest.raises(ClientError, match="conversations only"):
        client.iter_conversation_item_pages("thread_abc123")
    assert emu.requests == []


async def test_missing_conversation_is_a_sentence_with_the_request_id(
    client: ApiClient,
) -> None:
    with pytest.raises(NotFoundError) as info:
        await anext(client.iter_conversation_item_pages("conv_missing"))
    message = info.value.user_message()
    assert "Conversation with id 'conv_missing' not found." in message
    assert "request id req_" in message
    assert "retired" not in message
