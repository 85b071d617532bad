"""The file and vector store pickers, driven with Pilot against the emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import Input, Static

from thread_tui.api import ApiClient
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, FIXED_NOW, Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.pickers import (
    FilePickerScreen,
    PickerScreen,
    VectorStorePickerScreen,
)
from thread_tui.ui.widgets.picker_table import PickerTable

SIZE = (120, 40)


async def _no_sleep(_seconds: float) -> None:
    return None


def status(screen: PickerScreen) -> str:
    return str(screen.query_one("#picker-status", Static).render())


def counter(screen: PickerScreen) -> str:
    return str(screen.query_one("#picker-counter", Static).render())


def message(screen: PickerScreen) -> str:
    return str(screen.query_one("#picker-refusal", Static).render())


def assistants_file_ids(emulator: Emulator) -> list[str]:
    """Newest first, the order the picker lists them in."""
    files = [f for f in emulator.files.values() if f["purpose"] == "assistants"]
    return [f["id"] for f in sorted(files, key=lambda f: f["created_at"], reverse=True)]


async def open_picker(app: ThreadTuiApp, pilot: Any, screen: PickerScreen) -> list[Any]:
    results: list[Any] = []
    app.push_screen(screen, results.append)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return results


async def test_file_picker_fills_from_the_emulator(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        table = screen.query_one(PickerTable)
        assert len(table.shown) >= 60
        assert status(screen) == f"{len(table.shown)} files"
        assert counter(screen) == "0/20 selected"
        first = table.shown[0]
        assert first.id.startswith("file-")
        _filename, file_id, size, created, _status = first.cells
        assert file_id == first.id
        assert size.endswith("B")
        assert created.endswith("ago")


async def test_pages_arrive_one_by_one_and_all_rows_appear(
    make_app: Callable[..., ThreadTuiApp], demo_settings: Settings, monkeypatch: Any
) -> None:
    big = Emulator(seed=True, api_keys={DEMO_API_KEY}, now=FIXED_NOW, extra_files=2000)
    client = ApiClient(demo_settings, transport=big.transport(), sleep=_no_sleep)
    app = make_app(client=client)
    seen: list[int] = []
    original = PickerTable.add_rows

    def spy(table: PickerTable, rows: Any) -> None:
        original(table, rows)
        seen.append(len(table.rows))

    monkeypatch.setattr(PickerTable, "add_rows", spy)
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        total = len(assistants_file_ids(big))
        assert total >= 2060
        # The table grew page by page: several batches, each adding rows.
        assert len(seen) > 10
        assert seen == sorted(seen)
        assert seen[-1] == total
        assert len(screen.query_one(PickerTable).shown) == total
        assert status(screen) == f"{total} files"
        pages = [r for r in big.requests if r.path.endswith("/files")]
        assert len(pages) == len(seen)


async def test_the_status_says_so_far_while_loading(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    lines: list[str] = []
    original = PickerScreen._show_status

    def spy(screen: PickerScreen) -> None:
        original(screen)
        lines.append(status(screen))

    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        screen._show_status = lambda: spy(screen)  # type: ignore[method-assign]
        await open_picker(app, pilot, screen)
    assert lines[0] == "Loading files… 0 so far"
    assert any(line.startswith("Loading files… ") and "so far" in line for line in lines[1:])
    assert lines[-1].endswith(" files")


async def test_typing_filters_by_name_and_by_id(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        table = screen.query_one(PickerTable)
        total = len(table.shown)
        await pilot.press(*"ROAD")
        names = [row.cells[0] for row in table.shown]
        assert 0 < len(names) < total
        assert all("road" in name for name in names)
        assert status(screen) == f"{len(names)} of {total} files match 'road'"
        screen.query_one("#picker-filter", Input).value = ""
        await pilot.pause()
        assert len(table.shown) == total
        target = assistants_file_ids(emulator)[5]
        await pilot.press(*target[-6:])
        assert table.visible_ids() == [target]
        await pilot.press("z")
        assert table.visible_ids() == []
        assert "0 of" in status(screen)


async def test_a_21st_file_is_refused_and_the_counter_stays_at_20(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    ids = assistants_file_ids(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen(ids[:19])
        results = await open_picker(app, pilot, screen)
        assert counter(screen) == "19/20 selected"
        table = screen.query_one(PickerTable)
        await pilot.press("down")  # from the filter into the list
        assert table.has_focus
        table.cursor = table.visible_ids().index(ids[19])
        await pilot.press("space")
        assert counter(screen) == "20/20 selected"
        assert message(screen) == ""
        await pilot.press("down", "space")
        assert counter(screen) == "20/20 selected"
        assert message(screen) == "At most 20 files: deselect one first."
        assert ids[20] not in screen.selection
        # Deselecting one makes room again, and the explanation goes away.
        await pilot.press("up", "enter", "down", "enter")
        assert message(screen) == ""
        assert counter(screen) == "20/20 selected"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results == [[*ids[:19], ids[20]]]


async def test_a_second_vector_store_replaces_the_first_and_says_so(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    store_ids = sorted(emulator.vector_stores)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = VectorStorePickerScreen([store_ids[0]])
        results = await open_picker(app, pilot, screen)
        table = screen.query_one(PickerTable)
        assert len(table.shown) == len(emulator.vector_stores)
        assert counter(screen) == "1/1 selected"
        assert message(screen) == f"{store_ids[0]} is chosen: picking another replaces it."
        table.focus()
        table.cursor = table.visible_ids().index(store_ids[1])
        await pilot.press("enter")
        assert message(screen) == f"Replaces {store_ids[0]} (one at most)."
        assert screen.selection.ids == [store_ids[1]]
        assert counter(screen) == "1/1 selected"
        await pilot.click("#picker-done")
        await pilot.pause()
    assert results == [[store_ids[1]]]


async def test_done_returns_the_ids_in_selection_order(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    ids = assistants_file_ids(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([ids[3]])
        results = await open_picker(app, pilot, screen)
        # The pre-selected file is listed first; then the newest files follow.
        await pilot.press("down", "down", "down", "space", "up", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results == [[ids[3], ids[1], ids[0]]]


async def test_done_keeps_the_details_of_the_chosen_files_only(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    """The tools panel needs the names of the files a draft holds (at most 21), not one
    object per listed file: a 10,000-file list must not leave 10,000 in the app's cache."""
    from thread_tui.core.resource_details import Detail
    from thread_tui.ui.resource_lookup import detail_cache

    ids = assistants_file_ids(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([ids[5]])
        results = await open_picker(app, pilot, screen)
        assert len(screen.query_one(PickerTable).rows) > 60
        await pilot.press("down", "down", "space", "ctrl+s")
        await pilot.pause()
        cache = detail_cache(app)
        assert results == [[ids[5], ids[0]]]
        assert len(cache) == 2
        for item_id in (ids[5], ids[0]):
            entry = cache.get(item_id)
            assert isinstance(entry, Detail)
            assert entry.name == emulator.files[item_id]["filename"]
            assert entry.size == emulator.files[item_id]["bytes"]


async def test_cancel_keeps_the_details_of_the_files_it_was_given(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    """Cancelled, the draft keeps the files it came with: their listed details are kept (a
    failed lookup of one is mended), the files only toggled in the picker are not."""
    from thread_tui.core.resource_details import Detail, Failed
    from thread_tui.ui.resource_lookup import detail_cache

    ids = assistants_file_ids(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        cache = detail_cache(app)
        cache.put(Failed(ids[7], "file", "timed out"), looked_up=True)
        screen = FilePickerScreen([ids[7]])
        await open_picker(app, pilot, screen)
        await pilot.press("down", "down", "space", "escape")
        await pilot.pause()
        entry = cache.get(ids[7])
        assert isinstance(entry, Detail)
        assert entry.name == emulator.files[ids[7]]["filename"]
        assert len(cache) == 1


async def test_escape_cancels_with_none(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        results = await open_picker(app, pilot, screen)
        await pilot.press("down", "space", "escape")
        await pilot.pause()
    assert results == [None]


async def test_selected_ids_missing_from_the_list_are_kept_and_shown(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    listed = assistants_file_ids(emulator)[10]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen(["file-deleted123", listed])
        results = await open_picker(app, pilot, screen)
        table = screen.query_one(PickerTable)
        top = table.shown[:2]
        assert [row.id for row in top] == ["file-deleted123", listed]
        assert top[0].placeholder and top[0].cells[0] == "(not in the list)"
        # The listed one was filled in place with its real details, not duplicated.
        assert not top[1].placeholder
        assert table.visible_ids().count(listed) == 1
        assert "1 selected id is not listed" in status(screen)
        assert counter(screen) == "2/20 selected"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results == [["file-deleted123", listed]]


async def test_a_load_error_is_a_sentence_and_ctrl_r_retries(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    emulator.faults.inject(status=500, times=3, match="GET /v1/files")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        text = status(screen)
        assert text.startswith("Could not load the files: ")
        assert "request id req_" in text
        assert text.endswith("Press Ctrl+R to retry.")
        assert "Traceback" not in text
        assert screen.query_one("#picker-status").has_class("-error")
        await pilot.press("ctrl+r")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen.query_one(PickerTable).shown) >= 60
        assert not screen.query_one("#picker-status").has_class("-error")


async def test_typing_in_the_list_goes_on_filtering(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        await pilot.press("down")
        await pilot.press(*"road")
        assert screen.focused is not None and screen.focused.id == "picker-filter"
        assert screen.query_one(PickerTable).query_text == "road"


async def test_a_click_toggles_a_row(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = FilePickerScreen([])
        await open_picker(app, pilot, screen)
        table = screen.query_one(PickerTable)
        await pilot.click(PickerTable, offset=(10, 3))  # border, header, then rows 0 and 1
        assert screen.selection.ids == [table.visible_ids()[1]]
        assert table.cursor == 1
