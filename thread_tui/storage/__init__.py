"""Local state that outlives a run: recently opened IDs and the chosen theme.

Plain JSON files in the per-user state directory, written atomically. No Textual here.
"""

from thread_tui.storage.files import atomic_write_json, read_json
from thread_tui.storage.recents import Recent, RecentsStore
from thread_tui.storage.state import StateStore, default_state_dir

__all__ = [
    "Recent",
    "RecentsStore",
    "StateStore",
    "atomic_write_json",
    "default_state_dir",
    "read_json",
]
