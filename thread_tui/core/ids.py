"""Thread and conversation IDs: which kind an ID names, and whether it is safe to send.

An ID ends up in a URL path, so anything but letters, digits, `_` and `-` is refused
here: `../`, `?`, `#` or a space can never steer a request to another endpoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

MAX_ID_CHARS: Final = 128
_BODY = re.compile(r"[A-Za-z0-9_-]+")


class ResourceKind(StrEnum):
    THREAD = "thread"
    CONVERSATION = "conversation"

    @property
    def prefix(self) -> str:
        return "thread_" if self is ResourceKind.THREAD else "conv_"

    @property
    def collection(self) -> str:
        """The path segment of the endpoints: `threads` or `conversations`."""
        return "threads" if self is ResourceKind.THREAD else "conversations"

    @property
    def has_tool_resources(self) -> bool:
        return self is ResourceKind.THREAD


class InvalidIdError(ValueError):
    """An ID that cannot name a thread or a conversation; the message says why."""


@dataclass(frozen=True)
class IdCheck:
    """The verdict on a typed ID: its kind when it has a known prefix, and the problem if any."""

    kind: ResourceKind | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_id(text: str) -> IdCheck:
    """Check an ID as the user types it, explaining what is wrong in one sentence."""
    if not text:
        return IdCheck(None, "Type a thread ID (thread_…) or a conversation ID (conv_…).")
    stripped = text.strip()
    if stripped != text:
        return IdCheck(_kind_of(stripped), "The ID has spaces around it; remove them.")
    kind = _kind_of(text)
    if kind is None:
        if "thread_".startswith(text) or "conv_".startswith(text):
            return IdCheck(None, "Keep typing: an ID starts with thread_ or conv_.")
        return IdCheck(None, "An ID starts with thread_ (a thread) or conv_ (a conversation).")
    body = text[len(kind.prefix) :]
    if not body:
        return IdCheck(kind, f"Type the rest of the ID after {kind.prefix}.")
    if len(text) > MAX_ID_CHARS:
        return IdCheck(kind, f"The ID is {len(text)} characters long; at most {MAX_ID_CHARS}.")
    if not _BODY.fullmatch(body):
        bad = next(ch for ch in body if not _BODY.fullmatch(ch))
        return IdCheck(
            kind,
            f"The ID contains {bad!r}; only letters, digits, '_' and '-' can appear in an ID.",
        )
    return IdCheck(kind, None)


def parse_id(text: str) -> tuple[ResourceKind, str]:
    """Return (kind, id) for a valid ID, or raise InvalidIdError with the reason."""
    verdict = check_id(text)
    if verdict.problem is not None or verdict.kind is None:
        raise InvalidIdError(verdict.problem or "Not a thread or conversation ID.")
    return verdict.kind, text


def _kind_of(text: str) -> ResourceKind | None:
    if text.startswith("thread_"):
        return ResourceKind.THREAD
    if text.startswith("conv_"):
        return ResourceKind.CONVERSATION
    return None
