"""Models keep what a newer server sends, and agree with the official OpenAPI schemas.

Threads and conversations are not pydantic models: see test_resources.py."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from api_samples import CONVERSATION, THREAD
from pydantic import ValidationError

from thread_tui.core.models import (
    DeletedObject,
    ErrorBody,
    FileObject,
    ListPage,
    Message,
    ModifyThreadRequest,
    UpdateConversationRequest,
    VectorStore,
)
from thread_tui.core.resources import Conversation, Thread

FILE: dict[str, Any] = {
    "id": "file-abc123",
    "object": "file",
    "bytes": 120000,
    "created_at": 1677610602,
    "filename": "salesOverview.pdf",
    "purpose": "assistants",
    "status": "processed",
}
FILES_PAGE: dict[str, Any] = {
    "object": "list",
    "data": [FILE, {**FILE, "id": "file-abc456", "filename": "puppy.jsonl"}],
    "first_id": "file-abc123",
    "last_id": "file-abc456",
    "has_more": True,
}
VECTOR_STORE: dict[str, Any] = {
    "id": "vs_abc123",
    "object": "vector_store",
    "created_at": 1699061776,
    "name": "Support FAQ",
    "usage_bytes": 139920,
    "file_counts": {"in_progress": 0, "completed": 3, "failed": 0, "cancelled": 0, "total": 3},
    "status": "completed",
    "last_active_at": 1699061776,
    "metadata": {},
    "expires_at": None,
}
STORES_PAGE: dict[str, Any] = {
    "object": "list",
    "data": [VECTOR_STORE],
    "first_id": "vs_abc123",
    "last_id": "vs_abc123",
    "has_more": False,
}
DELETED: dict[str, Any] = {"id": "thread_abc123", "object": "thread.deleted", "deleted": True}
ERROR: dict[str, Any] = {
    "error": {
        "message": "No thread found with id 'thread_x'.",
        "type": "invalid_request_error",
        "param": None,
        "code": None,
    }
}


# -- unknown fields ------------------------------------------------------


def test_list_items_keep_unknown_fields() -> None:
    page_data = copy.deepcopy(FILES_PAGE)
    page_data["data"][0]["expires_at"] = 1700000000
    page_data["request_hint"] = "x"
    page = ListPage[FileObject].model_validate(page_data)
    dumped = page.model_dump(mode="json")
    assert dumped["data"][0]["expires_at"] == 1700000000
    assert dumped["request_hint"] == "x"


# -- lists and other responses --------------------------------------------------------------


def test_list_page_of_files() -> None:
    page = ListPage[FileObject].model_validate(FILES_PAGE)
    assert [f.id for f in page.data] == ["file-abc123", "file-abc456"]
    assert all(isinstance(f, FileObject) for f in page.data)
    assert page.data[1].filename == "puppy.jsonl"
    assert page.data[0].bytes == 120000
    assert (page.first_id, page.last_id, page.has_more) == ("file-abc123", "file-abc456", True)


def test_list_page_defaults_and_empty_page() -> None:
    page = ListPage[FileObject].model_validate({"object": "list", "data": []})
    assert page.data == []
    assert (page.first_id, page.last_id, page.has_more) == (None, None, False)


def test_list_page_refuses_a_wrong_shape() -> None:
    with pytest.raises(ValidationError):
        ListPage[FileObject].model_validate({"object": "list", "data": {"id": "file-1"}})
    with pytest.raises(ValidationError):
        ListPage[FileObject].model_validate({"object": "list", "data": [{"filename": "no id"}]})
    with pytest.raises(ValidationError):
        ListPage[FileObject].model_validate({"object": "thread", "data": []})


def test_list_page_of_vector_stores_and_messages() -> None:
    stores = ListPage[VectorStore].model_validate(STORES_PAGE)
    [store] = stores.data
    assert store.name == "Support FAQ"
    assert store.file_counts is not None and store.file_counts.total == 3
    messages = ListPage[Message].model_validate(
        {
            "object": "list",
            "data": [
                {
                    "id": "msg_1",
                    "object": "thread.message",
                    "created_at": 1,
                    "thread_id": "thread_abc123",
                    "role": "assistant",
                    "content": [{"type": "text", "text": {"value": "hi", "annotations": []}}],
                }
            ],
        }
    )
    assert messages.data[0].content[0].model_dump()["text"]["value"] == "hi"


def test_error_and_deleted_bodies() -> None:
    error = ErrorBody.model_validate(ERROR)
    assert error.error.message == "No thread found with id 'thread_x'."
    assert (error.error.param, error.error.code) == (None, None)
    deleted = DeletedObject.model_validate(DELETED)
    assert deleted.deleted is True


# -- request bodies ------------------------------------------------------------------------


def test_modify_request_forbids_unknown_keys() -> None:
    with pytest.raises(ValidationError) as caught:
        ModifyThreadRequest.model_validate({"metadata": {}, "messages": []})
    assert "messages" in str(caught.value)
    ok = ModifyThreadRequest.model_validate(
        {"metadata": {"a": "b"}, "tool_resources": THREAD["tool_resources"]}
    )
    assert ok.tool_resources is not None and ok.tool_resources.code_interpreter is not None
    assert ok.tool_resources.code_interpreter.file_ids == ["file-1", "file-2"]
    assert ModifyThreadRequest.model_validate({}).model_dump(exclude_none=True) == {}


def test_modify_request_metadata_values_are_strings() -> None:
    with pytest.raises(ValidationError):
        ModifyThreadRequest.model_validate({"metadata": {"a": None}})


def test_update_conversation_requires_metadata_and_nothing_else() -> None:
    with pytest.raises(ValidationError):
        UpdateConversationRequest.model_validate({})
    with pytest.raises(ValidationError):
        UpdateConversationRequest.model_validate({"metadata": {}, "tool_resources": {}})
    assert UpdateConversationRequest.model_validate({"metadata": {"a": ""}}).metadata == {"a": ""}


# -- the official schemas ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "document"),
    [
        ("ThreadObject", THREAD),
        ("ThreadObject", {**THREAD, "metadata": None, "tool_resources": None}),
        ("ThreadObject", {**THREAD, "metadata": {}, "tool_resources": {}}),
        ("ConversationResource", CONVERSATION),
        ("OpenAIFile", FILE),
        ("ListFilesResponse", FILES_PAGE),
        ("VectorStoreObject", VECTOR_STORE),
        ("ListVectorStoresResponse", STORES_PAGE),
        ("DeleteThreadResponse", DELETED),
        ("ErrorResponse", ERROR),
        ("ModifyThreadRequest", {}),
        ("ModifyThreadRequest", {"metadata": {"a": "b"}}),
        ("ModifyThreadRequest", {"tool_resources": THREAD["tool_resources"]}),
        ("ModifyThreadRequest", {"metadata": None, "tool_resources": None}),
        ("UpdateConversationBody", {"metadata": {"topic": ""}}),
    ],
)
def test_sample_objects_match_the_official_schemas(
    schemas: Any, schema: str, document: dict[str, Any]
) -> None:
    assert schemas.errors(schema, document) == []


@pytest.mark.parametrize(
    ("schema", "document"),
    [
        ("ModifyThreadRequest", {"foo": 1}),
        ("ModifyThreadRequest", {"messages": []}),
        ("ModifyThreadRequest", {"metadata": {"a": 1}}),  # via $ref to Metadata
        ("ModifyThreadRequest", {"metadata": {"a": None}}),
        (
            "ModifyThreadRequest",
            {"tool_resources": {"code_interpreter": {"file_ids": [f"f{i}" for i in range(21)]}}},
        ),
        (
            "ModifyThreadRequest",
            {"tool_resources": {"file_search": {"vector_store_ids": ["a", "b"]}}},
        ),
        ("ThreadObject", {**THREAD, "object": "conversation"}),
        ("UpdateConversationBody", {}),
        ("ListFilesResponse", {"object": "list", "data": []}),  # first_id etc. are required
        ("ErrorResponse", {"error": {"message": "x"}}),
    ],
)
def test_the_schema_checker_really_checks(
    schemas: Any, schema: str, document: dict[str, Any]
) -> None:
    assert schemas.errors(schema, document) != []


def test_parsed_models_dump_to_schema_valid_objects(schemas: Any) -> None:
    assert schemas.errors("ThreadObject", Thread.from_json(THREAD).to_json()) == []
    conv = Conversation.from_json(CONVERSATION).to_json()
    assert schemas.errors("ConversationResource", conv) == []
    page = (
        ListPage[FileObject].model_validate(FILES_PAGE).model_dump(mode="json", exclude_none=True)
    )
    assert schemas.errors("ListFilesResponse", page) == []
    store = VectorStore.model_validate(VECTOR_STORE).model_dump(mode="json", exclude_none=True)
    assert schemas.errors("VectorStoreObject", store) == []
    body = ModifyThreadRequest.model_validate(
        {"metadata": {"a": "b"}, "tool_resources": THREAD["tool_resources"]}
    ).model_dump(mode="json", exclude_none=True)
    assert schemas.errors("ModifyThreadRequest", body) == []
