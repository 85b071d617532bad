"""The editor's traffic with the server and the disk: submit (with the conflict check),
reload, and the autosaved draft that survives crashes, kills and failed submits.

The base class of EditorScreen, kept apart so the screen file holds layout and keys only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer

from thread_tui.api import ClientError, Exchange
from thread_tui.core.draft import Draft
from thread_tui.core.humanize import ago
from thread_tui.core.resources import Resource
from thread_tui.storage import DraftSession, SavedDraft
from thread_tui.ui.context import tui
from thread_tui.ui.widgets.editor_header import EditorHeader
from thread_tui.ui.workers import safe_work

if TYPE_CHECKING:
    # Loaded on first use (a saved draft restored, a submit): not needed to open the editor.
    from thread_tui.core.verify import Expectation

AUTOSAVE_DELAY = 0.3  # seconds: a burst of keys is written once


class SyncedScreen(Screen[None]):
    """The base of EditorScreen: everything that talks to the server or the disk."""

    draft: Draft
    resource: Resource
    exchange: Exchange | None
    _autosave_timer: Timer | None = None
    _draft_session: DraftSession | None = None

    @property
    def header(self) -> EditorHeader:
        return self.query_one(EditorHeader)

    @property
    def read_only(self) -> bool:
        return tui(self).read_only

    def refresh_state(self, *, tools: bool = True) -> None:
        raise NotImplementedError  # pragma: no cover - EditorScreen's

    # -- autosave ------------------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        # One pending save covers every edit until it fires (at most AUTOSAVE_DELAY after the
        # first of them); restarting a timer on each keystroke would cost more than it saves.
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.autosave_now)

    @property
    def draft_session(self) -> DraftSession:
        """This editor's own draft file: never one another editor or an earlier run left."""
        if self._draft_session is None:
            self._draft_session = tui(self).store.drafts.session(self.draft.resource_id)
        return self._draft_session

    def autosave_now(self) -> bool:
        """Write the draft (atomically) to this editor's own file when it holds edits; remove
        the file when not. False when the disk refused (the store warns once, not per save).

        A new resource (not created yet) has no ID to file it under: it is not autosaved,
        and the leave / quit questions ask before its edits are discarded."""
        self._autosave_timer = None
        if self.draft.is_new:
            return False
        if self.draft.diff().is_empty:
            return self.draft_session.clear()
        return self.draft_session.save(self.draft, tui(self).now())

    def discard_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if not self.draft.is_new:
            self.draft_session.clear()

    def on_unmount(self) -> None:
        if self._autosave_timer is not None:  # edits of the last burst are not dropped
            self.autosave_now()
        if self._draft_session is not None:
            self._draft_session.release()

    def offer_saved_draft(self) -> None:
        """Offer back the unsubmitted edits of this ID that earlier runs (or editors closed
        without submitting) left, newest first. Each saved draft stays on disk until the user
        restores it (its edits move into this editor's own file) or discards it; Esc keeps
        it for next time, and new edits go to this editor's own file meanwhile."""
        if self.read_only or self.draft.is_new:
            return
        store = tui(self).store.drafts
        session = self.draft_session
        if store.in_use_elsewhere(self.draft.resource_id, session):
            self.notify(
                f"This {self.draft.kind.value} is also open in another thread-tui editor. Edits "
                "here are autosaved separately, so neither's are overwritten; the server "
                "keeps the one submitted last (you are asked if it changed meanwhile).",
                severity="warning",
                timeout=10,
            )
        self._offer_next(store.saved(self.draft.resource_id, session))

    def _offer_next(self, queue: list[SavedDraft]) -> None:
        store = tui(self).store.drafts
        while queue:
            from thread_tui.core.rebase import rebase

            saved = queue.pop(0)
            restored = rebase(saved.draft, self.resource)
            if not restored.diff().is_empty:
                break
            store.remove(saved)  # everything in it is on the server now
        else:
            return
        from thread_tui.ui.screens.dialogs import ChoiceScreen

        async def answer(choice: str | None) -> None:
            if choice == "restore":
                await self.adopt(restored)
                # Its edits now live in this editor's file: only then is the old one removed.
                if self.autosave_now():
                    store.remove(saved)
                more = (
                    f" {len(queue)} older saved draft(s) are kept for next time." if queue else ""
                )
                self.header.status(
                    f"Restored unsubmitted edits ({restored.diff().summary()}) onto the "
                    f"current version. Review, then Ctrl+S.{more}"
                )
                return
            if choice == "discard":
                store.remove(saved)
                self._offer_next(queue)
                return
            # Neither chosen (Esc): nothing is decided, so nothing is removed or overwritten.
            self.header.status(
                f"Your saved edits ({restored.diff().summary()}) are kept and offered again "
                "when you next open this ID; new edits here are saved separately."
            )

        when = ago(saved.saved_at, tui(self).now())
        self.app.push_screen(
            ChoiceScreen(
                "Restore unsubmitted edits?",
                f"Edits to {self.draft.resource_id} saved {when} were never submitted "
                f"({restored.diff().summary()}). Put them back on top of what the server "
                "holds now?",
                [
                    ("restore", "Restore my edits", "primary"),
                    ("discard", "Discard them", "error"),
                ],
                default="restore",
            ),
            answer,
        )

    # -- submit ---------------------------------------------------------------------------------

    @safe_work(exclusive=True, group="editor-net")
    async def submit(self) -> None:
        if not self.draft.is_valid or self.draft.is_noop or self.read_only:
            return
        from thread_tui.ui.widgets.changes_bar import ChangesBar

        bar = self.query_one(ChangesBar)
        bar.busy = True
        bar.refresh_all()
        client = tui(self).client
        try:
            prepared = await self._check_for_conflict()
            if prepared is None:
                return
            body, expectation = prepared
            self.header.status("Sending…")
            resource = await client.modify_resource(self.draft.resource_id, body)
        except ClientError as exc:
            self.header.status(f"Not saved: {exc.user_message()} Your edits are kept.", error=True)
            return
        finally:
            bar.busy = False
            bar.refresh_all()
        self.exchange = client.last_exchange
        self.discard_autosave()
        await self.adopt(Draft.from_resource(resource), resource)
        from thread_tui.core.verify import kept_sentence

        kept = {kept_sentence(k) for k in expectation.kept_keys(resource)}
        problems = [p for p in expectation.check(resource) if p not in kept]
        if problems:
            self.header.status(
                f"Saved, but the server returned something else: {problems[0]}", error=True
            )
        else:
            self.header.status(f"Saved · {self.exchange_line()}")
        if self.exchange is not None:
            from thread_tui.ui.screens.inspector import ResponseInspectorScreen

            await self.app.push_screen(ResponseInspectorScreen(self.exchange, expectation))

    async def _check_for_conflict(self) -> tuple[dict[str, Any], Expectation] | None:
        """Fetch the object again; when it changed since it was loaded, ask what to do.
        Returns the body and expectation to send, or None when nothing is to be sent."""
        from thread_tui.core.rebase import drift, rebase
        from thread_tui.core.verify import Expectation

        self.header.status("Checking the server's current version…")
        client = tui(self).client
        now = await client.get_resource(self.draft.resource_id)
        changed = drift(self.draft, now)
        if not changed.any:
            return self.draft.request_body(), Expectation.from_draft(self.draft)
        from thread_tui.ui.screens.conflict import ConflictScreen

        choice = await self.app.push_screen_wait(ConflictScreen(self.draft, now, changed))
        if choice == "rebase":
            await self.adopt(rebase(self.draft, now), now)
            self.header.status(
                "Rebased your edits onto the server's current version. Review, then Ctrl+S."
            )
            return None
        if choice == "overwrite":
            mine = rebase(self.draft, now)
            # Every key the user holds takes the user's value, even where the server's
            # changed it and the user did not touch it.
            held = self.draft.intended_metadata()
            for row in mine.live_rows():
                if row.key in held:
                    row.value = held[row.key]
            if not mine.is_valid:
                self.header.status(f"Cannot overwrite: {mine.submit_block_reason()}", error=True)
                return None
            return mine.request_body(), Expectation.from_draft(mine)
        self.header.status("Not sent: the object changed on the server. Your edits are kept.")
        return None

    def exchange_line(self) -> str:
        exchange = self.exchange
        if exchange is None:
            return ""
        rid = f" · request id {exchange.request_id}" if exchange.request_id else ""
        return f"HTTP {exchange.status} in {exchange.elapsed_ms:.0f} ms{rid}"

    # -- reload ---------------------------------------------------------------------------------

    @safe_work(exclusive=True, group="editor-net")
    async def reload(self) -> None:
        self.header.status("Reloading…")
        client = tui(self).client
        try:
            resource = await client.get_resource(self.draft.resource_id)
        except ClientError as exc:
            self.header.status(f"Reload failed: {exc.user_message()}", error=True)
            return
        self.exchange = client.last_exchange
        self.discard_autosave()
        await self.adopt(Draft.from_resource(resource), resource)
        self.header.status(f"Reloaded · {self.exchange_line()}")

    # -- replacing the draft ----------------------------------------------------------------------

    async def adopt(self, draft: Draft, resource: Resource | None = None) -> None:
        """Make `draft` the one being edited (after a submit, reload, rebase or restore)."""
        from thread_tui.ui.widgets.changes_bar import ChangesBar
        from thread_tui.ui.widgets.metadata_grid import MetadataGrid
        from thread_tui.ui.widgets.tool_resources import ToolResourcesPanel

        if resource is not None:
            self.resource = resource
            self.header.show_resource(resource, tui(self).now())
        self.draft = draft
        grid = self.query_one(MetadataGrid)
        grid.draft = draft
        await grid.rebuild()
        self.query_one(ChangesBar).draft = draft
        if draft.kind.has_tool_resources:
            self.query_one(ToolResourcesPanel).draft = draft
        self.refresh_state()
