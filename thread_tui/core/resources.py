"""The thread and the conversation the editor edits, as plain dataclasses, and their parser.

Opening the editor must not import pydantic: it would add about 9 MiB to the TUI's peak
memory. So these objects are read here by hand, accepting exactly what the pydantic models
they replace accepted (in pydantic's lax mode: `created_at` of "123" or 123.0 is 123).
Fields this version does not know are kept in `extra` at every level, so a newer server
never breaks parsing. An object far beyond the API's limits (thousands of metadata pairs,
keys of megabytes: more than the hard caps of `core.limits`, which drafts obey too) is a bad
shape, refused before it is read further: an editor of thousands of rows would freeze. One
slightly over is read, for the editor to show its limit errors. A bad shape raises
`ResourceFormatError`, whose problems carry pydantic's error type, location and wording, so
`api.parsing` words them as it words a pydantic error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

from thread_tui.core.ids import ResourceKind
from thread_tui.core.limits import (
    HARD_MAX_IDS,
    HARD_MAX_ROWS,
    HARD_MAX_TEXT,
    MAX_FILE_IDS,
    MAX_KEY_CHARS,
    MAX_METADATA_PAIRS,
    MAX_VALUE_CHARS,
    MAX_VECTOR_STORE_IDS,
)

T = TypeVar("T")
Loc = tuple[str | int, ...]


# -- the objects ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeInterpreterResources:
    file_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> CodeInterpreterResources:
        return _parse(_read_code_interpreter, data, "code_interpreter")

    def to_json(self) -> dict[str, Any]:
        return {"file_ids": list(self.file_ids), **self.extra}


@dataclass(frozen=True, slots=True, kw_only=True)
class FileSearchResources:
    vector_store_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> FileSearchResources:
        return _parse(_read_file_search, data, "file_search")

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
        return _parse(_read_tool_resources, data, "tool_resources")

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
        return _parse(_read_thread, data, "thread")

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
        return _parse(_read_conversation, data, "conversation")

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


# -- problems -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with a body. `type` and `msg` are pydantic's names and wording for the
    same problem (`missing`/"Field required", `string_type`/"Input should be a valid string",
    …), so that a message reads the same whichever parser found it."""

    loc: Loc
    type: str
    msg: str
    input: Any


class ResourceFormatError(ValueError):
    """A body that is not a valid thread or conversation; `problems` lists every problem.

    A ValueError, as pydantic's ValidationError is, so callers that caught that still catch it.
    `errors()` and `error_count()` answer as pydantic's do, for `api.parsing.format_error`.
    """

    def __init__(self, title: str, problems: list[FieldProblem]) -> None:
        self.title = title
        self.problems = tuple(problems)
        listed = "; ".join(
            f"{'.'.join(str(part) for part in p.loc) or '(the body)'}: {p.msg}" for p in problems
        )
        super().__init__(f"not a valid {title}: {listed}")

    def errors(self) -> list[dict[str, Any]]:
        return [
            {"type": p.type, "loc": p.loc, "msg": p.msg, "input": p.input} for p in self.problems
        ]

    def error_count(self) -> int:
        return len(self.problems)


# -- reading --------------------------------------------------------------------------------
#
# Each check takes the value, where it is, and the list of problems found so far. On a
# problem it records it and returns a placeholder of the right type, so that reading goes on
# and every problem is reported at once, in pydantic's order (fields in declared order).

Check = Callable[[Any, Loc, list[FieldProblem]], T]

# What `str.strip` would strip, less the four separators \x1c-\x1f that pydantic (whose
# parser is in Rust, with Unicode's White_Space) does not treat as white space.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# pydantic's lax integer text: a sign, digits with single underscores between them, and a
# fraction of zeros only ("1.0" is 1; "1.5", "1." and "1e3" are not integers). pydantic-core
# also took some garbage after leading zeros ("0-1" as -1, "0__1" as 1): refused here.
_INT_TEXT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?", re.ASCII)
_MAX_INT_DIGITS = 4300  # significant digits: CPython's int() limit, which pydantic applies too
_MAX_FLOAT_INT = 2.0**63  # a float is taken as an integer only within i64, as pydantic does

_INT_MESSAGE = "Input should be a valid integer"
_OBJECT_MESSAGE = "Input should be a valid dictionary"


def _problem(problems: list[FieldProblem], loc: Loc, kind: str, msg: str, value: Any) -> None:
    problems.append(FieldProblem(loc, kind, msg, value))


