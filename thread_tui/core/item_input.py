"""Conversation items to add: building a message item, reading one typed as JSON or YAML flow
(`--item '{…}'`), checking a list of them before anything is sent, and cutting a long list
into calls of at most 20 (the API's limit per `POST /conversations/{id}/items`).

`item_problems` refuses at least everything the server (and the emulator, which mirrors it)
refuses, with one line per problem; it is stricter in a few places where the server would take
an item thread_tui has no use for (an `item_reference`, a hosted tool's call), so what it lets
through is always accepted. No I/O here: `@path` is read by the caller (core.flowvalue).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

T = TypeVar("T")

MAX_ITEMS_PER_CALL: Final = 20
ROLES: Final = ("user", "assistant", "system", "developer")
# The API's cap on one input string (a text part, a string content, a function's output).
MAX_TEXT_CHARS: Final = 10_485_760
MAX_CALL_ID_CHARS: Final = 64
# Item types thread_tui can send and check; the API knows more (hosted tools' calls).
TYPES: Final = ("message", "function_call", "function_call_output", "reasoning")
STATUSES: Final = ("in_progress", "completed", "incomplete")
PHASES: Final = ("commentary", "final_answer")

_MESSAGE_KEYS: Final = frozenset({"type", "role", "content", "status", "id", "phase"})
_CALL_KEYS: Final = frozenset(
    {"type", "id", "call_id", "name", "arguments", "status", "namespace", "caller"}
)
_OUTPUT_KEYS: Final = frozenset(
    {"type", "id", "call_id", "output", "status", "name", "namespace", "caller"}
)
_REASONING_KEYS: Final = frozenset(
    {"type", "id", "summary", "content", "encrypted_content", "status"}
)
# Content parts by role: an assistant's message holds the model's output, the others input.
INPUT_PARTS: Final = ("input_text", "input_image", "input_file")
OUTPUT_PARTS: Final = ("output_text", "refusal")
_PART_KEYS: Final = {
    "input_text": frozenset({"type", "text"}),
    "output_text": frozenset({"type", "text", "annotations", "logprobs"}),
    "refusal": frozenset({"type", "refusal"}),
    "input_image": frozenset({"type", "image_url", "file_id", "detail"}),
    "input_file": frozenset({"type", "file_id", "filename", "file_data", "file_url"}),
}
_IMAGE_DETAILS: Final = ("low", "high", "auto")
_TEXT_KEYS: Final = frozenset({"type", "text"})


class ItemInputError(ValueError):
    """An item that cannot be read; `lines` holds one message per problem."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


