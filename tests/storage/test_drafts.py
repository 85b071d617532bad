"""Drafts on disk: each editor its own file, held by a lock while it is open, so two editors of
one ID (in this process or another) never overwrite each other; limits on what a saved draft
may hold; an ID a hostile server sent never becomes a path."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

from thread_tui.core.draft import Draft
from thread_tui.core.draft_state import MAX_SAVED_ROWS, dump_state
from thread_tui.core.resources import Thread
from thread_tui.storage import DraftStore, StateStore


def edited(value: str, resource_id: str = "thread_abc123") -> Draft:
    draft = Draft.from_resource(Thread(id=resource_id, created_at=1, metadata={"k": "v"}))
    draft.set_value(draft.rows[0].id, value)
    return draft


def values(store: DraftStore, mine: object = None) -> list[str]:
    return [s.draft.rows[0].value for s in store.saved("thread_abc123", mine)]  # type: ignore[arg-type]


def test_two_stores_on_one_directory_keep_both_drafts(tmp_path: Path) -> None:
    one, two = StateStore(tmp_path).drafts, StateStore(tmp_path).drafts
    mine = one.session("thread_abc123")
    assert not one.in_use_elsewhere("thread_abc123", mine)
    theirs = two.session("thread_abc123")
    assert two.in_use_elsewhere("thread_abc123", theirs)
    assert one.in_use_elsewhere("thread_abc123", mine)
    assert mine.save(edited("one"), 1.0) and theirs.save(edited("two"), 2.0)
    assert mine.save(edited("one again"), 3.0)
    # Neither is offered while both editors are open ...
    assert values(one, mine) == [] and values(two, theirs) == []
    # ... and once they are closed, both are, newest first.
    mine.release()
    theirs.release()
    assert values(StateStore(tmp_path).drafts) == ["one again", "two"]
    assert not list((tmp_path / "drafts").glob("*.lock"))


def _hold_and_wait(directory: str, ready: object, done: object) -> None:
    session = StateStore(Path(directory)).drafts.session("thread_abc123")
    session.save(edited("other process"), 5.0)
    ready.set()  # type: ignore[attr-defined]
    done.wait(10)  # type: ignore[attr-defined]


def test_an_editor_in_another_process_is_seen_and_a_dead_one_is_not(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Event()
    other = context.Process(target=_hold_and_wait, args=(str(tmp_path), ready, done))
    other.start()
    try:
        assert ready.wait(30)
        store = StateStore(tmp_path).drafts
        assert store.in_use_elsewhere("thread_abc123")
        assert values(store) == []
    finally:
        done.set()
        other.join(30)
    # The process ended without releasing (as a kill would): its lock is not held any more.
    (lock,) = (tmp_path / "drafts").glob("*.lock")
    store = StateStore(tmp_path).drafts
    assert not store.in_use_elsewhere("thread_abc123")
    assert values(store) == ["other process"]
    assert lock.exists()  # too fresh to tell from one being taken: kept for now
    os.utime(lock, (1, 1))
    assert not store.in_use_elsewhere("thread_abc123")
    assert not lock.exists()  # an old stale lock is tidied away
    assert values(store) == ["other process"]


def test_removing_a_saved_draft_leaves_the_others(tmp_path: Path) -> None:
    store = StateStore(tmp_path).drafts
    for number in range(3):
        session = store.session("thread_abc123")
        session.save(edited(f"v{number}"), float(number))
        session.release()
    newest, *_ = store.saved("thread_abc123")
    assert store.remove(newest)
    assert values(store) == ["v1", "v0"]
    assert store.load("thread_abc123") is not None
    store.clear("thread_abc123")
    assert store.load("thread_abc123") is None


def test_an_unusable_id_is_filed_under_its_hash(tmp_path: Path) -> None:
    store = StateStore(tmp_path).drafts
    session = store.session("../../escape")
    assert session.path.parent == tmp_path / "drafts"
    assert "escape" not in session.path.name and "/" not in session.path.name
    assert store.saved("../../escape") == []


def test_a_draft_over_the_hard_caps_is_set_aside(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    heard: list[str] = []
    store.listen(heard.append)
    state = dump_state(edited("x"), 1.0)
    state["rows"] = [{"key": f"k{i}", "value": "v"} for i in range(MAX_SAVED_ROWS + 1)]
    path = tmp_path / "drafts" / "thread_abc123.json"
    path.parent.mkdir()
    path.write_text(json.dumps(state))
    assert store.drafts.saved("thread_abc123") == []
    assert len(heard) == 1 and "thread_abc123.json" in heard[0] and "65 rows" in heard[0]
    assert not path.exists()


def test_a_draft_with_every_api_limit_exceeded_a_little_is_kept(tmp_path: Path) -> None:
    store = StateStore(tmp_path).drafts
    draft = edited("v" * 2000)
    for number in range(20):
        draft.add_row(f"key-{number}-" + "k" * 70, "v")
    draft.file_ids = [f"file-{n}" for n in range(25)]
    draft.store_ids = ["vs_1", "vs_2"]
    session = store.session("thread_abc123")
    assert session.save(draft, 1.0)
    session.release()
    (saved,) = store.saved("thread_abc123")
    assert len(saved.draft.rows) == 21 and len(saved.draft.file_ids) == 25


def test_any_text_the_user_typed_is_saved_and_read_back_exactly(tmp_path: Path) -> None:
    store = StateStore(tmp_path).drafts
    typed = "a\ud800b \u202e é 日本 \x1b[31m \x00"  # a lone surrogate cannot be UTF-8
    session = store.session("thread_abc123")
    assert session.save(edited(typed), 1.0)
    session.release()
    (saved,) = store.saved("thread_abc123")
    assert saved.draft.rows[0].value == typed