def _str(value: Any, loc: Loc, problems: list[FieldProblem]) -> str:
    if isinstance(value, str):
        return str(value)
    _problem(problems, loc, "string_type", "Input should be a valid string", value)
    return ""


def _int(value: Any, loc: Loc, problems: list[FieldProblem]) -> int:
    if isinstance(value, int):  # a boolean too: pydantic's lax mode takes true as 1
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            _problem(problems, loc, "finite_number", "Input should be a finite number", value)
        elif not value.is_integer():
            msg = f"{_INT_MESSAGE}, got a number with a fractional part"
            _problem(problems, loc, "int_from_float", msg, value)
        elif abs(value) >= _MAX_FLOAT_INT:
            _too_big(problems, loc, value)
        else:
            return int(value)
        return 0
    if isinstance(value, str):
        text = value.strip(_WHITE_SPACE)
        if _INT_TEXT.fullmatch(text):
            sign = "-" if text[0] == "-" else ""
            digits = text.lstrip("+-").split(".", 1)[0].replace("_", "").lstrip("0") or "0"
            if len(digits) <= _MAX_INT_DIGITS:
                return int(sign + digits)
            _too_big(problems, loc, value)
        else:
            msg = f"{_INT_MESSAGE}, unable to parse string as an integer"
            _problem(problems, loc, "int_parsing", msg, value)
        return 0
    _problem(problems, loc, "int_type", _INT_MESSAGE, value)
    return 0


def _too_big(problems: list[FieldProblem], loc: Loc, value: Any) -> None:
    msg = "Unable to parse input string as an integer, exceeded maximum size"
    _problem(problems, loc, "int_parsing_size", msg, value)


def _literal(expected: str) -> Check[str]:
    def check(value: Any, loc: Loc, problems: list[FieldProblem]) -> str:
        if isinstance(value, str) and value == expected:
            return expected
        _problem(problems, loc, "literal_error", f"Input should be {expected!r}", value)
        return expected

    return check


# The type of a problem that is an object far beyond the API's limits; its `msg` says what
# and the API's limit ("5,000 metadata pairs; the API allows 16"), as a whole sentence's start.
BEYOND_LIMITS = "beyond_limits"


def _beyond(
    problems: list[FieldProblem], loc: Loc, count: int, what: str, limit: str, value: Any
) -> None:
    _problem(problems, loc, BEYOND_LIMITS, f"{count:,} {what}; {limit}", value)


def _text(what: str, limit: str) -> Check[str]:
    """A string of at most the hard cap of characters (`what`; `limit` says the API's)."""

    def check(value: Any, loc: Loc, problems: list[FieldProblem]) -> str:
        text = _str(value, loc, problems)
        if len(text) > HARD_MAX_TEXT:
            _beyond(problems, loc, len(text), f"characters in {what}", limit, value)
            return ""
        return text

    return check


_KEY = _text("a metadata key", f"the API allows {MAX_KEY_CHARS}")
_VALUE = _text("a metadata value", f"the API allows {MAX_VALUE_CHARS}")


def _str_list(what: str, allowed: int) -> Check[list[str]]:
    """A list of at most the hard cap of IDs (`what`, of which the API allows `allowed`)."""
    item_check = _text(f"one of the {what}", "no ID is nearly that long")

    def check(value: Any, loc: Loc, problems: list[FieldProblem]) -> list[str]:
        if not isinstance(value, list | tuple):
            _problem(problems, loc, "list_type", "Input should be a valid list", value)
            return []
        if len(value) > HARD_MAX_IDS:
            _beyond(problems, loc, len(value), what, f"the API allows {allowed}", value)
            return []
        return [item_check(item, (*loc, index), problems) for index, item in enumerate(value)]

    return check


