"""The editor's dialogs around its session: submit (modify or create) with the conflict and
"create another?" questions, reload, delete, and the offer of saved drafts; and the one place
an `Outcome` of the session is rendered (status line, widgets on a new draft, inspector).

A collaborator of EditorScreen: the screen holds one and calls it; its coroutines run in the
screen's workers (`safe_work`), so the UI never waits on the network. The decisions (what to
send, what a failure means, what the disk holds) are the session's; this file only asks the
user and shows the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from thread_tui.ui.editor_outcome import Outcome, SavedOffer
from thread_tui.ui.editor_session import EditorSession

if TYPE_CHECKING:
    from thread_tui.ui.screens.editor import EditorScreen


class ResourceActions:
    """Submit, create, reload, delete and saved drafts, for one editor screen."""

    def __init__(self, screen: EditorScreen, session: EditorSession) -> None:
        self.screen = screen
        self.session = session

    def _say(self, text: str) -> None:
        self.screen.header.status(text)

    async def show(self, outcome: Outcome) -> None:
        """Render what the session did."""
        screen = self.screen
        if outcome.draft is not None:
            await screen.show_new_draft(outcome.resource)
        if outcome.status is not None:
            screen.header.status(outcome.status, error=outcome.error)
        if outcome.inspect is not None:
            from thread_tui.ui.screens.inspector import ResponseInspectorScreen

            await screen.app.push_screen(
                ResponseInspectorScreen(outcome.inspect, outcome.expectation)
            )

    @contextmanager
    def _busy(self) -> Iterator[None]:
        bar = self.screen.changes
        bar.busy = True
        bar.refresh_all()
        try:
            yield
        finally:
            bar.busy = False
            bar.refresh_all()

    # -- submit ---------------------------------------------------------------------------------

    async def submit(self) -> None:
        """Send the draft: a create call when the resource is new, else the modify call."""
        session = self.session
        if not session.can_send:
            return
        if session.draft.is_new:
            await self._create()
            return
        with self._busy():
            outcome = await session.submit(self._say)
            if outcome.conflict is not None:
                from thread_tui.ui.screens.conflict import ConflictScreen

                conflict = outcome.conflict
                choice = await self.screen.app.push_screen_wait(
                    ConflictScreen(session.draft, conflict.now, conflict.drift)
                )
                outcome = await session.resolve(conflict, choice, self._say)
        await self.show(outcome)

    async def _create(self) -> None:
        session = self.session
        with self._busy():
            outcome = await session.create(say=self._say)
        if outcome.confirm_again is not None:
            again = await self._create_again(outcome.confirm_again)
            with self._busy():
                outcome = await session.create(again, self._say)
        await self.show(outcome)

    async def _create_again(self, why: str) -> bool:
        """Ask before a create that may make a second object (see `create_unsure`)."""
        from thread_tui.ui.screens.dialogs import YesNoScreen

        noun = self.session.kind.value
        question = YesNoScreen(
            f"Create another {noun}?",
            f"{why}\n\nSending again may make a second {noun}. Check on the "
            f"server first (a {noun} it created is not in the recent IDs).",
            yes="Create another",
            no="Don't send",
        )
        answer: bool | None = await self.screen.app.push_screen_wait(question)
        return bool(answer)

    # -- reload ---------------------------------------------------------------------------------

    async def reload(self) -> None:
        self._say("Reloading…")
        await self.show(await self.session.reload())

    # -- delete ---------------------------------------------------------------------------------

    def refuse_unsaved_resource(self, what: str) -> bool:
        """Say why `what` (reload, delete) makes no sense before the resource exists."""
        draft = self.session.draft
        if draft.is_new:
            self.screen.notify(
                f"This {draft.kind.value} is not created yet: there is nothing to {what}. "
                "Ctrl+S creates it; Esc leaves it.",
                severity="warning",
            )
        return draft.is_new

    def delete(self) -> None:
        screen = self.screen
        if self.session.read_only:
            screen.notify(
                "Read-only mode: nothing can be deleted (started with --read-only).",
                severity="warning",
            )
            return
        if self.refuse_unsaved_resource("delete"):
            return
        from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen

        session = self.session
        dialog = DeleteConfirmScreen(
            session.kind, session.draft.resource_id, unsaved_edits=session.has_unsaved_edits
        )
        screen.app.push_screen(
            dialog, lambda deleted: self._deleted(deleted, already=dialog.already_deleted)
        )

    def after_deletion(self) -> None:
        """The object was deleted elsewhere in the app (the clone dialog's "delete the old
        one"): as after this editor's own delete."""
        self._deleted(True)

    def _deleted(self, deleted: bool | None, *, already: bool = False) -> None:
        """The DELETE succeeded (the dialog ran it), or the server answered 404 (`already`):
        forget the ID, back to the lookup."""
        if not deleted:
            return
        screen = self.screen
        app = screen.app
        screen.stop_autosave()
        resource_id = self.session.forget_deleted()
        screen.dismiss()
        for other in app.screen_stack:
            forget = getattr(other, "forget", None)
            if callable(forget):
                forget(resource_id)
        noun = self.session.kind.value
        if already:
            app.notify(
                f"The {noun} {resource_id} was already deleted (the server answered "
                "404 Not found). It is removed from the recent IDs.",
                title="Already deleted",
            )
            return
        app.notify(
            f"Deleted {noun} {resource_id}. It is removed from the recent IDs.",
            title="Deleted",
        )

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The palette entries of delete (added to the editor's own)."""
        draft = self.session.draft
        if draft.is_new:
            return []
        return [
            (
                f"Delete {draft.kind.value}",
                f"Delete {draft.resource_id} on the server (asks for its ID; F8)",
                self.delete,
            )
        ]

    # -- saved drafts -----------------------------------------------------------------------------

    def offer_saved(self) -> None:
        """Offer back the unsubmitted edits of this ID that earlier runs (or editors closed
        without submitting) left, newest first. Each saved draft stays on disk until the user
        restores it (its edits move into this editor's own file) or discards it; Esc keeps
        it for next time, and new edits go to this editor's own file meanwhile."""
        session = self.session
        if session.open_elsewhere():
            self.screen.notify(
                f"This {session.kind.value} is also open in another thread-tui editor. Edits "
                "here are autosaved separately, so neither's are overwritten; the server "
                "keeps the one submitted last (you are asked if it changed meanwhile).",
                severity="warning",
                timeout=10,
            )
        self._offer(session.first_saved_offer())

    def _offer(self, offer: SavedOffer | None) -> None:
        if offer is None:
            return
        from thread_tui.ui.screens.dialogs import ChoiceScreen

        session = self.session

        async def answer(choice: str | None) -> None:
            if choice == "restore":
                await self.show(session.restore(offer))
            elif choice == "discard":
                self._offer(session.discard_saved(offer))
            else:  # Esc: nothing is decided, so nothing is removed or overwritten
                await self.show(session.keep_saved(offer))

        self.screen.app.push_screen(
            ChoiceScreen(
                "Restore unsubmitted edits?",
                f"Edits to {session.draft.resource_id} saved {offer.when} were never submitted "
                f"({offer.summary}). Put them back on top of what the server holds now?",
                [
                    ("restore", "Restore my edits", "primary"),
                    ("discard", "Discard them", "error"),
                ],
                default="restore",
            ),
            answer,
        )
