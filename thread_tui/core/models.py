"""Pydantic models of the API's objects, but for threads and conversations.

Responses keep fields this version does not know (`extra="allow"`), so a newer server
never breaks parsing and the inspector still shows everything it sent.

The thread and the conversation themselves are plain dataclasses in `core.resources`:
opening the editor must not import pydantic.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)


class ApiObject(BaseModel):
    """Base of every response model: unknown fields are kept."""

    # defer_build: validators are built on first use, not at import (quicker start-up).
    model_config = ConfigDict(extra="allow", defer_build=True)


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


# -- messages and items: lenient --------------------------------------------------------------
#
# A thread's messages and a conversation's items are listed a page at a time, and one odd
# entry must not hide the page. So their models take whatever came: a null, a number where
# text belongs, one object where a list belongs, a part of a shape this version does not know.
# Each is kept or turned into the nearest readable thing, and an entry that still cannot be read
# (not even an object) becomes a placeholder that says why (`unreadable`).


def _as_text(value: Any) -> str | None:
    """A string as it is; None as None; `{"value": "x"}` as "x"; anything else as its JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("value", "text"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return _json(value)


def _as_name(value: Any) -> str | None:
    """A role, type, id or status: a string, None, or anything else as its JSON."""
    return value if value is None or isinstance(value, str) else _json(value)


def _as_list(value: Any) -> list[Any] | None:
    """A list as it is; None as None; any single other value as a list of it."""
    if value is None or isinstance(value, list):
        return value
    if isinstance(value, tuple):
        return list(value)
    return [value]


def _text_or_empty(value: Any) -> str:
    return _as_text(value) or ""


def _name_or_empty(value: Any) -> str:
    return _as_name(value) or ""


def _list_or_empty(value: Any) -> list[Any]:
    return _as_list(value) or []


def _as_timestamp(value: Any) -> int:
    """An integer as it is (shown raw if it is no time); a finite number or a string of digits
    as an integer; anything else as 0 (no time)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value) < 40:
        return int(value)
    return 0


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


def _first_problem(exc: ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return "not readable"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", ""))


def _describe(value: Any) -> str:
    """What a non-object entry is: `null`, `a string`, `a list`, …"""
    if value is None:
        return "null"
    kinds = {bool: "a boolean", str: "a string", list: "a list", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


LenientText = Annotated[str | None, BeforeValidator(_as_text)]
LenientName = Annotated[str | None, BeforeValidator(_as_name)]
Timestamp = Annotated[int, BeforeValidator(_as_timestamp)]


class LenientEntry(ApiObject):
    """A message or an item: never fails to validate. An entry that is not an object, or that
    the field-by-field leniency below still cannot read, becomes a placeholder whose
    `unreadable` says why (every other field at its default)."""

    _unreadable: str | None = PrivateAttr(default=None)

    @property
    def unreadable(self) -> str | None:
        """Why this entry could not be read, or None when it could."""
        return self._unreadable

    @classmethod
    def _placeholder(cls, data: Any, problem: str) -> LenientEntry:
        fields: dict[str, Any] = {"role": None}  # both kinds have a role; no one's is known
        entry_id = data.get("id") if isinstance(data, dict) else None
        if isinstance(entry_id, str):
            fields["id"] = entry_id
        entry = cls.model_construct(**fields)
        entry._unreadable = problem
        return entry

    @model_validator(mode="wrap")
    @classmethod
    def _never_fail(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if not isinstance(data, dict | BaseModel):
            return cls._placeholder(data, f"not a JSON object but {_describe(data)}")
        try:
            return handler(data)
        except ValidationError as exc:
            return cls._placeholder(data, _first_problem(exc))


class MessageText(ApiObject):
    value: Annotated[str, BeforeValidator(_text_or_empty)] = ""
    annotations: Annotated[list[Any], BeforeValidator(_list_or_empty)] = Field(default_factory=list)


class ContentPart(ApiObject):
    """A part of a message's or item's content, of any shape: a bare string is a text part,
    and any other non-object is kept under `value` with no type."""

    @model_validator(mode="before")
    @classmethod
    def _any_shape(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"type": "text", "text": data}
        if not isinstance(data, dict | BaseModel):
            return {"type": "", "value": data}
        return data


class MessageContent(ContentPart):
    """One part of a thread message: `text`, `image_file`, `image_url` or `refusal` (or a
    part of any other type or shape, kept as it came: a bare string is a text part)."""

    type: Annotated[str, BeforeValidator(_name_or_empty)] = ""
    text: MessageText | str | None = None
    image_file: Any = None  # {"file_id": …} by the spec; any other shape is kept as it is
    image_url: Any = None
    refusal: LenientText = None

    @field_validator("text", mode="before")
    @classmethod
    def _any_text(cls, value: Any) -> Any:
        if value is None or isinstance(value, str | MessageText):
            return value
        if isinstance(value, dict) and isinstance(value.get("value"), str | None):
            return value
        return _as_text(value)


class Attachment(ApiObject):
    file_id: LenientName = None
    tools: Annotated[list[Any], BeforeValidator(_list_or_empty)] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _any_shape(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"file_id": data}
        if data is None:
            return {}
        if not isinstance(data, dict | BaseModel):
            return {"value": data}
        return data


class Message(LenientEntry):
    """A message of a thread (`GET /threads/{id}/messages`)."""

    id: Annotated[str, BeforeValidator(_name_or_empty)] = ""
    object: LenientName = "thread.message"
    created_at: Timestamp = 0
    thread_id: LenientName = None
    status: LenientName = None
    role: LenientName = "user"
    content: Annotated[list[MessageContent], BeforeValidator(_list_or_empty)] = Field(
        default_factory=list
    )
    assistant_id: LenientName = None
    run_id: LenientName = None
    attachments: Annotated[list[Attachment] | None, BeforeValidator(_as_list)] = None
    metadata: Any = None  # {str: str} by the spec; any other shape is kept as it is


class ItemContent(ContentPart):
    """One part of a conversation item's `content` (or a reasoning item's `summary`):
    `input_text`, `output_text`, `text`, `summary_text`, `refusal`, `input_file`, … (or a
    part of any other type or shape, kept as it came: a bare string is a text part)."""

    type: Annotated[str, BeforeValidator(_name_or_empty)] = ""
    text: LenientText = None
    refusal: LenientText = None
    file_id: LenientName = None
    filename: LenientText = None


class ConversationItem(LenientEntry):
    """An item of a conversation (`GET /conversations/{id}/items`).

    Items come in many types (`message`, `function_call`, `function_call_output`,
    `reasoning`, web and file search calls, …); the fields the messages view reads are
    typed, and every other field of every type is kept as it came.
    """

    type: Annotated[str, BeforeValidator(_name_or_empty)] = ""
    id: LenientName = None
    status: LenientName = None
    role: LenientName = None
    content: Annotated[list[ItemContent] | None, BeforeValidator(_as_list)] = None
    summary: Annotated[list[ItemContent] | None, BeforeValidator(_as_list)] = None
    name: LenientText = None
    call_id: LenientName = None
    arguments: Any = None
    output: Any = None


ItemT = TypeVar("ItemT", bound=ApiObject)


class ListPage(ApiObject, Generic[ItemT]):
    """One page of a list endpoint; the next is asked for with `after=last_id`."""

    # A server with numeric ids still pages: the cursor is sent back as text anyway.
    model_config = ConfigDict(extra="allow", defer_build=True, coerce_numbers_to_str=True)

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


class CodeInterpreterBody(ApiObject):
    file_ids: list[str] = Field(default_factory=list)


class FileSearchBody(ApiObject):
    vector_store_ids: list[str] = Field(default_factory=list)


class ToolResourcesBody(ApiObject):
    """`tool_resources` of a request body; `core.resources.ToolResources` is the answer's."""

    code_interpreter: CodeInterpreterBody | None = None
    file_search: FileSearchBody | None = None


class ModifyThreadRequest(BaseModel):
    """The body of `POST /threads/{id}`: only these two keys are allowed."""

    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, str] | None = None
    tool_resources: ToolResourcesBody | None = None


class UpdateConversationRequest(BaseModel):
    """The body of `POST /conversations/{id}`: `metadata` is required."""

    model_config = ConfigDict(extra="forbid")

    metadata: dict[str, str]
