"""A state directory that cannot be written (read-only, full, not a directory) never stops the
app: opening IDs, pinning and removing recents, choosing a theme, autosaving and the cleanup
after a submit all go on, with one warning for the whole failure, not one per write.

Tests run as root, where chmod 555 does not stop a write, so the failures here are real for
root too: a state directory whose parent is a regular file (ENOTDIR on every write), and a disk
that is full (every `os.replace` of an atomic write fails with ENOSPC).
"""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import record_notes

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable
from thread_tui.ui.widgets.metadata_row import MetadataRow


@pytest.fixture(params=["not-a-directory", "disk-full"])
def broken_state(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: Any) -> Path:
    if request.param == "not-a-directory":
        blocker = tmp_path / "blocker"
        blocker.write_text("a regular file where the state directory's parent should be")
        return blocker / "state"
    state = tmp_path / "state"
    state.mkdir()
    (state / "recents.json").write_text(
        '[{"id": "thread_tools", "opened_at": 1700000000, "pinned": false}]'
    )
    real_replace = os.replace

    def full(src: Any, dst: Any) -> None:
        if str(dst).startswith(str(state)) and not str(dst).count(".corrupt-"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    return state


def save_warnings(seen: list[str]) -> list[str]:
    return [n for n in seen if "Could not save" in n]


async def settle(app: Any, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_every_state_write_fails_soft_with_one_warning(
    make_app: Any, broken_state: Path, emulator: Emulator
) -> None:
    app = make_app(state_dir=broken_state)
    seen = record_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")  # records the recent ID: refused
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert len(save_warnings(seen)) == 1
        assert str(broken_state) in save_warnings(seen)[0]
        first = editor.query(MetadataRow).first()
        for value in ("a", "ab", "abc"):  # three autosaves, all refused
            first.value_input.value = value
            await asyncio.sleep(0.45)
            await pilot.pause()
        assert editor.draft.request_body() == {"metadata": {"modified": "abc"}}
        assert len(save_warnings(seen)) == 1
        await pilot.press("ctrl+s")  # the cleanup of the draft after the submit: refused
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert emulator.threads["thread_abc123"]["metadata"]["modified"] == "abc"
        await pilot.press("escape")  # the response inspector
        await pilot.pause()
        app.set_focus(None)
        await pilot.press("escape")  # back to the lookup
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        recents = app.screen.query_one(CatalogTable)
        recents.focus()
        await pilot.press("p")  # pin: refused
        await pilot.press("x")  # remove: refused
        await pilot.pause()
        app.theme = "nord"  # the theme: refused
        await pilot.pause()
        assert app.is_running
        assert len(save_warnings(seen)) == 1
    assert app.return_code in (0, None)


async def test_the_warning_comes_again_after_the_disk_worked_in_between(
    make_app: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    state = tmp_path / "state"
    app = make_app(state_dir=state)
    seen = record_notes(app)
    full = {"on": True}
    real_replace = os.replace

    def replace(src: Any, dst: Any) -> None:
        if full["on"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    async with app.run_test(size=(120, 40)) as pilot:
        # The theme: an atomic JSON write (the recent IDs live in the catalog's SQLite).
        app.store.theme = "nord"
        app.store.theme = "dracula"
        await pilot.pause()
        assert len(save_warnings(seen)) == 1
        full["on"] = False
        app.store.theme = "gruvbox"  # works: the next failure is news
        full["on"] = True
        app.store.theme = "monokai"
        await pilot.pause()
        assert len(save_warnings(seen)) == 2


async def test_an_unexpected_worker_error_is_a_sentence_and_a_log_line(
    make_app: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    app = make_app()
    seen = record_notes(app)
    key = app.settings.api_key.get_secret_value()

    async def broken(resource_id: str) -> Any:
        raise RuntimeError(f"an unforeseen bug while holding {key}")

    monkeypatch.setattr(app.client, "get_resource", broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, LookupScreen)
        shown = [n for n in seen if "Something went wrong" in n]
        assert len(shown) == 1
        assert "RuntimeError" in shown[0] and key not in shown[0]
        await pilot.press("enter")  # the screen still works: the same error, once more
        await settle(app, pilot)
        assert len([n for n in seen if "Something went wrong" in n]) == 2
    log = (tmp_path / "state" / "thread-tui.log").read_text()
    assert "Traceback" in log and "an unforeseen bug" in log and "broken" in log
    assert key not in log
    assert "$OPENAI_API_KEY" in log


def test_the_error_log_is_bounded(tmp_path: Path) -> None:
    from thread_tui.storage.errorlog import ErrorLog

    log = ErrorLog(tmp_path / "thread-tui.log", max_bytes=10_000)
    for number in range(200):
        assert log.append(f"error {number}\n" + "x" * 300)
    assert log.path.stat().st_size <= 10_000
    assert log.path.with_name("thread-tui.log.1").stat().st_size <= 10_000
    assert "error 199" in log.path.read_text()
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert ErrorLog(blocked / "thread-tui.log").append("no directory") is False
