"""Thread message endpoints: `GET`, `POST` (metadata only) and `DELETE
/threads/{id}/messages/{message_id}`, as the Assistants API answers them.

A message that is not in the named thread is a 404, even when another thread holds it. The
metadata of a modify is checked and merged as a thread's is (validation.check_metadata: 16
pairs after the merge, keys ≤ 64, values ≤ 512; a key is never removed).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from thread_tui.emulator import validation as v
from thread_tui.emulator.errors import ApiFailure

if TYPE_CHECKING:
    from thread_tui.emulator.state import Emulator, EmuRequest

Payload = dict[str, Any]
Result = tuple[int, Payload]

# ModifyMessageRequest: `metadata` only (additionalProperties: false).
MODIFY_KEYS = frozenset({"metadata"})


def one_message(
    emu: Emulator, request: EmuRequest, thread_id: str, message_id: str, body: Any, find: Any
) -> Result:
    """`body()` reads the JSON body (routes' reader and its 400); `find` is routes' thread
    lookup (its 404). The order of the checks is a thread modify's: the body's JSON, the
    thread, the message, then the body's keys and metadata."""
    sent: Payload = body() if request.method == "POST" else {}
    with emu.lock:
        find(emu, thread_id)
        messages = emu.messages.setdefault(thread_id, [])
        index = next((i for i, m in enumerate(messages) if m.get("id") == message_id), None)
        if index is None:
            raise ApiFailure(404, f"No message found with id '{message_id}'.")
        message = messages[index]
        if request.method == "GET":
            return 200, copy.deepcopy(message)
        if request.method == "POST":
            v.reject_unknown_keys(sent, MODIFY_KEYS)
            current = message.get("metadata") or {}
            metadata = v.check_metadata(sent.get("metadata"), current)
            if metadata is not None:
                message["metadata"] = {**current, **metadata}
            return 200, copy.deepcopy(message)
        del messages[index]
        return 200, {"id": message_id, "object": "thread.message.deleted", "deleted": True}
