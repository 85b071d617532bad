"""The ApiClient's item and message calls: against the emulator end to end (answers checked
against the official schemas, request bodies as InputItems), and against respx for what the
emulator never does (wrong-shaped answers, a 500 after an add)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx
from input_item_schema import body_errors, input_item_errors

from thread_tui.api import ApiClient, NotFoundError, ResponseFormatError, ServerError
from thread_tui.api.errors import BadRequestError, ClientError
from thread_tui.core.ids import InvalidIdError
from thread_tui.core.item_input import ROLES, message_item
from thread_tui.emulator import Emulator

BASE = "https://api.example.test/v1"


def sent_body(emu: Emulator) -> Any:
    """The body of the last POST, as the emulator received it."""
    return [r.json for r in emu.mutating_requests() if r.method == "POST"][-1]


async def test_add_items_returns_the_created_list(
    client: ApiClient, emu: Emulator, schemas: Any
) -> None:
    items = [message_item(role, f"as {role}") for role in ROLES]
    for item in items:
        if item["role"] != "assistant":
            # The spec's InputItem has no branch for an assistant's output_text part without
            # the server's id and status (OutputMessage); the API takes it (see item_input).
            assert input_item_errors(schemas, item) == []
    page = await client.add_items("conv_abc123", items)
    schemas.validate("ConversationItemList", page)
    assert [item["role"] for item in page["data"]] == list(ROLES)
    assert page["data"][1]["content"][0]["type"] == "output_text"
    assert sent_body(emu) == {"items": items}
    stored = emu.items["conv_abc123"][-4:]
    assert [i["id"] for i in stored] == [i["id"] for i in page["data"]]


async def test_get_and_delete_an_item(client: ApiClient, emu: Emulator, schemas: Any) -> None:
    page = await client.add_items("conv_abc123", [message_item("user", "hi")])
    item_id = page["data"][0]["id"]
    got = await client.get_item("conv_abc123", item_id)
    schemas.validate("ConversationItem", got)
    assert got == page["data"][0]
    conversation = await client.delete_item("conv_abc123", item_id)
    schemas.validate("ConversationResource", conversation)
    assert conversation["id"] == "conv_abc123"
    with pytest.raises(NotFoundError, match="not found"):
        await client.get_item("conv_abc123", item_id)


async def test_list_pages_are_the_list_objects(
    client: ApiClient, emu: Emulator, schemas: Any
) -> None:
    page = await client.list_items_page("conv_abc123", limit=5, order="asc")
    schemas.validate("ConversationItemList", page)
    stored = [i["id"] for i in emu.items["conv_abc123"]]
    assert [i["id"] for i in page["data"]] == stored[:5]
    after = await client.list_items_page("conv_abc123", limit=5, order="asc", after=page["last_id"])
    assert [i["id"] for i in after["data"]] == stored[5:10]
    messages = await client.list_messages_page("thread_abc123", limit=3)
    schemas.validate("ListMessagesResponse", messages)
    assert len(messages["data"]) == 3 and messages["has_more"] is True


async def test_message_get_update_delete(client: ApiClient, emu: Emulator, schemas: Any) -> None:
    mid = emu.messages["thread_abc123"][2]["id"]
    message = await client.get_message("thread_abc123", mid)
    schemas.validate("MessageObject", message)
    updated = await client.update_message("thread_abc123", mid, {"owner": "ana"})
    schemas.validate("MessageObject", updated)
    assert updated["metadata"]["owner"] == "ana"
    body = sent_body(emu)
    assert body == {"metadata": {"owner": "ana"}}
    assert schemas.errors("ModifyMessageRequest", body) == []
    deleted = await client.delete_message("thread_abc123", mid)
    schemas.validate("DeleteMessageResponse", deleted)
    with pytest.raises(NotFoundError):
        await client.get_message("thread_abc123", mid)
    with pytest.raises(BadRequestError) as info:
        await client.update_message(
            "thread_abc123", emu.messages["thread_abc123"][0]["id"], {"k": "v" * 513}
        )
    assert info.value.param == "metadata.k"


async def test_create_conversation_with_items(
    client: ApiClient, emu: Emulator, schemas: Any
) -> None:
    items = [message_item("user", f"m{n}") for n in range(20)]
    conversation = await client.create_conversation_with_items({"topic": "copy"}, items)
    schemas.validate("ConversationResource", conversation)
    body = sent_body(emu)
    assert body_errors(schemas, "CreateConversationBody", body) == []
    assert [i["content"][0]["text"] for i in emu.items[conversation["id"]]] == [
        f"m{n}" for n in range(20)
    ]
    bare = await client.create_conversation_with_items({})
    assert sent_body(emu) == {"metadata": {}}
    assert emu.items[bare["id"]] == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.get_item("conv_abc123", "msg/../x"),
        lambda c: c.get_item("conv_abc123", ""),
        lambda c: c.get_item("conv_abc123", "m" * 129),
        lambda c: c.delete_item("conv_abc123", "msg 1"),
        lambda c: c.get_item("conv_../x", "msg_1"),
        lambda c: c.get_message("thread_abc123", "msg?x=1"),
        lambda c: c.update_message("thread_abc123", "msg#1", {}),
        lambda c: c.delete_message("thread_x/y", "msg_1"),
        lambda c: c.list_items_page("conv_abc123", after="a/b"),
    ],
)
async def test_bad_ids_are_refused_before_sending(
    client: ApiClient, emu: Emulator, call: Any
) -> None:
    with pytest.raises(InvalidIdError):
        await call(client)
    assert list(emu.requests) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.get_item("thread_abc123", "msg_1"),
        lambda c: c.add_items("thread_abc123", [message_item("user", "x")]),
        lambda c: c.get_message("conv_abc123", "msg_1"),
        lambda c: c.list_messages_page("conv_abc123"),
    ],
)
async def test_the_wrong_kind_is_refused_before_sending(
    client: ApiClient, emu: Emulator, call: Any
) -> None:
    with pytest.raises(ClientError):
        await call(client)
    assert list(emu.requests) == []


async def test_more_than_twenty_items_are_refused_before_sending(
    client: ApiClient, emu: Emulator
) -> None:
    items = [message_item("user", "x")] * 21
    with pytest.raises(ValueError, match="at most 20"):
        await client.add_items("conv_abc123", items)
    with pytest.raises(ValueError, match="at most 20"):
        await client.create_conversation_with_items({}, items)
    with pytest.raises(ValueError, match="no items"):
        await client.add_items("conv_abc123", [])
    with pytest.raises(ValueError, match="surrogate"):
        await client.add_items("conv_abc123", [message_item("user", "\ud800")])
    with pytest.raises(ValueError, match="JSON cannot carry"):
        await client.add_items("conv_abc123", [{"type": "x", "n": float("nan")}])
    with pytest.raises(ValueError):
        await client.list_items_page("conv_abc123", limit=101)
    assert list(emu.requests) == []


async def test_add_items_is_not_retried_after_a_500(
    client: ApiClient, emu: Emulator, sleep: Any
) -> None:
    count = len(emu.items["conv_abc123"])
    emu.faults.inject(500, times=3)
    with pytest.raises(ServerError):
        await client.add_items("conv_abc123", [message_item("user", "once")])
    assert len([r for r in emu.requests if r.method == "POST"]) == 1
    assert sleep.delays == []
    emu.faults.inject(409)
    with pytest.raises(ClientError):
        await client.create_conversation_with_items({}, [message_item("user", "once")])
    assert len([r for r in emu.requests if r.method == "POST"]) == 2
    assert len(emu.items["conv_abc123"]) == count


async def test_reads_are_retried_after_a_503(client: ApiClient, emu: Emulator) -> None:
    emu.faults.inject(503)
    item_id = emu.items["conv_abc123"][0]["id"]
    assert (await client.get_item("conv_abc123", item_id))["id"] == item_id
    assert len(emu.requests) == 2


# -- wrong-shaped answers (respx) ------------------------------------------------------------


WRONG = [
    ("GET", "/conversations/conv_1/items/msg_1", lambda c: c.get_item("conv_1", "msg_1"), [1, 2]),
    (
        "GET",
        "/conversations/conv_1/items/msg_1",
        lambda c: c.get_item("conv_1", "msg_1"),
        {"id": 1, "type": "message"},
    ),
    (
        "GET",
        "/conversations/conv_1/items/msg_1",
        lambda c: c.get_item("conv_1", "msg_1"),
        {"id": "msg_1"},
    ),
    (
        "POST",
        "/conversations/conv_1/items",
        lambda c: c.add_items("conv_1", [message_item("user", "x")]),
        {"object": "list", "data": [], "has_more": False},
    ),
    (
        "POST",
        "/conversations/conv_1/items",
        lambda c: c.add_items("conv_1", [message_item("user", "x")]),
        {"object": "conversation", "id": "conv_1"},
    ),
    (
        "DELETE",
        "/conversations/conv_1/items/msg_1",
        lambda c: c.delete_item("conv_1", "msg_1"),
        {"id": "msg_1", "object": "conversation.item.deleted", "deleted": True},
    ),
    (
        "GET",
        "/conversations/conv_1/items",
        lambda c: c.list_items_page("conv_1"),
        {"object": "list", "data": [{"type": "message"}], "has_more": False},
    ),
    (
        "GET",
        "/conversations/conv_1/items",
        lambda c: c.list_items_page("conv_1"),
        {"object": "list", "data": "none", "has_more": False},
    ),
    (
        "GET",
        "/threads/thread_1/messages/msg_1",
        lambda c: c.get_message("thread_1", "msg_1"),
        {"id": "msg_1", "object": "thread"},
    ),
    (
        "POST",
        "/threads/thread_1/messages/msg_1",
        lambda c: c.update_message("thread_1", "msg_1", {}),
        "text",
    ),
    (
        "DELETE",
        "/threads/thread_1/messages/msg_1",
        lambda c: c.delete_message("thread_1", "msg_1"),
        {"id": "msg_1", "object": "thread.deleted", "deleted": True},
    ),
    (
        "GET",
        "/threads/thread_1/messages",
        lambda c: c.list_messages_page("thread_1"),
        {"object": "list", "data": [{"id": "msg_1"}], "has_more": False},
    ),
    (
        "POST",
        "/conversations",
        lambda c: c.create_conversation_with_items({}),
        {"id": "thread_1", "object": "thread"},
    ),
]


@pytest.mark.parametrize(("method", "path", "call", "answer"), WRONG)
async def test_wrong_shaped_answers_are_response_format_errors(
    router: respx.MockRouter,
    rx_client: ApiClient,
    method: str,
    path: str,
    call: Any,
    answer: Any,
) -> None:
    router.route(method=method, url=BASE + path).mock(
        return_value=httpx.Response(200, json=answer, headers={"x-request-id": "req_shape"})
    )
    with pytest.raises(ResponseFormatError) as info:
        await call(rx_client)
    assert info.value.request_id == "req_shape"
    assert "\n" not in str(info.value)


async def test_the_calls_work_through_the_real_server(emu: Emulator, schemas: Any) -> None:
    """The aiohttp server on 127.0.0.1 answers every new route as the transport does."""
    from thread_tui.core.secret import SecretStr
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import DEMO_API_KEY
    from thread_tui.emulator.server import running_server

    with running_server(emu) as base_url:
        settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=base_url)
        async with ApiClient(settings) as api:
            page = await api.add_items("conv_abc123", [message_item("developer", "be kind")])
            schemas.validate("ConversationItemList", page)
            item_id = page["data"][0]["id"]
            assert (await api.get_item("conv_abc123", item_id))["role"] == "developer"
            listed = await api.list_items_page("conv_abc123", limit=1)
            assert listed["first_id"] == item_id
            assert (await api.delete_item("conv_abc123", item_id))["object"] == "conversation"
            mid = emu.messages["thread_abc123"][0]["id"]
            updated = await api.update_message("thread_abc123", mid, {"seen": "yes"})
            assert updated["metadata"]["seen"] == "yes"
            assert (await api.delete_message("thread_abc123", mid))["deleted"] is True
            created = await api.create_conversation_with_items({}, [message_item("user", "hi")])
    assert [r.status for r in emu.requests] == [200] * 7
    assert len(emu.items[created["id"]]) == 1
