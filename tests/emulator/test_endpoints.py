"""The emulator answers like the real API: semantics, checks, messages and schemas."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from thread_tui.emulator import Emulator


async def test_reference_thread(http: httpx.AsyncClient, schemas: Any) -> None:
    response = await http.get("/threads/thread_abc123")
    assert response.status_code == 200
    body = response.json()
    assert body["metadata"] == {"modified": "true", "user": "abc123"}
    assert response.headers["x-request-id"].startswith("req_")
    schemas.validate("ThreadObject", body)


async def test_metadata_is_merged_and_keys_are_never_deleted(http: httpx.AsyncClient) -> None:
    response = await http.post("/threads/thread_abc123", json={"metadata": {"user": ""}})
    assert response.json()["metadata"] == {"modified": "true", "user": ""}
    response = await http.post("/threads/thread_abc123", json={"metadata": {"new": "x"}})
    assert response.json()["metadata"] == {"modified": "true", "user": "", "new": "x"}


@pytest.mark.parametrize(
    ("body", "param", "code", "fragment"),
    [
        ({"metadata": {"a": None}}, "metadata.a", "invalid_type", "got null instead"),
        ({"metadata": {"a": 1}}, "metadata.a", "invalid_type", "got an integer instead"),
        ({"metadata": {"k" * 65: "v"}}, "metadata", "invalid_value", "maximum length 64"),
        ({"metadata": {"a": "v" * 513}}, "metadata.a", "string_above_max_length", "length 513"),
        ({"messages": []}, "messages", None, "Unrecognized request argument supplied: messages"),
        ({"metadata": "x"}, "metadata", "invalid_type", "expected an object"),
    ],
)
async def test_server_checks(
    http: httpx.AsyncClient,
    body: dict[str, Any],
    param: str,
    code: str | None,
    fragment: str,
    schemas: Any,
) -> None:
    response = await http.post("/threads/thread_abc123", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (param, code)
    assert fragment in error["message"]
    schemas.validate("ErrorResponse", response.json())


async def test_pair_limit_counts_after_the_merge(http: httpx.AsyncClient) -> None:
    response = await http.post("/threads/thread_full16", json={"metadata": {"key_01": "changed"}})
    assert response.status_code == 200
    response = await http.post("/threads/thread_full16", json={"metadata": {"extra": "x"}})
    assert response.status_code == 400
    assert "got an object with 17 properties" in response.json()["error"]["message"]


async def test_tool_resources_lists_are_replaced_and_checked(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    files = [f for f in emu.files.values() if f["purpose"] == "assistants"]
    ids = [f["id"] for f in files[:3]]
    response = await http.post(
        "/threads/thread_tools", json={"tool_resources": {"code_interpreter": {"file_ids": ids}}}
    )
    tools = response.json()["tool_resources"]
    assert tools["code_interpreter"]["file_ids"] == ids
    assert len(tools["file_search"]["vector_store_ids"]) == 1  # untouched sub-object kept
    too_many = [f["id"] for f in files[:21]]
    response = await http.post(
        "/threads/thread_tools",
        json={"tool_resources": {"code_interpreter": {"file_ids": too_many}}},
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "tool_resources.code_interpreter.file_ids"
    stores = list(emu.vector_stores)
    response = await http.post(
        "/threads/thread_tools",
        json={"tool_resources": {"file_search": {"vector_store_ids": stores[:2]}}},
    )
    assert response.status_code == 400
    response = await http.post(
        "/threads/thread_tools",
        json={"tool_resources": {"code_interpreter": {"file_ids": ["file-nope"]}}},
    )
    assert response.status_code == 400


async def test_beta_header_required_on_threads_only(http: httpx.AsyncClient) -> None:
    del http.headers["OpenAI-Beta"]
    response = await http.get("/threads/thread_abc123")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_beta"
    assert (await http.get("/conversations/conv_abc123")).status_code == 200


async def test_unknown_ids_are_404_with_the_real_message(http: httpx.AsyncClient) -> None:
    response = await http.get("/threads/thread_nope")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No thread found with id 'thread_nope'."
    response = await http.get("/conversations/conv_nope")
    assert response.json()["error"]["message"] == "Conversation with id 'conv_nope' not found."


@pytest.mark.parametrize(
    ("auth", "fragment"),
    [(None, "You didn't provide an API key"), ("Bearer sk-wrong-key-9876", "sk-*9876")],
)
async def test_bad_or_missing_key_is_401(
    http: httpx.AsyncClient, auth: str | None, fragment: str
) -> None:
    if auth is None:
        del http.headers["Authorization"]
    else:
        http.headers["Authorization"] = auth
    response = await http.get("/threads/thread_abc123")
    assert response.status_code == 401
    assert fragment in response.json()["error"]["message"]
    assert "wrong-key" not in response.text


async def test_conversations(http: httpx.AsyncClient, schemas: Any) -> None:
    response = await http.post("/conversations/conv_abc123", json={"metadata": {"topic": "x"}})
    assert response.json()["metadata"]["topic"] == "x"
    schemas.validate("ConversationResource", response.json())
    missing = await http.post("/conversations/conv_abc123", json={})
    assert missing.status_code == 400
    assert "metadata" in missing.json()["error"]["message"]
    extra = await http.post(
        "/conversations/conv_abc123", json={"metadata": {}, "tool_resources": {}}
    )
    assert extra.status_code == 400


async def test_create_and_delete(http: httpx.AsyncClient, schemas: Any) -> None:
    created = (await http.post("/threads", json={"metadata": {"a": "b"}})).json()
    assert created["id"].startswith("thread_") and created["created_at"] == 1764000000
    deleted = await http.delete(f"/threads/{created['id']}")
    schemas.validate("DeleteThreadResponse", deleted.json())
    assert (await http.get(f"/threads/{created['id']}")).status_code == 404
    conv = (await http.post("/conversations", json={})).json()
    gone = await http.delete(f"/conversations/{conv['id']}")
    assert gone.json() == {"id": conv["id"], "object": "conversation.deleted", "deleted": True}


async def test_file_pages_walk_every_assistants_file(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    seen: list[str] = []
    after = None
    while True:
        params = {"purpose": "assistants", "limit": "25"}
        if after:
            params["after"] = after
        page = (await http.get("/files", params=params)).json()
        schemas.validate("ListFilesResponse", page)
        seen += [f["id"] for f in page["data"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    expected = [f["id"] for f in emu.files.values() if f["purpose"] == "assistants"]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen)) >= 60


async def test_vector_stores_and_messages(http: httpx.AsyncClient, schemas: Any) -> None:
    page = (await http.get("/vector_stores", params={"limit": "2"})).json()
    schemas.validate("ListVectorStoresResponse", page)
    assert len(page["data"]) == 2 and page["has_more"]
    rest = (await http.get("/vector_stores", params={"after": page["last_id"]})).json()
    assert len(rest["data"]) == 3 and not rest["has_more"]
    messages = (await http.get("/threads/thread_abc123/messages", params={"order": "asc"})).json()
    schemas.validate("ListMessagesResponse", messages)
    assert len(messages["data"]) == 20 and messages["has_more"]
    bad = await http.get("/vector_stores", params={"limit": "101"})
    assert bad.status_code == 400


async def test_request_log_redacts_the_key(http: httpx.AsyncClient, emu: Emulator) -> None:
    await http.post("/threads/thread_abc123", json={"metadata": {"a": "b"}})
    [recorded] = emu.mutating_requests()
    assert recorded.headers["authorization"] == "Bearer ***"
    assert recorded.json == {"metadata": {"a": "b"}}
    assert recorded.status == 200


def test_large_seed_is_quick() -> None:
    emu = Emulator(extra_files=10_000)
    assert sum(1 for f in emu.files.values() if f["purpose"] == "assistants") == 10_064
