"""The editor's create and delete: creating a new thread / conversation from a new, unsaved
draft, and deleting the one being edited after the user typed its ID.

A new resource (`Draft.is_new`, opened from the lookup screen) is edited like a loaded one;
Ctrl+S goes through the same confirm screen, and Send creates it (`POST /threads` or
`POST /conversations`) instead of modifying. On success the editor becomes the editor of the
created object. A new resource is never autosaved (it has no ID to file a draft under); the
quit and leave questions ask before its edits are discarded.

A create whose outcome is unknown (a 2xx whose body or ID cannot be used, an answer lost after
sending, a 5xx) is never reported as "Not created": the status says it may exist, the draft
stays new and is not adopted, and `create_unsure` makes the next Ctrl+S ask before it sends a
second create that could make a second object.

The base of EditorScreen (between it and SyncedScreen), so the screen file holds layout and
keys only. Network work runs in workers; the UI never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.worker import Worker

from thread_tui.api import ClientError
from thread_tui.core.draft import Draft
from thread_tui.core.ids import InvalidIdError, ResourceKind, check_id, parse_id
from thread_tui.ui.context import tui
from thread_tui.ui.screens.editor_sync import SyncedScreen
from thread_tui.ui.workers import safe_work


def unusable_id(resource_id: str, kind: ResourceKind) -> str | None:
    """Why the ID a create returned cannot be adopted by an editor of `kind`, or None."""
    if not resource_id:
        return "it has no ID"
    try:
        got, _ = parse_id(resource_id)
    except InvalidIdError as exc:
        if check_id(resource_id).kind is None:
            return f"its ID {resource_id!r} is neither a thread_… nor a conv_… ID"
        return f"its ID {resource_id!r} is not usable: {exc}"
    if got is not kind:
        return f"its ID {resource_id!r} names a {got.value}, not a {kind.value}"
    return None


def new_resource_status(kind: ResourceKind) -> str:
    """The editor's first status line for a resource that is not created yet."""
    extra = ", files or a vector store" if kind.has_tool_resources else ""
    return f"Add metadata{extra}; Ctrl+S reviews and creates it (not autosaved until then)."


