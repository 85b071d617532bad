"""Conversation items and thread messages in the emulator: seeded data that passes the official
schemas, and the list endpoints' pagination (limit, order, after, has_more) and errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from thread_tui.emulator import Emulator


async def test_items_page_newest_first_and_schema(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    page = (await http.get("/conversations/conv_abc123/items")).json()
    schemas.validate("ConversationItemList", page)
    stored = emu.items["conv_abc123"]
    assert len(stored) > 20
    assert len(page["data"]) == 20 and page["has_more"] is True
    # desc (the default) is the newest first: the reverse of the order they were added
    assert [item["id"] for item in page["data"]] == [item["id"] for item in stored[::-1][:20]]
    assert page["first_id"] == page["data"][0]["id"]
    assert page["last_id"] == page["data"][-1]["id"]


async def test_items_pages_follow_after_until_has_more_is_false(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    seen: list[str] = []
    after: str | None = None
    for _ in range(10):
        params = {"limit": "7", "order": "asc"}
        if after:
            params["after"] = after
        page = (await http.get("/conversations/conv_abc123/items", params=params)).json()
        schemas.validate("ConversationItemList", page)
        seen += [item["id"] for item in page["data"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert seen == [item["id"] for item in emu.items["conv_abc123"]]


async def test_seeded_items_have_the_types_the_view_shows(http: httpx.AsyncClient) -> None:
    page = (await http.get("/conversations/conv_abc123/items", params={"limit": "100"})).json()
    types = {item["type"] for item in page["data"]}
    assert {"message", "function_call", "function_call_output", "reasoning"} <= types
    parts = [p for item in page["data"] for p in item.get("content", [])]
    assert {"input_text", "output_text", "input_file"} <= {p["type"] for p in parts}
    call = next(item for item in page["data"] if item["type"] == "function_call")
    output = next(item for item in page["data"] if item["type"] == "function_call_output")
    assert call["call_id"] == output["call_id"]


async def test_unknown_conversation_is_the_real_404(http: httpx.AsyncClient) -> None:
    response = await http.get("/conversations/conv_nope/items")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message"] == "Conversation with id 'conv_nope' not found."
    assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"order": "sideways"}, "order"),
        ({"after": "msg_nope"}, "after"),
    ],
)
async def test_bad_list_parameters_are_400(
    http: httpx.AsyncClient, params: dict[str, str], param: str
) -> None:
    response = await http.get("/conversations/conv_abc123/items", params=params)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_empty_and_created_conversations_list_no_items(http: httpx.AsyncClient) -> None:
    empty = (await http.get("/conversations/conv_empty/items")).json()
    assert empty["data"] == [] and empty["has_more"] is False
    created = (await http.post("/conversations", json={})).json()
    listed = (await http.get(f"/conversations/{created['id']}/items")).json()
    assert listed["data"] == []


async def test_deleting_a_conversation_drops_its_items(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    assert (await http.delete("/conversations/conv_abc123")).status_code == 200
    assert "conv_abc123" not in emu.items
    assert (await http.get("/conversations/conv_abc123/items")).status_code == 404


async def test_seeded_messages_pass_the_schema_and_one_has_attachments(
    http: httpx.AsyncClient, schemas: Any
) -> None:
    ids: list[str] = []
    attached: list[dict[str, Any]] = []
    after: str | None = None
    while True:
        params = {"after": after} if after else {}
        page = (await http.get("/threads/thread_abc123/messages", params=params)).json()
        schemas.validate("ListMessagesResponse", page)
        ids += [m["id"] for m in page["data"]]
        attached += [m for m in page["data"] if m["attachments"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert len(ids) == len(set(ids)) == 40
    assert attached and all(a["file_id"].startswith("file-") for a in attached[0]["attachments"])
    assert {m["role"] for m in attached} == {"user", "assistant"}


def test_seed_is_deterministic() -> None:
    one, two = Emulator(), Emulator()
    assert one.items == two.items
    assert one.messages == two.messages
