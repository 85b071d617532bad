"""Autosaved drafts, one JSON file per thread or conversation, written atomically.

A draft is saved after each burst of edits and cleared after a successful submit, so edits
survive a crash, a kill or a failed submit and are offered back when the ID is opened again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from thread_tui.core.ids import check_id
from thread_tui.storage.files import atomic_write_json, read_json

if TYPE_CHECKING:
    from thread_tui.core.draft import Draft


class DraftStore:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, resource_id: str) -> Path:
        if not check_id(resource_id).ok:  # an ID becomes a file name: only safe ones
            raise ValueError(f"not a usable ID: {resource_id!r}")
        return self.directory / f"{resource_id}.json"

    def save(self, draft: Draft, now: float) -> None:
        # Imported here: the state store is built at start-up, the draft model is not needed then.
        from thread_tui.core.draft_state import dump_state

        atomic_write_json(self._path(draft.resource_id), dump_state(draft, now))

    def load(self, resource_id: str) -> tuple[Draft, float] | None:
        """The saved draft and when it was saved; None when there is none or it is unusable
        (a damaged file is set aside by read_json, never raised)."""
        data, _warning = read_json(self._path(resource_id))
        if data is None:
            return None
        from thread_tui.core.draft_state import load_state

        try:
            return load_state(data)
        except ValueError:
            return None

    def clear(self, resource_id: str) -> None:
        self._path(resource_id).unlink(missing_ok=True)
