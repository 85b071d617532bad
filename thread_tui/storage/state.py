"""The app's state directory and what it holds: recents and settings such as the theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from thread_tui.storage.drafts import DraftStore
from thread_tui.storage.files import atomic_write_json, read_json
from thread_tui.storage.recents import RecentsStore


def default_state_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("thread-tui", appauthor=False))


class StateStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_state_dir()
        self.recents = RecentsStore(self.directory / "recents.json")
        self.drafts = DraftStore(self.directory / "drafts")
        self._prefs_path = self.directory / "preferences.json"
        data, warning = read_json(self._prefs_path)
        self.prefs: dict[str, Any] = data if isinstance(data, dict) else {}
        self.warnings = [w for w in (self.recents.warning, warning) if w]

    @property
    def theme(self) -> str | None:
        value = self.prefs.get("theme")
        return value if isinstance(value, str) else None

    @theme.setter
    def theme(self, name: str) -> None:
        if self.prefs.get("theme") == name:
            return
        self.prefs["theme"] = name
        atomic_write_json(self._prefs_path, self.prefs)
