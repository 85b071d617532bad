"""The server's checks of input items (`POST /conversations/{id}/items`, `POST /conversations`)
and the items it stores from them, as the real API answers: the first problem is a 400 naming
its `param` (`items[2].content[0].text`), and nothing is stored unless every item passes.

The spec (spec/openai-openapi-subset.json, `InputItem`) describes the accepted shapes; the
wording follows the API's errors for input items (`Unknown parameter: …`, `Invalid value: …
Supported values are: …`). The item types thread_tui adds and copies (message, function_call,
function_call_output, reasoning, item_reference) are checked field by field; the other types
the spec lists (hosted tools' calls and outputs) are only checked to be objects, as the
emulator has no use for their insides (the spec does not say which the server re-creates).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from thread_tui.emulator.errors import ApiFailure, bad_request, invalid_type, json_type_name

Payload = dict[str, Any]
NewId = Callable[[str], str]

MAX_ITEMS = 20
MAX_TEXT = 10_485_760  # the API's cap on one input string
MAX_CALL_ID = 64  # FunctionCallOutputItemParam.call_id
ROLES = ("user", "assistant", "system", "developer")
STATUSES = ("in_progress", "completed", "incomplete")
PHASES = ("commentary", "final_answer")
IMAGE_DETAILS = ("low", "high", "auto", "original")
INPUT_PARTS = ("input_text", "input_image", "input_file")
OUTPUT_PARTS = ("output_text", "refusal")
# Every `type` of the spec's InputItem; those without a checker below are stored as sent.
ITEM_TYPES = (
    "message",
    "item_reference",
    "function_call",
    "function_call_output",
    "reasoning",
    "file_search_call",
    "computer_call",
    "computer_call_output",
    "web_search_call",
    "tool_search_call",
    "tool_search_output",
    "additional_tools",
    "compaction",
    "compaction_trigger",
    "image_generation_call",
    "code_interpreter_call",
    "local_shell_call",
    "local_shell_call_output",
    "shell_call",
    "shell_call_output",
    "apply_patch_call",
    "apply_patch_call_output",
    "mcp_list_tools",
    "mcp_approval_request",
    "mcp_approval_response",
    "mcp_call",
    "custom_tool_call_output",
    "custom_tool_call",
    "program",
    "program_output",
)
_KEYS = {
    "message": frozenset({"type", "role", "content", "status", "id", "phase"}),
    "function_call": frozenset(
        {"type", "id", "call_id", "name", "arguments", "status", "namespace", "caller"}
    ),
    "function_call_output": frozenset(
        {"type", "id", "call_id", "output", "status", "name", "namespace", "caller"}
    ),
    "reasoning": frozenset({"type", "id", "summary", "content", "encrypted_content", "status"}),
    "item_reference": frozenset({"type", "id"}),
}
_BREAKPOINT = "prompt_cache_breakpoint"
_PART_KEYS = {
    "input_text": frozenset({"type", "text", _BREAKPOINT}),
    "output_text": frozenset({"type", "text", "annotations", "logprobs"}),
    "refusal": frozenset({"type", "refusal"}),
    "input_image": frozenset({"type", "image_url", "file_id", "detail", _BREAKPOINT}),
    "input_file": frozenset(
        {"type", "file_id", "filename", "file_data", "file_url", "detail", _BREAKPOINT}
    ),
}
# The prefix of the IDs the server gives each type (and expects of an `id` that is sent).
ID_PREFIXES = {"message": "msg", "function_call": "fc", "reasoning": "rs"}
_NEW_ID_PREFIX = {"function_call_output": "fco"}


def check_item_list(
    value: Any, *, required: bool, allow_empty: bool, param: str = "items"
) -> list[Payload]:
    """The `items` array of a body: present (when `required`), an array, 1..20 long."""
    if value is None:
        if required:
            raise missing(param)
        return []
    if not isinstance(value, list):
        raise invalid_type(param, "an array", json_type_name(value))
    if not value and not allow_empty:
        raise bad_request(
            f"Invalid '{param}': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            param=param,
            code="empty_array",
        )
    if len(value) > MAX_ITEMS:
        raise bad_request(
            f"Invalid '{param}': array too long. Expected an array with maximum length "
            f"{MAX_ITEMS}, but got an array with length {len(value)} instead.",
            param=param,
            code="array_above_max_length",
        )
    return value


def build_items(
    values: Sequence[Any], new_id: NewId, existing: Sequence[Payload], param: str = "items"
) -> list[Payload]:
    """The items to store for the sent ones, in order; ApiFailure at the first problem.

    `existing` are the conversation's items (an item_reference must name one of them)."""
    return [
        _build(value, f"{param}[{index}]", new_id, existing) for index, value in enumerate(values)
    ]