def _metadata(value: Any, loc: Loc, problems: list[FieldProblem]) -> dict[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        _problem(problems, loc, "dict_type", _OBJECT_MESSAGE, value)
        return None
    if len(value) > HARD_MAX_ROWS:
        limit = f"the API allows {MAX_METADATA_PAIRS}"
        _beyond(problems, loc, len(value), "metadata pairs", limit, value)
        return None
    out: dict[str, str] = {}
    for key, item in value.items():
        # JSON keys are always strings; a Python caller's other keys are refused as pydantic
        # refused them, at `metadata.<key>.[key]`.
        name = _KEY(key, (*loc, key, "[key]"), problems)
        out[name] = _VALUE(item, (*loc, key), problems)
    return out


def _nullable(read: Check[T]) -> Check[T | None]:
    """A nested object that may be null or absent (None), read by `read`."""

    def check(value: Any, loc: Loc, problems: list[FieldProblem]) -> T | None:
        return None if value is None else read(value, loc, problems)

    return check


@dataclass(slots=True)
class _Object:
    """The fields of one JSON object being read, with where it is."""

    fields: dict[str, Any]
    loc: Loc
    problems: list[FieldProblem]

    def required(self, name: str, check: Check[T], placeholder: T) -> T:
        if name not in self.fields:
            loc = (*self.loc, name)
            _problem(self.problems, loc, "missing", "Field required", self.fields)
            return placeholder
        return check(self.fields[name], (*self.loc, name), self.problems)

    def optional(self, name: str, check: Check[T], default: T) -> T:
        if name not in self.fields:
            return default
        return check(self.fields[name], (*self.loc, name), self.problems)

    def unknown(self, known: frozenset[str]) -> dict[str, Any]:
        return {key: value for key, value in self.fields.items() if key not in known}


def _object(value: Any, loc: Loc, problems: list[FieldProblem]) -> _Object | None:
    if isinstance(value, dict):
        return _Object(value, loc, problems)
    _problem(problems, loc, "model_type", _OBJECT_MESSAGE, value)
    return None


def _id_list_reader(cls: Callable[..., T], name: str, what: str, allowed: int) -> Check[T]:
    """The reader of a tool's resources: one optional list of IDs (`name`: `what`, of which
    the API allows `allowed`), and what else the server sent."""
    ids_check = _str_list(what, allowed)

    def read(value: Any, loc: Loc, problems: list[FieldProblem]) -> T:
        obj = _object(value, loc, problems)
        if obj is None:
            return cls()
        no_ids: list[str] = []
        ids = obj.optional(name, ids_check, no_ids)
        return cls(**{name: ids}, extra=obj.unknown(frozenset({name})))

    return read


_read_code_interpreter = _id_list_reader(
    CodeInterpreterResources, "file_ids", "file IDs", MAX_FILE_IDS
)
_read_file_search = _id_list_reader(
    FileSearchResources, "vector_store_ids", "vector store IDs", MAX_VECTOR_STORE_IDS
)


def _read_tool_resources(value: Any, loc: Loc, problems: list[FieldProblem]) -> ToolResources:
    obj = _object(value, loc, problems)
    if obj is None:
        return ToolResources()
    return ToolResources(
        code_interpreter=obj.optional("code_interpreter", _nullable(_read_code_interpreter), None),
        file_search=obj.optional("file_search", _nullable(_read_file_search), None),
        extra=obj.unknown(_TOOL_RESOURCES_FIELDS),
    )


def _read_thread(value: Any, loc: Loc, problems: list[FieldProblem]) -> Thread:
    obj = _object(value, loc, problems)
    if obj is None:
        return Thread(id="", created_at=0)
    shared = _read_shared(obj, "thread")
    return Thread(
        **shared,
        tool_resources=obj.optional("tool_resources", _nullable(_read_tool_resources), None),
        extra=obj.unknown(_THREAD_FIELDS),
    )


def _read_conversation(value: Any, loc: Loc, problems: list[FieldProblem]) -> Conversation:
    obj = _object(value, loc, problems)
    if obj is None:
        return Conversation(id="", created_at=0)
    return Conversation(
        **_read_shared(obj, "conversation"), extra=obj.unknown(_CONVERSATION_FIELDS)
    )


def _read_shared(obj: _Object, object_type: str) -> dict[str, Any]:
    """The fields a thread and a conversation share, read in their declared order (so the
    problems come in pydantic's order); `object` is checked, not kept (it is the literal)."""
    resource_id = obj.required("id", _str, "")
    obj.optional("object", _literal(object_type), object_type)
    return {
        "id": resource_id,
        "created_at": obj.required("created_at", _int, 0),
        "metadata": obj.optional("metadata", _metadata, None),
    }


def _parse(read: Check[T], data: Any, title: str) -> T:
    problems: list[FieldProblem] = []
    parsed = read(data, (), problems)
    if problems:
        raise ResourceFormatError(title, problems)
    return parsed


def _known(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls)) - {"extra"}


_TOOL_RESOURCES_FIELDS = _known(ToolResources)
_THREAD_FIELDS = _known(Thread)
_CONVERSATION_FIELDS = _known(Conversation)
