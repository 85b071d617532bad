"""Local state that outlives a run: recently opened IDs, drafts, the chosen theme, the log.

Plain JSON files in the per-user state directory, written atomically. No Textual here.
"""

from thread_tui.storage.drafts import DraftSession, DraftStore, SavedDraft
from thread_tui.storage.files import atomic_write_json, read_json
from thread_tui.storage.guard import WriteGuard
from thread_tui.storage.recents import Recent, RecentsStore
from thread_tui.storage.state import StateStore, default_state_dir

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