def missing(param: str) -> ApiFailure:
    return bad_request(
        f"Missing required parameter: '{param}'.", param=param, code="missing_required_parameter"
    )


def unknown(param: str) -> ApiFailure:
    return bad_request(f"Unknown parameter: '{param}'.", param=param, code="unknown_parameter")


def invalid_value(param: str, value: Any, supported: Sequence[str]) -> ApiFailure:
    return bad_request(
        f"Invalid value: {_shown(value)}. Supported values are: {_choices(supported)}.",
        param=param,
        code="invalid_value",
    )


def _build(value: Any, param: str, new_id: NewId, existing: Sequence[Payload]) -> Payload:
    if not isinstance(value, dict):
        raise invalid_type(param, "an object", json_type_name(value))
    kind = value.get("type")
    if kind is None:
        # EasyInputMessage and ItemReferenceParam may leave `type` out.
        if "role" in value:
            kind = "message"
        elif "id" in value:
            kind = "item_reference"
        else:
            raise missing(f"{param}.type")
    if not isinstance(kind, str) or kind not in ITEM_TYPES:
        raise invalid_value(f"{param}.type", kind, ITEM_TYPES)
    keys = _KEYS.get(kind)
    if keys is None:
        # A hosted tool's item: kept as sent, under a new ID (see the module docstring).
        stored = copy.deepcopy(value)
        stored["id"] = new_id(f"{kind.split('_')[0][:4]}_")
        stored.setdefault("status", "completed")
        return stored
    for key in value:
        if key not in keys:
            raise unknown(f"{param}.{key}")
    _status(value, param)
    if kind == "message":
        return _message(value, param, new_id)
    if kind == "function_call":
        return _function_call(value, param, new_id)
    if kind == "function_call_output":
        return _function_output(value, param, new_id)
    if kind == "reasoning":
        return _reasoning(value, param, new_id)
    return _reference(value, param, new_id, existing)


def _message(value: Payload, param: str, new_id: NewId) -> Payload:
    role = value.get("role")
    if role is None:
        raise missing(f"{param}.role")
    if role not in ROLES:
        raise invalid_value(f"{param}.role", role, ROLES)
    _sent_id(value, "message", param)
    phase = value.get("phase")
    if phase is not None and phase not in PHASES:
        raise invalid_value(f"{param}.phase", phase, PHASES)
    if "content" not in value:
        raise missing(f"{param}.content")
    content = value["content"]
    assistant = role == "assistant"
    if isinstance(content, str):
        _text_length(content, f"{param}.content")
        # A string is stored as one text part, as the API returns it.
        parts: list[Payload] = [_text_part("output_text" if assistant else "input_text", content)]
    elif isinstance(content, list):
        allowed = OUTPUT_PARTS if assistant else INPUT_PARTS
        parts = [
            _part(part, f"{param}.content[{index}]", allowed) for index, part in enumerate(content)
        ]
    else:
        raise invalid_type(f"{param}.content", "a string or an array", json_type_name(content))
    stored: Payload = {
        "type": "message",
        "id": new_id("msg_"),
        "status": value.get("status") or "completed",
        "role": role,
        "content": parts,
    }
    if phase is not None:
        stored["phase"] = phase
    return stored


