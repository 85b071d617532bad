"""Recently opened thread and conversation IDs (the API cannot list threads), with pins."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thread_tui.core.ids import check_id
from thread_tui.storage.files import atomic_write_json, read_json, set_aside
from thread_tui.storage.guard import WriteGuard

MAX_RECENTS = 50
MAX_RECENTS_FILE_BYTES = 1024 * 1024  # 50 entries take ~5 KB


@dataclass(frozen=True)
class Recent:
    id: str
    opened_at: float
    pinned: bool = False


class RecentsStore:
    """Pinned first, then most recently opened; at most MAX_RECENTS unpinned entries.

    A failed write keeps the list in memory for this run (the guard warns once)."""

    def __init__(self, path: Path, guard: WriteGuard | None = None) -> None:
        self.path = path
        self.guard = guard or WriteGuard(path.parent)
        self.warning: str | None = None
        self._items: list[Recent] = []
        self.load()

    def load(self) -> None:
        data, self.warning = read_json(self.path, MAX_RECENTS_FILE_BYTES)
        self._items = []
        if data is not None and not isinstance(data, list):
            self.warning = set_aside(self.path, "is not a list of recent IDs")
            return
        for raw in data if isinstance(data, list) else []:
            item = _parse(raw)
            if item is not None:
                self._items.append(item)

    def items(self) -> list[Recent]:
        return sorted(self._items, key=lambda r: (not r.pinned, -r.opened_at))

    def record(self, resource_id: str, when: float) -> None:
        pinned = any(r.pinned for r in self._items if r.id == resource_id)
        self._items = [r for r in self._items if r.id != resource_id]
        self._items.append(Recent(resource_id, when, pinned))
        unpinned = sorted((r for r in self._items if not r.pinned), key=lambda r: -r.opened_at)
        drop = {r.id for r in unpinned[MAX_RECENTS:]}
        self._items = [r for r in self._items if r.id not in drop]
        self._save()

    def toggle_pin(self, resource_id: str) -> bool:
        """Pin or unpin; returns the new pinned state."""
        state = False
        items = []
        for item in self._items:
            if item.id == resource_id:
                state = not item.pinned
                item = Recent(item.id, item.opened_at, state)
            items.append(item)
        self._items = items
        self._save()
        return state

    def remove(self, resource_id: str) -> None:
        self._items = [r for r in self._items if r.id != resource_id]
        self._save()

    def _save(self) -> None:
        data = [{"id": r.id, "opened_at": r.opened_at, "pinned": r.pinned} for r in self._items]
        self.guard.write("the recent IDs", lambda: atomic_write_json(self.path, data))


def _parse(raw: Any) -> Recent | None:
    if not isinstance(raw, dict):
        return None
    rid, opened, pinned = raw.get("id"), raw.get("opened_at"), raw.get("pinned", False)
    if not isinstance(rid, str) or not check_id(rid).ok:
        return None
    if not isinstance(opened, int | float) or isinstance(opened, bool):
        return None
    return Recent(rid, float(opened), bool(pinned))
