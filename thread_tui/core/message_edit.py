"""A thread message's own metadata as an editable draft, and what the server's answer says.

A message's metadata follows the same rules as a thread's: at most 16 pairs, keys of at most 64
characters, values of at most 512, and an update *merges* the sent map into the stored one (a
key cannot be deleted). So the editor's `Draft` edits it unchanged: a draft of the kind without
tool resources (a conversation's), whose `resource_id` is the message's ID. Its request body
(`{"metadata": {...}}`, the changed pairs only) is the message update's body as it is.

The message comes from a server: every field read here is checked for its type, and what is not
as expected is said, never raised as a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resources import Conversation
from thread_tui.core.verify import Expectation

PREVIEW_CHARS = 120  # characters of the message's text shown in the editor's header


class MessageFormatError(ValueError):
    """A message (or an answer) whose metadata cannot be edited; the message says why."""


def message_metadata(message: Mapping[str, Any], what: str = "the message") -> dict[str, str]:
    """The message's metadata as a map of strings; `{}` for a missing or null one.

    Anything else (not an object, a value that is not a string, more than the hard caps an
    editor can show) raises MessageFormatError: the editor would show or send it wrong."""
    metadata = message.get("metadata")
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise MessageFormatError(f"The metadata of {what} is not an object.")
    if len(metadata) > limits.HARD_MAX_ROWS:
        raise MessageFormatError(
            f"The metadata of {what} has {len(metadata)} pairs, far beyond the 16 allowed."
        )
    found: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise MessageFormatError(
                f"The metadata of {what} holds a value that is not a string ({key!r})."
            )
        if len(key) > limits.HARD_MAX_TEXT or len(value) > limits.HARD_MAX_TEXT:
            raise MessageFormatError(f"The metadata of {what} holds a key or value far too long.")
        found[key] = value
    return found


def message_draft(message_id: str, metadata: Mapping[str, str]) -> Draft:
    """The editor's draft of one message's metadata (see the module's docstring)."""
    draft = Draft(ResourceKind.CONVERSATION, message_id, dict(metadata), [], [])
    draft.reset()
    return draft


def message_stand_in(message_id: str, metadata: Mapping[str, str]) -> Conversation:
    """The message as the editor's object code reads it: its ID and metadata on a conversation
    (the draft's kind), all that the answer check, the conflict check (`core.rebase.drift`)
    and the rebase read of an object."""
    return Conversation(id=message_id, created_at=0, metadata=dict(metadata))


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("value"), str):
        return str(value["value"])
    return ""


def message_preview(message: Mapping[str, Any], width: int = PREVIEW_CHARS) -> str:
    """The message's text on one line (whitespace runs collapsed), at most `width` characters;
    an image or other part is named in brackets. The caller makes it inert to draw it."""
    content = message.get("content")
    parts: list[str] = []
    if isinstance(content, str):
        parts.append(content)
    elif isinstance(content, list):
        for part in content[:50]:  # a hostile list of thousands is not read whole
            if not isinstance(part, Mapping):
                continue
            kind = part.get("type")
            text = _text(part.get("text")) or _text(part.get("refusal"))
            if text:
                parts.append(text[: width * 4])
            elif isinstance(kind, str):
                parts.append(f"[{kind[:40]}]")
    line = " ".join(" ".join(parts).split()) or "(no text)"
    return line if len(line) <= width else line[: width - 1] + "…"


def message_role(message: Mapping[str, Any]) -> str:
    role = message.get("role")
    return role[:40] if isinstance(role, str) and role else "?"


@dataclass(frozen=True)
class AnswerCheck:
    """The server's answer to an update, against what the draft intended."""

    metadata: dict[str, str]
    """The metadata the server returned."""
    differences: tuple[str, ...]
    """One sentence per difference from what was intended (empty when all match)."""
    kept: tuple[str, ...]
    """The sentences of removed keys the server kept, as its merge rule says it will."""


def check_answer(expectation: Expectation, answer: Mapping[str, Any]) -> AnswerCheck:
    """Compare the returned message with the expectation the draft gave before sending.

    The comparison is the editor's own (`core.verify.Expectation`), made on a stand-in object
    holding the answer's ID and metadata, which is all it reads of a conversation. Raises
    MessageFormatError when the answer's metadata cannot be read."""
    from thread_tui.core.verify import kept_sentence

    metadata = message_metadata(answer, "the server's answer")
    returned_id = answer.get("id")
    stand_in = message_stand_in(
        returned_id if isinstance(returned_id, str) else repr(returned_id), metadata
    )
    kept = {kept_sentence(key) for key in expectation.kept_keys(stand_in)}
    found = expectation.check(stand_in)  # the ID too: the draft's is the message's
    differences = tuple(p for p in found if p not in kept)
    return AnswerCheck(metadata, differences, tuple(p for p in found if p in kept))
