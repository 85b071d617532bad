"""A thread and a conversation as the API sends them, shared by the core tests."""

from __future__ import annotations

from typing import Any

THREAD: dict[str, Any] = {
    "id": "thread_abc123",
    "object": "thread",
    "created_at": 1699014083,
    "metadata": {"modified": "true", "user": "abc123"},
    "tool_resources": {
        "code_interpreter": {"file_ids": ["file-1", "file-2"]},
        "file_search": {"vector_store_ids": ["vs_1"]},
    },
}
CONVERSATION: dict[str, Any] = {
    "id": "conv_abc123",
    "object": "conversation",
    "created_at": 1741900000,
    "metadata": {"topic": "demo"},
}
