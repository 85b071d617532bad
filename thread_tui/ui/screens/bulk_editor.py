"""The bulk editor: one metadata change for many objects, checked against each one's state.

The screen composes the editor's own metadata grid (its rows, counters and problem notes)
over the change's draft in a `BulkSession` (ui/bulk_session.py), and the editor's undo
history. As it opens, a worker fetches every selected object's current state with bounded
concurrency (a progress line counts them); after every burst of edits, and as the states
come in, the validity lines say how the change fares against each object ("3 of 120 would
have 17 metadata pairs"). Ctrl+S opens the review (bulk_review.py), then a confirm and the
progress view (bulk_progress.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from thread_tui.core.bulk_plan import BulkChange
from thread_tui.core.limits import MAX_METADATA_PAIRS
from thread_tui.ui.bulk_session import BulkSession, Evaluation, Fetched
from thread_tui.ui.context import tui
from thread_tui.ui.edit_history import EditHistory
from thread_tui.ui.inert_text import plain
from thread_tui.ui.panel_focus import FOCUSED_PANEL, follow_focus
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.metadata_row import MetadataRow
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.workers import report_unexpected, safe_work

STYLES = Path(__file__).parent.parent / "styles"
# While states arrive, the validity lines are recomputed at most this often (seconds): each
# recompute plans the change against every object fetched so far.
VALIDITY_EVERY = 0.25


class BulkEditorScreen(Screen[None]):
    # The grid's rows are styled by the editor's sheet; this screen's own comes after it.
    CSS_PATH = [STYLES / "editor.tcss", STYLES / "bulk_editor.tcss"]
    AUTO_FOCUS = "#grid .row-key"
    BINDINGS = [
        Binding("ctrl+s", "review", "Review", priority=True, id="bulk.review"),
        Binding("ctrl+n", "add_row", "Add row", priority=True, id="bulk.add_row"),
        Binding("ctrl+d", "delete_row", "Delete row", priority=True, id="bulk.delete_row"),
        Binding("ctrl+z", "undo", "Undo", priority=True, show=False, id="bulk.undo"),
        Binding("ctrl+shift+z,ctrl+g", "redo", "Redo", priority=True, show=False, id="bulk.redo"),
        Binding("ctrl+r", "refetch", "Check again", priority=True, id="bulk.refetch"),
        # The threads' tool_resources part: each list given replaces the object's list.
        Binding("ctrl+f", "pick_files", "Files", priority=True, show=False, id="bulk.pick_files"),
        Binding("ctrl+t", "pick_store", "Store", priority=True, show=False, id="bulk.pick_store"),
        Binding("escape", "back", "Back", id="bulk.back"),
    ]

    def __init__(self, ids: Sequence[str], *, concurrency: int | None = None) -> None:
        super().__init__()
        app = tui(self)
        options = {} if concurrency is None else {"concurrency": concurrency}
        self.session = BulkSession(ids, client=lambda: app.client, **options)
        self.session.draft.add_row()  # opens on one blank pair, focused
        self._refresh_pending = False
        self._last_validity = 0.0
        self.evaluation = self.session.evaluation()  # nothing fetched yet: cheap

    @property
    def read_only(self) -> bool:
        return tui(self).read_only

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="bulk"):
            yield Static(self._header(), id="bulk-header")
            yield Static(plain(self.session.fetch_line()), id="bulk-fetch")
            yield MetadataGrid(
                self.session,
                on_edit=self._row_edited,
                id="grid",
                classes=FOCUSED_PANEL,
            )
            if self.session.threads:
                yield Static(self._tools_text(), id="bulk-tools")
            with Vertical(id="bulk-validity-box"):
                yield Static(Text(), id="bulk-validity")
            with Horizontal(id="bulk-bar"):
                yield Static(Text(), id="bulk-reason")
                yield Button("Review (Ctrl+S)", id="bulk-review", variant="success")
        yield KeyBar()

    def _header(self) -> Text:
        text = Text()
        text.append("Bulk edit  ", style="bold")
        text.append(self.session.selection_line())
        return text

    def _tools_text(self) -> Text:
        session = self.session
        files = session.replace_file_ids
        store = session.replace_store_id
        text = Text()
        text.append("Threads' tools  ", style="bold")
        if files is None:
            text.append("files kept")
        else:
            text.append(f"files replaced by {len(files)}" if files else "files all removed")
        text.append(" · ")
        if store is None:
            text.append("vector store kept")
        else:
            text.append("vector store replaced" if store else "vector store removed")
        text.append(" · Ctrl+F / Ctrl+T replace", style="italic")
        return text

    def on_mount(self) -> None:
        follow_focus(self)
        self._grid = self.query_one(MetadataGrid)
        self._grid.border_title = self._grid_title()
        self._grid.border_subtitle = "merged into each object's metadata"
        self.query_one("#bulk-validity-box").border_title = "Against each object"
        self.edits = EditHistory(self, lambda: self.session.draft, self.refresh_state)
        self.refresh_state()
        self.fetch_states()

    def _grid_title(self) -> str:
        return f"The change  {self.session.draft.pair_count()}/{MAX_METADATA_PAIRS} pairs"

    # -- the objects' state -------------------------------------------------------------------

    @safe_work(exclusive=True, group="bulk-fetch")
    async def fetch_states(self) -> None:
        self._show_fetch()
        await self.session.fetch(self._fetched)
        self._show_fetch()
        self.refresh_validity()

    def _fetched(self, found: Fetched) -> None:
        self._show_fetch()
        now = time.monotonic()
        if now - self._last_validity >= VALIDITY_EVERY:
            self.refresh_validity()

    def _show_fetch(self) -> None:
        self.query_one("#bulk-fetch", Static).update(plain(self.session.fetch_line()))

    def action_refetch(self) -> None:
        self.fetch_states()

    # -- keeping the screen in step with the change -------------------------------------------

    def _row_edited(self, row: MetadataRow) -> None:
        self.edits.typed()
        if not self._refresh_pending:
            self._refresh_pending = True
            self.call_later(self._flush_refresh)

    def _flush_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh_state()

    def refresh_state(self) -> None:
        self.edits.changed()
        problems = self.session.change_problems()
        self._grid.refresh_all(problems)
        title = self._grid_title()
        if self._grid.border_title != title:
            self._grid.border_title = title
        reason = self.session.block_reason(problems)
        if reason is None and self.read_only:
            reason = "Read-only mode (--read-only): nothing can be sent."
        self.query_one("#bulk-review", Button).disabled = reason is not None
        shown = reason or "Ready: Ctrl+S reviews what each object gets."
        bar = self.query_one("#bulk-reason", Static)
        bar.update(plain(shown))  # a problem quotes the key as typed
        bar.set_class(reason is not None, "-blocked")
        self.refresh_validity()

    def refresh_validity(self) -> None:
        """Check the change against every fetched object, in a thread: planning is a few
        hundred microseconds an object, too long for the event loop once there are hundreds.
        A newer check (the next burst of keys, more states) replaces one still running."""
        self._last_validity = time.monotonic()
        change = self.session.change()
        fetched = dict(self.session.fetched)  # the fetch goes on adding to the original
        self.run_worker(
            partial(self._evaluate, change, fetched),
            thread=True,
            exclusive=True,
            group="bulk-validity",
            exit_on_error=False,
        )

    def _evaluate(self, change: BulkChange, fetched: dict[str, Fetched]) -> None:
        worker = get_current_worker()
        try:
            found = self.session.evaluate(change, fetched, cancelled=lambda: worker.is_cancelled)
        except Exception as error:  # as safe_work does for the async workers
            self.app.call_from_thread(report_unexpected, self, error)
            return
        if found is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._show_validity, found)

    def _show_validity(self, evaluation: Evaluation) -> None:
        if not self.is_mounted:
            return
        self.evaluation = evaluation
        text = Text()
        if not evaluation.lines:
            text.append("Type a key and a value: each object's check shows here.", style="italic")
        for index, line in enumerate(evaluation.lines):
            if index:
                text.append("\n")
            text.append_text(plain(line, lines=False))
        self.query_one("#bulk-validity", Static).update(text)

    def validity_text(self) -> str:
        return str(self.query_one("#bulk-validity", Static).render())

    def has_unsaved_edits(self) -> bool:
        return False  # a bulk change is not kept on disk; leaving asks instead (action_back)

    # -- rows ------------------------------------------------------------------------------

    @on(MetadataGrid.RowWanted)
    async def _row_wanted(self) -> None:
        await self.action_add_row()

    async def action_add_row(self) -> None:
        await self._grid.add_row()
        self.refresh_state()

    async def action_delete_row(self) -> None:
        row = self._grid.focused_row()
        if row is None:
            self.notify("Move to a row of the change first (Tab).", severity="warning")
            return
        self.session.draft.delete_row(row.row_id)  # every row is new: it just goes
        await row.remove()
        self.refresh_state()

    async def action_undo(self) -> None:
        await self.edits.undo()

    async def action_redo(self) -> None:
        await self.edits.redo()

    # -- the threads' tool resources -----------------------------------------------------

    def _tools_allowed(self) -> bool:
        if not self.session.threads:
            self.notify("No thread is selected: conversations have no tool_resources.")
            return False
        return True

    def action_pick_files(self) -> None:
        if not self._tools_allowed():
            return
        from thread_tui.ui.screens.pickers import FilePickerScreen

        def picked(ids: list[str] | None) -> None:
            if ids is not None:
                self.session.replace_file_ids = ids
                self._tools_changed()

        self.app.push_screen(FilePickerScreen(list(self.session.replace_file_ids or [])), picked)

    def action_pick_store(self) -> None:
        if not self._tools_allowed():
            return
        from thread_tui.ui.screens.pickers import VectorStorePickerScreen

        current = self.session.replace_store_id

        def picked(ids: list[str] | None) -> None:
            if ids is not None:
                self.session.replace_store_id = ids[0] if ids else ""
                self._tools_changed()

        self.app.push_screen(VectorStorePickerScreen([current] if current else []), picked)

    def action_keep_tools(self) -> None:
        self.session.replace_file_ids = None
        self.session.replace_store_id = None
        self._tools_changed()

    def _tools_changed(self) -> None:
        if self.session.threads:
            self.query_one("#bulk-tools", Static).update(self._tools_text())
        self.refresh_state()

    # -- review, confirm, send ---------------------------------------------------------------

    @on(Button.Pressed, "#bulk-review")
    def _review_button(self) -> None:
        self.action_review()

    def action_review(self) -> None:
        if self._refresh_pending:
            self._flush_refresh()
        reason = self.session.block_reason()
        if reason is None and self.read_only:
            reason = "Read-only mode (--read-only): nothing can be sent."
        if reason is None and self.session.fetching:
            reason = "Still checking each object's state; the review opens when it is done."
        if reason is not None:
            self.notify(reason, severity="warning", title="Nothing sent")
            return
        from thread_tui.ui.screens.bulk_review import BulkReviewScreen

        evaluation = self.evaluation
        change = self.session.change()
        current = (evaluation.change, evaluation.fetched) == (change, len(self.session.fetched))
        review = evaluation.review if current else self.session.review()

        def reviewed(send: bool | None) -> None:
            if send:
                self._confirm(review.sending)

        self.app.push_screen(BulkReviewScreen(self.session.change(), review), reviewed)

    def _confirm(self, sending: int) -> None:
        from thread_tui.ui.screens.bulk_confirm import BulkConfirmScreen

        def answer(choice: str | None) -> None:
            if choice == "send":
                self._start_run()

        self.app.push_screen(BulkConfirmScreen(sending), answer)

    def _start_run(self) -> None:
        from thread_tui.ui.screens.bulk_progress import BulkProgressScreen

        self.app.push_screen(BulkProgressScreen(self.session), self._run_closed)

    def _run_closed(self, _result: None) -> None:
        # The objects changed: check them again, so what is shown is what they hold now.
        self.fetch_states()

    # -- leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.session.change_is_empty():
            self.dismiss()
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(leave: bool | None) -> None:
            if leave:
                self.dismiss()

        self.app.push_screen(
            YesNoScreen(
                "Leave the bulk editor?",
                "The change has not been sent; it is not kept.",
                yes="Leave",
                no="Stay",
            ),
            answer,
        )

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [
            ("Review bulk change", "What each object gets, then send", self.action_review),
            ("Add metadata row", "Append a key/value to the change", self.action_add_row),
            ("Delete metadata row", "Remove the focused row of the change", self.action_delete_row),
            ("Check objects again", "Fetch each object's current state", self.action_refetch),
            ("Replace files", "The threads' code_interpreter files", self.action_pick_files),
            ("Replace vector store", "The threads' file_search store", self.action_pick_store),
            ("Keep tool resources", "Leave files and store as they are", self.action_keep_tools),
            ("Leave bulk editor", "Back to where it was opened", self.action_back),
        ]
