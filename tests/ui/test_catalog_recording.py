"""The TUI records in the catalog every object it opens, saves, creates or deletes (a 404 marks
the ID deleted), opens the catalog only after the first screen is drawn, and a catalog that
cannot be written is the app's usual one warning, never an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from ui_helpers import notes, settle

from thread_tui.emulator import Emulator
from thread_tui.storage.catalog import CATALOG_FILE, Catalog, CatalogQuery
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow

SIZE = (120, 40)


async def open_from_lookup(app: ThreadTuiApp, pilot: Any, resource_id: str) -> Any:
    lookup = app.screen
    assert isinstance(lookup, LookupScreen)
    lookup.query_one("#lookup-id", Input).value = resource_id
    await pilot.press("enter")
    await settle(app, pilot)
    return app.screen


async def submit(app: ThreadTuiApp, pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    await settle(app, pilot)


async def test_opening_saving_and_deleting_are_recorded(
    make_app: Any, emulator: Emulator, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        assert isinstance(editor, EditorScreen)
        entry = app.store.catalog.get("thread_abc123")
        assert entry is not None and not entry.deleted
        assert entry.metadata == emulator.threads["thread_abc123"]["metadata"]
        assert entry.opened_at is not None  # the recents view
        editor.query(MetadataRow).first().value_input.value = "edited"
        await pilot.pause()
        await submit(app, pilot)
        assert emulator.threads["thread_abc123"]["metadata"]["modified"] == "edited"
        found = app.store.catalog.query(CatalogQuery(where=(("modified", "edited"),)))
        assert [e.id for e in found] == ["thread_abc123"]
        app.set_focus(None)
        await pilot.press("escape")  # the response inspector
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DeleteConfirmScreen)
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        assert "thread_abc123" not in emulator.threads
        gone = app.store.catalog.get("thread_abc123")
        assert gone is not None and gone.deleted
    again = Catalog.open(tmp_path / "state" / "catalog.sqlite3")  # on disk, not only in memory
    gone = again.get("thread_abc123")
    assert gone is not None and gone.deleted


async def test_a_created_object_is_recorded(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")  # a new conversation
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press(*"topic", "enter", *"billing")
        await pilot.pause()
        await submit(app, pilot)
        created = editor.draft.resource_id
        assert created in emulator.conversations
        entry = app.store.catalog.get(created)
        assert entry is not None and entry.kind == "conversation"
        assert entry.metadata == {"topic": "billing"}


async def test_a_404_in_the_lookup_marks_the_id_deleted(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.store.catalog.record({"id": "thread_gone", "created_at": 1, "metadata": {}})
        await open_from_lookup(app, pilot, "thread_gone")
        assert isinstance(app.screen, LookupScreen)
        entry = app.store.catalog.get("thread_gone")
        assert entry is not None and entry.deleted


async def test_a_reload_that_finds_it_gone_marks_it_deleted(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_from_lookup(app, pilot, "thread_tools")
        del emulator.threads["thread_tools"]
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        entry = app.store.catalog.get("thread_tools")
        assert entry is not None and entry.deleted


async def test_the_catalog_opens_after_the_first_screen_is_drawn(
    make_app: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    # A catalog file to read (a first run has none, and opens none: test_first_run_catalog.py).
    (tmp_path / "state").mkdir()
    Catalog.open(tmp_path / "state" / CATALOG_FILE).close()
    events: list[str] = []
    real_open = Catalog.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Catalog], *args: Any, **kwargs: Any) -> Catalog:
        events.append("catalog")
        return real_open(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Catalog, "open", classmethod(spy))
    real_ready = ThreadTuiApp.on_ready

    def ready(self: ThreadTuiApp) -> None:
        events.append("first frame")
        real_ready(self)

    monkeypatch.setattr(ThreadTuiApp, "on_ready", ready)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
    assert events == ["first frame", "catalog"]


async def test_an_unwritable_catalog_is_the_usual_one_warning(
    make_app: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the state directory's parent should be")
    app = make_app(state_dir=blocker / "state")
    async with app.run_test(size=SIZE) as pilot:
        await open_from_lookup(app, pilot, "thread_abc123")
        assert isinstance(app.screen, EditorScreen)
        app.store.catalog.record({"id": "thread_x", "created_at": 1})
        await pilot.pause()
        warned = [n for n in notes(app) if "Could not save" in n]
        assert len(warned) == 1 and "the catalog" in warned[0]
        assert app.store.catalog.get("thread_abc123") is not None  # in memory for the run
