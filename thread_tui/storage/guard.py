"""Every write to the state directory goes through one WriteGuard: a failed write (read-only
or full disk, a missing folder) never raises into the app. The first failure is reported once;
later ones stay quiet until a write succeeds again, so a failing disk does not produce one
warning per keystroke."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Listener = Callable[[str], None]


class WriteGuard:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.failing = False
        self.pending: list[str] = []
        self._listener: Listener | None = None

    def listen(self, listener: Listener) -> None:
        """Send warnings to `listener` from now on, starting with any raised before."""
        self._listener = listener
        pending, self.pending = self.pending, []
        for message in pending:
            listener(message)

    def warn(self, message: str) -> None:
        if self._listener is None:
            self.pending.append(message)
        else:
            self._listener(message)

    def write(self, what: str, action: Callable[[], object], *, creates: bool = True) -> bool:
        """Run one write; True when it worked. An OSError becomes (at most) one warning.
        Only a write that `creates` data proves the disk works again (removing a file works
        on a full disk too)."""
        try:
            action()
        except (OSError, ValueError) as exc:  # ValueError: data JSON cannot hold
            self.fail(what, getattr(exc, "strerror", None) or str(exc))
            return False
        if creates:
            self.failing = False
        return True

    def fail(self, what: str, reason: str) -> None:
        """A write of `what` failed for `reason`, elsewhere (the catalog's SQLite): the same
        one warning as a failed `write`."""
        if not self.failing:
            self.failing = True
            self.warn(
                f"Could not save {what} in {self.directory} ({reason}). thread_tui goes on, "
                "but recent IDs, drafts and the theme are not saved on this machine until "
                "the state directory can be written again."
            )
