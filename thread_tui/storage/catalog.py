"""The local catalog: every thread and conversation thread-tui has seen, in SQLite.

The API cannot list threads or conversations, so thread-tui remembers each object it fetches,
creates, updates or deletes (from the TUI and the CLI alike): its kind, created_at, metadata,
tool_resources, when it was last seen, whether it is deleted, and for the recents list when it
was opened in the TUI and whether it is pinned; and which object was cloned from which
(`thread-tui clone`: `record_clone`, `clone_of`, `clones`). `ls`, `update --where` and the
lookup screen answer from it with no network.

The file (`catalog.sqlite3` in the state directory) is in WAL mode with a busy timeout, so
several thread-tui processes can use it at once. The disk is treated as failing: when a write
(or the file itself) fails, the catalog sets `warning`, tells `on_warning` once, and goes on in
memory for the rest of the run, with what it held copied over when that can still be read. A
damaged file is set aside (renamed) and a new one started. Nothing here raises into the app.

What a server sent is stored only within bounds: a valid ID (`core.ids.check_id`), at most 16
metadata pairs of bounded length with string values, a created_at that is a plausible integer,
and tool_resources of bounded size (a hostile server cannot fill the disk through the catalog).
"""

from __future__ import annotations

import _thread  # its RLock is threading.RLock, without importing threading (ls start-up)
import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

from thread_tui.core.limits import MAX_METADATA_PAIRS
from thread_tui.storage.catalog_query import KINDS as KINDS  # re-exported
from thread_tui.storage.catalog_query import ORDERS as ORDERS  # re-exported
from thread_tui.storage.catalog_query import CatalogQuery as CatalogQuery  # re-exported
from thread_tui.storage.catalog_query import _Record, ordered_select
from thread_tui.storage.catalog_query import conditions as _conditions
from thread_tui.storage.catalog_schema import CATALOG_FILE as CATALOG_FILE  # re-exported
from thread_tui.storage.catalog_schema import NewerSchemaError, migrate
from thread_tui.storage.files import set_aside

BUSY_TIMEOUT_SECONDS: Final = 3.0
"""How long a write waits for another process's write to end before it counts as failed."""

# Far above the API's own limits (64 and 512 characters): a pair past these is not the API's,
# and is left out rather than cut (a cut value would match a --where it never had).
MAX_STORED_KEY_CHARS: Final = 256
MAX_STORED_VALUE_CHARS: Final = 2048
MAX_STORED_TOOL_RESOURCES_CHARS: Final = 16 * 1024
MAX_CREATED_AT: Final = 2**53

_BATCH: Final = 500  # IDs per statement (SQLite allows 999 parameters in old builds)
_PAGE: Final = 2000  # rows per read of iter_query's cursor: bounded memory
_COLUMNS: Final = (
    "o.id, o.kind, o.created_at, o.metadata_json, o.tool_resources_json, o.last_seen, "
    "o.deleted, o.pinned, o.opened_at"
)

Warn = Callable[[str], None]
T = TypeVar("T")


_ENTRY_FIELDS: Final = (
    "id",
    "kind",
    "created_at",
    "metadata",
    "tool_resources",
    "last_seen",
    "deleted",
    "pinned",
    "opened_at",
)


class CatalogEntry(_Record):
    __slots__ = _ENTRY_FIELDS
    id: str
    kind: str  # "thread" | "conversation"
    created_at: int | None
    metadata: dict[str, str]
    tool_resources: dict[str, Any] | None
    last_seen: float
    deleted: bool
    pinned: bool
    opened_at: float | None  # when last opened in the TUI

    def __init__(
        self,
        id: str,
        kind: str,
        created_at: int | None,
        metadata: dict[str, str],
        tool_resources: dict[str, Any] | None,
        last_seen: float,
        deleted: bool,
        pinned: bool,
        opened_at: float | None,
    ) -> None:
        put = object.__setattr__  # one call a field: 100,000 entries fill the browser
        put(self, "id", id)
        put(self, "kind", kind)
        put(self, "created_at", created_at)
        put(self, "metadata", metadata)
        put(self, "tool_resources", tool_resources)
        put(self, "last_seen", last_seen)
        put(self, "deleted", deleted)
        put(self, "pinned", pinned)
        put(self, "opened_at", opened_at)