def _part(part: Any, param: str, allowed: Sequence[str]) -> Payload:
    if not isinstance(part, dict):
        raise invalid_type(param, "an object", json_type_name(part))
    kind = part.get("type")
    if kind is None:
        raise missing(f"{param}.type")
    if kind not in allowed:
        raise invalid_value(param, kind, allowed)
    for key in part:
        if key not in _PART_KEYS[kind]:
            raise unknown(f"{param}.{key}")
    if kind in ("input_text", "output_text"):
        text = _string(part, "text", param, required=True)
        stored = _text_part(kind, text)
        if kind == "output_text":
            for name in ("annotations", "logprobs"):
                sent = part.get(name, [])
                if not isinstance(sent, list):
                    raise invalid_type(f"{param}.{name}", "an array", json_type_name(sent))
                stored[name] = copy.deepcopy(sent)
        return stored
    if kind == "refusal":
        return {"type": "refusal", "refusal": _string(part, "refusal", param, required=True)}
    stored = copy.deepcopy(part)
    if kind == "input_image":
        for name in ("image_url", "file_id"):
            _string(part, name, param, required=False)
        if not part.get("image_url") and not part.get("file_id"):
            raise missing(f"{param}.image_url")
        detail = part.get("detail", "auto")
        if detail not in IMAGE_DETAILS:
            raise invalid_value(f"{param}.detail", detail, IMAGE_DETAILS)
        stored["detail"] = detail  # required in the stored part; "auto" by default
        return stored
    for name in ("file_id", "filename", "file_data", "file_url"):
        _string(part, name, param, required=False)
    if not any(part.get(name) for name in ("file_id", "file_data", "file_url")):
        raise missing(f"{param}.file_id")
    return stored


def _text_part(kind: str, text: str) -> Payload:
    if kind == "output_text":
        return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
    return {"type": "input_text", "text": text}


def _function_call(value: Payload, param: str, new_id: NewId) -> Payload:
    _sent_id(value, "function_call", param)
    stored: Payload = {"type": "function_call", "id": new_id("fc_")}
    for name in ("call_id", "name", "arguments"):
        stored[name] = _string(value, name, param, required=True)
    if value.get("namespace") is not None:
        stored["namespace"] = _string(value, "namespace", param, required=True)
    stored["status"] = value.get("status") or "completed"
    return stored


def _function_output(value: Payload, param: str, new_id: NewId) -> Payload:
    # The spec's FunctionCallOutputItemParam lets call_id out, but the item the server returns
    # (FunctionToolCallOutputResource) must carry one: a missing call_id is refused.
    call_id = _string(value, "call_id", param, required=True)
    if not 1 <= len(call_id) <= MAX_CALL_ID:
        raise _length(f"{param}.call_id", call_id, MAX_CALL_ID, minimum=1)
    if "output" not in value:
        raise missing(f"{param}.output")
    output = value["output"]
    if isinstance(output, str):
        _text_length(output, f"{param}.output")
        stored_output: Any = output
    elif isinstance(output, list):
        stored_output = [
            _part(part, f"{param}.output[{index}]", INPUT_PARTS)
            for index, part in enumerate(output)
        ]
    else:
        raise invalid_type(f"{param}.output", "a string or an array", json_type_name(output))
    stored: Payload = {
        "type": "function_call_output",
        "id": new_id(f"{_NEW_ID_PREFIX['function_call_output']}_"),
        "call_id": call_id,
        "output": stored_output,
    }
    for name in ("name", "namespace"):
        if value.get(name) is not None:
            stored[name] = _string(value, name, param, required=True)
    stored["status"] = value.get("status") or "completed"
    return stored


