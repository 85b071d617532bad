"""Where the per-user state lives, alone in its module: `thread-tui ls` needs the catalog's
place without loading the drafts and the recents list (storage/state.py) on the way."""

from __future__ import annotations

from pathlib import Path


def default_state_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("thread-tui", appauthor=False))