class Catalog:
    """See the module docstring. Thread-safe: one lock around the one connection."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        *,
        now: Callable[[], float] = time.time,
        on_warning: Warn | None = None,
        on_disk_failure: Warn | None = None,
    ) -> None:
        """Use `Catalog.open`; this takes a connection whose schema is up to date."""
        self._conn = conn
        self.path = path
        self.now = now
        self.on_warning = on_warning
        self.on_disk_failure = on_disk_failure
        self.warning: str | None = None
        self.in_memory = path is None
        self._lock = _thread.RLock()

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        now: Callable[[], float] = time.time,
        on_warning: Warn | None = None,
        on_disk_failure: Warn | None = None,
    ) -> Catalog:
        """The catalog in `path` (created when missing), or in memory when `path` is None.
        Never raises: a file that cannot be used gives an in-memory catalog with `warning` set
        and told to `on_warning`; when the disk failed (not the file: a read-only or full disk,
        a missing folder) the reason is told to `on_disk_failure` instead, when given (the
        state directory's one warning for every failed write, see guard.py)."""

        def make(conn: sqlite3.Connection) -> Catalog:
            return cls(conn, path, now=now, on_warning=on_warning, on_disk_failure=on_disk_failure)

        if path is None:
            return make(_memory())
        warning: str | None = None
        reason: str | None = None
        for attempt in range(2):
            try:
                conn = _open_file(path)
            except NewerSchemaError as exc:
                warning = (
                    f"{path} was written by a newer thread-tui (catalog schema {exc.version}): "
                    "it is left as it is, and the catalog is kept in memory for this run."
                )
                break
            except sqlite3.Error as exc:
                if _is_corrupt(exc) and attempt == 0:
                    warning = _set_aside(path) + " A new catalog was started."
                    continue
                warning, reason = _failure_message(path, exc), _reason(exc)
                break
            except OSError as exc:
                warning, reason = _failure_message(path, exc), _reason(exc)
                break
            catalog = make(conn)
            if warning:
                catalog._warn(warning)
            return catalog
        # What the file holds is still listed for this run when it can be read (a read-only
        # state directory); a file from a newer thread-tui is not read (its schema is unknown).
        copied = _read_only_copy(path) if reason is not None else None
        catalog = make(copied or _memory())
        catalog.in_memory = True
        if warning:
            catalog._warn(warning, reason)
        return catalog

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._conn.close()

    # -- recording -------------------------------------------------------------------------

    def record(self, obj: Mapping[str, Any]) -> None:
        """Record one thread or conversation as the server sent it (a `*.deleted` answer marks
        it deleted). Anything that is not such an object is ignored."""
        self.record_many((obj,))

    def record_many(self, objs: Iterable[Mapping[str, Any]]) -> None:
        """Record many objects in one transaction."""
        rows = [row for row in map(_row, objs) if row is not None]
        if not rows:
            return
        seen = self.now()

        def write(conn: sqlite3.Connection) -> None:
            for row in rows:
                if row.deleted:
                    _mark_deleted(conn, row.id, row.kind, seen)
                else:
                    _upsert(conn, row, seen)

        self._write(write)

    def mark_deleted(self, resource_id: str) -> None:
        """The object was deleted, or its fetch answered 404."""
        kind = _kind(resource_id)
        if kind is None:
            return
        seen = self.now()
        self._write(lambda conn: _mark_deleted(conn, resource_id, kind, seen))

    def forget(self, resource_id: str) -> None:
        """Drop the object from the catalog altogether."""

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "DELETE FROM metadata WHERE rid IN (SELECT rid FROM objects WHERE id = ?)",
                (resource_id,),
            )
            conn.execute("DELETE FROM objects WHERE id = ?", (resource_id,))

        self._write(write)

    # -- clone lineage -----------------------------------------------------------------------

    def record_clone(self, old_id: str, new_id: str, when: float) -> None:
        """`new_id` was cloned from `old_id` at `when` (`thread-tui clone`). Either ID that is
        not a valid thread or conversation ID is ignored."""
        if _kind(old_id) is None or _kind(new_id) is None or old_id == new_id:
            return
        self._write(
            lambda conn: conn.execute(
                "INSERT OR REPLACE INTO lineage (old_id, new_id, cloned_at) VALUES (?, ?, ?)",
                (old_id, new_id, when),
            )
        )

    def clone_of(self, resource_id: str) -> str | None:
        """The ID `resource_id` was cloned from (the latest, should there be several)."""

        def read(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT old_id FROM lineage WHERE new_id = ? ORDER BY cloned_at DESC LIMIT 1",
                (resource_id,),
            ).fetchone()
            return None if row is None else str(row[0])

        return self._read(read, None)

    def clones(self, resource_id: str) -> list[str]:
        """The IDs cloned from `resource_id`, oldest clone first."""

        def read(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                "SELECT new_id FROM lineage WHERE old_id = ? ORDER BY cloned_at, new_id",
                (resource_id,),
            ).fetchall()
            return [str(row[0]) for row in rows]

        return self._read(read, [])

    # -- the recents view ------------------------------------------------------------------

    def note_opened(self, resource_id: str, when: float) -> None:
        """The object was opened in the TUI at `when` (it joins the recents view)."""
        kind = _kind(resource_id)
        if kind is None:
            return

        def write(conn: sqlite3.Connection) -> None:
            _ensure(conn, resource_id, kind, when)
            conn.execute("UPDATE objects SET opened_at = ? WHERE id = ?", (when, resource_id))

        self._write(write)

    def recents(self, limit: int = 50) -> list[CatalogEntry]:
        """Every pinned entry (most recently opened first), then up to `limit` more that were
        opened in the TUI, most recent first. Deleted objects are left out."""

        def read(conn: sqlite3.Connection) -> list[CatalogEntry]:
            pinned = _select(
                conn,
                "o.pinned = 1 AND o.deleted = 0 "
                "ORDER BY o.opened_at IS NULL, o.opened_at DESC, o.id",
                [],
            )
            opened = _select(
                conn,
                "o.pinned = 0 AND o.deleted = 0 AND o.opened_at IS NOT NULL "
                "ORDER BY o.opened_at DESC, o.id LIMIT ?",
                [limit],
            )
            return [_entry(row) for row in pinned + opened]

        return self._read(read, [])

    def toggle_pin(self, resource_id: str) -> bool:
        """Pin or unpin; returns the new pinned state (False for an ID that is not valid)."""
        kind = _kind(resource_id)
        if kind is None:
            return False
        with self._lock:
            current = self.get(resource_id)
            state = not (current is not None and current.pinned)
            seen = self.now()

            def write(conn: sqlite3.Connection) -> None:
                _ensure(conn, resource_id, kind, seen)
                conn.execute(
                    "UPDATE objects SET pinned = ? WHERE id = ?", (int(state), resource_id)
                )

            self._write(write)
        return state

    def drop_recent(self, resource_id: str) -> None:
        """Take the object off the recents view (unpinned, not opened); it stays catalogued."""
        self._write(
            lambda conn: conn.execute(
                "UPDATE objects SET pinned = 0, opened_at = NULL WHERE id = ?", (resource_id,)
            )
        )

    def import_recents(self, items: Iterable[tuple[str, float, bool]]) -> None:
        """(id, opened_at, pinned) of an old recents list, in one transaction. An object the
        catalog knows as opened already keeps what the catalog says (importing twice, after a
        rename that failed, changes nothing)."""
        rows = [(rid, kind, when, pinned) for rid, when, pinned in items if (kind := _kind(rid))]

        def write(conn: sqlite3.Connection) -> None:
            for resource_id, kind, when, pinned in rows:
                _ensure(conn, resource_id, kind, when)
                conn.execute(
                    "UPDATE objects SET opened_at = ?, pinned = ? "
                    "WHERE id = ? AND opened_at IS NULL AND pinned = 0",
                    (when, int(pinned), resource_id),
                )

        if rows:
            self._write(write)

    # -- reading ---------------------------------------------------------------------------

    def get(self, resource_id: str) -> CatalogEntry | None:
        def read(conn: sqlite3.Connection) -> CatalogEntry | None:
            rows = _select(conn, "o.id = ?", [resource_id])
            return _entry(rows[0]) if rows else None

        return self._read(read, None)

    def query(self, q: CatalogQuery) -> list[CatalogEntry]:
        return list(self.iter_query(q))

    def iter_query(self, q: CatalogQuery) -> Iterator[CatalogEntry]:
        """The entries of `q` in its order, streamed: `ls` over 100,000 objects never holds
        them all. One statement, read _PAGE rows at a time; the lock is free between reads
        (a write in between may or may not be seen by the reader)."""
        for row in self._pages(q, _COLUMNS):
            yield _entry(row)

    def query_ids(self, q: CatalogQuery) -> Iterator[str]:
        """The IDs of `q` in its order, streamed as `iter_query` (no entry is built: `ls
        --format ids` and `--refresh` need no more)."""
        for page in self.query_id_pages(q):
            yield from page

    def query_id_pages(self, q: CatalogQuery) -> Iterator[list[str]]:
        """`query_ids` a read of the cursor at a time (up to _PAGE IDs a list): `ls --format
        ids` writes each list at once, with no Python step per ID."""
        for rows in self._row_pages(q, "o.id"):
            yield [row[0] for row in rows]

    def _pages(self, q: CatalogQuery, columns: str) -> Iterator[tuple[Any, ...]]:
        for rows in self._row_pages(q, columns):
            yield from rows

    def _row_pages(self, q: CatalogQuery, columns: str) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of `q`: one statement whose cursor is read _PAGE rows at a time (the
        metadata lookups and the sort run once, not once a page). Should the connection fail
        or be replaced (the catalog went on in memory) mid-way, the rest is read from the new
        one, starting after the last sort key given."""
        left = -1 if q.limit is None else max(q.limit, 0)
        last: tuple[Any, Any] | None = None
        for _attempt in range(2):
            if left == 0:
                return
            rest = q if last is None or left < 0 else _with_limit(q, left)
            sql, values = ordered_select(rest, columns, last)
            with self._lock:
                conn = self._conn
                try:
                    cursor = conn.execute(sql, values)
                except sqlite3.Error as exc:
                    if not self._fall_back(exc):
                        return
                    continue
            while True:
                with self._lock:
                    if self._conn is not conn:
                        break  # the catalog went on in memory: read the rest from there
                    try:
                        rows = cursor.fetchmany(_PAGE)
                    except sqlite3.Error as exc:
                        if not self._fall_back(exc):
                            return
                        break
                if not rows:
                    return
                yield rows
                last = (rows[-1][-2], rows[-1][-1])
                if left > 0:
                    left -= len(rows)

    def iter_ids(self, q: CatalogQuery) -> Iterator[str]:
        """The IDs of `q`, streamed in batches in the order they were first recorded (not
        `q.order_by`): that order stays put while the caller updates what it reads, so no ID is
        skipped or given twice. `q.limit` and `q.offset` count in that order."""
        conditions, params = _conditions(q)
        sql = (
            f"SELECT o.rid, o.id FROM objects o WHERE {conditions} "  # noqa: S608 (see _select)
            "AND o.rid > ? ORDER BY o.rid LIMIT ?"
        )
        last = -1
        skip = max(q.offset, 0)
        left = q.limit

        def read(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
            return conn.execute(sql, [*params, last, _BATCH]).fetchall()

        while left is None or left > 0:
            batch = self._read(read, list[tuple[Any, ...]]())
            if not batch:
                return
            last = batch[-1][0]
            for _, resource_id in batch:
                if skip:
                    skip -= 1
                    continue
                if left is not None:
                    if left <= 0:
                        return
                    left -= 1
                yield resource_id
            if len(batch) < _BATCH:
                return

    def metadata_keys(self, q: CatalogQuery) -> list[str]:
        """The metadata keys the entries of `q` have (within its limit and offset), sorted."""
        conditions, params = _conditions(q)
        key = ORDERS[q.order_by]
        direction = "DESC" if q.descending else "ASC"
        limit = -1 if q.limit is None else max(q.limit, 0)
        sql = (
            "SELECT DISTINCT m.key FROM metadata m WHERE m.rid IN ("  # noqa: S608 (see _select)
            f"SELECT o.rid FROM objects o WHERE {conditions} "
            f"ORDER BY {key} {direction}, o.rid {direction} LIMIT ? OFFSET ?) ORDER BY m.key"
        )
        values = [*params, limit, max(q.offset, 0)]
        rows = self._read(lambda conn: conn.execute(sql, values).fetchall(), list[Any]())
        return [row[0] for row in rows]

    def count(self, q: CatalogQuery) -> int:
        conditions, params = _conditions(q)
        sql = f"SELECT count(*) FROM objects o WHERE {conditions}"  # noqa: S608 (see _select)
        return int(self._read(lambda conn: conn.execute(sql, params).fetchone()[0], 0))

    def seen_since(self, ids: Iterable[str], since: float) -> set[str]:
        """Those of `ids` recorded (fetched, or found deleted) at or after `since`."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT id FROM objects WHERE last_seen >= ? AND id IN ({marks})"  # noqa: S608
            params = [since, *chunk]

            def read(
                conn: sqlite3.Connection, sql: str = sql, params: list[Any] = params
            ) -> set[str]:
                return {row[0] for row in conn.execute(sql, params)}

            found |= self._read(read, set())
        return found

    # -- failing soft ----------------------------------------------------------------------

    def _warn(self, message: str, disk_reason: str | None = None) -> None:
        self.warning = message
        listener = self.on_warning
        if disk_reason is not None and self.on_disk_failure is not None:
            listener, message = self.on_disk_failure, disk_reason
        if listener is not None:
            with contextlib.suppress(Exception):  # a listener's failure is not the catalog's
                listener(message)

    def _write(self, action: Callable[[sqlite3.Connection], object]) -> None:
        with self._lock:
            try:
                _transaction(self._conn, action)
                return
            except sqlite3.Error as exc:
                if not self._fall_back(exc):
                    return
            try:
                _transaction(self._conn, action)
            except sqlite3.Error:  # memory itself failed (out of memory): the record is lost
                return

    def _read(self, action: Callable[[sqlite3.Connection], T], default: T) -> T:
        with self._lock:
            try:
                return action(self._conn)
            except sqlite3.Error as exc:
                if not self._fall_back(exc):
                    return default
            try:
                return action(self._conn)
            except sqlite3.Error:
                return default

    def _fall_back(self, exc: sqlite3.Error) -> bool:
        """Go on in memory after the file failed; False when already in memory."""
        if self.in_memory:
            return False
        path = self.path
        assert path is not None
        corrupt = _is_corrupt(exc)
        memory = _memory()
        if not corrupt:
            # What the file holds stays usable for this run when it can still be read.
            with contextlib.suppress(sqlite3.Error):
                self._conn.backup(memory)
                migrate(memory)
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
        self._conn = memory
        self.in_memory = True
        if corrupt:
            self._warn(_set_aside(path) + " The catalog is kept in memory for this run.")
        else:
            self._warn(_failure_message(path, exc), _reason(exc))
        return True


