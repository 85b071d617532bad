"""The editor's create and delete: creating a new thread / conversation from a new, unsaved
draft, and deleting the one being edited after the user typed its ID.

A new resource (`Draft.is_new`, opened from the lookup screen) is edited like a loaded one;
Ctrl+S goes through the same confirm screen, and Send creates it (`POST /threads` or
`POST /conversations`) instead of modifying. On success the editor becomes the editor of the
created object. A new resource is never autosaved (it has no ID to file a draft under); the
quit and leave questions ask before its edits are discarded.

The base of EditorScreen (between it and SyncedScreen), so the screen file holds layout and
keys only. Network work runs in workers; the UI never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.worker import Worker

from thread_tui.api import ClientError
from thread_tui.core.draft import Draft
from thread_tui.core.ids import ResourceKind
from thread_tui.core.verify import Expectation
from thread_tui.ui.context import tui
from thread_tui.ui.screens.editor_sync import SyncedScreen


def new_resource_status(kind: ResourceKind) -> str:
    """The editor's first status line for a resource that is not created yet."""
    extra = ", files or a vector store" if kind.has_tool_resources else ""
    return f"Add metadata{extra}; Ctrl+S reviews and creates it (not autosaved until then)."


class ResourceActions(SyncedScreen):
    """Create (for a new draft) and delete (for a loaded resource)."""

    kind: ResourceKind

    # -- create ----------------------------------------------------------------------------

    def submit(self) -> Worker[None]:
        """Send the draft: a create call when the resource is new, else the modify call."""
        if self.draft.is_new:
            return self.create()
        return super().submit()

    @work(exclusive=True, group="editor-net")
    async def create(self) -> None:
        draft = self.draft
        if not draft.is_new or not draft.is_valid or self.read_only:
            return
        from thread_tui.ui.widgets.changes_bar import ChangesBar

        bar = self.query_one(ChangesBar)
        bar.busy = True
        bar.refresh_all()
        app = tui(self)
        client = app.client
        body = draft.request_body()
        expectation = Expectation.from_draft(draft)
        try:
            self.header.status(f"Creating the {draft.kind.value}…")
            resource = await client.create_resource(draft.kind, body)
        except ClientError as exc:
            self.header.status(
                f"Not created: {exc.user_message()} Your edits are kept.", error=True
            )
            return
        finally:
            bar.busy = False
            bar.refresh_all()
        self.exchange = client.last_exchange
        try:
            app.store.recents.record(resource.id, app.now())
        except OSError as exc:  # the object exists; only the list of recent IDs missed it
            app.notify(
                f"Could not remember {resource.id}: {exc.strerror or exc}", severity="warning"
            )
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

        self.app.push_screen(
            DeleteConfirmScreen(
                self.kind, self.draft.resource_id, unsaved_edits=not self.draft.diff().is_empty
            ),
            self._deleted,
        )

    def _deleted(self, deleted: bool | None) -> None:
        """The DELETE succeeded (the dialog ran it): forget the ID, back to the lookup."""
        if not deleted:
            return
        app = tui(self)
        resource_id = self.draft.resource_id
        self.discard_autosave()
        try:
            app.store.recents.remove(resource_id)
        except OSError as exc:
            app.notify(
                f"Could not update the recent IDs: {exc.strerror or exc}", severity="warning"
            )
        self.dismiss()
        for screen in app.screen_stack:
            forget = getattr(screen, "forget", None)
            if callable(forget):
                forget(resource_id)
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