def _reasoning(value: Payload, param: str, new_id: NewId) -> Payload:
    if "id" not in value:
        raise missing(f"{param}.id")  # ReasoningItem requires it
    _string(value, "id", param, required=True)
    _sent_id(value, "reasoning", param)
    if "summary" not in value:
        raise missing(f"{param}.summary")
    stored: Payload = {"type": "reasoning", "id": new_id("rs_")}
    for name, part_type in (("summary", "summary_text"), ("content", "reasoning_text")):
        if name not in value or (name == "content" and value[name] is None):
            continue
        parts = value[name]
        if not isinstance(parts, list):
            raise invalid_type(f"{param}.{name}", "an array", json_type_name(parts))
        stored[name] = [
            _reasoning_part(part, f"{param}.{name}[{index}]", part_type)
            for index, part in enumerate(parts)
        ]
    if value.get("encrypted_content") is not None:
        stored["encrypted_content"] = _string(value, "encrypted_content", param, required=True)
    stored["status"] = value.get("status") or "completed"
    return stored


def _reasoning_part(part: Any, param: str, part_type: str) -> Payload:
    if not isinstance(part, dict):
        raise invalid_type(param, "an object", json_type_name(part))
    if part.get("type") != part_type:
        raise invalid_value(f"{param}.type", part.get("type"), (part_type,))
    for key in part:
        if key not in ("type", "text"):
            raise unknown(f"{param}.{key}")
    return {"type": part_type, "text": _string(part, "text", param, required=True)}


def _reference(value: Payload, param: str, new_id: NewId, existing: Sequence[Payload]) -> Payload:
    # What an item_reference does in a conversation is not documented: here it copies the
    # named item of the same conversation, under a new ID; an unknown ID is a 404.
    ref = _string(value, "id", param, required=True)
    for item in existing:
        if item.get("id") == ref:
            stored = copy.deepcopy(item)
            prefix = ID_PREFIXES.get(str(item.get("type")), "item")
            stored["id"] = new_id(f"{prefix}_")
            return stored
    raise ApiFailure(404, f"Item with id '{ref}' not found.", param=f"{param}.id")


# -- small checks --------------------------------------------------------------------------


def _status(value: Payload, param: str) -> None:
    status = value.get("status")
    if status is not None and status not in STATUSES:
        raise invalid_value(f"{param}.status", status, STATUSES)


def _sent_id(value: Payload, kind: str, param: str) -> None:
    """An `id` may be sent (as the API returned it); it must have the type's prefix. The
    stored item gets a new one all the same (the spec is silent; a copy must not share it)."""
    sent = value.get("id")
    if sent is None:
        return
    if not isinstance(sent, str):
        raise invalid_type(f"{param}.id", "a string", json_type_name(sent))
    prefix = ID_PREFIXES[kind]
    if not sent.startswith(prefix):
        raise bad_request(
            f"Invalid '{param}.id': '{sent}'. Expected an ID that begins with '{prefix}'.",
            param=f"{param}.id",
            code="invalid_value",
        )


def _string(value: Payload, name: str, param: str, *, required: bool) -> str:
    where = f"{param}.{name}"
    if name not in value or (value[name] is None and not required):
        if required:
            raise missing(where)
        return ""
    text = value[name]
    if not isinstance(text, str):
        raise invalid_type(where, "a string", json_type_name(text))
    _text_length(text, where)
    return text


def _text_length(text: str, param: str) -> None:
    if len(text) > MAX_TEXT:
        raise _length(param, text, MAX_TEXT)


def _length(param: str, text: str, maximum: int, minimum: int = 0) -> ApiFailure:
    if len(text) < minimum:
        return bad_request(
            f"Invalid '{param}': string too short. Expected a string with minimum length "
            f"{minimum}, but got an empty string instead.",
            param=param,
            code="string_below_min_length",
        )
    return bad_request(
        f"Invalid '{param}': string too long. Expected a string with maximum length {maximum}, "
        f"but got a string with length {len(text)} instead.",
        param=param,
        code="string_above_max_length",
    )


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value[:64]}'"
    return json_type_name(value)


def _choices(values: Sequence[str]) -> str:
    quoted = [f"'{v}'" for v in values]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"
