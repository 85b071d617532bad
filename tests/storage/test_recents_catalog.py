"""The recents list is a view of the catalog: an old recents.json moves into it once (then is
renamed), pins and opening times live in the catalog, and a demo's in-memory catalog never
takes (nor renames) the user's file."""

from __future__ import annotations

import json
from pathlib import Path

from thread_tui.storage import StateStore
from thread_tui.storage.catalog import CATALOG_FILE, Catalog

OLD = [
    {"id": "thread_old", "opened_at": 100.0, "pinned": False},
    {"id": "conv_pinned", "opened_at": 50.0, "pinned": True},
    {"id": "thread_new", "opened_at": 200, "pinned": False},
    {"id": "../bad", "opened_at": 300.0},
    {"id": "thread_nan", "opened_at": float("nan")},
    "junk",
]


def write_old(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "recents.json"
    path.write_text(json.dumps(OLD))
    return path


def test_an_old_recents_file_is_migrated_once(tmp_path: Path) -> None:
    path = write_old(tmp_path)
    store = StateStore(tmp_path)
    assert [(r.id, r.opened_at, r.pinned) for r in store.recents.items()] == [
        ("conv_pinned", 50.0, True),
        ("thread_new", 200.0, False),
        ("thread_old", 100.0, False),
    ]
    assert not path.exists()
    assert json.loads(path.with_name("recents.json.migrated").read_text()) == json.loads(
        json.dumps(OLD)
    )
    assert store.warnings == []
    store.recents.toggle_pin("conv_pinned")  # unpinned now, in the catalog
    store.recents.remove("thread_old")
    store.close()
    again = StateStore(tmp_path)
    assert [(r.id, r.pinned) for r in again.recents.items()] == [
        ("thread_new", False),
        ("conv_pinned", False),
    ]
    entry = Catalog.open(tmp_path / CATALOG_FILE).get("thread_old")
    assert entry is not None and entry.opened_at is None  # off the list, still catalogued


def test_a_second_migration_after_a_failed_rename_changes_nothing(tmp_path: Path) -> None:
    write_old(tmp_path)
    store = StateStore(tmp_path)
    store.recents.toggle_pin("conv_pinned")
    store.recents.record("thread_old", 500.0)
    store.close()
    write_old(tmp_path)  # as if the rename had failed
    again = StateStore(tmp_path)
    assert [(r.id, r.opened_at, r.pinned) for r in again.recents.items()] == [
        ("thread_old", 500.0, False),
        ("thread_new", 200.0, False),
        ("conv_pinned", 50.0, False),
    ]


def test_a_demo_catalog_leaves_the_file_alone(tmp_path: Path) -> None:
    path = write_old(tmp_path)
    store = StateStore(tmp_path, catalog_factory=lambda: Catalog.open(None))
    store.recents.record("thread_abc123", 1.0)
    assert [r.id for r in store.recents.items()] == ["thread_abc123"]
    assert path.exists() and not (tmp_path / CATALOG_FILE).exists()


def test_the_recents_file_stays_when_the_catalog_is_only_in_memory(tmp_path: Path) -> None:
    import sqlite3

    Catalog.open(tmp_path / CATALOG_FILE).close()
    conn = sqlite3.connect(tmp_path / CATALOG_FILE, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = 99")  # a newer thread-tui's file
    conn.close()
    path = write_old(tmp_path)
    store = StateStore(tmp_path)
    assert [r.id for r in store.recents.items()] == ["conv_pinned", "thread_new", "thread_old"]
    assert path.exists()  # read for this run; moved when a catalog can keep it
    (warning,) = store.warnings
    assert "newer thread-tui" in warning


def test_an_unwritable_state_dir_is_one_warning_and_an_empty_list(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = StateStore(blocker / "state")
    assert store.recents.items() == []
    store.recents.record("thread_abc123", 1.0)
    assert [r.id for r in store.recents.items()] == ["thread_abc123"]  # kept for this run
    heard = store.warnings
    assert len(heard) == 1 and "Could not save the catalog" in heard[0]


def test_the_catalog_opens_on_first_use_only(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.theme = "nord"
    assert "catalog" not in store.__dict__ and not (tmp_path / CATALOG_FILE).exists()
    store.recents.items()
    assert (tmp_path / CATALOG_FILE).exists()