def message_item(role: str, text: str) -> dict[str, Any]:
    """A message item with one text part: `output_text` for the assistant (the API refuses
    `input_text` in an assistant's message), `input_text` for the other roles."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    part = "output_text" if role == "assistant" else "input_text"
    return {"type": "message", "role": role, "content": [{"type": part, "text": text}]}


def parse_item(text: str, *, source: str = "--item") -> dict[str, Any]:
    """One item from JSON or YAML flow text (`{type: message, role: user, content: hi}`).

    Scalars keep their JSON meaning (YAML's `yes` is true, `12` a number), so a wrong type
    is reported by `item_problems` as the server would. Raises ItemInputError.
    """
    from thread_tui.core.flowvalue import FlowValueError, parse_flow

    try:
        data = parse_flow(text, source)
    except FlowValueError as exc:
        raise ItemInputError(exc.lines) from None
    value = _plain(data)
    if not isinstance(value, dict):
        raise ItemInputError([f"{source}: an item is a JSON object ({{…}}), not {_kind(value)}."])
    return value


def item_problems(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """One line per problem that would make the server refuse these items in one call."""
    problems: list[str] = []
    if not items:
        problems.append("No items to add: give at least one.")
    elif len(items) > MAX_ITEMS_PER_CALL:
        problems.append(
            f"{len(items)} items: at most {MAX_ITEMS_PER_CALL} can be added in one call."
        )
    for index, item in enumerate(items):
        where = f"item {index + 1}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: not a JSON object but {_kind(item)}.")
            continue
        problems += _item(item, where) or _unsendable(item, where)
    return problems


def batches(items: Sequence[T], size: int = MAX_ITEMS_PER_CALL) -> list[list[T]]:
    """`items` in order, cut into lists of at most `size` (one API call each)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


# -- one item ---------------------------------------------------------------------------


def _item(item: Mapping[str, Any], where: str) -> list[str]:
    kind = item.get("type", "message" if "role" in item else None)
    if kind is None:
        return [f"{where}: no 'type' (a message item needs type: message, a role and content)."]
    if kind not in TYPES:
        return [
            f"{where}: type {_short(kind)} is not one thread_tui can add "
            f"(it adds {', '.join(TYPES)})."
        ]
    keys = {
        "message": _MESSAGE_KEYS,
        "function_call": _CALL_KEYS,
        "function_call_output": _OUTPUT_KEYS,
        "reasoning": _REASONING_KEYS,
    }[kind]
    problems = [f"{where}: unknown field {_short(key)}." for key in item if key not in keys]
    status = item.get("status")
    if status is not None and status not in STATUSES:
        problems.append(f"{where}: status must be one of {', '.join(STATUSES)}.")
    if kind == "message":
        problems += _message(item, where)
    elif kind == "function_call":
        for name in ("call_id", "name", "arguments"):
            problems += _required_text(item, name, where)
        problems += _optional_text(item, "namespace", where)
        problems += _id_prefix(item, "fc", where)
    elif kind == "function_call_output":
        problems += _function_output(item, where)
    else:
        problems += _reasoning(item, where)
    return problems


def _message(item: Mapping[str, Any], where: str) -> list[str]:
    role = item.get("role")
    if role not in ROLES:
        shown = "no role" if role is None else f"role {_short(role)}"
        return [f"{where}: {shown}; a message's role is one of {', '.join(ROLES)}."]
    problems = _id_prefix(item, "msg", where)
    phase = item.get("phase")
    if phase is not None and phase not in PHASES:
        problems.append(f"{where}: phase must be one of {', '.join(PHASES)}.")
    content = item.get("content")
    if isinstance(content, str):
        if len(content) > MAX_TEXT_CHARS:
            problems.append(_too_long(where, "content", len(content)))
        return problems
    if not isinstance(content, list) or not content:
        got = "no content" if content is None else f"content is {_kind(content)}"
        problems.append(f"{where}: {got}; give a text, or a list of content parts.")
        return problems
    allowed = OUTPUT_PARTS if role == "assistant" else INPUT_PARTS
    for number, part in enumerate(content, 1):
        problems += _part(part, allowed, f"{where}, part {number}", role)
    return problems


def _part(part: Any, allowed: Sequence[str], where: str, role: str) -> list[str]:
    if not isinstance(part, Mapping):
        return [f"{where}: not a content part ({{type: …, text: …}}) but {_kind(part)}."]
    kind = part.get("type")
    if kind not in allowed:
        return [
            f"{where}: type {_short(kind)} cannot be in a message of role {role} "
            f"(it takes {', '.join(allowed)})."
        ]
    known = _PART_KEYS[str(kind)]
    problems = [f"{where}: unknown field {_short(key)}." for key in part if key not in known]
    if kind in ("input_text", "output_text"):
        problems += _required_text(part, "text", where, limit=MAX_TEXT_CHARS)
        for name in ("annotations", "logprobs"):
            if name in part and part[name] != []:
                problems.append(f"{where}: {name} can only be an empty list when adding.")
    elif kind == "refusal":
        problems += _required_text(part, "refusal", where, limit=MAX_TEXT_CHARS)
    elif kind == "input_image":
        for name in ("image_url", "file_id"):
            problems += _optional_text(part, name, where)
        if not part.get("image_url") and not part.get("file_id"):
            problems.append(f"{where}: an image needs an image_url or a file_id.")
        if "detail" in part and part["detail"] not in _IMAGE_DETAILS:
            problems.append(f"{where}: detail must be one of {', '.join(_IMAGE_DETAILS)}.")
    else:
        for name in ("file_id", "filename", "file_data", "file_url"):
            problems += _optional_text(part, name, where)
        if not any(part.get(name) for name in ("file_id", "file_data", "file_url")):
            problems.append(f"{where}: a file needs a file_id, file_data or file_url.")
    return problems


def _function_output(item: Mapping[str, Any], where: str) -> list[str]:
    problems = _required_text(item, "call_id", where, limit=MAX_CALL_ID_CHARS)
    if isinstance(item.get("call_id"), str) and not item["call_id"]:
        problems.append(f"{where}: call_id is empty.")
    output = item.get("output")
    if isinstance(output, str):
        if len(output) > MAX_TEXT_CHARS:
            problems.append(_too_long(where, "output", len(output)))
    elif isinstance(output, list):
        for number, part in enumerate(output, 1):
            problems += _part(part, INPUT_PARTS, f"{where}, output part {number}", "tool")
    else:
        got = "no output" if output is None else f"output is {_kind(output)}"
        problems.append(f"{where}: {got}; give a text, or a list of content parts.")
    for name in ("name", "namespace"):
        problems += _optional_text(item, name, where)
    return problems


def _reasoning(item: Mapping[str, Any], where: str) -> list[str]:
    problems = _required_text(item, "id", where)
    problems += _id_prefix(item, "rs", where)
    problems += _optional_text(item, "encrypted_content", where)
    for name, part_type, required in (
        ("summary", "summary_text", True),
        ("content", "reasoning_text", False),
    ):
        parts = item.get(name)
        if parts is None and not required:
            continue
        if not isinstance(parts, list):
            got = f"no {name}" if parts is None else f"{name} is {_kind(parts)}"
            problems.append(f"{where}: {got}; give a list of {part_type} parts.")
            continue
        for number, part in enumerate(parts, 1):
            at = f"{where}, {name} part {number}"
            if not isinstance(part, Mapping) or part.get("type") != part_type:
                problems.append(f"{at}: expected {{type: {part_type}, text: …}}.")
                continue
            problems += [
                f"{at}: unknown field {_short(k)}." for k in part if k not in ("type", "text")
            ]
            problems += _required_text(part, "text", at, limit=MAX_TEXT_CHARS)
    return problems


# -- small checks ---------------------------------------------------------------------------


def _unsendable(item: Mapping[str, Any], where: str) -> list[str]:
    """What JSON cannot carry: a lone surrogate in a text, NaN or infinity, a non-JSON value."""
    try:
        json.dumps(item, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        return [f"{where}: holds a character that is not valid Unicode text (a lone surrogate)."]
    except (ValueError, TypeError, RecursionError):
        return [f"{where}: holds a value JSON cannot carry (NaN, infinity or a non-JSON type)."]
    return []


def _required_text(
    item: Mapping[str, Any], name: str, where: str, *, limit: int = MAX_TEXT_CHARS
) -> list[str]:
    value = item.get(name)
    if value is None:
        return [f"{where}: {name} is missing."]
    if not isinstance(value, str):
        return [f"{where}: {name} must be a string, not {_kind(value)}."]
    if len(value) > limit:
        return [_too_long(where, name, len(value), limit)]
    return []


def _optional_text(item: Mapping[str, Any], name: str, where: str) -> list[str]:
    value = item.get(name)
    if value is None or isinstance(value, str):
        if isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
            return [_too_long(where, name, len(value))]
        return []
    return [f"{where}: {name} must be a string, not {_kind(value)}."]


def _id_prefix(item: Mapping[str, Any], prefix: str, where: str) -> list[str]:
    value = item.get("id")
    if value is None:
        return []
    if not isinstance(value, str):
        return [f"{where}: id must be a string, not {_kind(value)}."]
    if not value.startswith(prefix):
        return [f"{where}: id {_short(value)} must begin with '{prefix}'."]
    return []


def _too_long(where: str, name: str, length: int, limit: int = MAX_TEXT_CHARS) -> str:
    return f"{where}: {name} is {length:,} characters long; at most {limit:,}."


def _plain(value: Any) -> Any:
    """Flow data (core.flowvalue) as plain JSON values: NotText scalars get their JSON type."""
    from thread_tui.core.flowvalue import NotText

    if isinstance(value, NotText):
        return _scalar(value.kind, value.text)
    if isinstance(value, dict):
        return {(k.text if isinstance(k, NotText) else k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _scalar(kind: str, text: str) -> Any:
    if kind == "null":
        return None
    if kind == "a boolean":
        return text.strip().lower() in ("true", "yes", "on", "y")
    if kind == "a number":
        try:
            return json.loads(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                return text
    return text  # a date or binary: kept as typed


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "a list"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def _short(value: Any, width: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    if len(text) > width:
        text = text[: width - 1] + "…"
    return repr(text) if isinstance(value, str) else text
