"""Conversation items written through the emulator: `POST /conversations/{id}/items`, one item's
`GET` / `DELETE`, and `POST /conversations` with initial items. Every answer is checked against
the official schemas; every refusal against the real API's status, message and `param`. Each
test runs in process and through the real aiohttp server on 127.0.0.1 (the `http` fixture)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from input_item_schema import body_errors, input_item_errors

from thread_tui.emulator import Emulator

ITEMS = "/conversations/conv_abc123/items"


def user(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


async def test_added_items_come_back_as_the_spec_list_with_new_ids(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    before = [item["id"] for item in emu.items["conv_abc123"]]
    sent = [
        user("first"),
        {"role": "assistant", "content": "a plain string"},  # EasyInputMessage: no type
        {"type": "message", "role": "system", "content": "be brief"},
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "d"}]},
        {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_1", "output": '{"ok": true}'},
        {"type": "reasoning", "id": "rs_old", "summary": [{"type": "summary_text", "text": "s"}]},
    ]
    assert [input_item_errors(schemas, item) for item in sent] == [[]] * len(sent)
    response = await http.post(ITEMS, json={"items": sent})
    assert response.status_code == 200, response.text
    page = response.json()
    schemas.validate("ConversationItemList", page)
    data = page["data"]
    assert [item["type"] for item in data] == [s.get("type", "message") for s in sent]
    assert page["first_id"] == data[0]["id"] and page["last_id"] == data[-1]["id"]
    assert page["has_more"] is False
    assert all(item["status"] == "completed" for item in data)
    assert [item["id"][:3] for item in data[:4]] == ["msg"] * 4
    assert data[4]["id"].startswith("fc_") and data[6]["id"] != "rs_old"
    assert len({item["id"] for item in data} | set(before)) == len(before) + len(sent)
    # A string content is returned as one text part: output_text for the assistant.
    assert data[1]["content"] == [
        {"type": "output_text", "text": "a plain string", "annotations": [], "logprobs": []}
    ]
    assert data[2]["content"] == [{"type": "input_text", "text": "be brief"}]
    for item in data:
        schemas.validate("ConversationItem", item)
    # stored after the existing items, in the order sent
    assert [i["id"] for i in emu.items["conv_abc123"]] == before + [i["id"] for i in data]


async def test_one_item_is_read_and_deleted_and_the_list_keeps_its_order(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    added = (await http.post(ITEMS, json={"items": [user("a"), user("b"), user("c")]})).json()
    a, b, c = (item["id"] for item in added["data"])
    got = await http.get(f"{ITEMS}/{b}", params={"include": "message.output_text.logprobs"})
    assert got.status_code == 200
    schemas.validate("ConversationItem", got.json())
    assert got.json() == added["data"][1]

    deleted = await http.delete(f"{ITEMS}/{b}")
    assert deleted.status_code == 200
    schemas.validate("ConversationResource", deleted.json())
    assert deleted.json() == emu.conversations["conv_abc123"]  # the conversation, per the spec

    gone = await http.get(f"{ITEMS}/{b}")
    assert gone.status_code == 404
    assert gone.json()["error"]["message"] == f"Item with id '{b}' not found."
    assert (await http.delete(f"{ITEMS}/{b}")).status_code == 404

    newest = (await http.get(ITEMS, params={"limit": "2"})).json()
    assert [item["id"] for item in newest["data"]] == [c, a]
    oldest_first = (await http.get(ITEMS, params={"order": "asc", "limit": "100"})).json()
    ids = [item["id"] for item in oldest_first["data"]]
    assert ids[-2:] == [a, c]
    after_a = (await http.get(ITEMS, params={"order": "asc", "after": a})).json()
    assert [item["id"] for item in after_a["data"]] == [c]
    schemas.validate("ConversationItemList", oldest_first)


async def test_an_item_of_another_conversation_is_not_found(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    theirs = emu.items["conv_abc123"][0]["id"]
    response = await http.get(f"/conversations/conv_empty/items/{theirs}")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Item with id '{theirs}' not found."
    missing = await http.get("/conversations/conv_nope/items/msg_1")
    assert missing.json()["error"]["message"] == "Conversation with id 'conv_nope' not found."
    assert (
        await http.post("/conversations/conv_nope/items", json={"items": [user("x")]})
    ).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "param", "message"),
    [
        ({}, 400, "items", "Missing required parameter: 'items'."),
        ({"items": "hi"}, 400, "items", None),
        (
            {"items": []},
            400,
            "items",
            "Invalid 'items': empty array. Expected an array with minimum length 1, but got an "
            "empty array instead.",
        ),
        (
            {"items": [user(str(n)) for n in range(21)]},
            400,
            "items",
            "Invalid 'items': array too long. Expected an array with maximum length 20, but got "
            "an array with length 21 instead.",
        ),
        ({"items": [user("x")], "extra": 1}, 400, "extra", "Unknown parameter: 'extra'."),
        ({"items": [user("x"), 3]}, 400, "items[1]", None),
        ({"items": [{**user("x"), "colour": "red"}]}, 400, "items[0].colour", None),
        (
            {"items": [{"type": "message", "role": "bot", "content": "x"}]},
            400,
            "items[0].role",
            None,
        ),
        ({"items": [{"type": "message", "role": "user"}]}, 400, "items[0].content", None),
        ({"items": [{"type": "nonsense"}]}, 400, "items[0].type", None),
        ({"items": [{"content": "no role, no type"}]}, 400, "items[0].type", None),
        (
            {
                "items": [
                    {
                        "type": "message",
                        "role": "assistant",
                        "content": [{"type": "input_text", "text": "x"}],
                    }
                ]
            },
            400,
            "items[0].content[0]",
            "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'.",
        ),
        (
            {
                "items": [
                    {
                        "type": "message",
                        "role": "user",
                        "content": [{"type": "output_text", "text": "x"}],
                    }
                ]
            },
            400,
            "items[0].content[0]",
            None,
        ),
        (
            {
                "items": [
                    {
                        "type": "message",
                        "role": "user",
                        "content": [{"type": "input_text", "text": 5}],
                    }
                ]
            },
            400,
            "items[0].content[0].text",
            "Invalid type for 'items[0].content[0].text': expected a string, but got an integer "
            "instead.",
        ),
        ({"items": [{**user("x"), "id": "fc_1"}]}, 400, "items[0].id", None),
        (
            {"items": [{"type": "function_call", "call_id": "c", "name": "f"}]},
            400,
            "items[0].arguments",
            None,
        ),
        (
            {"items": [{"type": "function_call_output", "output": "x"}]},
            400,
            "items[0].call_id",
            None,
        ),
        (
            {"items": [{"type": "function_call_output", "call_id": "c" * 65, "output": "x"}]},
            400,
            "items[0].call_id",
            None,
        ),
        ({"items": [{"type": "reasoning", "summary": []}]}, 400, "items[0].id", None),
        ({"items": [{"type": "item_reference", "id": "msg_nope"}]}, 404, "items[0].id", None),
        ({"items": [{**user("x"), "status": "done"}]}, 400, "items[0].status", None),
    ],
)
async def test_bad_items_are_refused_as_the_api_does_and_nothing_is_stored(
    http: httpx.AsyncClient,
    emu: Emulator,
    body: dict[str, Any],
    status: int,
    param: str,
    message: str | None,
    schemas: Any,
) -> None:
    before = list(emu.items["conv_abc123"])
    # a good item first: a refusal of the second stores neither
    response = await http.post(ITEMS, json=body)
    assert response.status_code == status, response.text
    schemas.validate("ErrorResponse", response.json())
    error = response.json()["error"]
    assert error["param"] == param
    assert error["type"] == "invalid_request_error"
    if message is not None:
        assert error["message"] == message
    assert emu.items["conv_abc123"] == before


async def test_a_text_over_the_api_cap_is_refused(http: httpx.AsyncClient, emu: Emulator) -> None:
    from thread_tui.emulator.input_items import MAX_TEXT

    emu_items = emu.items["conv_abc123"]
    count = len(emu_items)
    # Through the transport only would be enough; the socket server's 1 MiB body cap answers
    # first there (413), which is a refusal too.
    response = await http.post(ITEMS, json={"items": [user("x" * (MAX_TEXT + 1))]})
    assert response.status_code in (400, 413)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "string_above_max_length"
        assert response.json()["error"]["param"] == "items[0].content[0].text"
    assert len(emu.items["conv_abc123"]) == count


async def test_bad_include_is_refused(http: httpx.AsyncClient) -> None:
    response = await http.post(ITEMS, params={"include": "everything"}, json={"items": [user("x")]})
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "include"
    listed = await http.get(ITEMS, params={"include": "nope"})
    assert listed.status_code == 400
    ok = await http.get(ITEMS, params={"include": "reasoning.encrypted_content"})
    assert ok.status_code == 200


async def test_item_reference_copies_an_item_of_the_conversation(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    source = emu.items["conv_abc123"][0]
    page = (
        await http.post(ITEMS, json={"items": [{"type": "item_reference", "id": source["id"]}]})
    ).json()
    schemas.validate("ConversationItemList", page)
    copied = page["data"][0]
    assert copied["id"] != source["id"]
    assert {**copied, "id": source["id"]} == source


async def test_create_with_items_stores_them_in_order(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    sent = [user(f"m{n}") for n in range(20)]
    body = {"metadata": {"topic": "copy"}, "items": sent}
    assert body_errors(schemas, "CreateConversationBody", body) == []
    response = await http.post("/conversations", json=body)
    assert response.status_code == 200
    created = response.json()
    schemas.validate("ConversationResource", created)
    page = (
        await http.get(
            f"/conversations/{created['id']}/items", params={"order": "asc", "limit": "100"}
        )
    ).json()
    schemas.validate("ConversationItemList", page)
    assert [item["content"][0]["text"] for item in page["data"]] == [f"m{n}" for n in range(20)]
    assert [i["id"] for i in emu.items[created["id"]]] == [i["id"] for i in page["data"]]


async def test_create_with_too_many_or_bad_items_makes_nothing(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    count = len(emu.conversations)
    many = await http.post("/conversations", json={"items": [user("x")] * 21})
    assert many.status_code == 400
    assert many.json()["error"]["param"] == "items"
    assert many.json()["error"]["code"] == "array_above_max_length"
    bad = await http.post("/conversations", json={"items": [user("x"), {"type": "message"}]})
    assert bad.status_code == 400
    assert bad.json()["error"]["param"] == "items[1].role"
    assert len(emu.conversations) == count
    empty = await http.post("/conversations", json={"items": []})
    assert empty.status_code == 200  # CreateConversationBody has no minimum
    assert emu.items[empty.json()["id"]] == []


async def test_adding_items_honours_faults_rate_limit_and_the_log(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    count = len(emu.items["conv_abc123"])
    emu.faults.inject(500)
    failed = await http.post(ITEMS, json={"items": [user("x")]})
    assert failed.status_code == 500
    assert len(emu.items["conv_abc123"]) == count  # an injected fault answers before the handler
    ok = await http.post(ITEMS, json={"items": [user("x")]})
    assert ok.status_code == 200
    logged = [r for r in emu.mutating_requests() if r.path.endswith("/items")]
    assert [r.status for r in logged] == [500, 200]

    from thread_tui.emulator.ratelimit import RequestRateLimit

    emu.rate_limit = RequestRateLimit(1, clock=lambda: 0.0)
    first = await http.post(ITEMS, json={"items": [user("y")]})
    limited = await http.delete(f"{ITEMS}/{ok.json()['first_id']}")
    assert first.status_code == 200 and limited.status_code == 429
    assert ok.json()["first_id"] in {i["id"] for i in emu.items["conv_abc123"]}
