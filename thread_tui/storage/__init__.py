"""Local state that outlives a run: the catalog of objects seen (and the recently opened IDs, a
view of it), drafts, the chosen theme, the log.

JSON files written atomically and one SQLite file, in the per-user state directory. No Textual
here. The names below load on first use: `thread-tui ls` imports `storage.catalog` and must not
pay for the drafts on the way (a submodule's import runs this file first).
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # not from `typing`: its import costs `ls` more than the query
if TYPE_CHECKING:
    from typing import Any

    from thread_tui.storage.drafts import DraftSession, DraftStore, SavedDraft
    from thread_tui.storage.files import atomic_write_json, read_json
    from thread_tui.storage.guard import WriteGuard
    from thread_tui.storage.recents import Recent, RecentsStore
    from thread_tui.storage.state import StateStore, default_state_dir

_WHERE = {
    "DraftSession": "drafts",
    "DraftStore": "drafts",
    "SavedDraft": "drafts",
    "atomic_write_json": "files",
    "read_json": "files",
    "WriteGuard": "guard",
    "Recent": "recents",
    "RecentsStore": "recents",
    "StateStore": "state",
    "default_state_dir": "state",
}

__all__ = [
    "DraftSession",
    "DraftStore",
    "Recent",
    "RecentsStore",
    "SavedDraft",
    "StateStore",
    "WriteGuard",
    "atomic_write_json",
    "default_state_dir",
    "read_json",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
