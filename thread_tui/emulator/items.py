"""Conversation item endpoints: add (`POST /conversations/{id}/items`), one item (`GET` /
`DELETE /conversations/{id}/items/{item_id}`) and the `include` query they all take.

Items are kept in `Emulator.items[conversation_id]`, oldest first, so a list stays in the order
they were added whatever is deleted in between. Every change is made under `emu.lock`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from thread_tui.emulator import input_items
from thread_tui.emulator.errors import ApiFailure

if TYPE_CHECKING:
    from thread_tui.emulator.state import Emulator, EmuRequest

Payload = dict[str, Any]
Result = tuple[int, Payload]

INCLUDE_VALUES = (
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
)
BODY_KEYS = frozenset({"items"})


def check_include(request: EmuRequest) -> None:
    """`include` (or `include[]`): each value one of the spec's IncludeEnum. The emulator
    stores everything an include could add, so an accepted value changes nothing."""
    for name in ("include", "include[]"):
        raw = request.query.get(name)
        if raw is None:
            continue
        for value in raw.split(","):
            if value not in INCLUDE_VALUES:
                raise input_items.invalid_value("include", value, INCLUDE_VALUES)


def not_found(item_id: str) -> ApiFailure:
    return ApiFailure(404, f"Item with id '{item_id}' not found.")


def add_items(
    emu: Emulator, request: EmuRequest, conversation_id: str, body: Payload, find: Any
) -> Result:
    """`POST /conversations/{id}/items`: the list of the created items, in the order sent.

    `find(emu, conversation_id)` is routes' lookup (its 404)."""
    check_include(request)
    with emu.lock:
        find(emu, conversation_id)
        for key in body:
            if key not in BODY_KEYS:
                raise input_items.unknown(key)
        values = input_items.check_item_list(body.get("items"), required=True, allow_empty=False)
        stored = emu.items.setdefault(conversation_id, [])
        created = input_items.build_items(values, emu.new_id, stored)
        stored.extend(created)
        data = copy.deepcopy(created)
    return 200, {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"],
        "last_id": data[-1]["id"],
        "has_more": False,
    }


def one_item(
    emu: Emulator, request: EmuRequest, conversation_id: str, item_id: str, find: Any
) -> Result:
    """`GET` (the item) or `DELETE` (the conversation, per the spec) one item."""
    with emu.lock:
        conversation = find(emu, conversation_id)
        items = emu.items.get(conversation_id, [])
        index = next((i for i, item in enumerate(items) if item.get("id") == item_id), None)
        if request.method == "GET":
            check_include(request)
            if index is None:
                raise not_found(item_id)
            return 200, copy.deepcopy(items[index])
        if index is None:
            raise not_found(item_id)
        del items[index]
        return 200, copy.deepcopy(conversation)
