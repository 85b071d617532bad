"""Where the per-user state lives, alone in its module: `thread-tui ls` needs the catalog's
place without loading the drafts and the recents list (storage/state.py) on the way."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "thread-tui"


def default_state_dir() -> Path:
    from pathlib import Path

    from platformdirs import user_state_dir

    return Path(user_state_dir(APP_NAME, appauthor=False))


def plain_state_dir() -> str | None:
    """`default_state_dir()` as text, worked out without platformdirs (whose import, with
    pathlib, tempfile and shutil, costs `ls` more than its query) where the answer is plain:
    on Linux, `$XDG_STATE_HOME/thread-tui` when that is an absolute path, else
    `$HOME/.local/state/thread-tui` when HOME is. None anywhere else (another platform,
    Android, no usable HOME): then ask `default_state_dir()`. tests/storage/test_state_dir.py
    holds this to platformdirs' answer."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    environ = os.environ
    if environ.get("ANDROID_DATA") == "/data" and environ.get("ANDROID_ROOT") == "/system":
        return None  # platformdirs may take this for an Android app
    state = environ.get("XDG_STATE_HOME", "")
    if state.startswith("/"):
        return os.path.join(state, APP_NAME)
    home = environ.get("HOME", "")
    if home.startswith("/"):
        return os.path.join(os.path.expanduser("~/.local/state"), APP_NAME)
    return None
