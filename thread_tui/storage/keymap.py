"""The keymap file: `keymap.toml` in the per-user config directory remaps keys by binding id.

    [keymap]
    "editor.submit" = "f5"          # one key
    "lookup.new_thread" = "ctrl+t,f7"  # or several, comma-separated

Dotted keys and sub-tables name the same ids (`[keymap.editor]` then `submit = "f5"`). This
module reads the file and checks its shape only; which ids exist and which key names are valid
is the UI's to check (thread_tui/ui/keys.py). A missing file is no keymap; a damaged one is a
warning and no keymap, never an exception. No Textual here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

KEYMAP_FILE = "keymap.toml"
CONFIG_DIR_ENV = "THREAD_TUI_CONFIG_DIR"
MAX_KEYMAP_FILE_BYTES = 64 * 1024
DEFAULTS = "the default keys are used"


def default_config_dir() -> Path:
    """$THREAD_TUI_CONFIG_DIR, else the per-user config directory (`~/.config/thread-tui`)."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("thread-tui", appauthor=False))


def load_keymap(path: Path) -> tuple[dict[str, str], list[str]]:
    """The file's `[keymap]` entries (binding id → key list) and a warning per problem."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEYMAP_FILE_BYTES + 1)
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path} could not be read ({exc.strerror or exc}); {DEFAULTS}."]
    if len(raw) > MAX_KEYMAP_FILE_BYTES:
        return {}, [f"{path} is larger than {MAX_KEYMAP_FILE_BYTES // 1024} KiB; {DEFAULTS}."]
    import tomllib  # only when a file exists: most users have none (peak RSS, bench/README.md)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return {}, [f"{path} is not UTF-8 text; {DEFAULTS}."]
    except tomllib.TOMLDecodeError as exc:
        return {}, [f"{path.name} is not valid TOML ({exc}); {DEFAULTS}. ({path})"]
    table = data.get("keymap")
    if not isinstance(table, dict):
        return {}, [
            f'{path.name} has no [keymap] table (write [keymap] then "editor.submit" = "f5"); '
            f"{DEFAULTS}. ({path})"
        ]
    warnings: list[str] = []
    others = sorted(key for key in data if key != "keymap")
    if others:
        warnings.append(f"{path.name}: only [keymap] is read; ignored: {', '.join(others)}.")
    entries: dict[str, str] = {}
    for binding_id, value in _flatten(table):
        if isinstance(value, str) and value.strip():
            entries[binding_id] = value
        else:
            warnings.append(
                f'{path.name}: "{short(binding_id)}" must be a key such as "f5" or "ctrl+t,f7"; '
                f"its default key is used."
            )
    return entries, warnings


def _flatten(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """`{"editor": {"submit": "f5"}}` → `[("editor.submit", "f5")]`."""
    found: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            found += _flatten(value, f"{name}.")
        else:
            found.append((name, value))
    return found


def short(text: str, limit: int = 60) -> str:
    """A name from the file, cut for a warning line (the file is the user's, any length)."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"
