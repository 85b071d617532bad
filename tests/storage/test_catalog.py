"""The catalog: what it records (and refuses to) from a server's objects, its queries, its
schema migrations, and how it goes on in memory when the disk or the file fails."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from thread_tui.storage.catalog import (
    CATALOG_FILE,
    Catalog,
    CatalogEntry,
    CatalogQuery,
)
from thread_tui.storage.catalog_schema import SCHEMA_VERSION, migrate, read_version


class Clock:
    def __init__(self, start: float = 1000.0) -> None:
        self.value = start

    def __call__(self) -> float:
        return self.value


def thread(n: int, **metadata: str) -> dict[str, Any]:
    return {
        "id": f"thread_{n:04d}",
        "object": "thread",
        "created_at": 1_700_000_000 + n,
        "metadata": metadata,
        "tool_resources": {"code_interpreter": {"file_ids": [f"file-{n}"]}},
    }


def conversation(n: int, **metadata: str) -> dict[str, Any]:
    return {
        "id": f"conv_{n:04d}",
        "object": "conversation",
        "created_at": 1_700_000_000 + n,
        "metadata": metadata,
    }


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def catalog(tmp_path: Path, clock: Clock) -> Catalog:
    return Catalog.open(tmp_path / CATALOG_FILE, now=clock)


def ids(entries: list[CatalogEntry]) -> list[str]:
    return [entry.id for entry in entries]


def test_a_recorded_object_reads_back_and_survives_reopening(
    tmp_path: Path, catalog: Catalog, clock: Clock
) -> None:
    catalog.record(thread(1, owner="ana", team="core"))
    catalog.close()
    again = Catalog.open(tmp_path / CATALOG_FILE, now=clock)
    entry = again.get("thread_0001")
    assert entry == CatalogEntry(
        id="thread_0001",
        kind="thread",
        created_at=1_700_000_001,
        metadata={"owner": "ana", "team": "core"},
        tool_resources={"code_interpreter": {"file_ids": ["file-1"]}},
        last_seen=1000.0,
        deleted=False,
        pinned=False,
        opened_at=None,
    )
    assert again.warning is None and not again.in_memory


def test_the_file_is_in_wal_mode_at_the_current_schema(tmp_path: Path, catalog: Catalog) -> None:
    catalog.record(thread(1))
    conn = sqlite3.connect(tmp_path / CATALOG_FILE)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert read_version(conn) == SCHEMA_VERSION


def test_recording_again_replaces_the_metadata_and_the_last_seen(
    catalog: Catalog, clock: Clock
) -> None:
    catalog.record(thread(1, owner="ana", team="core"))
    clock.value = 2000.0
    catalog.record(thread(1, owner="bo"))
    entry = catalog.get("thread_0001")
    assert entry is not None and entry.metadata == {"owner": "bo"} and entry.last_seen == 2000.0
    assert ids(catalog.query(CatalogQuery(where=(("team", "core"),)))) == []
    assert ids(catalog.query(CatalogQuery(where=(("owner", "bo"),)))) == ["thread_0001"]


def test_where_has_kind_and_prefix_all_must_hold(catalog: Catalog, clock: Clock) -> None:
    catalog.record_many(
        [
            thread(1, team="core", owner="ana"),
            thread(2, team="core"),
            thread(3, team="web", owner="ana"),
            conversation(4, team="core", owner="ana"),
        ]
    )
    core = CatalogQuery(where=(("team", "core"),), order_by="id", descending=False)
    assert ids(catalog.query(core)) == ["conv_0004", "thread_0001", "thread_0002"]
    both = CatalogQuery(where=(("team", "core"), ("owner", "ana")), order_by="id", descending=False)
    assert ids(catalog.query(both)) == ["conv_0004", "thread_0001"]
    threads = CatalogQuery(kind="thread", has=("owner",), order_by="id", descending=False)
    assert ids(catalog.query(threads)) == ["thread_0001", "thread_0003"]
    assert ids(catalog.query(CatalogQuery(id_prefix="thread_000", where=(("team", "web"),)))) == [
        "thread_0003"
    ]
    assert catalog.count(core) == 3
    assert list(catalog.iter_ids(core)) == ["thread_0001", "thread_0002", "conv_0004"]


def test_text_matches_keys_and_values_case_insensitively(catalog: Catalog) -> None:
    catalog.record_many([thread(1, Owner="Ana"), thread(2, note="ANAlysis"), thread(3, x="y")])
    found = catalog.query(CatalogQuery(text="ana", order_by="id", descending=False))
    assert ids(found) == ["thread_0001", "thread_0002"]
    assert ids(catalog.query(CatalogQuery(text="OWN"))) == ["thread_0001"]
    assert ids(catalog.query(CatalogQuery(text='"'))) == []  # JSON's own quotes are not text


def test_order_limit_and_offset(catalog: Catalog, clock: Clock) -> None:
    for n in (3, 1, 2):
        clock.value = 1000.0 + n
        catalog.record(thread(n))
    assert ids(catalog.query(CatalogQuery())) == ["thread_0003", "thread_0002", "thread_0001"]
    by_created = CatalogQuery(order_by="created_at", descending=False, limit=2, offset=1)
    assert ids(catalog.query(by_created)) == ["thread_0002", "thread_0003"]
    assert list(catalog.iter_ids(CatalogQuery(limit=1, offset=1))) == ["thread_0001"]


def test_iter_ids_streams_past_one_batch_while_the_caller_writes(catalog: Catalog) -> None:
    catalog.record_many(thread(n, team="a") for n in range(1200))
    seen = []
    for resource_id in catalog.iter_ids(CatalogQuery(where=(("team", "a"),))):
        seen.append(resource_id)
        catalog.record({"id": resource_id, "created_at": 1, "metadata": {"team": "b"}})
    assert len(seen) == 1200 == len(set(seen))
    assert catalog.count(CatalogQuery(where=(("team", "b"),))) == 1200


def test_deleted_objects_are_marked_and_hidden_unless_asked(catalog: Catalog) -> None:
    catalog.record_many([thread(1), thread(2)])
    catalog.mark_deleted("thread_0001")
    catalog.record({"id": "thread_0002", "object": "thread.deleted", "deleted": True})
    catalog.mark_deleted("conv_never_seen")
    assert catalog.query(CatalogQuery()) == []
    everything = catalog.query(CatalogQuery(include_deleted=True, order_by="id"))
    assert ids(everything) == ["thread_0002", "thread_0001", "conv_never_seen"]
    assert all(entry.deleted for entry in everything)
    catalog.record(thread(1))  # seen again: it exists after all
    assert ids(catalog.query(CatalogQuery())) == ["thread_0001"]


def test_seen_since(catalog: Catalog, clock: Clock) -> None:
    catalog.record(thread(1))
    clock.value = 2000.0
    catalog.record(thread(2))
    catalog.mark_deleted("thread_0003")
    wanted = ["thread_0001", "thread_0002", "thread_0003", "thread_0004"] * 300
    assert catalog.seen_since(wanted, 1500.0) == {"thread_0002", "thread_0003"}


def test_recents_pins_and_forget(catalog: Catalog) -> None:
    catalog.record_many([thread(1), thread(2), thread(3)])
    catalog.note_opened("thread_0001", 10.0)
    catalog.note_opened("thread_0002", 20.0)
    catalog.note_opened("conv_unfetched", 30.0)
    assert ids(catalog.recents()) == ["conv_unfetched", "thread_0002", "thread_0001"]
    assert catalog.toggle_pin("thread_0001") is True
    assert ids(catalog.recents(limit=1)) == ["thread_0001", "conv_unfetched"]
    assert catalog.toggle_pin("thread_0001") is False
    catalog.drop_recent("conv_unfetched")
    catalog.forget("thread_0002")
    assert ids(catalog.recents()) == ["thread_0001"]
    assert catalog.get("thread_0002") is None and catalog.get("conv_unfetched") is not None


HOSTILE: list[Any] = [
    {"id": "../../etc", "metadata": {}},
    {"id": "thread_a b"},
    {"id": "thread_" + "x" * 200},
    {"id": 12},
    ["not", "a", "map"],
    None,
]


def test_what_a_hostile_server_sends_is_bounded(catalog: Catalog) -> None:
    catalog.record_many(HOSTILE)
    assert catalog.count(CatalogQuery(include_deleted=True)) == 0
    metadata: dict[str, Any] = {f"k{n:02d}": "v" for n in range(40)}
    metadata["k00"] = 5  # not a string: left out
    metadata["k01"] = "v" * 100_000  # far past any limit: left out, not cut
    catalog.record(
        {
            "id": "thread_big",
            "created_at": True,
            "metadata": metadata,
            "tool_resources": {"code_interpreter": {"file_ids": ["f" * 100] * 1000}},
        }
    )
    entry = catalog.get("thread_big")
    assert entry is not None
    assert len(entry.metadata) == 16 and "k00" not in entry.metadata and "k01" not in entry.metadata
    assert entry.created_at is None and entry.tool_resources is None
    catalog.record({"id": "conv_x", "metadata": {"a": "\ud800"}, "tool_resources": {"x": 1}})
    conv = catalog.get("conv_x")
    assert conv is not None and conv.metadata == {} and conv.tool_resources is None


def build_v1(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=1)
    conn.execute(
        "INSERT INTO objects (id, kind, created_at, metadata_json, last_seen) "
        "VALUES ('thread_old', 'thread', 5, ?, 7.0)",
        (json.dumps({"team": "core", "n": 1}),),
    )
    conn.close()


def test_a_version_1_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    build_v1(path)
    catalog = Catalog.open(path)
    assert catalog.warning is None
    assert read_version(sqlite3.connect(path)) == SCHEMA_VERSION
    (entry,) = catalog.query(CatalogQuery(where=(("team", "core"),)))
    assert entry.id == "thread_old" and entry.last_seen == 7.0 and entry.pinned is False
    assert catalog.query(CatalogQuery(has=("n",))) == []  # a number never was a metadata value
    catalog.note_opened("thread_old", 9.0)
    assert ids(catalog.recents()) == ["thread_old"]


def test_a_file_from_a_newer_version_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    Catalog.open(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    heard: list[str] = []
    catalog = Catalog.open(path, on_warning=heard.append)
    assert catalog.in_memory and heard == [catalog.warning]
    assert "newer thread-tui" in heard[0]
    catalog.record(thread(1))
    assert catalog.get("thread_0001") is not None
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 99


def test_a_corrupt_file_is_set_aside_with_a_warning_naming_it(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    path.write_bytes(b"this is not sqlite at all" * 100)
    heard: list[str] = []
    catalog = Catalog.open(path, on_warning=heard.append)
    (aside,) = tmp_path.glob(f"{CATALOG_FILE}.corrupt-*")
    assert aside.read_bytes().startswith(b"this is not sqlite")
    (warning,) = heard
    assert CATALOG_FILE in warning and str(aside) in warning
    catalog.record(thread(1))
    assert not catalog.in_memory  # a fresh file was started in its place
    assert Catalog.open(path).get("thread_0001") is not None


def test_an_unwritable_place_gives_an_in_memory_catalog(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    heard: list[str] = []
    catalog = Catalog.open(blocker / "state" / CATALOG_FILE, on_warning=heard.append)
    assert catalog.in_memory and len(heard) == 1 and "in memory" in heard[0]
    catalog.record(thread(1))
    catalog.note_opened("thread_0001", 1.0)
    assert ids(catalog.recents()) == ["thread_0001"]


def test_a_write_that_fails_later_goes_on_in_memory_with_what_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Catalog.open(tmp_path / CATALOG_FILE)
    catalog.record(thread(1, team="core"))
    heard: list[str] = []
    catalog.on_warning = heard.append
    real = catalog._conn

    class Full:
        """The file's connection, with every write refused as a full disk refuses it."""

        def execute(self, sql: str, *args: Any) -> Any:
            if sql.startswith("BEGIN"):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

        def backup(self, target: sqlite3.Connection) -> None:
            real.backup(target)

        def close(self) -> None:
            real.close()

    catalog._conn = Full()  # type: ignore[assignment]
    catalog.record(thread(2, team="core"))  # never raises
    assert catalog.in_memory and len(heard) == 1 and "disk is full" in heard[0]
    assert catalog.warning == heard[0]
    core = CatalogQuery(where=(("team", "core"),), order_by="id", descending=False)
    assert ids(catalog.query(core)) == ["thread_0001", "thread_0002"]
    catalog.record(thread(3))
    assert len(heard) == 1  # one warning, not one per write
    assert Catalog.open(tmp_path / CATALOG_FILE).get("thread_0002") is None


