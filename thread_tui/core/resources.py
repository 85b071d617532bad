"""The thread and the conversation the editor edits, as plain dataclasses, and their parser.

Opening the editor must not import pydantic: it would add about 9 MiB to the TUI's peak
memory. So these objects are read by hand (in `core.resource_reader`), accepting exactly
what the pydantic models they replace accepted (in pydantic's lax mode: `created_at` of
"123" or 123.0 is 123). Fields this version does not know are kept in `extra` at every
level, so a newer server never breaks parsing. An object far beyond the API's limits
(thousands of metadata pairs, keys of megabytes: more than the hard caps of `core.limits`,
which drafts obey too) is a bad shape, refused before it is read further: an editor of
thousands of rows would freeze. One slightly over is read, for the editor to show its limit
errors. A bad shape raises `ResourceFormatError`, whose problems carry pydantic's error
type, location and wording, so `api.parsing` words them as it words a pydantic error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from thread_tui.core.ids import ResourceKind
from thread_tui.core.resource_reader import BEYOND_LIMITS as BEYOND_LIMITS
from thread_tui.core.resource_reader import FieldProblem as FieldProblem
from thread_tui.core.resource_reader import Fields, read, read_conversation, read_thread
from thread_tui.core.resource_reader import ResourceFormatError as ResourceFormatError
from thread_tui.core.resource_reader import read_code_interpreter as _read_code_interpreter
from thread_tui.core.resource_reader import read_file_search as _read_file_search
from thread_tui.core.resource_reader import read_tool_resources as _read_tool_resources

# -- the objects ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterResources:
    file_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> CodeInterpreterResources:
        return CodeInterpreterResources(**read(_read_code_interpreter, data, "code_interpreter"))

    def to_json(self) -> dict[str, Any]:
        return {"file_ids": list(self.file_ids), **self.extra}


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearchResources:
    vector_store_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> FileSearchResources:
        return FileSearchResources(**read(_read_file_search, data, "file_search"))

    def to_json(self) -> dict[str, Any]:
        return {"vector_store_ids": list(self.vector_store_ids), **self.extra}


@dataclass(frozen=True, slots=True, kw_only=True)
class ToolResources:
    code_interpreter: CodeInterpreterResources | None = None
    file_search: FileSearchResources | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def file_ids(self) -> list[str]:
        return list(self.code_interpreter.file_ids) if self.code_interpreter else []

    @property
    def vector_store_ids(self) -> list[str]:
        return list(self.file_search.vector_store_ids) if self.file_search else []

    @classmethod
    def from_json(cls, data: Any) -> ToolResources:
        return _tool_resources(read(_read_tool_resources, data, "tool_resources"))

    def to_json(self) -> dict[str, Any]:
        return {
            "code_interpreter": _dump(self.code_interpreter),
            "file_search": _dump(self.file_search),
            **self.extra,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Thread:
    id: str
    object: Literal["thread"] = "thread"
    created_at: int
    metadata: dict[str, str] | None = None
    tool_resources: ToolResources | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> Thread:
        return _thread(read(read_thread, data, "thread"))

    def to_json(self) -> dict[str, Any]:
        """The object as the server would send it (every field, then the unknown ones)."""
        return _resource_json(self, tool_resources=_dump(self.tool_resources))


@dataclass(frozen=True, slots=True, kw_only=True)
class Conversation:
    id: str
    object: Literal["conversation"] = "conversation"
    created_at: int
    metadata: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> Conversation:
        return Conversation(**read(read_conversation, data, "conversation"))

    def to_json(self) -> dict[str, Any]:
        """The object as the server would send it (every field, then the unknown ones)."""
        return _resource_json(self)


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
    """Read a GET/POST response body as the object of its kind, or raise ResourceFormatError."""
    if kind is ResourceKind.THREAD:
        return Thread.from_json(data)
    return Conversation.from_json(data)


def _dump(value: ToolResources | CodeInterpreterResources | FileSearchResources | None) -> Any:
    return None if value is None else value.to_json()


def _resource_json(resource: Resource, **more: Any) -> dict[str, Any]:
    """The fields a thread and a conversation share, then `more`, then the unknown ones."""
    metadata = None if resource.metadata is None else dict(resource.metadata)
    return {
        "id": resource.id,
        "object": resource.object,
        "created_at": resource.created_at,
        "metadata": metadata,
        **more,
        **resource.extra,
    }


# -- from what was read ---------------------------------------------------------------------
#
# `core.resource_reader` reads the JSON into plain field dicts (and finds every problem);
# these build the objects from them.


def _code_interpreter(fields: Fields | None) -> CodeInterpreterResources | None:
    return None if fields is None else CodeInterpreterResources(**fields)


def _file_search(fields: Fields | None) -> FileSearchResources | None:
    return None if fields is None else FileSearchResources(**fields)


def _tool_resources(fields: Fields) -> ToolResources:
    return ToolResources(
        code_interpreter=_code_interpreter(fields["code_interpreter"]),
        file_search=_file_search(fields["file_search"]),
        extra=fields["extra"],
    )


def _thread(fields: Fields) -> Thread:
    tools = fields["tool_resources"]
    return Thread(**{**fields, "tool_resources": None if tools is None else _tool_resources(tools)})
