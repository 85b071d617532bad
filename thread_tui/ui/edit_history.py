"""The editor's undo, redo and "revert row": core's `History` bound to the screen.

The screen makes one `EditHistory` and calls it in a line each: `typed()` after every keystroke
in a metadata field, `changed()` after any other edit (its refresh), and `undo()` / `redo()` /
`revert_row()` from the key bindings. This object watches the focus itself: leaving a field
ends its burst of typing (the next keystroke there is a new step), and leaving a new row lets
its empty key be marked.

After an undo or redo the grid shows the draft again (the rows' inputs put back, or new rows
when rows came or went), the rest of the screen is refreshed, and the focus goes to the row
that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget

from thread_tui.core.draft import Draft, DraftError
from thread_tui.core.history import History, Step
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.metadata_row import MetadataRow


class EditHistory:
    """Undo / redo of one editor's draft; a new history whenever the draft is replaced."""

    def __init__(
        self,
        screen: Screen[Any],
        draft: Callable[[], Draft],
        refresh: Callable[[], None],
    ) -> None:
        self.screen = screen
        self._draft = draft
        self._refresh = refresh
        self._history = History(draft())
        screen.watch(screen, "focused", self._focus_moved, init=False)

    @property
    def history(self) -> History:
        draft = self._draft()
        if self._history.draft is not draft:
            # A reload, submit, rebase or restored draft replaced it: its edits start afresh
            # (undoing into the draft that was there before would undo a submit).
            self._history = History(draft)
        return self._history

    # -- told by the screen -------------------------------------------------------------------

    def typed(self) -> None:
        """A keystroke changed a key or value: it extends the burst in that field."""
        self.history.record(coalesce=True)

    def changed(self) -> None:
        """Any other edit (a row added, deleted or blanked, a file or store, a picker)."""
        self.history.record()

    # -- the commands -------------------------------------------------------------------------

    # The screen refuses these in read-only mode and finds the focused row (its
    # `_refuse_if_read_only` and `_target_row`), as for its other row commands.

    async def undo(self) -> None:
        await self._apply(self.history.undo(), "Nothing to undo.")

    async def redo(self) -> None:
        await self._apply(self.history.redo(), "Nothing to redo.")

    async def _apply(self, step: Step | None, nothing: str) -> None:
        if step is None:
            self.screen.notify(nothing, timeout=2)
            return
        await self._show(step)

    async def revert_row(self, row: MetadataRow) -> None:
        """`row` as loaded (a new row goes): one step of its own, undoable."""
        grid = self.screen.query_one(MetadataGrid)
        history = self.history
        history.record(coalesce=True)
        draft = history.draft
        index = grid.rows().index(row)
        on_value = self.screen.focused is row.value_input
        draft.restore_row(row.row_id)
        if not history.record():
            self.screen.notify("This row is as loaded already.", timeout=2)
            return
        kept = any(r.id == row.row_id for r in draft.rows)
        field = "value" if on_value else "key"
        await self._show(Step(row.row_id if kept else None, field, index, False, not kept))

    # -- showing the draft again ---------------------------------------------------------------

    async def _show(self, step: Step) -> None:
        grid = self.screen.query_one(MetadataGrid)
        draft = self.history.draft
        widgets = grid.rows()
        if [w.row_id for w in widgets] == [r.id for r in draft.rows]:
            for widget in widgets:
                widget.sync_inputs()
        else:
            await grid.rebuild()
        self._refresh()
        self._focus(grid, step)

    def _focus(self, grid: MetadataGrid, step: Step) -> None:
        rows = grid.rows()
        target: MetadataRow | None = None
        if step.row_id is not None:
            target = grid.row_widget(step.row_id)
        elif step.index is not None and rows:
            target = rows[min(step.index, len(rows) - 1)]
        if target is None:
            return
        field = target.value_input if step.field == "value" else target.key_input
        self.screen.set_focus(field)
        grid.scroll_to_widget(target, animate=False)

    # -- the focus -------------------------------------------------------------------------------

    def _focus_moved(self, old: Widget | None, new: Widget | None) -> None:
        self.history.seal()
        left = _row_of(old)
        if left is None or left is _row_of(new) or left.draft is not self.history.draft:
            return
        try:
            row = self.history.draft.row(left.row_id)
        except DraftError:
            return  # the row is gone (deleted, or undone)
        if row.fresh:
            self.history.draft.leave_row(left.row_id)
            if left.is_mounted:
                left.refresh_state()


def _row_of(widget: Widget | None) -> MetadataRow | None:
    node: Any = widget
    while node is not None and not isinstance(node, MetadataRow):
        node = node.parent
    return node
