"""Clone lineage in the catalog (`thread-tui clone`): old → new, read both ways, kept across
reopening, brought into a file written before lineage existed (schema 3), and kept when the
disk fails (in memory)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from thread_tui.storage.catalog import CATALOG_FILE, Catalog, CatalogQuery
from thread_tui.storage.catalog_schema import SCHEMA_VERSION, migrate, read_version


def test_record_clone_reads_back_both_ways_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    catalog = Catalog.open(path)
    catalog.record_clone("conv_old", "conv_new1", 10.0)
    catalog.record_clone("conv_old", "conv_new2", 20.0)
    catalog.record_clone("thread_t", "conv_new3", 30.0)
    catalog.close()
    again = Catalog.open(path)
    assert again.clones("conv_old") == ["conv_new1", "conv_new2"]
    assert again.clone_of("conv_new2") == "conv_old"
    assert again.clone_of("conv_new3") == "thread_t"
    assert again.clone_of("conv_old") is None and again.clones("conv_new1") == []


def test_a_clone_of_a_clone_is_a_chain(tmp_path: Path) -> None:
    catalog = Catalog.open(tmp_path / CATALOG_FILE)
    catalog.record_clone("conv_a", "conv_b", 1.0)
    catalog.record_clone("conv_b", "conv_c", 2.0)
    assert catalog.clone_of("conv_c") == "conv_b" and catalog.clone_of("conv_b") == "conv_a"
    assert catalog.clones("conv_a") == ["conv_b"]


def test_invalid_or_equal_ids_are_not_recorded(tmp_path: Path) -> None:
    catalog = Catalog.open(tmp_path / CATALOG_FILE)
    catalog.record_clone("conv_a", "conv_a", 1.0)
    catalog.record_clone("conv_a", "not an id", 1.0)
    catalog.record_clone("x'; DROP TABLE objects; --", "conv_b", 1.0)
    assert catalog.clones("conv_a") == [] and catalog.clone_of("conv_b") is None


def test_lineage_outlives_forgetting_the_old_object(tmp_path: Path) -> None:
    catalog = Catalog.open(tmp_path / CATALOG_FILE)
    catalog.record({"id": "conv_old", "object": "conversation", "metadata": {}})
    catalog.record_clone("conv_old", "conv_new", 1.0)
    catalog.mark_deleted("conv_old")
    catalog.forget("conv_old")
    assert catalog.clone_of("conv_new") == "conv_old"


def build_v3(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, upto=3)
    conn.execute(
        "INSERT INTO objects (id, kind, created_at, metadata_json, last_seen, pinned) "
        "VALUES ('conv_kept', 'conversation', 5, ?, 7.0, 1)",
        (json.dumps({"team": "core"}),),
    )
    conn.execute("INSERT INTO metadata (rid, key, value) VALUES (1, 'team', 'core')")
    conn.close()


def test_a_version_3_file_gets_lineage_and_keeps_what_it_held(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    build_v3(path)
    assert read_version(sqlite3.connect(path)) == 3
    catalog = Catalog.open(path)
    assert catalog.warning is None and not catalog.in_memory
    assert read_version(sqlite3.connect(path)) == SCHEMA_VERSION == 4
    (entry,) = catalog.query(CatalogQuery(where=(("team", "core"),)))
    assert entry.id == "conv_kept" and entry.pinned
    catalog.record_clone("conv_kept", "conv_made", 8.0)
    catalog.close()
    assert Catalog.open(path).clones("conv_kept") == ["conv_made"]


def test_lineage_is_kept_in_memory_when_the_disk_fails(tmp_path: Path) -> None:
    path = tmp_path / CATALOG_FILE
    catalog = Catalog.open(path)
    catalog.record_clone("conv_a", "conv_b", 1.0)
    catalog._conn.close()  # the file goes away under the catalog: the next write fails
    heard: list[str] = []
    catalog.on_warning = heard.append
    catalog.record_clone("conv_a", "conv_c", 2.0)
    assert catalog.in_memory
    assert "conv_c" in catalog.clones("conv_a")
