"""Deterministic demo data: the threads, conversations, files and vector stores of `--demo`.

`thread_abc123` is the API reference's example; the others put each limit on show.
Everything is derived from fixed numbers, so snapshots and tests see the same data each run.
"""

from __future__ import annotations

from typing import Any

FIXED_NOW = 1764000000  # 2025-11-24T16:00:00Z: the emulator's "now" unless a clock is given
DAY = 86_400

_STEMS = (
    "quarterly-report",
    "customer-feedback",
    "product-spec",
    "onboarding-guide",
    "pricing-table",
    "support-tickets",
    "release-notes",
    "meeting-notes",
    "sales-forecast",
    "churn-analysis",
    "api-reference",
    "style-guide",
    "roadmap",
    "incident-postmortem",
    "survey-results",
)
_EXTS = (".pdf", ".csv", ".md", ".json", ".txt", ".docx", ".xlsx", ".py")
_STORE_NAMES = (
    "Support knowledge base",
    "Product docs",
    "Legal contracts",
    "Research papers",
    "Old archive",
)


def file_id(n: int) -> str:
    return f"file-{n:04d}{_token(n, 18)}"


def _token(n: int, width: int) -> str:
    """A stable pseudo-random alphanumeric token (LCG), so ids look real but never change."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    state = (n * 2654435761 + 97) & 0xFFFFFFFF
    out = []
    for _ in range(width):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(alphabet[state % len(alphabet)])
    return "".join(out)


def make_file(n: int, purpose: str = "assistants") -> dict[str, Any]:
    stem = _STEMS[n % len(_STEMS)]
    ext = _EXTS[(n // len(_STEMS)) % len(_EXTS)]
    return {
        "id": file_id(n),
        "object": "file",
        "bytes": 1_024 + (n * 7_919) % 4_000_000,
        "created_at": FIXED_NOW - 3_600 - n * 5_400,
        "filename": f"{stem}-{n:04d}{ext}",
        "purpose": purpose,
        "status": "processed",
    }


def make_files(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [make_file(n) for n in range(start, start + count)]


def other_purpose_files() -> list[dict[str, Any]]:
    purposes = ("fine-tune", "batch", "vision", "user_data")
    # Numbers far above any extra_files count, so their IDs never collide with those.
    return [make_file(900_000 + i, purpose) for i, purpose in enumerate(purposes)]


def make_vector_stores() -> list[dict[str, Any]]:
    statuses = ("completed", "completed", "in_progress", "completed", "expired")
    stores = []
    for i, name in enumerate(_STORE_NAMES):
        total = 3 + i * 4
        in_progress = 2 if statuses[i] == "in_progress" else 0
        stores.append(
            {
                "id": f"vs_{i + 1:02d}{_token(500 + i, 22)}",
                "object": "vector_store",
                "name": name,
                "created_at": FIXED_NOW - (i + 1) * 7 * DAY,
                "usage_bytes": 250_000 * total,
                "file_counts": {
                    "in_progress": in_progress,
                    "completed": total - in_progress,
                    "failed": 0,
                    "cancelled": 0,
                    "total": total,
                },
                "status": statuses[i],
                "last_active_at": FIXED_NOW - i * DAY,
                "metadata": {},
            }
        )
    return stores


def make_threads(files: list[dict[str, Any]], stores: list[dict[str, Any]]) -> list[dict[str, Any]]:
    full16 = {f"key_{i:02d}": f"value {i}" for i in range(1, 17)}
    long_key = "k" * 64
    longvalues = {
        long_key: "a key of exactly 64 characters",
        "summary": ("Customer asked about refunds for order #4411. " * 12)[:510],
        "notes_fr": ("Résumé: le client préfère être contacté par e-mail. " * 10)[:480],
        "emoji": "🙂" * 40,
        "at_limit": "x" * 512,
    }
    return [
        {
            "id": "thread_abc123",
            "object": "thread",
            "created_at": 1699014083,
            "metadata": {"modified": "true", "user": "abc123"},
            "tool_resources": {},
        },
        {
            "id": "thread_full16",
            "object": "thread",
            "created_at": FIXED_NOW - 40 * DAY,
            "metadata": full16,
            "tool_resources": {},
        },
        {
            "id": "thread_longvalues",
            "object": "thread",
            "created_at": FIXED_NOW - 12 * DAY,
            "metadata": longvalues,
            "tool_resources": None,
        },
        {
            "id": "thread_tools",
            "object": "thread",
            "created_at": FIXED_NOW - 3 * DAY,
            "metadata": {"project": "atlas", "stage": "review"},
            "tool_resources": {
                "code_interpreter": {"file_ids": [f["id"] for f in files[:20]]},
                "file_search": {"vector_store_ids": [stores[0]["id"]]},
            },
        },
        {
            "id": "thread_empty",
            "object": "thread",
            "created_at": FIXED_NOW - 2 * 3_600,
            "metadata": {},
            "tool_resources": {},
        },
    ]


def make_conversations() -> list[dict[str, Any]]:
    return [
        {
            "id": "conv_abc123",
            "object": "conversation",
            "created_at": 1741900000,
            "metadata": {"topic": "demo", "customer": "acme"},
        },
        {
            "id": "conv_empty",
            "object": "conversation",
            "created_at": FIXED_NOW - 5 * DAY,
            "metadata": {},
        },
    ]


def make_messages(thread_id: str, count: int, created_at: int) -> list[dict[str, Any]]:
    messages = []
    for i in range(count):
        role = "user" if i % 2 == 0 else "assistant"
        text = f"Message {i + 1} of {thread_id} ({role})."
        messages.append(
            {
                "id": f"msg_{thread_id[7:]}_{i:03d}",
                "object": "thread.message",
                "created_at": created_at + i * 60,
                "thread_id": thread_id,
                "status": "completed",
                "incomplete_details": None,
                "completed_at": created_at + i * 60,
                "incomplete_at": None,
                "role": role,
                "content": [{"type": "text", "text": {"value": text, "annotations": []}}],
                "assistant_id": None if role == "user" else "asst_demo",
                "run_id": None if role == "user" else f"run_{i:03d}",
                "attachments": [],
                "metadata": {},
            }
        )
    return messages
