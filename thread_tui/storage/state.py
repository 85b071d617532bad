"""The app's state directory and what it holds: the catalog (and the recents list, a view of
it), drafts, settings such as the theme, and the log of unexpected errors. Every write goes
through one WriteGuard (see guard.py); the catalog's SQLite reports its failures to it."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from thread_tui.storage.drafts import DraftStore
from thread_tui.storage.files import atomic_write_json, read_json, set_aside
from thread_tui.storage.guard import Listener, WriteGuard
from thread_tui.storage.recents import RECENTS_FILE, RecentsStore
from thread_tui.storage.state_dir import default_state_dir as default_state_dir  # re-exported

if TYPE_CHECKING:
    from thread_tui.storage.catalog import Catalog
    from thread_tui.storage.errorlog import ErrorLog

MAX_PREFS_FILE_BYTES = 64 * 1024


class StateStore:
    def __init__(
        self,
        directory: Path | None = None,
        *,
        now: Callable[[], float] = time.time,
        catalog_factory: Callable[[], Catalog] | None = None,
    ) -> None:
        """`catalog_factory`: where the catalog comes from instead of the directory's file
        (the demo's in-memory one); `now`: the catalog's clock (when an object was seen)."""
        self.directory = directory or default_state_dir()
        self.guard = WriteGuard(self.directory)
        self.now = now
        self._catalog_factory = catalog_factory
        self.recents = RecentsStore(lambda: self.catalog)
        self.drafts = DraftStore(self.directory / "drafts", self.guard)
        self._prefs_path = self.directory / "preferences.json"
        data, warning = read_json(self._prefs_path, MAX_PREFS_FILE_BYTES)
        if data is not None and not isinstance(data, dict):
            warning = set_aside(self._prefs_path, "is not a map of settings")
        self.prefs: dict[str, Any] = data if isinstance(data, dict) else {}
        if warning:
            self.guard.warn(warning)

    def recents_surely_empty(self) -> bool:
        """True when the recents list is known to be empty without opening the catalog: no
        catalog file and no old recents.json (a first run). The lookup screen's first frame
        then shows the empty list as it will stay."""
        from thread_tui.storage.catalog_schema import CATALOG_FILE

        if "catalog" in self.__dict__ or self._catalog_factory is not None:
            return False
        return not any((self.directory / name).exists() for name in (CATALOG_FILE, RECENTS_FILE))

    @cached_property
    def catalog(self) -> Catalog:
        """The catalog, opened on first use (sqlite3 is not imported on the way to the first
        screen). Opening the directory's file moves an old recents.json into it, once."""
        if self._catalog_factory is not None:
            return self._catalog_factory()
        from thread_tui.storage.catalog import CATALOG_FILE, Catalog
        from thread_tui.storage.recents import migrate_recents_file

        catalog = Catalog.open(
            self.directory / CATALOG_FILE,
            now=self.now,
            on_warning=self.guard.warn,
            on_disk_failure=lambda reason: self.guard.fail("the catalog", reason),
        )
        migrate_recents_file(self.directory / RECENTS_FILE, catalog, self.guard)
        return catalog

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
        if "catalog" in self.__dict__:  # opened (cached_property): else nothing to close
            self.catalog.close()
