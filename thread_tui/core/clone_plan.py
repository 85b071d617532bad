"""What a clone sends: the new object's exact metadata, and each source item as an input item.

The server merges metadata and cannot remove a key, so the one way to drop a key is a new
conversation whose metadata is exactly the edited set, with the old one's items copied over.
This module decides, with no I/O, what that new conversation gets:

- `exact_metadata` / `metadata_problems`: the source's metadata with `--metadata` pairs set
  and `--drop-key` keys removed, checked against the API's limits (16 / 64 / 512) before
  anything is sent; a dropped key that is not there is a problem, not a silent no-op.
- `recreatable(item)`: a conversation item as the input item that re-creates it through
  `POST /conversations/{id}/items`, or why it cannot be (reasoning, the records of the
  server's own tools, an image or file whose ID or URL the listed item does not give).
- `message_as_item(message)`: the same for a thread message (thread → conversation).

What the API's InputItem allows (spec/openai-openapi-subset.json): a message (EasyInputMessage:
role user, assistant, system or developer; text parts, an assistant's refusal, images and
files by file ID or URL), a `function_call` and a `function_call_output`. A reasoning item
needs the model's encrypted content, which a listed item does not carry; a tool call (web
search, file search, code interpreter…) is the record of a tool the server ran, not an input.
Each item made is checked with `core.item_input.item_problems` (the server's own checks)
before it is sent: one refused item would fail its whole call, part way through a clone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from thread_tui.core.problems import check_metadata_map

ROLES: Final = ("user", "assistant", "system", "developer")
THREAD_ROLES: Final = ("user", "assistant")
# The content parts whose text is all there is to them.
_TEXT_PARTS: Final = frozenset({"input_text", "output_text", "text"})
_FILE_PARTS: Final = {
    "input_image": "an image (input_image)",
    "input_file": "a file (input_file)",
    "image_file": "an image file (image_file)",
    "image_url": "an image URL (image_url)",
    "computer_screenshot": "a screenshot (computer_screenshot)",
}
_TOOL_RECORDS: Final = frozenset(
    {
        "file_search_call",
        "web_search_call",
        "image_generation_call",
        "computer_call",
        "computer_call_output",
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
        "custom_tool_call",
        "custom_tool_call_output",
        "tool_search_call",
        "tool_search_output",
    }
)
MAX_CALL_ID_CHARS: Final = 64  # FunctionCallOutputItemParam.call_id

Plan = tuple[dict[str, Any] | None, str | None]
"""The input item to send and None, or None and why the item cannot be re-created."""


# -- metadata ----------------------------------------------------------------------------------


def exact_metadata(
    current: Mapping[str, str], set_pairs: Mapping[str, str], drop_keys: Sequence[str]
) -> dict[str, str]:
    """The new object's metadata: `current`, with `set_pairs` set and `drop_keys` removed.
    The source's order is kept; a new key comes after the source's keys."""
    result = {key: value for key, value in current.items() if isinstance(value, str)}
    result.update(set_pairs)
    for key in drop_keys:
        result.pop(key, None)
    return result


def metadata_problems(
    current: Mapping[str, str], set_pairs: Mapping[str, str], drop_keys: Sequence[str]
) -> list[str]:
    """One line per reason the exact set cannot be sent (empty when it can): a dropped key
    that is neither in the source nor set, a key both set and dropped, and the limits of the
    result (16 pairs, keys up to 64 and values up to 512 characters)."""
    lines: list[str] = []
    for key in dict.fromkeys(drop_keys):
        if key in set_pairs:
            lines.append(f"--drop-key {key!r}: the key is also set with --metadata; give one")
        elif key not in current:
            known = ", ".join(repr(k) for k in current) or "none"
            lines.append(f"--drop-key {key!r}: the source has no such key (its keys: {known})")
    result = exact_metadata(current, set_pairs, drop_keys)
    lines.extend(f"metadata: {problem.message}" for problem in check_metadata_map(result))
    return lines


# -- conversation items ----------------------------------------------------------------------


def recreatable(item: Mapping[str, Any]) -> Plan:
    """The input item that re-creates `item` (a conversation item as listed), or why not."""
    return _checked(_recreatable(item))


def _checked(plan: Plan) -> Plan:
    """A made item the server would still refuse (core.item_input mirrors its checks: a text
    past 10 MiB, a lone surrogate) is reported, not sent: one refused item fails its call."""
    made, why = plan
    if made is None:
        return plan
    from thread_tui.core.item_input import item_problems

    problems = item_problems([made])
    if problems:
        return None, "the API would refuse it: " + problems[0].removeprefix("item 1: ")
    return made, why


def _recreatable(item: Mapping[str, Any]) -> Plan:
    if not isinstance(item, Mapping):
        return None, "the server sent something that is not an item object"
    kind = item.get("type")
    if kind == "message":
        return _message(item.get("role"), item.get("content"), ROLES)
    if kind == "function_call":
        return _function_call(item)
    if kind == "function_call_output":
        return _function_call_output(item)
    if kind == "reasoning":
        return None, (
            "a reasoning item is made by the model; the API takes one back only with the "
            "model's encrypted content, which a listed item does not carry"
        )
    if isinstance(kind, str) and kind in _TOOL_RECORDS:
        return None, (
            f"a {kind} item is the record of a tool the server ran; the API does not take "
            "it as input"
        )
    shown = repr(kind) if isinstance(kind, str) else "no type"
    return None, f"an item of type {shown[:80]} cannot be re-created through the API"


def item_type(item: object) -> str:
    """The item's `type` as reported (bounded), or "?" for a malformed one."""
    kind = item.get("type") if isinstance(item, Mapping) else None
    return kind[:64] if isinstance(kind, str) else "?"


