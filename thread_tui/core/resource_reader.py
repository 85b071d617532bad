"""The reading of a thread's or a conversation's JSON: every problem found, in pydantic's words.

`core.resources` builds its objects from what is read here; the headless commands only need
to know that a body has the right shape (they print the server's JSON as it came), so
`check_resource` reads it without building any object, and without `core.resources`: its
seven dataclasses took more time to create on `thread-tui get` than all the rest of the
reading (bench/README.md). Nothing here is a dataclass, for the same reason.

What is read is a plain dict of each object's fields, nested objects as dicts too, with the
fields the server sent that this version does not know kept under `extra` at every level.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, Final, TypeVar

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
Fields = dict[str, Any]
"""One object's fields as read: the keyword arguments of its `core.resources` class."""

# The fields each object declares (`extra` holds the others); `core.resources`' classes have
# exactly these (tests/core/test_resource_reader.py holds the two in step).
CODE_INTERPRETER_FIELDS: Final = frozenset({"file_ids"})
FILE_SEARCH_FIELDS: Final = frozenset({"vector_store_ids"})
TOOL_RESOURCES_FIELDS: Final = frozenset({"code_interpreter", "file_search"})
THREAD_FIELDS: Final = frozenset({"id", "object", "created_at", "metadata", "tool_resources"})
CONVERSATION_FIELDS: Final = frozenset({"id", "object", "created_at", "metadata"})


# -- problems -------------------------------------------------------------------------------


class FieldProblem:
    """One thing wrong with a body. `type` and `msg` are pydantic's names and wording for the
    same problem (`missing`/"Field required", `string_type`/"Input should be a valid string",
    …), so that a message reads the same whichever parser found it."""

    __slots__ = ("input", "loc", "msg", "type")

    def __init__(self, loc: Loc, type: str, msg: str, input: Any) -> None:
        self.loc = loc
        self.type = type
        self.msg = msg
        self.input = input

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldProblem):
            return NotImplemented
        mine = (self.loc, self.type, self.msg, self.input)
        return mine == (other.loc, other.type, other.msg, other.input)

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __repr__(self) -> str:
        return (
            f"FieldProblem(loc={self.loc!r}, type={self.type!r}, msg={self.msg!r}, "
            f"input={self.input!r})"
        )


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
# (A pattern, compiled and cached by `re` on the first integer sent as text.)
_INT_TEXT = r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?"
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
        if re.fullmatch(_INT_TEXT, text, re.ASCII):
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


def _nullable(reader: Check[T]) -> Check[T | None]:
    """A nested object that may be null or absent (None), read by `reader`."""

    def check(value: Any, loc: Loc, problems: list[FieldProblem]) -> T | None:
        return None if value is None else reader(value, loc, problems)

    return check


class _Object:
    """The fields of one JSON object being read, with where it is."""

    __slots__ = ("fields", "loc", "problems")

    def __init__(self, fields: dict[str, Any], loc: Loc, problems: list[FieldProblem]) -> None:
        self.fields = fields
        self.loc = loc
        self.problems = problems

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


def _id_list_reader(name: str, what: str, allowed: int) -> Check[Fields]:
    """The reader of a tool's resources: one optional list of IDs (`name`: `what`, of which
    the API allows `allowed`), and what else the server sent."""
    ids_check = _str_list(what, allowed)
    known = frozenset({name})

    def read(value: Any, loc: Loc, problems: list[FieldProblem]) -> Fields:
        obj = _object(value, loc, problems)
        if obj is None:
            return {}
        no_ids: list[str] = []
        return {name: obj.optional(name, ids_check, no_ids), "extra": obj.unknown(known)}

    return read


read_code_interpreter = _id_list_reader("file_ids", "file IDs", MAX_FILE_IDS)
read_file_search = _id_list_reader("vector_store_ids", "vector store IDs", MAX_VECTOR_STORE_IDS)
_CODE_INTERPRETER_OR_NULL = _nullable(read_code_interpreter)
_FILE_SEARCH_OR_NULL = _nullable(read_file_search)


def read_tool_resources(value: Any, loc: Loc, problems: list[FieldProblem]) -> Fields:
    obj = _object(value, loc, problems)
    if obj is None:
        return {}
    return {
        "code_interpreter": obj.optional("code_interpreter", _CODE_INTERPRETER_OR_NULL, None),
        "file_search": obj.optional("file_search", _FILE_SEARCH_OR_NULL, None),
        "extra": obj.unknown(TOOL_RESOURCES_FIELDS),
    }


def read_thread(value: Any, loc: Loc, problems: list[FieldProblem]) -> Fields:
    obj = _object(value, loc, problems)
    if obj is None:
        return {}
    shared = _read_shared(obj, "thread")
    return {
        **shared,
        "tool_resources": obj.optional("tool_resources", _nullable(read_tool_resources), None),
        "extra": obj.unknown(THREAD_FIELDS),
    }


def read_conversation(value: Any, loc: Loc, problems: list[FieldProblem]) -> Fields:
    obj = _object(value, loc, problems)
    if obj is None:
        return {}
    return {**_read_shared(obj, "conversation"), "extra": obj.unknown(CONVERSATION_FIELDS)}


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


def read(reader: Check[T], data: Any, title: str) -> T:
    """What `reader` reads of `data` (a `title`), or ResourceFormatError with every problem."""
    problems: list[FieldProblem] = []
    parsed = reader(data, (), problems)
    if problems:
        raise ResourceFormatError(title, problems)
    return parsed


def check_resource(kind: ResourceKind, data: Any) -> None:
    """Raise ResourceFormatError unless `data` reads as a thread or conversation of `kind`
    (as `core.resources.parse_resource` would read it), building no object."""
    if kind is ResourceKind.THREAD:
        read(read_thread, data, "thread")
    else:
        read(read_conversation, data, "conversation")
