"""Autosaved drafts: every editor writes its own file per ID, so no save ever overwrites
edits made elsewhere.

An editor's draft lives in `drafts/<id>.<token>.json` (written atomically after each burst of
edits, removed once it holds no edits or after a successful submit), and `<id>.<token>.lock`,
held with `flock` while the editor is open, tells another thread-tui (or another editor in
this one) that the file is in use. When an ID is opened, every draft of it that no live
editor holds is offered back, newest first; it is removed only when the user restores it (its
edits then live in the new editor's file) or discards it. So:

- two instances editing the same ID each keep their own file; the second is told;
- Esc on the "Restore?" question keeps the saved draft for next time, and new edits go to
  the new editor's own file;
- a crash or kill leaves the file and a lock nobody holds: offered next time.

Drafts are read with a size cap and checked field by field (`core.draft_state`); one that is
damaged, nested absurdly deep or far beyond every limit is set aside with a warning naming it.
Without `fcntl` (Windows) the lock is not checked: files are still never shared, but an
editor open elsewhere may have its draft offered here.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from thread_tui.core.ids import check_id
from thread_tui.storage.files import atomic_write_json, read_json, set_aside
from thread_tui.storage.guard import WriteGuard

if TYPE_CHECKING:
    from thread_tui.core.draft import Draft

STALE_LOCK_SECONDS = 60
MAX_DRAFT_FILE_BYTES = 8 * 1024 * 1024  # 64 rows of 8,192-character keys and values fit


@dataclass(frozen=True)
class SavedDraft:
    path: Path
    draft: Draft
    saved_at: float


class DraftStore:
    def __init__(self, directory: Path, guard: WriteGuard | None = None) -> None:
        self.directory = directory
        self.guard = guard or WriteGuard(directory)
        self._sessions: list[DraftSession] = []

    def _check(self, resource_id: str) -> str:
        """The file name stem of an ID. An ID becomes a file name, so one that is not
        [A-Za-z0-9_-] (a hostile server's) is filed under its hash instead, never raised."""
        if check_id(resource_id).ok:
            return resource_id
        return "unusable-id-" + hashlib.sha256(resource_id.encode("utf-8", "replace")).hexdigest()

    def _files(self, resource_id: str) -> list[Path]:
        rid = self._check(resource_id)
        try:
            found = sorted(self.directory.glob(f"{rid}.*.json"))
        except OSError:
            return []
        legacy = self.directory / f"{rid}.json"  # the single file of earlier versions
        return [legacy, *found] if legacy.is_file() else found

    # -- one editor's own file -------------------------------------------------------------

    def session(self, resource_id: str) -> DraftSession:
        session = DraftSession(self, resource_id, self._check(resource_id))
        self._sessions.append(session)
        return session

    def in_use_elsewhere(self, resource_id: str, mine: DraftSession | None = None) -> bool:
        """True when another live editor (this process or another) has this ID open."""
        rid = self._check(resource_id)
        try:
            locks = list(self.directory.glob(f"{rid}.*.lock"))
        except OSError:
            return False
        live = False
        for lock in locks:
            if mine is not None and lock == mine.lock_path:
                continue
            if _held(lock):
                live = True
            elif time.time() - _mtime(lock) / 1e9 > STALE_LOCK_SECONDS:
                # Left by a crash or a kill. Not a fresh one: its editor may not hold it yet.
                with contextlib.suppress(OSError):
                    lock.unlink()
        return live

    # -- drafts left by earlier editors -------------------------------------------------------

    def saved(self, resource_id: str, mine: DraftSession | None = None) -> list[SavedDraft]:
        """The drafts of this ID that no live editor holds, newest first. Unusable ones are
        set aside, and the guard warns about each, naming the file."""
        found: list[SavedDraft] = []
        for path in self._files(resource_id):
            if mine is not None and path == mine.path:
                continue
            if _held(_lock_of(path)):
                continue
            saved = self._read(path)
            if saved is not None:
                found.append(saved)
        return sorted(found, key=lambda s: (-s.saved_at, -_mtime(s.path)))

    def _read(self, path: Path) -> SavedDraft | None:
        data, warning = read_json(path, MAX_DRAFT_FILE_BYTES)
        if warning:
            self.guard.warn(f"A saved draft could not be restored: {warning}")
        if data is None:
            return None
        from thread_tui.core.draft_state import load_state

        try:
            draft, saved_at = load_state(data)
        except ValueError as exc:
            self.guard.warn(
                "A saved draft could not be restored: "
                + set_aside(path, f"is not a usable draft ({exc})")
            )
            return None
        return SavedDraft(path, draft, saved_at)

    def load(self, resource_id: str) -> tuple[Draft, float] | None:
        """The newest saved draft of this ID, held or not; None when there is none."""
        drafts = [s for p in self._files(resource_id) if (s := self._read(p)) is not None]
        if not drafts:
            return None
        newest = max(drafts, key=lambda s: s.saved_at)
        return newest.draft, newest.saved_at

    def save(self, draft: Draft, now: float) -> bool:
        """Write `<id>.json`, a draft no editor holds (as an earlier version left it)."""
        from thread_tui.core.draft_state import dump_state

        path = self.directory / f"{self._check(draft.resource_id)}.json"
        data = dump_state(draft, now)
        return self.guard.write("a draft", lambda: atomic_write_json(path, data))

    def remove(self, saved: SavedDraft) -> bool:
        return self.guard.write(
            "a draft", lambda: saved.path.unlink(missing_ok=True), creates=False
        )

    def clear(self, resource_id: str) -> bool:
        """Remove every draft of this ID."""
        paths = self._files(resource_id)

        def unlink_all() -> None:
            for path in paths:
                path.unlink(missing_ok=True)

        return self.guard.write("a draft", unlink_all, creates=False)

    def close(self) -> None:
        for session in self._sessions:
            session.release()
        self._sessions = []


class DraftSession:
    """One editor's own draft file of one ID and the lock that says it is in use."""

    def __init__(self, store: DraftStore, resource_id: str, stem: str) -> None:
        self.store = store
        self.resource_id = resource_id
        self.stem = stem
        # os.urandom, not secrets.token_hex: the same bytes without loading secrets and hmac
        # on the way to the editor (peak RSS, bench/README.md).
        token = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.urandom(4).hex()}"
        self.path = store.directory / f"{stem}.{token}.json"
        self.lock_path = _lock_of(self.path)
        self._lock: IO[bytes] | None = None
        self._released = False
        # Not through the guard: creating an empty file can work on a full disk, and that must
        # not count as "saving works again". A lock that fails only weakens the detection of
        # another editor; the first save reports the disk.
        with contextlib.suppress(OSError):
            self._acquire()

    def _acquire(self) -> None:
        if self._lock is not None or self._released:
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.lock_path.open("wb")
        try:
            if sys.platform != "win32":
                import fcntl

                # Blocking: the token is new, so only a brief liveness check can hold it.
                fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(f"{os.getpid()}\n".encode())
            handle.flush()
        except BaseException:
            handle.close()
            raise
        self._lock = handle

    def save(self, draft: Draft, now: float) -> bool:
        from thread_tui.core.draft_state import dump_state

        data = dump_state(draft, now)

        def write() -> None:
            self._acquire()  # when the disk failed at the start and works again
            atomic_write_json(self.path, data)

        return self.store.guard.write(f"the draft of {self.stem}", write)

    def clear(self) -> bool:
        return self.store.guard.write(
            f"the draft of {self.stem}",
            lambda: self.path.unlink(missing_ok=True),
            creates=False,
        )

    def release(self) -> None:
        """The editor closed: its file (if any) stays for next time, the lock goes."""
        handle, self._lock = self._lock, None
        self._released = True
        if handle is None:
            return
        with contextlib.suppress(OSError):  # a lock nobody holds is ignored anyway
            self.lock_path.unlink(missing_ok=True)
        handle.close()


def _mtime(path: Path) -> int:
    """The tie-break of two drafts saved at the same clock time: the later write first."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _lock_of(draft_path: Path) -> Path:
    return draft_path.with_suffix(".lock")


def _held(lock: Path) -> bool:
    """True when a live editor holds this lock (a file left by a crash is not held)."""
    if sys.platform == "win32":
        return False
    import fcntl

    try:
        handle = lock.open("rb")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False
