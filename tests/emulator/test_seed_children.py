"""The demo's seeded items and messages give the Items/Messages tabs and the clone something
real: a conversation with messages of every role and each item type thread_tui shows, and a
thread whose messages carry metadata (one near the 16-pair limit), all valid per the spec."""

from __future__ import annotations

from typing import Any

from thread_tui.core import limits
from thread_tui.emulator import Emulator


def test_the_demo_conversation_has_every_role_and_item_type(schemas: Any) -> None:
    items = Emulator().items["conv_abc123"]
    assert len(items) >= 20
    roles = {item["role"] for item in items if item["type"] == "message"}
    assert roles == {"user", "assistant", "system", "developer"}
    types = {item["type"] for item in items}
    assert {"message", "function_call", "function_call_output", "reasoning"} <= types
    for item in items:
        schemas.validate("ConversationItem", item)
    assert len({item["id"] for item in items}) == len(items)


def test_the_demo_thread_has_messages_with_metadata(schemas: Any) -> None:
    messages = Emulator().messages["thread_abc123"]
    with_metadata = [m for m in messages if m["metadata"]]
    assert len(with_metadata) >= 3
    sizes = sorted(len(m["metadata"]) for m in with_metadata)
    assert sizes[-1] == limits.MAX_METADATA_PAIRS - 1  # one more pair fits, two do not
    for message in messages:
        schemas.validate("MessageObject", message)
        for key, value in message["metadata"].items():
            assert len(key) <= limits.MAX_KEY_CHARS and len(value) <= limits.MAX_VALUE_CHARS
