"""The editor's session: one resource's draft and its traffic with the server and the disk.

A plain object (no Textual): it holds the draft being edited (the widgets read it from here),
the resource as last loaded and the last exchange, and does reload, submit (with the conflict
check), create (with the `create_unsure` guard), the bookkeeping of a delete, and the autosaved
draft that survives crashes, kills and failed submits. Every step returns an `Outcome` the
screen renders; a step that needs the user's choice returns it as a question and the screen
calls the session again with the answer. Nothing here raises a `ClientError`: each becomes a
status sentence, and the user's edits are kept.

A create whose outcome is unknown (a 2xx whose body or ID cannot be used, an answer lost after
sending, a 5xx) is never reported as "Not created": the status says it may exist, the draft
stays new, and `create_unsure` makes the next create ask before it sends a second one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thread_tui.api import ClientError, Exchange
from thread_tui.core.draft import Draft
from thread_tui.core.resources import Resource, resource_kind
from thread_tui.ui.editor_autosave import DraftAutosave
from thread_tui.ui.editor_outcome import (
    Conflict,
    ConflictChoice,
    Outcome,
    SavedOffer,
    exchange_line,
    unusable_id,
)

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.core.verify import Expectation
    from thread_tui.storage import DraftStore, RecentsStore
    from thread_tui.storage.catalog import Catalog

Say = Callable[[str], object]


def _quiet(_text: str) -> None:
    return None


class EditorSession:
    """The state and the work of one editor; `draft` is the one the widgets show."""

    def __init__(
        self,
        resource: Resource,
        exchange: Exchange | None = None,
        *,
        client: Callable[[], ApiClient],
        drafts: DraftStore,
        recents: RecentsStore,
        now: Callable[[], float],
        read_only: bool = False,
        catalog: Callable[[], Catalog] | None = None,
    ) -> None:
        """`client` is called on first use (the app builds its client lazily), and so is
        `catalog`, where every object this editor fetches, saves or creates is recorded."""
        self.resource = resource
        self.exchange = exchange
        self.draft = Draft.from_resource(resource)
        self.kind = resource_kind(resource)
        self.read_only = read_only
        self.now = now
        #: Set when a create may have made the object without a usable answer (the sentence
        #: saying so); the next create asks first, so it cannot make a second one blindly.
        self.create_unsure: str | None = None
        self._client = client
        self._recents = recents
        self._catalog = catalog
        self._autosave = DraftAutosave(self, drafts, now)

    @property
    def client(self) -> ApiClient:
        return self._client()

    @property
    def has_unsaved_edits(self) -> bool:
        return not self.draft.diff().is_empty

    @property
    def can_send(self) -> bool:
        """Whether a submit or create would send anything (the screen's Submit checks more)."""
        draft = self.draft
        if self.read_only or not draft.is_valid:
            return False
        return draft.is_new or not draft.is_noop

    def _seen(self, resource: Resource) -> None:
        """Record the object as the server sent it (a failed write is the catalog's to
        report: one warning, never a raise)."""
        if self._catalog is not None:
            self._catalog().record(resource.to_json())

    def _gone(self, exc: ClientError) -> None:
        """The server answered 404 for this object: the catalog marks it deleted."""
        from thread_tui.api import NotFoundError

        if isinstance(exc, NotFoundError) and self._catalog is not None:
            self._catalog().mark_deleted(self.draft.resource_id)

    def _replace(self, draft: Draft, resource: Resource | None = None) -> None:
        self.draft = draft
        if resource is not None:
            self.resource = resource

    # -- reload ------------------------------------------------------------------------------

    async def reload(self) -> Outcome:
        client = self.client
        try:
            resource = await client.get_resource(self.draft.resource_id)
        except ClientError as exc:
            self._gone(exc)
            return Outcome(f"Reload failed: {exc.user_message()}", error=True)
        self._seen(resource)
        self.exchange = client.last_exchange
        self.discard_autosave()
        draft = Draft.from_resource(resource)
        self._replace(draft, resource)
        return Outcome(f"Reloaded · {exchange_line(self.exchange)}", draft=draft, resource=resource)

    # -- submit (modify) ---------------------------------------------------------------------

    async def submit(self, say: Say = _quiet) -> Outcome:
        """Fetch the object again; when it is as loaded, send the draft. When it changed
        meanwhile, nothing is sent: the outcome's `conflict` asks for `resolve`."""
        if self.draft.is_new or not self.can_send:
            return Outcome()
        from thread_tui.core.rebase import drift
        from thread_tui.core.verify import Expectation

        say("Checking the server's current version…")
        try:
            now = await self.client.get_resource(self.draft.resource_id)
        except ClientError as exc:
            self._gone(exc)
            return self._not_saved(exc)
        self._seen(now)
        changed = drift(self.draft, now)
        if changed.any:
            return Outcome(conflict=Conflict(now, changed))
        return await self._send(self.draft.request_body(), Expectation.from_draft(self.draft), say)

    async def resolve(
        self, conflict: Conflict, choice: ConflictChoice | None, say: Say = _quiet
    ) -> Outcome:
        """Act on the user's answer to a conflict: rebase (nothing sent; review again),
        overwrite (send every key the user holds) or None (cancel: nothing sent)."""
        from thread_tui.core.rebase import overwrite, rebase
        from thread_tui.core.verify import Expectation

        if choice == "rebase":
            rebased = rebase(self.draft, conflict.now)
            self._replace(rebased, conflict.now)
            return Outcome(
                "Rebased your edits onto the server's current version. Review, then Ctrl+S.",
                draft=rebased,
                resource=conflict.now,
            )
        if choice == "overwrite":
            mine = overwrite(self.draft, conflict.now)
            if not mine.is_valid:
                return Outcome(f"Cannot overwrite: {mine.submit_block_reason()}", error=True)
            return await self._send(mine.request_body(), Expectation.from_draft(mine), say)
        return Outcome("Not sent: the object changed on the server. Your edits are kept.")

    async def _send(self, body: dict[str, Any], expectation: Expectation, say: Say) -> Outcome:
        from thread_tui.core.verify import kept_sentence

        say("Sending…")
        client = self.client
        try:
            resource = await client.modify_resource(self.draft.resource_id, body)
        except ClientError as exc:
            self._gone(exc)
            return self._not_saved(exc)
        self._seen(resource)
        self.exchange = client.last_exchange
        self.discard_autosave()
        draft = Draft.from_resource(resource)
        self._replace(draft, resource)
        kept = {kept_sentence(k) for k in expectation.kept_keys(resource)}
        problems = [p for p in expectation.check(resource) if p not in kept]
        if problems:
            status = f"Saved, but the server returned something else: {problems[0]}"
        else:
            status = f"Saved · {exchange_line(self.exchange)}"
        return Outcome(
            status,
            error=bool(problems),
            draft=draft,
            resource=resource,
            inspect=self.exchange,
            expectation=expectation,
        )

    @staticmethod
    def _not_saved(exc: ClientError) -> Outcome:
        return Outcome(f"Not saved: {exc.user_message()} Your edits are kept.", error=True)

    # -- create ------------------------------------------------------------------------------

    async def create(self, again: bool | None = None, say: Say = _quiet) -> Outcome:
        """Create the new resource from the draft. After a create whose outcome was unknown,
        the first call only asks (`confirm_again`); call again with the user's answer."""
        draft = self.draft
        if not draft.is_new or not self.can_send:
            return Outcome()
        noun = draft.kind.value
        if self.create_unsure is not None:
            if again is None:
                return Outcome(confirm_again=self.create_unsure)
            if not again:
                return Outcome(
                    f"Not sent: the earlier try may have created the {noun} already. "
                    "Your edits are kept.",
                    error=True,
                )
        from thread_tui.core.verify import Expectation

        client = self.client
        expectation = Expectation.from_draft(draft)
        say(f"Creating the {noun}…")
        try:
            resource = await client.create_resource(draft.kind, draft.request_body())
        except ClientError as exc:
            return self._create_failed(exc)
        self.exchange = client.last_exchange
        problem = unusable_id(resource.id, draft.kind)
        if problem is not None:
            request_id = self.exchange.request_id if self.exchange is not None else None
            rid = f" (request id {request_id})" if request_id else ""
            return self._unsure(
                f"The {noun} was probably created, but the server's answer is unusable: "
                f"{problem}{rid}."
            )
        self.create_unsure = None
        # A failed write is the store's to report (one warning, not a raise).
        self._seen(resource)
        self._recents.record(resource.id, self.now())
        created = Draft.from_resource(resource)
        self._replace(created, resource)
        problems = expectation.check(resource)
        if problems:
            status = f"Created {resource.id}, but the server returned something else: {problems[0]}"
        else:
            status = f"Created {resource.id} · {exchange_line(self.exchange)}"
        return Outcome(
            status,
            error=bool(problems),
            draft=created,
            resource=resource,
            inspect=self.exchange,
            expectation=expectation,
        )

    def _create_failed(self, exc: ClientError) -> Outcome:
        from thread_tui.ui.lost_answer import outcome_unknown

        if exc.exchange is not None:
            self.exchange = exc.exchange  # Ctrl+O shows the answer
        if outcome_unknown(exc):
            return self._unsure(
                f"The {self.kind.value} may have been created — check before creating it "
                f"again: {exc.user_message()}{self._id_hint(exc)}"
            )
        return Outcome(f"Not created: {exc.user_message()} Your edits are kept.", error=True)

    def _id_hint(self, exc: ClientError) -> str:
        """When an unreadable answer still holds a usable ID, where to look it up."""
        if exc.exchange is None:
            return ""
        try:
            data = exc.exchange.json()  # depth-checked: a JsonDepthError is a ValueError
        except ValueError:
            return ""
        found = data.get("id") if isinstance(data, dict) else None
        if not isinstance(found, str) or unusable_id(found, self.kind) is not None:
            return ""
        return f" Its ID seems to be {found}: Esc, then open it from the lookup screen to check."

    def _unsure(self, sentence: str) -> Outcome:
        """A create that may have made the object: say so, keep the draft new, and make the
        next create ask first."""
        self.create_unsure = sentence
        inspect = " Ctrl+O shows the answer." if self.exchange is not None else ""
        return Outcome(
            f"{sentence} Your edits are kept here;{inspect} Ctrl+S asks before it creates another.",
            error=True,
        )

    # -- delete --------------------------------------------------------------------------------

    def forget_deleted(self) -> str:
        """The server deleted the object (or never had it): drop its autosaved draft and its
        recent ID. Returns the ID."""
        resource_id = self.draft.resource_id
        self.discard_autosave()
        self._recents.remove(resource_id)
        if self._catalog is not None:
            self._catalog().mark_deleted(resource_id)
        return resource_id

    # -- autosave (ui/editor_autosave.py) ---------------------------------------------------

    def autosave(self) -> bool:
        """Write the draft to this editor's own file (or remove the file when the draft holds
        no edits). False when the disk refused, or for a new resource: it has no ID to file
        it under, so the leave / quit questions ask before its edits are discarded."""
        return self._autosave.save()

    def discard_autosave(self) -> None:
        self._autosave.discard()

    def release(self) -> None:
        """The editor closes: its draft file is free for the next one."""
        self._autosave.release()

    # -- saved drafts of earlier runs -----------------------------------------------------------

    def open_elsewhere(self) -> bool:
        """Whether another running editor holds this ID open."""
        if self.read_only or self.draft.is_new:
            return False
        return self._autosave.open_elsewhere()

    def first_saved_offer(self) -> SavedOffer | None:
        """The newest unsubmitted edits of this ID that earlier runs (or editors closed
        without submitting) left, rebased onto the server's version; None when there are
        none. A saved draft whose edits are all on the server now is removed on the way."""
        if self.read_only or self.draft.is_new:
            return None
        return self._autosave.first_offer(self.resource)

    def restore(self, offer: SavedOffer) -> Outcome:
        """Edit the offered draft. Its edits move into this editor's own file; only once
        they are written there is the old file removed."""
        self._replace(offer.restored)
        if self.autosave():
            self._autosave.remove(offer.saved)
        more = f" {offer.older} older saved draft(s) are kept for next time." if offer.older else ""
        return Outcome(
            f"Restored unsubmitted edits ({offer.summary}) onto the current version. "
            f"Review, then Ctrl+S.{more}",
            draft=offer.restored,
        )

    def discard_saved(self, offer: SavedOffer) -> SavedOffer | None:
        """Remove the offered draft; the next older one worth offering, if any."""
        self._autosave.remove(offer.saved)
        return self._autosave.next_offer(self.resource)

    @staticmethod
    def keep_saved(offer: SavedOffer) -> Outcome:
        """Neither restored nor discarded (Esc): nothing is removed or overwritten."""
        return Outcome(
            f"Your saved edits ({offer.summary}) are kept and offered again when you next "
            "open this ID; new edits here are saved separately."
        )
