"""The message items the Items tab's add dialog collects before it sends them in one call.

A plain object (no Textual, no I/O) that outlives the dialog: closing the dialog, a refused
check or a failed send keep the queue and the text being typed, so nothing typed is lost.
Only a send the server accepted empties it.

More than MAX_ITEMS_PER_CALL (20) items are refused, not split into several calls: one call
adds all of them or none, so a failure never leaves part of the queue added and part not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thread_tui.core.item_input import MAX_ITEMS_PER_CALL, ROLES, item_problems, message_item

FULL = (
    f"The queue holds {MAX_ITEMS_PER_CALL} items, the most one request may add: send these "
    "first. The text you typed stays here."
)
EMPTY_TEXT = "Type the message's text first: an empty message is not added."
NOTHING = "Nothing to send: type a message first."


@dataclass(frozen=True)
class QueuedMessage:
    role: str
    text: str

    def item(self) -> dict[str, Any]:
        return message_item(self.role, self.text)


class AddQueue:
    """The queued messages, and the one being typed (its role and text)."""

    def __init__(self) -> None:
        self.entries: list[QueuedMessage] = []
        self.role = ROLES[0]
        self.text = ""

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def full(self) -> bool:
        return self.count >= MAX_ITEMS_PER_CALL

    def counter(self) -> str:
        """`3/20`: how many are queued, of the most one call adds."""
        return f"{self.count}/{MAX_ITEMS_PER_CALL}"

    def draft_problems(self) -> list[str]:
        """What is wrong with the message being typed, as it would be queued."""
        if not self.text.strip():
            return [EMPTY_TEXT]
        if self.role not in ROLES:  # message_item refuses it outright
            return [f"The role must be one of {', '.join(ROLES)}, not {self.role!r}."]
        return item_problems([message_item(self.role, self.text)])

    def queue_draft(self) -> list[str]:
        """Queue the message being typed; [] when queued (the text is cleared, the role
        kept), else the problems, and the text stays as it was."""
        if self.full:
            return [FULL]
        problems = self.draft_problems()
        if problems:
            return problems
        self.entries.append(QueuedMessage(self.role, self.text))
        self.text = ""
        return []

    def remove(self, index: int) -> QueuedMessage | None:
        """Take the queued message at `index` out (its text back into the field when the
        field is empty, so a removal loses nothing); None when there is none there."""
        if not 0 <= index < self.count:
            return None
        entry = self.entries.pop(index)
        if not self.text.strip():
            self.role, self.text = entry.role, entry.text
        return entry

    def pending(self) -> list[QueuedMessage]:
        """What a send would add: the queue, and the message being typed when there is one."""
        entries = list(self.entries)
        if self.text.strip():
            entries.append(QueuedMessage(self.role, self.text))
        return entries

    def send_problems(self) -> list[str]:
        """Why `pending()` cannot be sent as one call, or [] when it can."""
        entries = self.pending()
        if not entries:
            return [NOTHING]
        if len(entries) > MAX_ITEMS_PER_CALL:
            return [FULL]
        if self.text.strip():
            problems = self.draft_problems()
            if problems:
                return problems
        return item_problems([entry.item() for entry in entries])

    def items(self) -> list[dict[str, Any]]:
        """The request's items, in the order queued (the typed one last)."""
        return [entry.item() for entry in self.pending()]

    def sent(self) -> None:
        """The server added them: start again (the role stays as chosen)."""
        self.entries.clear()
        self.text = ""
