"""Deterministic demo data: the threads, conversations, files and vector stores of `--demo`.

`thread_abc123` is the API reference's example; the others put each limit on show.
Everything is derived from fixed numbers, so snapshots and tests see the same data each run.
The ages (a thread made 3 days ago) are counted back from `now`, the emulator's clock when it
is seeded: FIXED_NOW by default; the demo passes the app's own clock, so that what the app
shows as "3 days ago" is 3 days before the time it shows a new thread as created.
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
STORE_NAMES = (
    "Support knowledge base",
    "Product docs",
    "Legal contracts",
    "Research papers",
    "Old archive",
)
# The hand-made objects' IDs (make_threads, make_conversations), for `--list-seeded`.
DEMO_THREAD_IDS = (
    "thread_abc123",
    "thread_full16",
    "thread_longvalues",
    "thread_tools",
    "thread_empty",
)
DEMO_CONVERSATION_IDS = ("conv_abc123", "conv_empty")


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


def vector_store_id(n: int) -> str:
    return f"vs_{n + 1:02d}{_token(500 + n, 22)}"


def make_file(n: int, purpose: str = "assistants", now: int = FIXED_NOW) -> dict[str, Any]:
    stem = _STEMS[n % len(_STEMS)]
    ext = _EXTS[(n // len(_STEMS)) % len(_EXTS)]
    return {
        "id": file_id(n),
        "object": "file",
        "bytes": 1_024 + (n * 7_919) % 4_000_000,
        "created_at": now - 3_600 - n * 5_400,
        "filename": f"{stem}-{n:04d}{ext}",
        "purpose": purpose,
        "status": "processed",
    }


def make_files(count: int, start: int = 0, now: int = FIXED_NOW) -> list[dict[str, Any]]:
    return [make_file(n, now=now) for n in range(start, start + count)]


def other_purpose_files(now: int = FIXED_NOW) -> list[dict[str, Any]]:
    purposes = ("fine-tune", "batch", "vision", "user_data")
    # Numbers far above any extra_files count, so their IDs never collide with those.
    return [make_file(900_000 + i, purpose, now) for i, purpose in enumerate(purposes)]


def make_vector_stores(now: int = FIXED_NOW) -> list[dict[str, Any]]:
    statuses = ("completed", "completed", "in_progress", "completed", "expired")
    stores = []
    for i, name in enumerate(STORE_NAMES):
        total = 3 + i * 4
        in_progress = 2 if statuses[i] == "in_progress" else 0
        stores.append(
            {
                "id": vector_store_id(i),
                "object": "vector_store",
                "name": name,
                "created_at": now - (i + 1) * 7 * DAY,
                "usage_bytes": 250_000 * total,
                "file_counts": {
                    "in_progress": in_progress,
                    "completed": total - in_progress,
                    "failed": 0,
                    "cancelled": 0,
                    "total": total,
                },
                "status": statuses[i],
                "last_active_at": now - i * DAY,
                "metadata": {},
            }
        )
    return stores


def make_threads(
    files: list[dict[str, Any]], stores: list[dict[str, Any]], now: int = FIXED_NOW
) -> list[dict[str, Any]]:
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
            "created_at": now - 40 * DAY,
            "metadata": full16,
            "tool_resources": {},
        },
        {
            "id": "thread_longvalues",
            "object": "thread",
            "created_at": now - 12 * DAY,
            "metadata": longvalues,
            "tool_resources": None,
        },
        {
            "id": "thread_tools",
            "object": "thread",
            "created_at": now - 3 * DAY,
            "metadata": {"project": "atlas", "stage": "review"},
            "tool_resources": {
                "code_interpreter": {"file_ids": [f["id"] for f in files[:20]]},
                "file_search": {"vector_store_ids": [stores[0]["id"]]},
            },
        },
        {
            "id": "thread_empty",
            "object": "thread",
            "created_at": now - 2 * 3_600,
            "metadata": {},
            "tool_resources": {},
        },
    ]


def make_conversations(now: int = FIXED_NOW) -> list[dict[str, Any]]:
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
            "created_at": now - 5 * DAY,
            "metadata": {},
        },
    ]


# A support chat, for the seeded messages and items: (role, text), oldest first.
_DIALOGUE = (
    ("user", "Hi! I was charged twice for order #4411 last week. Can you help?"),
    ("assistant", "Sorry about that. I can see two charges of $49.00 on 14 March for #4411."),
    ("user", "Yes, those. Can one of them be refunded to the same card?"),
    ("assistant", "Done: I refunded the duplicate charge. It shows up in 3–5 business days."),
    ("user", "Great, thanks. Could you also send the invoice as a PDF?"),
    ("assistant", "I attached invoice INV-2025-0311.pdf. It lists the refund as a credit line."),
    ("user", "The invoice still has my old address on it.\nIt should be 12 Rue Lafayette, Paris."),
    ("assistant", "Updated. Every invoice from now on uses the new address."),
    ("user", "Can I switch the plan to yearly billing at the same time?"),
    ("assistant", "Yes. Yearly costs $490 (two months free); the change starts at renewal."),
    ("user", "Let's do it. Do I need to confirm anything?"),
    ("assistant", "Nothing more: you will get an e-mail confirming the switch."),
    ("user", "Here is the screenshot of the error I get when I open the billing page."),
    ("assistant", "Thanks. That error comes from an expired session; signing out and in fixes it."),
    ("user", "That worked. One more thing: where do I find usage per project?"),
    ("assistant", "Settings → Usage, then choose a project in the filter at the top right."),
    ("user", "Perfect. Is there an export of that as CSV?"),
    ("assistant", "Yes: the Export button under the chart downloads the selected month as CSV."),
    ("user", "Thanks, that's all for today."),
    ("assistant", "You're welcome! Have a good evening."),
)


def make_messages(
    thread_id: str,
    count: int,
    created_at: int,
    attachments: dict[int, list[str]] | None = None,
    metadata: dict[int, dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """`count` messages of a support chat, a minute apart, oldest first; `attachments` maps a
    message's index to the file IDs attached to it, `metadata` to its own metadata."""
    messages = []
    for i in range(count):
        role, text = _DIALOGUE[i % len(_DIALOGUE)]
        files = (attachments or {}).get(i, [])
        at = created_at + i * 60
        messages.append(
            {
                "id": f"msg_{_token(hash_text(thread_id) + i, 24)}",
                "object": "thread.message",
                "created_at": at,
                "thread_id": thread_id,
                "status": "completed",
                "incomplete_details": None,
                "completed_at": at,
                "incomplete_at": None,
                "role": role,
                "content": [{"type": "text", "text": {"value": text, "annotations": []}}],
                "assistant_id": None if role == "user" else "asst_demo",
                "run_id": None if role == "user" else f"run_{_token(7_000 + i, 24)}",
                "attachments": [
                    {"file_id": f, "tools": [{"type": "code_interpreter"}]} for f in files
                ],
                "metadata": dict((metadata or {}).get(i, {})),
            }
        )
    return messages