def item_id(item: object) -> str:
    found = item.get("id") if isinstance(item, Mapping) else None
    return found[:128] if isinstance(found, str) else "?"


def _text_part(role: str, text: str) -> dict[str, Any]:
    # The assistant's text is output it gave; every other role's is input (EasyInputMessage).
    return {"type": "output_text" if role == "assistant" else "input_text", "text": text}


def _message(role: object, content: object, roles: Sequence[str]) -> Plan:
    if not isinstance(role, str) or role not in roles:
        shown = repr(role)[:40] if isinstance(role, str) else "no role"
        return None, f"a message with role {shown} cannot be sent (only {', '.join(roles)})"
    parts: list[dict[str, Any]] = []
    if isinstance(content, str):
        parts.append(_text_part(role, content))
    elif isinstance(content, list) and content:
        for part in content:
            made, why = _part(role, part)
            if made is None:
                return None, why
            parts.append(made)
    else:
        return None, "the message has no content parts to re-create"
    return {"type": "message", "role": role, "content": parts}, None


def _part(role: str, part: object) -> Plan:
    """A content part as the input part that re-creates it, or why the message cannot be."""
    if not isinstance(part, Mapping):
        return None, "a content part is not an object"
    kind = part.get("type")
    if kind in _TEXT_PARTS:
        text = part.get("text")
        if isinstance(text, Mapping):  # a thread message's {"value": …, "annotations": […]}
            text = text.get("value")
        if isinstance(text, str):
            return _text_part(role, text), None
        return None, f"a {kind} part has no text"
    if kind == "refusal" and role == "assistant" and isinstance(part.get("refusal"), str):
        return {"type": "refusal", "refusal": part["refusal"]}, None
    if role != "assistant":
        made = _image_or_file(kind, part)
        if made is not None:
            return made, None
    if isinstance(kind, str) and kind in _FILE_PARTS:
        return None, (
            f"the message holds {_FILE_PARTS[kind]} that names no file ID or URL to send "
            "again (its bytes are not in the listed item)"
        )
    shown = repr(kind)[:40] if isinstance(kind, str) else "no type"
    return None, f"the message holds a content part of type {shown}, which is not re-created"


def _image_or_file(kind: object, part: Mapping[str, Any]) -> dict[str, Any] | None:
    """An image or file part that points at a file or URL, pointed at it again."""

    def text(value: object) -> str | None:
        return value if isinstance(value, str) and value else None

    if kind == "input_image" and (text(part.get("image_url")) or text(part.get("file_id"))):
        fields = ("image_url", "file_id", "detail")
    elif kind == "input_file" and (text(part.get("file_id")) or text(part.get("file_url"))):
        fields = ("file_id", "file_url", "filename")
    elif kind == "image_file" and isinstance(part.get("image_file"), Mapping):
        file_id = text(part["image_file"].get("file_id"))  # a thread message's image
        return {"type": "input_image", "file_id": file_id} if file_id else None
    elif kind == "image_url" and isinstance(part.get("image_url"), Mapping):
        url = text(part["image_url"].get("url"))
        return {"type": "input_image", "image_url": url} if url else None
    else:
        return None
    made: dict[str, Any] = {"type": kind}
    made.update({name: part[name] for name in fields if text(part.get(name))})
    return made


def _function_call(item: Mapping[str, Any]) -> Plan:
    fields = {name: item.get(name) for name in ("call_id", "name", "arguments")}
    missing = [name for name, value in fields.items() if not isinstance(value, str)]
    if missing:
        return None, f"the function call has no {' / '.join(missing)}"
    made: dict[str, Any] = {"type": "function_call", **fields}
    namespace = item.get("namespace")
    if isinstance(namespace, str):
        made["namespace"] = namespace
    return made, None


def _function_call_output(item: Mapping[str, Any]) -> Plan:
    call_id = item.get("call_id")
    output = item.get("output")
    if not isinstance(call_id, str) or not 1 <= len(call_id) <= MAX_CALL_ID_CHARS:
        return None, "the function call output has no valid call_id"
    if isinstance(output, list):
        parts = []
        for part in output:
            made, why = _part("tool", part)
            if made is None:
                return None, (why or "a part cannot be sent").replace("the message", "the output")
            parts.append(made)
        return {"type": "function_call_output", "call_id": call_id, "output": parts}, None
    if not isinstance(output, str):
        return None, "the function call output has no output text"
    return {"type": "function_call_output", "call_id": call_id, "output": output}, None


# -- thread messages -------------------------------------------------------------------------


def message_as_item(message: Mapping[str, Any]) -> Plan:
    """A thread message as a conversation message item, or why it cannot be one: only its
    role and text are carried over (a conversation item has no metadata, attachments or
    assistant/run IDs: `message_notes` says what is left behind)."""
    if not isinstance(message, Mapping):
        return None, "the server sent something that is not a message object"
    attachments = message.get("attachments")
    if isinstance(attachments, list) and attachments:
        files = [a.get("file_id") for a in attachments if isinstance(a, Mapping)]
        shown = ", ".join(f for f in files if isinstance(f, str))[:200] or "files"
        return None, (
            f"the message has attachments ({shown}), which a conversation item cannot carry"
        )
    return _checked(_message(message.get("role"), message.get("content"), THREAD_ROLES))


def message_notes(message: Mapping[str, Any]) -> list[str]:
    """What a copied thread message leaves behind (its own metadata), one line each."""
    metadata = message.get("metadata") if isinstance(message, Mapping) else None
    if isinstance(metadata, Mapping) and metadata:
        keys = ", ".join(str(k)[:64] for k in list(metadata)[:16])
        return [
            f"message {item_id(message)}: its metadata ({keys}) is not copied "
            "(a conversation item has no metadata)"
        ]
    return []
