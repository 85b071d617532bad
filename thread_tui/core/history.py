"""Undo and redo of a draft's edits, as whole-state steps (no Textual).

Each step is the draft's full state after one edit (`Draft.snapshot`): a burst of typing in one
field, an added, deleted, blanked or reverted row, a file or store added or removed, a picker's
result. Undo and redo put a whole state back, so they restore rows, values, files and stores
together whatever the edit was.

The caller says when the draft may have changed: `record(coalesce=True)` after a keystroke
(typing in the same field as the last step extends it), `record()` after any other edit, and
`seal()` when the focus leaves a field (the next keystroke there starts a new step). What kind
of edit it was is read from the states themselves: a change of one key or value alone is a
field edit; anything else is its own step.
"""

from __future__ import annotations

from dataclasses import dataclass

from thread_tui.core.draft import Draft, DraftSnapshot

DEFAULT_LIMIT = 200
"""Steps kept; the oldest is dropped beyond it."""


@dataclass(frozen=True)
class Step:
    """What an undo or redo changed, for the screen to show it.

    `row_id` is the first row (top to bottom) that changed and is there now, with the field
    that changed in it ("key" or "value"); None when the only change is a row gone, then
    `index` is where the first gone row was. `tools` is True when a file or store list changed.
    """

    row_id: int | None
    field: str
    index: int | None
    tools: bool
    rows_changed: bool
    """True when rows were added or removed (not only edited): the grid needs new rows."""


FieldTarget = tuple[int, int]
"""(row id, 1 for the key or 2 for the value): the one field a change touched."""


class History:
    """A bounded list of the draft's states and the place of the current one in it."""

    def __init__(self, draft: Draft, limit: int = DEFAULT_LIMIT) -> None:
        self.draft = draft
        self.limit = max(limit, 1)
        self._states: list[DraftSnapshot] = [draft.snapshot()]
        self._at = 0
        self._open: FieldTarget | None = None  # the field whose typing extends the last step

    @property
    def can_undo(self) -> bool:
        return self._at > 0

    @property
    def can_redo(self) -> bool:
        return self._at < len(self._states) - 1

    @property
    def steps(self) -> int:
        """How many steps can be undone."""
        return self._at

    def record(self, *, coalesce: bool = False) -> bool:
        """Take the draft's current state as a step when it changed. With `coalesce` (typing),
        a change of the same one field as the open step extends that step. True when a new
        step was made."""
        now = self.draft.snapshot()
        top = self._states[self._at]
        if now == top:
            return False
        touched = _field_target(top, now)
        at_end = self._at == len(self._states) - 1
        # `_open` is only ever the field of the step on top (every other push, undo, redo and
        # seal resets it), so the top step need not be compared with the one below it.
        if coalesce and at_end and touched is not None and touched == self._open:
            self._states[self._at] = now
            return False
        del self._states[self._at + 1 :]  # a new edit ends what could be redone
        self._states.append(now)
        self._at += 1
        if len(self._states) > self.limit + 1:
            del self._states[0]
            self._at -= 1
        self._open = touched if coalesce else None
        return True

    def seal(self) -> None:
        """The focus left the field: typing there again is a new step."""
        self._open = None

    def undo(self) -> Step | None:
        """Go back one step (an edit not recorded yet is recorded first); None when there is
        nothing to undo."""
        self.record(coalesce=True)
        if not self.can_undo:
            return None
        return self._go(self._at - 1)

    def redo(self) -> Step | None:
        """Go forward one undone step; None when there is none (an edit since the undo, even
        one not recorded yet, ends what could be redone)."""
        if self.record(coalesce=True) or not self.can_redo:
            return None
        return self._go(self._at + 1)

    def _go(self, at: int) -> Step:
        before = self._states[self._at]
        self._at = at
        self._open = None
        self.draft.restore(self._states[at])
        return _step(before, self._states[at])


def _field_target(before: DraftSnapshot, after: DraftSnapshot) -> FieldTarget | None:
    """The one key or value that differs between two states, or None when the change is any
    other (rows added, removed, deleted, lists changed, or several fields)."""
    if (
        before.file_ids != after.file_ids
        or before.store_ids != after.store_ids
        or len(before.rows) != len(after.rows)
    ):
        return None
    found: FieldTarget | None = None
    for old, new in zip(before.rows, after.rows, strict=True):
        if old == new:
            continue
        if found is not None or old[0] != new[0] or old[3:] != new[3:]:
            return None
        if old[1] != new[1] and old[2] != new[2]:
            return None
        found = (new[0], 1 if old[1] != new[1] else 2)
    return found


def _step(before: DraftSnapshot, after: DraftSnapshot) -> Step:
    old = {row[0]: row for row in before.rows}
    new_ids = [row[0] for row in after.rows]
    tools = before.file_ids != after.file_ids or before.store_ids != after.store_ids
    rows_changed = [row[0] for row in before.rows] != new_ids
    for row in after.rows:
        was = old.get(row[0])
        if was != row:
            field = "value" if was is not None and was[1] == row[1] and was[2] != row[2] else "key"
            return Step(row[0], field, new_ids.index(row[0]), tools, rows_changed)
    kept = set(new_ids)
    gone = [i for i, row in enumerate(before.rows) if row[0] not in kept]
    index = min(gone[0], len(after.rows) - 1) if gone and after.rows else None
    return Step(None, "key", index, tools, rows_changed)
