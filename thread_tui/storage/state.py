"""The app's state directory and what it holds: recents, drafts, settings such as the theme,
and the log of unexpected errors. Every write goes through one WriteGuard (see guard.py)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thread_tui.storage.drafts import DraftStore
from thread_tui.storage.files import atomic_write_json, read_json, set_aside
from thread_tui.storage.guard import Listener, WriteGuard
from thread_tui.storage.recents import RecentsStore

if TYPE_CHECKING:
    from thread_tui.storage.errorlog import ErrorLog

MAX_PREFS_FILE_BYTES = 64 * 1024


def default_state_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("thread-tui", appauthor=False))


class StateStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or default_state_dir()
        self.guard = WriteGuard(self.directory)
        self.recents = RecentsStore(self.directory / "recents.json", self.guard)
        self.drafts = DraftStore(self.directory / "drafts", self.guard)
        self._prefs_path = self.directory / "preferences.json"
        data, warning = read_json(self._prefs_path, MAX_PREFS_FILE_BYTES)
        if data is not None and not isinstance(data, dict):
            warning = set_aside(self._prefs_path, "is not a map of settings")
        self.prefs: dict[str, Any] = data if isinstance(data, dict) else {}
        for message in (self.recents.warning, warning):
            if message:
                self.guard.warn(message)

    @cached_property
    def log(self) -> ErrorLog:
        """The error log (`thread-tui.log`), loaded when the first unexpected error is logged."""
        from thread_tui.storage.errorlog import ErrorLog

        return ErrorLog(self.directory / "thread-tui.log")

    @property
    def warnings(self) -> list[str]:
        """Warnings raised before anyone listened (see `listen`)."""
        return list(self.guard.pending)

    def listen(self, listener: Listener) -> None:
        """Report every state warning to `listener`, the ones so far first."""
        self.guard.listen(listener)

    @property
    def theme(self) -> str | None:
        value = self.prefs.get("theme")
        return value if isinstance(value, str) else None

    @theme.setter
    def theme(self, name: str) -> None:
        if self.prefs.get("theme") == name:
            return
        self.prefs["theme"] = name
        prefs = dict(self.prefs)
        self.guard.write("the theme", lambda: atomic_write_json(self._prefs_path, prefs))

    def close(self) -> None:
        self.drafts.close()