def test_a_read_only_file_is_read_and_the_run_goes_on_in_memory(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    first = Catalog.open(path)
    first.record(thread(1))
    first.close()
    second = Catalog.open(path)
    path.chmod(0o400)
    second._conn.close()
    second._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    heard: list[str] = []
    second.on_warning = heard.append
    second.record(thread(2))
    assert second.in_memory and len(heard) == 1
    assert {e.id for e in second.query(CatalogQuery())} == {"thread_0001", "thread_0002"}


def test_two_processes_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    one, two = Catalog.open(path), Catalog.open(path)
    one.record(thread(1))
    two.record(thread(2))
    assert {e.id for e in one.query(CatalogQuery())} == {"thread_0001", "thread_0002"}
    assert one.warning is None and two.warning is None


def test_where_is_an_indexed_lookup(catalog: Catalog) -> None:
    from thread_tui.storage.catalog import _conditions

    conditions, params = _conditions(CatalogQuery(where=(("team", "core"),)))
    plan = catalog._conn.execute(
        f"EXPLAIN QUERY PLAN SELECT o.id FROM objects o WHERE {conditions} "
        "ORDER BY o.last_seen DESC",
        params,
    ).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "metadata_key_value" in details
    assert "SCAN o" not in details and "SCAN objects" not in details


def test_an_invalid_query_is_refused() -> None:
    with pytest.raises(ValueError, match="order_by"):
        CatalogQuery(order_by="metadata; DROP TABLE objects")
    with pytest.raises(ValueError, match="kind"):
        CatalogQuery(kind="assistant")


@pytest.mark.parametrize("order_by", ["id", "kind", "created_at", "last_seen"])
@pytest.mark.parametrize("descending", [True, False])
def test_a_query_past_one_batch_gives_every_entry_once_in_order(
    catalog: Catalog, clock: Clock, order_by: str, descending: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("thread_tui.storage.catalog._PAGE", 300)  # 1300 rows: five pages
    objects = []
    for n in range(1300):
        obj = thread(n) if n % 3 else conversation(n)
        if n % 7 == 0:
            del obj["created_at"]  # unknown: sorts as the oldest
        objects.append(obj)
    for start in range(0, 1300, 100):  # ties in last_seen, 100 at a time
        clock.value = 1000.0 + start % 400
        catalog.record_many(objects[start : start + 100])
    everything = catalog.query(CatalogQuery(order_by=order_by, descending=descending))
    assert len(everything) == 1300 == len({entry.id for entry in everything})

    def key(entry: CatalogEntry) -> Any:
        return {
            "id": entry.id,
            "kind": entry.kind,
            "created_at": entry.created_at if entry.created_at is not None else -1,
            "last_seen": entry.last_seen,
        }[order_by]

    keys = [key(entry) for entry in everything]
    assert keys == sorted(keys, reverse=descending)
    window = CatalogQuery(order_by=order_by, descending=descending, limit=700, offset=450)
    assert catalog.query(window) == everything[450:1150]


def test_query_ids_pages_in_the_query_order(
    catalog: Catalog, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("thread_tui.storage.catalog._PAGE", 700)
    for start in range(0, 4500, 500):
        clock.value = 1000.0 + start
        catalog.record_many(
            thread(n, team="a" if n % 3 else "b") for n in range(start, start + 500)
        )
    q = CatalogQuery(where=(("team", "a"),), order_by="last_seen", limit=2500, offset=10)
    assert list(catalog.query_ids(q)) == [e.id for e in catalog.query(q)]
    assert len(list(catalog.query_ids(q))) == 2500


def test_a_file_that_cannot_be_opened_for_writing_is_still_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / CATALOG_FILE
    first = Catalog.open(path)
    first.record(thread(1, team="core"))
    first.close()
    import thread_tui.storage.catalog as module

    def refuse(path: Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(module, "_open_file", refuse)  # as in a read-only state directory
    heard: list[str] = []
    catalog = Catalog.open(path, on_warning=heard.append)
    assert catalog.in_memory and len(heard) == 1 and "readonly" in heard[0]
    assert ids(catalog.query(CatalogQuery(where=(("team", "core"),)))) == ["thread_0001"]
    catalog.record(thread(2))
    assert catalog.count(CatalogQuery()) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [CATALOG_FILE]  # nothing written beside


def test_a_streamed_query_runs_its_statement_once(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past one read of the cursor, the metadata lookups and the sort are not run again (a
    page each re-ran them: `ls --where` over 100,000 spent 0.46 s so)."""
    monkeypatch.setattr("thread_tui.storage.catalog._PAGE", 300)
    catalog.record_many(thread(n, team="a") for n in range(1000))
    statements: list[str] = []
    catalog._conn.set_trace_callback(statements.append)
    q = CatalogQuery(where=(("team", "a"),))
    assert len(list(catalog.query_ids(q))) == 1000
    assert len(list(catalog.iter_query(q))) == 1000
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_a_stream_goes_on_from_memory_when_the_file_fails_mid_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("thread_tui.storage.catalog._PAGE", 100)
    catalog = Catalog.open(tmp_path / CATALOG_FILE)
    catalog.record_many(thread(n) for n in range(450))
    q = CatalogQuery(order_by="id", descending=False, limit=400, offset=5)
    expected = [f"thread_{n:04d}" for n in range(5, 405)]
    stream = catalog.query_ids(q)
    got = [next(stream) for _ in range(150)]
    catalog._fall_back(sqlite3.OperationalError("disk I/O error"))  # as a failed write does
    assert catalog.in_memory
    got += list(stream)
    assert got == expected


def test_opening_a_current_file_writes_nothing(tmp_path: Path) -> None:
    """`ls` is a read: opening a catalog whose schema is current takes no write lock (another
    process holding one does not make it wait) and changes nothing in the file."""
    path = tmp_path / CATALOG_FILE
    Catalog.open(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        before = path.stat().st_mtime_ns
        catalog = Catalog.open(path)
        assert not catalog.in_memory and catalog.warning is None
        assert catalog.count(CatalogQuery()) == 0
        catalog.close()
        assert path.stat().st_mtime_ns == before
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_entries_and_queries_are_frozen_values() -> None:
    a = CatalogQuery(kind="thread", where=(("team", "core"),), limit=5)
    b = CatalogQuery(kind="thread", where=(("team", "core"),), limit=5)
    assert a == b and hash(a) == hash(b) and a != CatalogQuery(kind="thread")
    assert {a: 1}[b] == 1
    assert repr(a).startswith("CatalogQuery(kind='thread', where=(('team', 'core'),), has=()")
    with pytest.raises(AttributeError):
        a.limit = 6
    entry = CatalogEntry("thread_a", "thread", None, {"k": "v"}, None, 1.0, False, False, None)
    same = CatalogEntry(
        id="thread_a",
        kind="thread",
        created_at=None,
        metadata={"k": "v"},
        tool_resources=None,
        last_seen=1.0,
        deleted=False,
        pinned=False,
        opened_at=None,
    )
    assert entry == same and entry != a and entry.metadata == {"k": "v"}
    with pytest.raises(AttributeError):
        del entry.id
