"""Recently opened thread and conversation IDs (the API cannot list threads), with pins: a view
of the catalog (when each was opened in the TUI, and whether it is pinned live there).

The list used to be `recents.json`; `migrate_recents_file` moves such a file into the catalog
once and renames it `recents.json.migrated`."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thread_tui.core.ids import check_id
from thread_tui.storage.files import read_json, set_aside
from thread_tui.storage.guard import WriteGuard

if TYPE_CHECKING:
    from thread_tui.storage.catalog import Catalog

MAX_RECENTS = 50
MAX_RECENTS_FILE_BYTES = 1024 * 1024  # 50 entries take ~5 KB
RECENTS_FILE = "recents.json"
MIGRATED_SUFFIX = ".migrated"


@dataclass(frozen=True)
class Recent:
    id: str
    opened_at: float
    pinned: bool = False


class RecentsStore:
    """Pinned first, then most recently opened; at most MAX_RECENTS unpinned entries.

    `catalog` is called on first use: the catalog is not opened before the list is shown. A
    failed write keeps the list in memory for this run (the catalog goes on in memory, and the
    state directory's guard warns once)."""

    def __init__(self, catalog: Callable[[], Catalog]) -> None:
        self._catalog = catalog
        self.warning: str | None = None

    def items(self) -> list[Recent]:
        return [
            Recent(entry.id, entry.opened_at or entry.last_seen, entry.pinned)
            for entry in self._catalog().recents(MAX_RECENTS)
        ]

    def record(self, resource_id: str, when: float) -> None:
        self._catalog().note_opened(resource_id, when)

    def toggle_pin(self, resource_id: str) -> bool:
        """Pin or unpin; returns the new pinned state."""
        return self._catalog().toggle_pin(resource_id)

    def remove(self, resource_id: str) -> None:
        """Off the list (unpinned, not opened); the catalog still knows the object."""
        self._catalog().drop_recent(resource_id)


def migrate_recents_file(path: Path, catalog: Catalog, guard: WriteGuard) -> None:
    """Move an old `recents.json` into `catalog` and rename it `recents.json.migrated`, so that
    it is read once. A damaged file is set aside with a warning, as before. Into a catalog that
    is only in memory (its file failed) the entries are read for this run, and the file stays
    for the next one."""
    data, warning = read_json(path, MAX_RECENTS_FILE_BYTES)
    if warning:
        guard.warn(warning)
    if data is None:
        return
    if not isinstance(data, list):
        guard.warn(set_aside(path, "is not a list of recent IDs"))
        return
    items = [item for item in map(_parse, data) if item is not None]
    catalog.import_recents((item.id, item.opened_at, item.pinned) for item in items)
    if catalog.in_memory:
        return
    done = path.with_name(path.name + MIGRATED_SUFFIX)
    guard.write("the recent IDs", lambda: os.replace(path, done))


def _parse(raw: Any) -> Recent | None:
    if not isinstance(raw, dict):
        return None
    rid, opened, pinned = raw.get("id"), raw.get("opened_at"), raw.get("pinned", False)
    if not isinstance(rid, str) or not check_id(rid).ok:
        return None
    if not isinstance(opened, int | float) or isinstance(opened, bool) or not math.isfinite(opened):
        return None
    return Recent(rid, float(opened), bool(pinned))