class ResourceActions(SyncedScreen):
    """Create (for a new draft) and delete (for a loaded resource)."""

    kind: ResourceKind
    #: Set when a create may have made the object without thread_tui getting a usable answer
    #: (the sentence saying so); the next create asks first, so it cannot make a second one
    #: blindly.
    create_unsure: str | None = None

    # -- create ----------------------------------------------------------------------------

    def submit(self) -> Worker[None]:
        """Send the draft: a create call when the resource is new, else the modify call."""
        if self.draft.is_new:
            return self.create()
        return super().submit()

    @safe_work(exclusive=True, group="editor-net")
    async def create(self) -> None:
        draft = self.draft
        if not draft.is_new or not draft.is_valid or self.read_only:
            return
        noun = draft.kind.value
        if self.create_unsure is not None and not await self._create_again():
            self.header.status(
                f"Not sent: the earlier try may have created the {noun} already. "
                "Your edits are kept.",
                error=True,
            )
            return
        from thread_tui.ui.widgets.changes_bar import ChangesBar

        bar = self.query_one(ChangesBar)
        bar.busy = True
        bar.refresh_all()
        app = tui(self)
        client = app.client
        body = draft.request_body()
        from thread_tui.core.verify import Expectation

        expectation = Expectation.from_draft(draft)
        try:
            self.header.status(f"Creating the {noun}…")
            resource = await client.create_resource(draft.kind, body)
        except ClientError as exc:
            if exc.exchange is not None:
                self.exchange = exc.exchange  # Ctrl+O shows the answer
            from thread_tui.ui.lost_answer import outcome_unknown

            if outcome_unknown(exc):
                self._unsure(
                    f"The {noun} may have been created — check before creating it again: "
                    f"{exc.user_message()}{self._id_hint(exc)}"
                )
            else:
                self.header.status(
                    f"Not created: {exc.user_message()} Your edits are kept.", error=True
                )
            return
        finally:
            bar.busy = False
            bar.refresh_all()
        self.exchange = client.last_exchange
        problem = unusable_id(resource.id, draft.kind)
        if problem is not None:
            request_id = self.exchange.request_id if self.exchange is not None else None
            rid = f" (request id {request_id})" if request_id else ""
            self._unsure(
                f"The {noun} was probably created, but the server's answer is unusable: "
                f"{problem}{rid}."
            )
            return
        self.create_unsure = None
        # A failed write is the store's to report (one warning, not a raise).
        app.store.recents.record(resource.id, app.now())
        await self.adopt(Draft.from_resource(resource), resource)
        problems = expectation.check(resource)
        if problems:
            self.header.status(
                f"Created {resource.id}, but the server returned something else: {problems[0]}",
                error=True,
            )
        else:
            self.header.status(f"Created {resource.id} · {self.exchange_line()}")
        if self.exchange is not None:
            from thread_tui.ui.screens.inspector import ResponseInspectorScreen

            await self.app.push_screen(ResponseInspectorScreen(self.exchange, expectation))

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

    def _unsure(self, sentence: str) -> None:
        """A create that may have made the object: say so, keep the draft new, and make the
        next create ask first."""
        self.create_unsure = sentence
        inspect = " Ctrl+O shows the answer." if self.exchange is not None else ""
        self.header.status(
            f"{sentence} Your edits are kept here;{inspect} Ctrl+S asks before it creates another.",
            error=True,
        )

    async def _create_again(self) -> bool:
        """Ask before a create that may make a second object (see `create_unsure`)."""
        from thread_tui.ui.screens.dialogs import YesNoScreen

        noun = self.kind.value
        question = YesNoScreen(
            f"Create another {noun}?",
            f"{self.create_unsure}\n\nSending again may make a second {noun}. Check on the "
            f"server first (a {noun} it created is not in the recent IDs).",
            yes="Create another",
            no="Don't send",
        )
        answer: bool | None = await self.app.push_screen_wait(question)
        return bool(answer)

    def refuse_unsaved_resource(self, what: str) -> bool:
        """Say why `what` (reload, delete) makes no sense before the resource exists."""
        if self.draft.is_new:
            self.notify(
                f"This {self.kind.value} is not created yet: there is nothing to {what}. "
                "Ctrl+S creates it; Esc leaves it.",
                severity="warning",
            )
        return self.draft.is_new

    # -- delete ----------------------------------------------------------------------------

    def action_delete_resource(self) -> None:
        if self.read_only:
            self.notify(
                "Read-only mode: nothing can be deleted (started with --read-only).",
                severity="warning",
            )
            return
        if self.refuse_unsaved_resource("delete"):
            return
        from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen

        dialog = DeleteConfirmScreen(
            self.kind, self.draft.resource_id, unsaved_edits=not self.draft.diff().is_empty
        )
        self.app.push_screen(
            dialog, lambda deleted: self._deleted(deleted, already=dialog.already_deleted)
        )

    def _deleted(self, deleted: bool | None, *, already: bool = False) -> None:
        """The DELETE succeeded (the dialog ran it), or the server answered 404 (`already`):
        forget the ID, back to the lookup."""
        if not deleted:
            return
        app = tui(self)
        resource_id = self.draft.resource_id
        self.discard_autosave()
        app.store.recents.remove(resource_id)
        self.dismiss()
        for screen in app.screen_stack:
            forget = getattr(screen, "forget", None)
            if callable(forget):
                forget(resource_id)
        if already:
            app.notify(
                f"The {self.kind.value} {resource_id} was already deleted (the server answered "
                "404 Not found). It is removed from the recent IDs.",
                title="Already deleted",
            )
            return
        app.notify(
            f"Deleted {self.kind.value} {resource_id}. It is removed from the recent IDs.",
            title="Deleted",
        )

    def resource_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The palette entries of create / delete (added to the editor's own)."""
        noun = self.kind.value
        if self.draft.is_new:
            return []
        return [
            (
                f"Delete {noun}",
                f"Delete {self.draft.resource_id} on the server (asks for its ID; F8)",
                self.action_delete_resource,
            )
        ]