# -- helpers -----------------------------------------------------------------------------------


class _Row(NamedTuple):  # not a dataclass: each one made costs `ls` start-up time
    id: str
    kind: str
    deleted: bool
    created_at: int | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    tool_resources_json: str | None = None


def _kind(resource_id: object) -> str | None:
    if not isinstance(resource_id, str):
        return None
    from thread_tui.core.ids import check_id  # on a write only: `ls` reads

    verdict = check_id(resource_id)
    return verdict.kind.value if verdict.ok and verdict.kind is not None else None


def _row(obj: object) -> _Row | None:
    if not isinstance(obj, Mapping):
        return None
    resource_id = obj.get("id")
    kind = _kind(resource_id)
    if kind is None or not isinstance(resource_id, str):
        return None
    if obj.get("deleted") is True:
        return _Row(resource_id, kind, deleted=True)
    created = obj.get("created_at")
    created_at = (
        created
        if isinstance(created, int)
        and not isinstance(created, bool)
        and 0 <= created < MAX_CREATED_AT
        else None
    )
    return _Row(
        resource_id,
        kind,
        deleted=False,
        created_at=created_at,
        metadata=_capped_metadata(obj.get("metadata")),
        tool_resources_json=_capped_tool_resources(obj.get("tool_resources"))
        if kind == "thread"
        else None,
    )


