"""The message editor's session: one thread message's metadata draft and its one update call.

A plain object (no Textual), as `EditorSession` is for a thread: it holds the draft the grid
edits (the widgets read `session.draft`), sends it with `ApiClient.update_message`, and
compares the answer with what was intended. Nothing here raises a `ClientError`: each becomes
a sentence, and the draft (the user's edits) is kept as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from thread_tui.api import ClientError, Exchange
from thread_tui.core.draft import Draft
from thread_tui.core.message_edit import (
    AnswerCheck,
    MessageFormatError,
    message_draft,
    message_metadata,
    message_stand_in,
)

if TYPE_CHECKING:
    from thread_tui.core.verify import Expectation
    from thread_tui.ui.editor_outcome import Conflict, ConflictChoice


REBASED = "Rebased your edits onto the server's current version. Review, then Ctrl+S."


class MessageUpdater(Protocol):
    """The part of `ApiClient` this session uses."""

    async def get_message(self, thread_id: str, message_id: str) -> dict[str, Any]: ...

    async def update_message(
        self, thread_id: str, message_id: str, metadata: Mapping[str, str]
    ) -> dict[str, Any]: ...

    @property
    def last_exchange(self) -> Exchange | None: ...


@dataclass(frozen=True)
class Sent:
    """The result of one submit. `message` is the server's answer when it was saved."""

    status: str
    error: bool = False
    message: dict[str, Any] | None = None
    check: AnswerCheck | None = None
    exchange: Exchange | None = None
    sent_metadata: dict[str, str] = field(default_factory=dict)
    #: The message changed on the server since it was loaded: nothing was sent, and
    #: `MessageSession.resolve` acts on the user's answer.
    conflict: Conflict | None = None

    @property
    def saved(self) -> bool:
        return self.message is not None


class MessageSession:
    """The draft of one message's metadata and its update call."""

    def __init__(
        self,
        thread_id: str,
        message: Mapping[str, Any],
        *,
        client: Callable[[], MessageUpdater],
        read_only: bool = False,
    ) -> None:
        """`client` is called on first use (the app builds its client lazily). A message
        whose metadata cannot be edited (no ID, metadata not a map of strings) is shown
        read-only, with `problem` saying why; nothing is ever sent for it."""
        self.thread_id = thread_id
        self.message = dict(message)
        message_id = message.get("id")
        self.message_id = message_id if isinstance(message_id, str) else ""
        #: Why this message cannot be edited, or None.
        self.problem: str | None = None
        metadata: dict[str, str] = {}
        try:
            if not self.message_id:
                raise MessageFormatError("The message has no ID.")
            metadata = message_metadata(message)
        except MessageFormatError as exc:
            self.problem = f"{exc} It cannot be edited here."
        self.draft: Draft = message_draft(self.message_id, metadata)
        self.read_only = read_only or self.problem is not None
        self._client = client
        self.exchange: Exchange | None = None

    @property
    def has_unsaved_edits(self) -> bool:
        return not self.draft.diff().is_empty

    def metadata_body(self) -> dict[str, str]:
        """The pairs the update sends: those that differ from what was loaded."""
        return self.draft.metadata_body()

    def request_body(self) -> dict[str, Any]:
        """The exact JSON body of the update (`{}` when nothing changed)."""
        return self.draft.request_body()

    async def submit(self, say: Callable[[str], object] | None = None) -> Sent:
        """Read the message again, then send the changed pairs. On success the draft becomes
        the server's answer; on any failure it is kept as it is, with the edits. When the
        message changed meanwhile nothing is sent: the result's `conflict` asks `resolve`."""
        if self.read_only:
            why = self.problem or "Read-only mode (--read-only): nothing is sent."
            return Sent(why, error=True)
        reason = self.draft.submit_block_reason()
        if reason is not None:
            return Sent(f"Not sent: {reason}", error=True)
        from thread_tui.core.rebase import drift
        from thread_tui.ui.editor_outcome import Conflict

        # As the thread editor does: read the message again first, and send nothing over a
        # change someone else made since it was loaded (the update would merge over it).
        if say is not None:
            say("Checking the server's current version…")
        client = self._client()
        try:
            current = await client.get_message(self.thread_id, self.message_id)
            now = message_stand_in(self.message_id, message_metadata(current, "the message now"))
        except ClientError as exc:
            self.exchange = exc.exchange or self.exchange
            return Sent(f"Not sent: {exc.user_message()} Your edits are kept.", error=True)
        except MessageFormatError as exc:
            return Sent(f"Not sent: {exc} Your edits are kept.", error=True)
        changed = drift(self.draft, now)
        if changed.any:
            return Sent(
                "Not sent: the message changed on the server since you loaded it.",
                error=True,
                conflict=Conflict(now, changed),
            )
        return await self._send(self.draft, say)

    async def resolve(
        self, conflict: Conflict, choice: ConflictChoice | None, say: Callable[[str], object]
    ) -> Sent:
        """The user's answer to a conflict: rebase (the edits onto the server's version;
        nothing sent, review again), overwrite (send my value of every key I hold) or None
        (nothing sent; the edits are kept)."""
        from thread_tui.core.rebase import overwrite, rebase

        if choice == "rebase":
            self.draft = rebase(self.draft, conflict.now)
            return Sent(
                "Rebased your edits onto the server's current version. Review, then Ctrl+S."
            )
        if choice == "overwrite":
            mine = overwrite(self.draft, conflict.now)
            if not mine.is_valid:
                return Sent(f"Cannot overwrite: {mine.submit_block_reason()}", error=True)
            return await self._send(mine, say)
        return Sent("Not sent: the message changed on the server. Your edits are kept.", error=True)

    async def _send(self, draft: Draft, say: Callable[[str], object] | None) -> Sent:
        from thread_tui.core.message_edit import check_answer
        from thread_tui.core.verify import Expectation

        body = draft.metadata_body()
        expectation: Expectation = Expectation.from_draft(draft)
        if say is not None:
            say("Sending…")
        client = self._client()
        try:
            answer = await client.update_message(self.thread_id, self.message_id, body)
        except ClientError as exc:
            self.exchange = exc.exchange or self.exchange
            return Sent(f"Not saved: {exc.user_message()} Your edits are kept.", error=True)
        self.exchange = client.last_exchange
        try:
            check = check_answer(expectation, answer)
        except MessageFormatError as exc:
            return Sent(
                f"Sent, but the answer cannot be read: {exc} Your edits are kept; "
                "reload the messages to see what the server holds.",
                error=True,
                exchange=self.exchange,
            )
        self.message = dict(answer)
        self.draft = message_draft(self.message_id, check.metadata)
        if check.differences:
            status = f"Saved, but the server returned something else: {check.differences[0]}"
        else:
            status = "Saved: the server holds the metadata you intended."
        return Sent(
            status,
            error=bool(check.differences),
            message=self.message,
            check=check,
            exchange=self.exchange,
            sent_metadata=body,
        )
