"""The thread / conversation editor: metadata grid, tool resources, changes bar, submit.

One Screen that composes plain collaborators: the `EditorSession` (the draft, the server and
the disk; ui/editor_session.py), the `EditorTabs` (the Edit / Messages switch) and the
`ResourceActions` (the dialogs of submit, reload, delete and saved drafts). Edits go to the
session's `Draft`, which the widgets read through the session; this screen routes events
between them and runs the network work in workers, so the UI stays responsive and the user's
edits survive any error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button

from thread_tui.api import Exchange
from thread_tui.core.draft import Draft
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resources import Resource
from thread_tui.ui.context import tui
from thread_tui.ui.edit_history import EditHistory
from thread_tui.ui.editor_outcome import new_resource_status
from thread_tui.ui.editor_session import EditorSession
from thread_tui.ui.panel_focus import FOCUSED_PANEL, follow_focus
from thread_tui.ui.screens.editor_actions import ResourceActions
from thread_tui.ui.screens.editor_tabs import EditorTabs
from thread_tui.ui.widgets.changes_bar import ChangesBar
from thread_tui.ui.widgets.editor_header import EditorHeader
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.metadata_row import MetadataRow
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.widgets.tool_resources import IdList, ToolResourcesPanel, restore_item
from thread_tui.ui.widgets.wait_status import WaitLine
from thread_tui.ui.workers import safe_work

AUTOSAVE_DELAY = 0.3  # seconds: a burst of keys is written once


class EditorScreen(Screen[None]):
    CSS_PATH = Path(__file__).parent.parent / "styles" / "editor.tcss"
    # The first key field takes the focus as the screen shows, not by a focus() call later
    # (each focus change restyles what it touches); with no editable field, see on_mount.
    AUTO_FOCUS = "#grid .row-key"
    BINDINGS = [
        *EditorTabs.BINDINGS,
        Binding("ctrl+s", "submit", "Submit", priority=True, id="editor.submit"),
        Binding("ctrl+n", "add_row", "Add row", priority=True, id="editor.add_row"),
        Binding("ctrl+d", "delete_row", "Delete row", priority=True, id="editor.delete_row"),
        # Shown in the footer: the six most used. All are in the help screen (F1) and the
        # command palette, and a shorter footer is quicker to build on every screen change.
        Binding("ctrl+z", "undo", "Undo", priority=True, show=False, id="editor.undo"),
        # Most terminals send Ctrl+Shift+Z as Ctrl+Z: Ctrl+G redoes in every one.
        Binding("ctrl+shift+z,ctrl+g", "redo", "Redo", priority=True, show=False, id="editor.redo"),
        Binding("ctrl+f", "pick_files", "Files", priority=True, id="editor.pick_files"),
        Binding("ctrl+t", "pick_store", "Store", priority=True, show=False, id="editor.pick_store"),
        Binding("ctrl+o", "inspect", "Response", priority=True, id="editor.inspect"),
        Binding("ctrl+y", "copy_as", "Copy as", priority=True, id="editor.copy_as"),
        Binding("ctrl+r", "reload", "Reload", priority=True, show=False, id="editor.reload"),
        Binding(
            "f8",
            "delete_resource",
            "Delete",
            priority=True,
            show=False,
            id="editor.delete_resource",
        ),
        Binding("f9", "clone", "Clone", priority=True, show=False, id="editor.clone"),
        Binding("escape", "back", "Back", id="editor.back"),
        # Single letters, for when the focus is not in a text field (a field types them).
        Binding("f", "pick_files", "Files", show=False, id="editor.pick_files_alt"),
        Binding("v", "pick_store", "Store", show=False, id="editor.pick_store_alt"),
        Binding("i", "inspect", "Response", show=False, id="editor.inspect_alt"),
        Binding("c", "copy_as", "Copy as", show=False, id="editor.copy_as_alt"),
        Binding("r", "reload", "Reload", show=False, id="editor.reload_alt"),
        Binding("e", "external_edit", "$EDITOR", show=False, id="editor.external_edit"),
    ]

    def __init__(self, resource: Resource, exchange: Exchange | None = None) -> None:
        super().__init__()
        app = tui(self)
        store = app.store
        self.session = EditorSession(
            resource,
            exchange,
            client=lambda: app.client,
            drafts=store.drafts,
            recents=store.recents,
            now=app.now,
            read_only=app.read_only,
            catalog=lambda: store.catalog,
        )
        self.tabs = EditorTabs(self, self.session)
        self.actions = ResourceActions(self, self.session)
        self._refresh_pending = False
        self._autosave_timer: Timer | None = None

    # -- what the session holds, read where tests and other screens expect it -------------

    @property
    def draft(self) -> Draft:
        return self.session.draft

    @property
    def resource(self) -> Resource:
        return self.session.resource

    @property
    def exchange(self) -> Exchange | None:
        return self.session.exchange

    @property
    def kind(self) -> ResourceKind:
        return self.session.kind

    @property
    def create_unsure(self) -> str | None:
        return self.session.create_unsure

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def current_view(self) -> str:
        return self.tabs.current

    @property
    def header(self) -> EditorHeader:
        return self.query_one(EditorHeader)

    @property
    def changes(self) -> ChangesBar:
        return self.query_one(ChangesBar)

    def compose(self) -> ComposeResult:
        app = tui(self)
        if self.draft.is_new and not self.draft.rows and not self.read_only:
            # A new object opens on one blank pair, focused, so what is typed goes into a
            # field (outside one, single letters are shortcuts).
            self.draft.add_row()
        yield TitleBar()
        # The parts are the screen's own children (the bars are docked): a full-height
        # container around them drew and kept a line for each row it covered (~0.3 MiB).
        yield EditorHeader(self.resource, app.now(), self._loaded_text(), id="editor-header")
        yield WaitLine(app.wait_status, id="editor-wait")
        yield self.tabs.widget()
        with Horizontal(id="editor-body"):
            yield MetadataGrid(
                self.session,
                read_only=self.read_only,
                on_edit=self._row_edited,
                id="grid",
                classes=FOCUSED_PANEL,  # the first focus goes into it: no restyle then
            )
            if self.kind.has_tool_resources:
                yield ToolResourcesPanel(self.session, read_only=self.read_only, id="tools")
        yield ChangesBar(self.session, read_only=self.read_only, id="changes")
        yield KeyBar()

    def on_mount(self) -> None:
        follow_focus(self)
        self.edits = EditHistory(self, lambda: self.draft, self.refresh_state)
        # Kept: refresh_state runs after every burst of keystrokes.
        self._grid = self.query_one(MetadataGrid)
        self._bar = self.query_one(ChangesBar)
        self._grid.refresh_all()
        if self.focused is None:  # read-only, or no rows: the grid scrolls with the keys
            self.set_focus(self._grid)
        self.actions.offer_saved()

    def on_unmount(self) -> None:
        if self._autosave_timer is not None:  # edits of the last burst are not dropped
            self.autosave_now()
        self.session.release()

    def _loaded_text(self) -> str:
        if self.draft.is_new:
            return new_resource_status(self.kind)
        exchange = self.exchange
        if exchange is None:
            return f"Loaded {self.resource.id}."
        rid = f" · request id {exchange.request_id}" if exchange.request_id else ""
        read_only = " · read-only mode: nothing can be sent" if self.read_only else ""
        return (
            f"Loaded in {exchange.elapsed_ms:.0f} ms{rid} · Ctrl+O inspects the response{read_only}"
        )

    # -- keeping the widgets in step with the draft ------------------------------------

    def _row_edited(self, row: MetadataRow) -> None:
        # The row has already updated its own counters. The grid-wide state (pair count,
        # duplicates, summary, Submit) is refreshed once per burst of keys, not per key,
        # and a keystroke never touches the tool resources lists.
        self.edits.typed()
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_later(self._flush_refresh)

    def _flush_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh_state(tools=False)

    def refresh_state(self, *, tools: bool = True) -> None:
        self.edits.changed()  # an edit not typed (a row, a file, a picker) is an undo step
        problems = self.draft.problems()  # computed once, shared by the grid and the bar
        self._grid.refresh_all(problems)
        self._bar.refresh_all(problems)
        if tools and self.kind.has_tool_resources:
            self.query_one(ToolResourcesPanel).refresh_all()
        self.schedule_autosave()

    async def show_new_draft(self, resource: Resource | None = None) -> None:
        """The session replaced the draft (a submit, reload, rebase or restore): the widgets
        read the new one through it; the grid's rows are rebuilt for its rows."""
        self.stop_autosave()  # a save pending for the old draft has nothing left to save
        if resource is not None:
            self.header.show_resource(resource, tui(self).now())
        await self._grid.rebuild()
        self.refresh_state()

    def has_unsaved_edits(self) -> bool:
        return self.session.has_unsaved_edits

    # -- autosave ---------------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        # One pending save covers every edit until it fires (at most AUTOSAVE_DELAY after the
        # first of them); restarting a timer on each keystroke would cost more than it saves.
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.autosave_now)

    def autosave_now(self) -> bool:
        """Save the draft now (see `EditorSession.autosave`); False when not written."""
        self._autosave_timer = None
        return self.session.autosave()

    def stop_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None

    # -- metadata actions ----------------------------------------------------------------

    def _refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.notify(
                "Read-only mode: editing is disabled (started with --read-only).",
                severity="warning",
            )
        return self.read_only

    @on(MetadataGrid.RowWanted)
    async def _row_wanted(self) -> None:
        await self.action_add_row()

    async def action_add_row(self) -> None:
        if self._refuse_if_read_only():
            return
        await self.query_one(MetadataGrid).add_row()
        self.refresh_state()

    def _target_row(self) -> MetadataRow | None:
        row = self.query_one(MetadataGrid).focused_row()
        if row is None:
            self.notify("Move to a metadata row first (Tab).", severity="warning")
        return row

    async def action_delete_row(self) -> None:
        if self._refuse_if_read_only():
            return
        row = self._target_row()
        if row is None:
            return
        data = self.draft.row(row.row_id)
        if data.is_new:
            self.draft.delete_row(row.row_id)
            await row.remove()
            self.refresh_state()
            return
        if data.deleted:
            return
        from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

        def answer(choice: str | None) -> None:
            if choice == "blank":
                self.draft.blank_row(row.row_id)
                row.sync_inputs()
            elif choice in ("remove", "clone"):
                self.draft.delete_row(row.row_id)
            self.refresh_state()
            if choice == "clone":  # the row stays marked removed: Ctrl+Z brings it back
                self.action_clone()

        self.app.push_screen(ServerKeepsKeyScreen(data.origin or "", data.value), answer)

    async def action_undo(self) -> None:
        if not self._refuse_if_read_only():
            await self.edits.undo()

    async def action_redo(self) -> None:
        if not self._refuse_if_read_only():
            await self.edits.redo()

    async def action_revert_row(self) -> None:
        if self._refuse_if_read_only():
            return
        row = self._target_row()
        if row is not None:
            await self.edits.revert_row(row)

    async def action_external_edit(self) -> None:
        """The draft as YAML in $VISUAL / $EDITOR (ui/external_edit.py): one undo step."""
        if self._refuse_if_read_only():
            return
        from thread_tui.ui.external_edit import edit_draft

        await edit_draft(self.app, self.draft, before=self.edits.changed, show=self.show_new_draft)

    # -- tool resources ----------------------------------------------------------------

    def _tools_available(self) -> bool:
        if not self.kind.has_tool_resources:
            self.notify("A conversation has no tool_resources.", severity="warning")
            return False
        return not self._refuse_if_read_only()

    def action_pick_files(self) -> None:
        if not self._tools_available():
            return
        from thread_tui.ui.screens.pickers import FilePickerScreen

        self.app.push_screen(FilePickerScreen(list(self.draft.file_ids)), self._files_picked)

    def _files_picked(self, ids: list[str] | None) -> None:
        if ids is not None:
            self.draft.set_files(ids)
            self.refresh_state()

    def action_pick_store(self) -> None:
        if not self._tools_available():
            return
        from thread_tui.ui.screens.pickers import VectorStorePickerScreen

        self.app.push_screen(
            VectorStorePickerScreen(list(self.draft.store_ids)), self._stores_picked
        )

    def _stores_picked(self, ids: list[str] | None) -> None:
        if ids is not None:
            self.draft.set_stores(ids)
            self.refresh_state()

    @on(IdList.Removed)
    def _id_removed(self, event: IdList.Removed) -> None:
        if self._refuse_if_read_only():
            return
        if event.id_list.id == "file-ids":
            self.draft.remove_file(event.item)
        else:
            self.draft.remove_store(event.item)
        self.refresh_state()

    @on(IdList.Restored)
    def _id_restored(self, event: IdList.Restored) -> None:
        if not self._refuse_if_read_only():
            note = restore_item(self.draft, event.id_list.id, event.item)
            if note:
                self.notify(note, severity="warning")
            self.refresh_state()

    @on(Button.Pressed, "#pick-files")
    def _pick_files_button(self) -> None:
        self.action_pick_files()

    @on(Button.Pressed, "#pick-store")
    def _pick_store_button(self) -> None:
        self.action_pick_store()

    # -- submit ------------------------------------------------------------------------------

    @on(Button.Pressed, "#submit")
    def _submit_button(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        if self._refresh_pending:
            self._flush_refresh()
        reason = self._bar.block_reason()
        if reason is not None:
            # The button is disabled too; the key binding must not bypass it.
            if "server keeps removed keys" in reason:
                from thread_tui.ui.palette import command_key

                key = command_key(tui(self).keymap, self.action_clone) or "Ctrl+P"
                reason += f" Or clone without them: {key} (Clone with exact metadata)."
            self.notify(reason, severity="warning", title="Nothing sent")
            return
        from thread_tui.ui.screens.confirm import ConfirmScreen

        dialog = ConfirmScreen(self.draft)

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.submit()
            elif dialog.clone_wanted:
                self.action_clone()

        self.app.push_screen(dialog, confirmed)

    @safe_work(exclusive=True, group="editor-net")
    async def submit(self) -> None:
        """Send the draft: a create call when the resource is new, else the modify call."""
        await self.actions.submit()

    @safe_work(exclusive=True, group="editor-net")
    async def reload(self) -> None:
        await self.actions.reload()

    # -- other actions ------------------------------------------------------------------

    def action_inspect(self) -> None:
        if self.exchange is None:
            self.notify("No response to inspect yet.", severity="warning")
            return
        from thread_tui.ui.screens.inspector import ResponseInspectorScreen

        self.app.push_screen(ResponseInspectorScreen(self.exchange))

    def action_copy_as(self) -> None:
        from thread_tui.ui.screens.copy_as import CopyAsScreen

        self.app.push_screen(
            CopyAsScreen(
                self.kind,
                self.draft.resource_id,
                self.draft.request_body(),
                tui(self).settings.base_url,
                tui(self).settings,
            )
        )

    def action_reload(self) -> None:
        if self.actions.refuse_unsaved_resource("reload"):
            return
        self._after_confirming_discard("Reload and lose your edits?", self.reload)

    def action_back(self) -> None:
        self._after_confirming_discard("Leave with unsaved edits?", self._leave)

    def action_delete_resource(self) -> None:
        self.actions.delete()

    def action_clone(self) -> None:
        from thread_tui.ui.clone_flow import open_clone

        open_clone(self)

    def _leave(self) -> None:
        self.stop_autosave()
        self.session.discard_autosave()
        self.dismiss()

    def _after_confirming_discard(self, question: str, then: Callable[[], object]) -> None:
        if not self.has_unsaved_edits():
            then()
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(discard: bool | None) -> None:
            if discard:
                then()

        self.app.push_screen(
            YesNoScreen(question, "Your edits have not been submitted.", yes="Discard edits"),
            answer,
        )

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Submit changes", "Review the diff and send the modify request", self.action_submit),
            ("Add metadata row", "Append an empty key/value row", self.action_add_row),
            ("Delete metadata row", "Delete the focused row", self.action_delete_row),
            ("Undo", "Undo the last edit (Ctrl+Z)", self.action_undo),
            ("Redo", "Redo the edit undone last (Ctrl+Shift+Z or Ctrl+G)", self.action_redo),
            ("Revert row", "Restore the focused row as loaded (undoable)", self.action_revert_row),
            (
                "Edit in $EDITOR",
                "The draft as YAML in $VISUAL / $EDITOR",
                self.action_external_edit,
            ),
            (
                "Inspect response",
                "Status, headers and body of the last answer",
                self.action_inspect,
            ),
            ("Copy request as…", "curl / openai CLI / Python snippet", self.action_copy_as),
            ("Reload", "Fetch the object again from the server", self.action_reload),
            (
                "Clone with exact metadata",
                "A new conversation with exactly this metadata (removed keys gone), "
                "the items copied; the old one is kept",
                self.action_clone,
            ),
            ("Back to lookup", "Open another ID", self.action_back),
            self.tabs.command(self.action_toggle_messages),
        ]
        if self.kind.has_tool_resources:
            commands += [
                ("Pick files", "Choose code_interpreter file IDs", self.action_pick_files),
                (
                    "Pick vector store",
                    "Choose the file_search vector store",
                    self.action_pick_store,
                ),
            ]
        return commands + self.actions.commands()

    # -- the two views ----------------------------------------------------------------------

    def action_toggle_messages(self) -> None:
        self.tabs.toggle()

    def action_show_view(self, name: str) -> None:
        self.tabs.show(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.tabs.allows(action):
            return False
        return super().check_action(action, parameters)
