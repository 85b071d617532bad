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


def unsaved_resource(kind: ResourceKind) -> Resource:
    """The stand-in of a thread or conversation not created yet: no id, no creation time.

    The editor edits it as it edits a loaded one; `Draft.from_resource` sees the empty id and
    makes the draft of a create call (see `Draft.is_new`)."""
    if kind is ResourceKind.THREAD:
        return Thread(id="", created_at=0)
    return Conversation(id="", created_at=0)


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


class MessageText(ApiObject):
    value: str = ""
    annotations: list[Any] = Field(default_factory=list)


class MessageContent(ApiObject):
    """One part of a thread message: `text`, `image_file`, `image_url` or `refusal`."""

    type: str = ""
    text: MessageText | str | None = None
    image_file: dict[str, Any] | None = None
    image_url: dict[str, Any] | None = None
    refusal: str | None = None


class Attachment(ApiObject):
    file_id: str | None = None
    tools: list[Any] = Field(default_factory=list)


class Message(ApiObject):
    """A message of a thread (`GET /threads/{id}/messages`)."""

    id: str
    object: Literal["thread.message"] = "thread.message"
    created_at: int = 0
    thread_id: str | None = None
    status: str | None = None
    role: str = "user"
    content: list[MessageContent] = Field(default_factory=list)
    assistant_id: str | None = None
    run_id: str | None = None
    attachments: list[Attachment] | None = None
    metadata: dict[str, str] | None = None


class ItemContent(ApiObject):
    """One part of a conversation item's `content` (or a reasoning item's `summary`):
    `input_text`, `output_text`, `text`, `summary_text`, `refusal`, `input_file`, …"""

    type: str = ""
    text: str | None = None
    refusal: str | None = None
    file_id: str | None = None
    filename: str | None = None


class ConversationItem(ApiObject):
    """An item of a conversation (`GET /conversations/{id}/items`).

    Items come in many types (`message`, `function_call`, `function_call_output`,
    `reasoning`, web and file search calls, …); the fields the messages view reads are
    typed, and every other field of every type is kept as it came.
    """

    type: str
    id: str | None = None
    status: str | None = None
    role: str | None = None
    content: list[ItemContent] | None = None
    summary: list[ItemContent] | None = None
    name: str | None = None
    call_id: str | None = None
    arguments: Any = None
    output: Any = None


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