def _capped_metadata(raw: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, Mapping):
        return ()
    pairs: list[tuple[str, str]] = []
    for key, value in raw.items():
        if len(pairs) >= MAX_METADATA_PAIRS:
            break
        if not isinstance(key, str) or not isinstance(value, str):
            continue
        if len(key) > MAX_STORED_KEY_CHARS or len(value) > MAX_STORED_VALUE_CHARS:
            continue
        if "\x00" in key or "\x00" in value or not _encodable(key + value):
            continue
        pairs.append((key, value))
    return tuple(pairs)


def _encodable(text: str) -> bool:
    """SQLite stores UTF-8: a lone surrogate (valid in JSON's \\ud800) cannot be stored."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _capped_tool_resources(raw: object) -> str | None:
    if not isinstance(raw, Mapping):
        return None
    try:
        text = json.dumps(raw, ensure_ascii=True, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return None
    return text if len(text) <= MAX_STORED_TOOL_RESOURCES_CHARS else None


def _entry(row: tuple[Any, ...]) -> CatalogEntry:
    resource_id, kind, created_at, metadata_json, tools_json, last_seen, deleted, pinned, opened = (
        row[:9]
    )
    metadata = _loads(metadata_json)
    tools = _loads(tools_json) if tools_json is not None else None
    return CatalogEntry(
        id=resource_id,
        kind=kind,
        created_at=created_at,
        metadata={k: v for k, v in metadata.items() if isinstance(v, str)}
        if isinstance(metadata, dict)
        else {},
        tool_resources=tools if isinstance(tools, dict) else None,
        last_seen=float(last_seen),
        deleted=bool(deleted),
        pinned=bool(pinned),
        opened_at=None if opened is None else float(opened),
    )


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _with_limit(q: CatalogQuery, limit: int) -> CatalogQuery:
    """`q` with `limit` (the rows still to give after a resume)."""
    return CatalogQuery(
        q.kind,
        q.where,
        q.has,
        q.id_prefix,
        q.text,
        q.include_deleted,
        q.order_by,
        q.descending,
        limit,
        q.offset,
    )


def _select(conn: sqlite3.Connection, tail: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """The entry columns of the objects matching `tail` (conditions, order, limit). Every SQL
    text in this module is made of its fixed fragments (the order columns are ORDERS' values,
    chosen by CatalogQuery's checked `order_by`); every value is a parameter."""
    sql = f"SELECT {_COLUMNS} FROM objects o WHERE {tail}"  # noqa: S608
    return conn.execute(sql, params).fetchall()


def _upsert(conn: sqlite3.Connection, row: _Row, seen: float) -> None:
    metadata_json = json.dumps(dict(row.metadata), ensure_ascii=False)
    (rid,) = conn.execute(
        """INSERT INTO objects
            (id, kind, created_at, metadata_json, tool_resources_json, last_seen, deleted)
        VALUES (?, ?, ?, ?, ?, ?, 0)
        ON CONFLICT (id) DO UPDATE SET
            kind = excluded.kind,
            created_at = coalesce(excluded.created_at, objects.created_at),
            metadata_json = excluded.metadata_json,
            tool_resources_json = excluded.tool_resources_json,
            last_seen = excluded.last_seen,
            deleted = 0
        RETURNING rid""",
        (row.id, row.kind, row.created_at, metadata_json, row.tool_resources_json, seen),
    ).fetchone()
    conn.execute("DELETE FROM metadata WHERE rid = ?", (rid,))
    conn.executemany(
        "INSERT OR REPLACE INTO metadata (rid, key, value) VALUES (?, ?, ?)",
        [(rid, key, value) for key, value in row.metadata],
    )


def _mark_deleted(conn: sqlite3.Connection, resource_id: str, kind: str, seen: float) -> None:
    conn.execute(
        """INSERT INTO objects (id, kind, last_seen, deleted) VALUES (?, ?, ?, 1)
        ON CONFLICT (id) DO UPDATE SET deleted = 1, last_seen = excluded.last_seen""",
        (resource_id, kind, seen),
    )


def _ensure(conn: sqlite3.Connection, resource_id: str, kind: str, seen: float) -> None:
    """A row for an ID not seen yet (opened or pinned before any fetch recorded it)."""
    conn.execute(
        "INSERT OR IGNORE INTO objects (id, kind, last_seen) VALUES (?, ?, ?)",
        (resource_id, kind, seen),
    )


def _transaction(conn: sqlite3.Connection, action: Callable[[sqlite3.Connection], object]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        action(conn)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def _connect(target: str) -> sqlite3.Connection:
    # isolation_level=None: transactions are the explicit BEGIN IMMEDIATE above, taken before
    # the first read, so two processes never deadlock upgrading a read to a write.
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _memory() -> sqlite3.Connection:
    conn = _connect(":memory:")
    migrate(conn)
    return conn


def _open_file(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = _connect(str(path))
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; no fsync per commit
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    return conn


def _read_only_copy(path: Path) -> sqlite3.Connection | None:
    """An in-memory copy of the catalog file, read without writing anything beside it
    (`immutable`: no -wal or -shm file is made); None when it cannot be read."""
    if not path.is_file():
        return None
    memory: sqlite3.Connection | None = None
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            memory = _connect(":memory:")
            source.backup(memory)
            migrate(memory)
        finally:
            source.close()
    except (sqlite3.Error, NewerSchemaError, OSError, ValueError):
        if memory is not None:
            memory.close()
        return None
    return memory


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _set_aside(path: Path) -> str:
    """Move a damaged catalog (and its WAL files) out of the way; the warning to show."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(OSError):
            side.replace(path.with_name(f"{path.name}.corrupt-{stamp}{suffix}"))
    return set_aside(path, "is not a usable catalog database")


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _failure_message(path: Path, exc: BaseException) -> str:
    reason = _reason(exc)
    return (
        f"Could not save the catalog in {path.parent} ({reason}). thread_tui goes on, with the "
        "catalog in memory for this run: what it records now is not saved on this machine."
    )
