"""The metadata editor of one thread message: the editor's grid, counters, diff and confirm.

`MessageEditorScreen(thread_id, message)` composes the thread editor's own parts over a
`MessageSession` (ui/message_session.py): the metadata grid with its live counters (16 pairs,
keys of 64 characters, values of 512) and F2 value editor, the changes bar, the undo history,
the server-keeps-key question when a saved row is deleted, and the review-and-send confirm.
Ctrl+S sends `POST /threads/{thread_id}/messages/{message_id}` in a worker; the answer's
metadata is compared with what was intended (`MessageSavedScreen` shows it and any
difference), then the screen dismisses with the updated message. It dismisses None when left
without saving (unsaved edits ask first). A failed send keeps every edit and says why.

The header shows the thread and message IDs, the role and a line of the message's text, all
drawn inert (they are the server's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from thread_tui.core.message_edit import message_preview, message_role
from thread_tui.core.message_snippets import message_path
from thread_tui.ui.context import tui
from thread_tui.ui.edit_history import EditHistory
from thread_tui.ui.inert_text import plain
from thread_tui.ui.message_session import MessageSession, Sent
from thread_tui.ui.panel_focus import FOCUSED_PANEL, follow_focus
from thread_tui.ui.widgets.changes_bar import ChangesBar
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.metadata_row import MetadataRow
from thread_tui.ui.widgets.text_pair import TextPair
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.workers import safe_work

STYLES = Path(__file__).parent.parent / "styles"
READ_ONLY_REFUSAL = "Read-only mode: editing is disabled (started with --read-only)."


class MessageEditorScreen(Screen[dict[str, Any] | None]):
    #: What the app's quit question says while this screen holds unsent edits.
    quit_note = (
        "Your edits of a thread message's metadata have not been sent, and they are not kept "
        "on this machine: quitting discards them."
    )
    # The grid's rows are styled by the editor's sheet; this screen's own comes after it.
    CSS_PATH = [STYLES / "editor.tcss", STYLES / "message_editor.tcss"]
    AUTO_FOCUS = "#grid .row-key"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", priority=True, id="message_editor.submit"),
        Binding("ctrl+n", "add_row", "Add row", priority=True, id="message_editor.add_row"),
        Binding(
            "ctrl+d", "delete_row", "Delete row", priority=True, id="message_editor.delete_row"
        ),
        Binding("ctrl+z", "undo", "Undo", priority=True, show=False, id="message_editor.undo"),
        Binding(
            "ctrl+shift+z,ctrl+g",
            "redo",
            "Redo",
            priority=True,
            show=False,
            id="message_editor.redo",
        ),
        Binding("ctrl+o", "inspect", "Response", priority=True, id="message_editor.inspect"),
        Binding("ctrl+y", "copy_as", "Copy as", priority=True, id="message_editor.copy_as"),
        Binding("escape", "back", "Back", id="message_editor.back"),
    ]

    def __init__(self, thread_id: str, message: Mapping[str, Any]) -> None:
        super().__init__()
        app = tui(self)
        self.session = MessageSession(
            thread_id,
            message,
            client=lambda: app.client,
            read_only=app.read_only,
        )
        self._refresh_pending = False
        self.sent: Sent | None = None

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def header(self) -> TextPair:
        return self.query_one("#message-header", TextPair)

    def compose(self) -> ComposeResult:
        session = self.session
        yield TitleBar()
        with Vertical(id="message-editor"):
            yield TextPair(
                self._title(),
                self._first_status(),
                id="message-header",
                error=session.problem is not None,
            )
            yield Static(plain(message_preview(session.message), lines=False), id="message-preview")
            yield MetadataGrid(
                session,
                read_only=self.read_only,
                on_edit=self._row_edited,
                id="grid",
                classes=FOCUSED_PANEL,  # the first focus goes into it: no restyle then
            )
            yield ChangesBar(session, read_only=self.read_only, id="changes")
        yield KeyBar()

    def _title(self) -> Text:
        session = self.session
        return Text.assemble(
            ("Message ", "bold"),
            (session.message_id or "(no ID)", "bold"),
            "  ",
            (f"{message_role(session.message)} · in {session.thread_id}", "dim"),
        )

    def _first_status(self) -> str:
        if self.session.problem is not None:
            return self.session.problem
        if self.read_only:
            return "Read-only mode (--read-only): nothing can be edited or sent."
        return "Edit this message's own metadata; Ctrl+S reviews the diff and sends it."

    def on_mount(self) -> None:
        follow_focus(self)
        self._grid = self.query_one(MetadataGrid)
        self._bar = self.query_one(ChangesBar)
        self.edits = EditHistory(self, lambda: self.session.draft, self.refresh_state)
        self._grid.refresh_all()
        if self.focused is None:  # read-only, or no rows: the grid scrolls with the keys
            self.set_focus(self._grid)

    def status(self, text: str, *, error: bool = False) -> None:
        if self.is_attached:
            self.header.show(second=text, error=error)

    # -- keeping the widgets in step with the draft ------------------------------------------

    def _row_edited(self, _row: MetadataRow) -> None:
        # As in the thread editor: the grid-wide state is refreshed once per burst of keys.
        self.edits.typed()
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_later(self._flush_refresh)

    def _flush_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh_state()

    def refresh_state(self) -> None:
        self.edits.changed()
        problems = self.session.draft.problems()
        self._grid.refresh_all(problems)
        self._bar.refresh_all(problems)

    def has_unsaved_edits(self) -> bool:
        return self.sent is None and self.session.has_unsaved_edits

    # -- metadata actions --------------------------------------------------------------------

    def _refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.notify(self.session.problem or READ_ONLY_REFUSAL, severity="warning")
        return self.read_only

    @on(MetadataGrid.RowWanted)
    async def _row_wanted(self) -> None:
        await self.action_add_row()

    async def action_add_row(self) -> None:
        if self._refuse_if_read_only():
            return
        await self._grid.add_row()
        self.refresh_state()

    async def action_delete_row(self) -> None:
        """A new row goes; a saved one asks first: the server keeps its key (blank it?)."""
        if self._refuse_if_read_only():
            return
        row = self._grid.focused_row()
        if row is None:
            self.notify("Move to a metadata row first (Tab).", severity="warning")
            return
        draft = self.session.draft
        data = draft.row(row.row_id)
        if data.is_new:
            draft.delete_row(row.row_id)
            await row.remove()
            self.refresh_state()
            return
        if data.deleted:
            return
        from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

        def answer(choice: str | None) -> None:
            if choice == "blank":
                draft.blank_row(row.row_id)
                row.sync_inputs()
            elif choice == "remove":
                draft.delete_row(row.row_id)
            self.refresh_state()

        self.app.push_screen(
            ServerKeepsKeyScreen(data.origin or "", data.value, offer_clone=False), answer
        )

    async def action_undo(self) -> None:
        if not self._refuse_if_read_only():
            await self.edits.undo()

    async def action_redo(self) -> None:
        if not self._refuse_if_read_only():
            await self.edits.redo()

    # -- submit ------------------------------------------------------------------------------

    def endpoint(self) -> str:
        """`/v1/threads/{thread_id}/messages/{message_id}`, as the confirm shows it."""
        base = urlsplit(tui(self).settings.base_url).path.rstrip("/")
        return f"{base}/{message_path(self.session.thread_id, self.session.message_id)}"

    @on(Button.Pressed, "#submit")
    def _submit_button(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self._refresh_pending:
            self._flush_refresh()
        if self.read_only:
            why = self.session.problem or "Read-only mode (--read-only): nothing is sent."
            self.notify(why, severity="warning", title="Nothing sent")
            return
        reason = self._bar.block_reason()
        if reason is not None:
            # The button is disabled too; the key binding must not bypass it.
            self.notify(reason, severity="warning", title="Nothing sent")
            return
        from thread_tui.ui.screens.confirm import ConfirmScreen

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.submit()

        self.app.push_screen(
            ConfirmScreen(self.session.draft, endpoint=self.endpoint(), offer_clone=False),
            confirmed,
        )

    @safe_work(exclusive=True, group="message-editor-net")
    async def submit(self) -> None:
        self._bar.busy = True
        self._bar.refresh_all()
        sent: Sent | None = None
        rebased = False
        try:
            sent = await self.session.submit(say=self.status)
            if sent.conflict is not None:  # changed on the server since it was loaded
                from thread_tui.ui.screens.conflict import ConflictScreen

                conflict = sent.conflict
                choice = await self.app.push_screen_wait(
                    ConflictScreen(self.session.draft, conflict.now, conflict.drift)
                )
                sent = await self.session.resolve(conflict, choice, self.status)
                rebased = choice == "rebase"
        finally:
            self._bar.busy = False
            self._bar.refresh_all()  # after the screen closed, it does nothing
            if sent is None:  # an unexpected error: the app reports it; "Sending…" goes
                self.status("Not sent: something went wrong. Your edits are kept.", error=True)
        self.status(sent.status, error=sent.error)
        if rebased and self.is_attached:  # the rows show the server's version with my edits
            await self._grid.rebuild()
            self.refresh_state()
        if not sent.saved:
            return
        self.sent = sent
        if self.is_attached:  # the rows show the server's metadata now, not the old marks
            await self._grid.rebuild()
            self.refresh_state()
        from thread_tui.ui.screens.message_saved import MessageSavedScreen

        def closed(_answer: str | None) -> None:
            self.dismiss(sent.message)

        self.app.push_screen(MessageSavedScreen(sent), closed)

    # -- other actions -----------------------------------------------------------------------

    def action_inspect(self) -> None:
        exchange = self.session.exchange
        if exchange is None:
            self.notify("No response to inspect yet.", severity="warning")
            return
        from thread_tui.ui.screens.inspector import ResponseInspectorScreen

        self.app.push_screen(ResponseInspectorScreen(exchange))

    def action_copy_as(self) -> None:
        from thread_tui.ui.screens.message_copy_as import MessageCopyAsScreen

        settings = tui(self).settings
        self.app.push_screen(
            MessageCopyAsScreen(
                self.session.thread_id,
                self.session.message_id,
                self.session.request_body(),
                settings,
            )
        )

    def action_back(self) -> None:
        if not self.has_unsaved_edits():
            self.dismiss(None)
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            YesNoScreen(
                "Leave with unsaved edits?",
                "Your edits of this message's metadata have not been sent.",
                yes="Discard edits",
            ),
            answer,
        )

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [
            ("Submit changes", "Review the diff and update the message", self.action_submit),
            ("Add metadata row", "Append an empty key/value row", self.action_add_row),
            ("Delete metadata row", "Delete the focused row", self.action_delete_row),
            ("Undo", "Undo the last edit (Ctrl+Z)", self.action_undo),
            ("Redo", "Redo the edit undone last (Ctrl+G)", self.action_redo),
            ("Inspect response", "Status, headers and body of the answer", self.action_inspect),
            ("Copy request as…", "curl / openai CLI / Python snippet", self.action_copy_as),
            ("Back", "Leave the message editor", self.action_back),
        ]
