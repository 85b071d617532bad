"""The state directory's files: read safely (size cap, any nesting), damaged ones set aside with
a warning naming them, every write failing soft with one warning."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from thread_tui.storage import StateStore, WriteGuard, read_json
from thread_tui.storage.files import MAX_STATE_FILE_BYTES

DEEP = '{"a":' * 100_000 + "1" + "}" * 100_000


def asides(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


@pytest.mark.parametrize(
    "content,why",
    [
        (DEEP, "nested too deeply"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('[{"id": "thread_a"', "not valid JSON"),
        ('{"id": "thread_abc123"}', "not a list of recent IDs"),
        (b"\xff\xfe".decode("latin-1"), "not valid JSON"),
    ],
    ids=["object-100000-deep", "array-100000-deep", "cut-short", "wrong-shape", "not-utf8"],
)
def test_a_damaged_recents_file_is_set_aside_and_named(
    tmp_path: Path, content: str, why: str
) -> None:
    path = tmp_path / "recents.json"
    path.write_text(content, encoding="latin-1")
    store = StateStore(tmp_path)
    assert store.recents.items() == []
    (warning,) = store.warnings
    assert "recents.json" in warning and why in warning
    (aside,) = asides(path)
    assert aside.read_text(encoding="latin-1") == content
    store.recents.record("thread_abc123", 1.0)  # starting fresh works (in the catalog now)
    assert [r.id for r in StateStore(tmp_path).recents.items()] == ["thread_abc123"]
    assert not path.exists()


def test_a_file_over_the_size_cap_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    with path.open("w") as handle:
        handle.write("[" + " " * (MAX_STATE_FILE_BYTES + 10) + "]")
    data, warning = read_json(path)
    assert data is None and warning is not None and "larger than" in warning
    assert len(asides(path)) == 1


def test_wrong_shaped_preferences_are_set_aside(tmp_path: Path) -> None:
    (tmp_path / "preferences.json").write_text('["nord"]')
    store = StateStore(tmp_path)
    assert store.theme is None
    assert any("preferences.json" in w for w in store.warnings)


def test_missing_files_and_a_missing_directory_are_no_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert StateStore(tmp_path / "new").warnings == []
    assert StateStore(blocker / "state").warnings == []


def test_many_failed_writes_make_one_warning_until_one_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = StateStore(blocker / "state")  # every write: ENOTDIR, as root too
    heard: list[str] = []
    store.listen(heard.append)
    store.recents.record("thread_abc123", 1.0)
    store.recents.toggle_pin("thread_abc123")
    store.theme = "nord"
    session = store.drafts.session("thread_abc123")
    from thread_tui.core.draft import Draft
    from thread_tui.core.resources import Thread

    draft = Draft.from_resource(Thread(id="thread_abc123", created_at=1, metadata={"a": "b"}))
    draft.set_value(draft.rows[0].id, "c")
    assert session.save(draft, 1.0) is False
    session.clear()  # no raise
    assert len(heard) == 1 and "Could not save" in heard[0]
    assert [r.id for r in store.recents.items()] == ["thread_abc123"]  # kept for this run
    assert store.theme == "nord"


def test_warnings_before_anyone_listens_are_delivered_first(tmp_path: Path) -> None:
    guard = WriteGuard(tmp_path)
    guard.warn("early")
    heard: list[str] = []
    guard.listen(heard.append)
    guard.warn("late")
    assert heard == ["early", "late"]


def test_a_full_disk_keeps_the_old_file_whole(tmp_path: Path, monkeypatch: Any) -> None:
    store = StateStore(tmp_path)
    store.theme = "nord"
    before = (tmp_path / "preferences.json").read_text()

    def full(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    store.theme = "dracula"
    assert (tmp_path / "preferences.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["preferences.json"]  # no temp file left
