"""The editor's drafts on disk: this editor's own autosave file, and the saved drafts of the
same ID that earlier runs (or editors closed without submitting) left, offered back.

Used by `EditorSession` (no Textual here). The disk is treated as failing: every write goes
through the store, which warns once and returns False instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from thread_tui.core.humanize import ago
from thread_tui.core.resources import Resource
from thread_tui.ui.draft_holder import DraftHolder
from thread_tui.ui.editor_outcome import SavedOffer

if TYPE_CHECKING:
    from thread_tui.storage import DraftSession, DraftStore, SavedDraft


class DraftAutosave:
    """Autosave of the draft `holder` holds, and the queue of saved drafts to offer."""

    def __init__(self, holder: DraftHolder, drafts: DraftStore, now: Callable[[], float]) -> None:
        self.holder = holder
        self.drafts = drafts
        self.now = now
        self._file: DraftSession | None = None
        self._queue: list[SavedDraft] = []

    @property
    def file(self) -> DraftSession:
        """This editor's own draft file: never one another editor or an earlier run left.
        Taken on first use, so a new resource files it under the ID it was created with."""
        if self._file is None:
            self._file = self.drafts.session(self.holder.draft.resource_id)
        return self._file

    def save(self) -> bool:
        """Write the draft (atomically) when it holds edits; remove the file when not. False
        when the disk refused (the store warns once, not per save) or the draft is new (no
        ID to file it under yet)."""
        draft = self.holder.draft
        if draft.is_new:
            return False
        if draft.diff().is_empty:
            return self.file.clear()
        return self.file.save(draft, self.now())

    def discard(self) -> None:
        if not self.holder.draft.is_new:
            self.file.clear()

    def release(self) -> None:
        if self._file is not None:
            self._file.release()

    def open_elsewhere(self) -> bool:
        return self.drafts.in_use_elsewhere(self.holder.draft.resource_id, self.file)

    def first_offer(self, resource: Resource) -> SavedOffer | None:
        """The newest saved draft of this ID with edits not on `resource`, rebased onto it."""
        self._queue = self.drafts.saved(self.holder.draft.resource_id, self.file)
        return self.next_offer(resource)

    def next_offer(self, resource: Resource) -> SavedOffer | None:
        if not self._queue:  # the usual case: nothing saved, so nothing to rebase
            return None
        from thread_tui.core.rebase import rebase

        while self._queue:
            saved = self._queue.pop(0)
            restored = rebase(saved.draft, resource)
            if not restored.diff().is_empty:
                when = ago(saved.saved_at, self.now())
                return SavedOffer(saved, restored, when, older=len(self._queue))
            self.drafts.remove(saved)  # everything in it is on the server now
        return None

    def remove(self, saved: SavedDraft) -> None:
        self.drafts.remove(saved)
