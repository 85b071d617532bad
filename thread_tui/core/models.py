"""Pydantic models of the API's objects.

Responses keep fields this version does not know (`extra="allow"`), so a newer server
never breaks parsing and the inspector still shows everything it sent.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from thread_tui.core.ids import ResourceKind


class ApiObject(BaseModel):
    """Base of every response model: unknown fields are kept."""

    # defer_build: validators are built on first use, not at import (quicker start-up).
    model_config = ConfigDict(extra="allow", defer_build=True)


class CodeInterpreterResources(ApiObject):
    file_ids: list[str] = Field(default_factory=list)


class FileSearchResources(ApiObject):
    vector_store_ids: list[str] = Field(default_factory=list)


class ToolResources(ApiObject):
    code_interpreter: CodeInterpreterResources | None = None
    file_search: FileSearchResources | None = None

    @property
    def file_ids(self) -> list[str]:
        return list(self.code_interpreter.file_ids) if self.code_interpreter else []

    @property
    def vector_store_ids(self) -> list[str]:
        return list(self.file_search.vector_store_ids) if self.file_search else []


class Thread(ApiObject):
    id: str
    object: Literal["thread"] = "thread"
    created_at: int
    metadata: dict[str, str] | None = None
    tool_resources: ToolResources | None = None


class Conversation(ApiObject):
    id: str
    object: Literal["conversation"] = "conversation"
    created_at: int
    metadata: dict[str, str] | None = None


Resource = Thread | Conversation
"""A thread or a conversation: what the editor edits."""


def resource_kind(resource: Resource) -> ResourceKind:
    return ResourceKind.THREAD if isinstance(resource, Thread) else ResourceKind.CONVERSATION


def parse_resource(kind: ResourceKind, data: Any) -> Resource:
    """Parse a GET/POST response body as the model of its kind."""
    if kind is ResourceKind.THREAD:
        return Thread.model_validate(data)
    return Conversation.model_validate(data)


class DeletedObject(ApiObject):
    id: str
    object: str
    deleted: bool


class FileObject(ApiObject):
    id: str
    object: Literal["file"] = "file"
    bytes: int | None = None
    created_at: int = 0
    filename: str = ""
    purpose: str = "assistants"
    status: str | None = None


class FileCounts(ApiObject):
    in_progress: int = 0
    completed: int = 0
    failed: int = 0
    cancelled: int = 0
    total: int = 0


class VectorStore(ApiObject):
    id: str
    object: Literal["vector_store"] = "vector_store"
    name: str | None = None
    created_at: int = 0
    usage_bytes: int = 0
    file_counts: FileCounts | None = None
    status: str | None = None


class Message(ApiObject):
    id: str
    object: Literal["thread.message"] = "thread.message"
    created_at: int = 0
    thread_id: str | None = None
    role: str = "user"
    content: list[Any] = Field(default_factory=list)


ItemT = TypeVar("ItemT", bound=ApiObject)


class ListPage(ApiObject, Generic[ItemT]):
    """One page of a list endpoint; the next is asked for with `after=last_id`."""

    object: Literal["list"] = "list"
    data: list[ItemT]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool = False


class ErrorDetail(ApiObject):
    message: str = ""
    type: str | None = None
    param: str | None = None
    code: str | None = None


class ErrorBody(ApiObject):
    error: ErrorDetail


class ModifyThreadRequest(BaseModel):
    """The body of `POST /threads/{id}`: only these two keys are allowed."""

    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, str] | None = None
    tool_resources: ToolResources | None = None


class UpdateConversationRequest(BaseModel):
    """The body of `POST /conversations/{id}`: `metadata` is required."""

    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, str]
