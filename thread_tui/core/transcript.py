"""One-line summaries of thread messages and conversation items, for the messages view: who,
when, what is attached (or which kind of item it is) and a preview of the text; each row
keeps the entry's JSON as the server sent it, for the detail screen.

Pure functions of the models: no Textual, no httpx. Text from the server is made safe to
draw: control characters become spaces, and a preview is one line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from thread_tui.core.models import ConversationItem, ItemContent, Message

MAX_TEXT = 4_000  # characters kept of one message's text (the view shows far fewer)
MAX_LABEL = 80  # characters kept of a role or a type
MAX_NAMED = 60  # characters of a preview that name an entry in a question ("Delete …?")
TEXT_PARTS = frozenset({"input_text", "output_text", "text", "summary_text", "reasoning_text"})


@dataclass(frozen=True)
class TranscriptRow:
    """What the messages view shows of one message or item."""

    id: str
    role: str  # "user", "assistant", …; "" for an item that is not a message
    kind: str  # "message", or the item's type ("function_call", "reasoning", …)
    text: str  # the readable content, several lines at most MAX_TEXT long
    created_at: int | None = None
    file_ids: tuple[str, ...] = ()
    # The entry as the server sent it (a dict, or whatever else it was); not compared.
    raw: Any = field(default=None, compare=False, repr=False)

    @property
    def preview(self) -> str:
        """The text on one line (whitespace runs collapsed)."""
        return " ".join(self.text.split()) or "(no text)"

    @property
    def files(self) -> str:
        """`2 files`, or "" when nothing is attached."""
        return _count(len(self.file_ids), "file") if self.file_ids else ""

    @property
    def kind_and_files(self) -> str:
        """`function_call`, `message`, `message · 1 file`."""
        return f"{self.kind} · {self.files}" if self.file_ids else self.kind

    @property
    def named(self) -> str:
        """The entry in a question: `msg_1 (user: "Hello the…")`, its text cut short."""
        preview = self.preview
        if len(preview) > MAX_NAMED:
            preview = preview[: MAX_NAMED - 1] + "…"
        who = self.role or self.kind
        return f'{self.id or "(no id)"} ({who}: "{preview}")'


def message_row_of(raw: Any) -> TranscriptRow:
    """The row of a thread message given as the server's JSON (any shape), keeping it."""
    return replace(message_row(Message.model_validate(raw)), raw=raw)


def item_row_of(raw: Any) -> TranscriptRow:
    """The row of a conversation item given as the server's JSON (any shape), keeping it."""
    return replace(item_row(ConversationItem.model_validate(raw)), raw=raw)


def message_row(message: Message) -> TranscriptRow:
    """A thread message: its text parts, images and refusals, and its attached files. A
    message that could not be read at all is a placeholder line that says why."""
    if message.unreadable is not None:
        return _unreadable_row(message.id, "message", message.unreadable)
    parts: list[str] = []
    for part in message.content:
        text = part.text
        if part.type == "text" and text is not None:
            parts.append(text if isinstance(text, str) else text.value)
        elif part.type in ("image_file", "image_url"):
            file_id = _image_file_id(part.image_file)
            parts.append(f"[image {file_id}]" if file_id else "[image]")
        elif part.type == "refusal":
            parts.append(f"[refusal] {part.refusal or ''}")
        else:
            parts.append(f"[{part.type or 'content'}]")
    files = tuple(a.file_id for a in message.attachments or () if a.file_id)
    return TranscriptRow(
        id=message.id,
        role=_label(message.role),
        kind="message",
        text=clean("\n".join(parts)),
        created_at=_timestamp(message.created_at),
        file_ids=files,
    )


def item_row(item: ConversationItem) -> TranscriptRow:
    """A conversation item of any type: the text of a message, a function call's name and
    arguments, a tool's output, a reasoning summary, or the type alone. An item that could
    not be read at all is a placeholder line that says why."""
    if item.unreadable is not None:
        return _unreadable_row(item.id or "", "item", item.unreadable)
    files: tuple[str, ...] = ()
    if item.type == "message":
        text = _parts_text(item.content or [])
        files = tuple(p.file_id for p in item.content or () if p.file_id)
    elif item.type == "reasoning":
        text = _parts_text(item.summary or []) or "(reasoning without a summary)"
    elif item.name is not None and item.arguments is not None:
        text = f"{item.name}({_plain(item.arguments)})"
    elif item.output is not None:
        text = _output_text(item.output)
    else:
        text = item.name or item.status or ""
    created = getattr(item, "created_at", None)  # not in the spec; kept when a server sends it
    return TranscriptRow(
        id=item.id or "",
        role=_label(item.role),
        kind=_label(item.type) or "(no type)",
        text=clean(text),
        created_at=_timestamp(created),
        file_ids=files,
    )


def clean(text: str) -> str:
    """`text` with control characters as spaces (newlines kept), cut to MAX_TEXT."""
    text = text[:MAX_TEXT]
    return "".join(ch if ch == "\n" or ch.isprintable() else " " for ch in text).strip()


def _label(text: str | None) -> str:
    """A role or a type, safe to draw on one line."""
    return " ".join(clean(text or "")[:MAX_LABEL].split())


def _timestamp(value: object) -> int | None:
    """A creation time to show: any non-zero integer (one that is no time is shown as the
    number, see `humanize`), or None for none."""
    if isinstance(value, bool) or not isinstance(value, int) or value == 0:
        return None
    return value


def _image_file_id(image_file: Any) -> str | None:
    """The file id of an `image_file` part: `{"file_id": …}` by the spec, or a bare id."""
    if isinstance(image_file, dict):
        image_file = image_file.get("file_id")
    return image_file if isinstance(image_file, str) and image_file else None


def _unreadable_row(entry_id: str, kind: str, problem: str) -> TranscriptRow:
    return TranscriptRow(
        id=entry_id, role="", kind=kind, text=clean(f"(this {kind} could not be read: {problem})")
    )


def _parts_text(parts: list[ItemContent]) -> str:
    out: list[str] = []
    for part in parts:
        if part.type in TEXT_PARTS and part.text is not None:
            out.append(part.text)
        elif part.type == "refusal":
            out.append(f"[refusal] {part.refusal or ''}")
        elif part.type == "input_file":
            out.append(f"[file {part.filename or part.file_id or ''}]")
        elif part.type == "input_image":
            out.append("[image]")
        else:
            out.append(f"[{part.type or 'content'}]")
    return "\n".join(out)


def _output_text(output: Any) -> str:
    if isinstance(output, list) and output and all(isinstance(p, dict) for p in output):
        texts = [p.get("text") for p in output]
        if all(isinstance(t, str) for t in texts):
            return "\n".join(t for t in texts if isinstance(t, str))
    return _plain(output)


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    except (TypeError, ValueError):
        return str(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
