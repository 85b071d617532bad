"""The catalog's SQLite schema: numbered migrations, each run once, in order.

`schema_version` holds one row, the number of the last migration applied. A file written by an
older thread-tui is brought up to date when opened; a file from a newer one (a higher number)
is not touched (the catalog then works in memory for the run, see catalog.py).

Layout: `objects` has one row per thread or conversation (`rid` is SQLite's rowid, the join key);
`metadata` one row per pair, indexed on (key, value) so that `--where KEY=VALUE` and `--has KEY`
look up the index instead of reading every object. `lineage` has one row per clone (the ID
it was made from, the ID made, when).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # only annotations: this module is cheap to import (`ls`'s quick path)
    import sqlite3
    from typing import Final

CATALOG_FILE: Final = "catalog.sqlite3"
"""The catalog's file in the state directory."""

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # 1: the objects, with their metadata as JSON text.
    (
        """CREATE TABLE objects (
            rid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            created_at INTEGER,
            metadata_json TEXT NOT NULL DEFAULT '{}',
            tool_resources_json TEXT,
            last_seen REAL NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX objects_kind ON objects (kind, last_seen)",
        "CREATE INDEX objects_last_seen ON objects (last_seen)",
        # The sort key of catalog.ORDERS: an unknown created_at sorts as the oldest.
        "CREATE INDEX objects_created_at ON objects (coalesce(created_at, -1))",
    ),
    # 2: metadata pairs in their own indexed table, filled from the JSON of version 1.
    (
        """CREATE TABLE metadata (
            rid INTEGER NOT NULL REFERENCES objects (rid) ON DELETE CASCADE,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (rid, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX metadata_key_value ON metadata (key, value, rid)",
        """INSERT OR IGNORE INTO metadata (rid, key, value)
            SELECT objects.rid, pair.key, pair.value
            FROM objects, json_each(objects.metadata_json) AS pair
            WHERE json_valid(objects.metadata_json) AND pair.type = 'text'""",
    ),
    # 3: the recents list as a view of the catalog: when opened in the TUI, and pins.
    (
        "ALTER TABLE objects ADD COLUMN opened_at REAL",
        "ALTER TABLE objects ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX objects_opened ON objects (pinned, opened_at)",
    ),
    # 4: clone lineage, old -> new (`thread-tui clone`), by ID: it outlives a forgotten row.
    (
        """CREATE TABLE lineage (
            old_id TEXT NOT NULL,
            new_id TEXT NOT NULL,
            cloned_at REAL NOT NULL,
            PRIMARY KEY (old_id, new_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX lineage_new ON lineage (new_id)",
    ),
)
SCHEMA_VERSION: Final = len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The file was written by a newer thread-tui: its schema is past what this one knows."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def read_version(conn: sqlite3.Connection) -> int:
    """The file's schema version; 0 for a new (empty) file."""
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if row is None:
        return 0
    found = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(found[0] or 0)


def migrate(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations the file lacks, in one write transaction (a second process opening
    the same new file waits, then finds it done). Returns the version before. `upto` is for the
    tests, which build an old file."""
    before = read_version(conn)  # a read: no lock taken when there is nothing to do
    if before > SCHEMA_VERSION:
        raise NewerSchemaError(before)
    if before >= upto:
        return before
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = read_version(conn)
        if before > SCHEMA_VERSION:
            raise NewerSchemaError(before)
        if before == 0:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        for number in range(before + 1, upto + 1):
            for statement in MIGRATIONS[number - 1]:
                conn.execute(statement)
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version (version) VALUES (?)", (max(before, upto),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before