def message_metadata() -> dict[int, dict[str, str]]:
    """Metadata of some of thread_abc123's messages (by index): a few small maps, one long
    value, and one map of 15 pairs (one more fits, two do not) for the message editor."""
    return {
        0: {"channel": "email", "sentiment": "negative"},
        1: {"agent": "ana", "macro": "duplicate-charge"},
        3: {"refund_id": "re_3PqL9", "amount": "49.00", "currency": "USD"},
        5: {"attachment": "INV-2025-0311.pdf"},
        6: {"note": "Address change requested in chat; " + "verified against the CRM. " * 12},
        9: {f"tag_{n:02d}": f"value {n}" for n in range(15)},
    }


def hash_text(text: str) -> int:
    """A stable number for a string (Python's hash() changes from run to run)."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate(text)) * 1_000


def make_conversation_items(
    conversation_id: str, turns: int, files: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A conversation's items, oldest first: per turn a user message, and an assistant
    message; the second turn calls a function (reasoning, function_call, its output) and
    the seventh attaches a file; before them come a developer and a system message (the
    instructions), so every role is there. Items carry no created_at, as in the API."""
    base = hash_text(conversation_id)
    items: list[dict[str, Any]] = []
    # Made apart and put first: the other items keep the IDs they had without them.
    instructions = [
        {
            "type": "message",
            "id": f"msg_{_token(base + 900 + n, 40)}",
            "status": "completed",
            "role": role,
            "content": [{"type": "input_text", "text": text}],
        }
        for n, (role, text) in enumerate(
            (
                (
                    "developer",
                    "You are Acme's billing assistant. Refunds up to $100 need no review.",
                ),
                ("system", "Answer in the customer's language; keep replies under 60 words."),
            )
        )
    ]

    def item_id(prefix: str) -> str:
        return f"{prefix}_{_token(base + len(items), 40)}"

    for turn in range(turns):
        question = _DIALOGUE[(2 * turn) % len(_DIALOGUE)][1]
        answer = _DIALOGUE[(2 * turn + 1) % len(_DIALOGUE)][1]
        content: list[dict[str, Any]] = [{"type": "input_text", "text": question}]
        if turn == 6 and files:
            content.append(
                {"type": "input_file", "file_id": files[0]["id"], "filename": files[0]["filename"]}
            )
        items.append(
            {
                "type": "message",
                "id": item_id("msg"),
                "status": "completed",
                "role": "user",
                "content": content,
            }
        )
        if turn == 1:
            items.append(
                {
                    "type": "reasoning",
                    "id": item_id("rs"),
                    "summary": [
                        {"type": "summary_text", "text": "Look up the order before refunding."}
                    ],
                    "status": "completed",
                }
            )
            call_id = f"call_{_token(base + 99, 24)}"
            items.append(
                {
                    "type": "function_call",
                    "id": item_id("fc"),
                    "call_id": call_id,
                    "name": "refund_charge",
                    "arguments": '{"order_id": "4411", "amount": 49.0, "currency": "USD"}',
                    "status": "completed",
                }
            )
            items.append(
                {
                    "type": "function_call_output",
                    "id": item_id("fco"),
                    "call_id": call_id,
                    "output": '{"status": "refunded", "refund_id": "re_3PqL9", "days": "3-5"}',
                    "status": "completed",
                }
            )
        items.append(
            {
                "type": "message",
                "id": item_id("msg"),
                "status": "completed",
                "role": "assistant",
                "content": [
                    {"type": "output_text", "text": answer, "annotations": [], "logprobs": []}
                ],
            }
        )
    return instructions + items
