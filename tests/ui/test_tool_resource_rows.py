"""The tools panel reads as files and stores, not bare IDs: each row shows the name, the size and
the status (from the pickers' pages, or looked up after the editor is drawn), an added one is
marked +, a removed one stays visible as − until it is restored or submitted, a store or file
that cannot be used is warned about on its row and in the review, and a lookup that fails
says so in words."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from textual.widgets import Static
from ui_helpers import settle

from thread_tui.core.humanize import size
from thread_tui.emulator import Emulator
from thread_tui.ui.widgets.id_list import IdList

SIZE = (120, 40)


def lines(editor: Any, selector: str) -> list[str]:
    """The lines the ID list `selector` draws, top to bottom."""
    id_list = editor.query_one(selector, IdList)
    return [id_list.render_line(y).text for y in range(id_list.size.height)]


def thread_files(emulator: Emulator) -> list[dict[str, Any]]:
    ids = emulator.threads["thread_tools"]["tool_resources"]["code_interpreter"]["file_ids"]
    return [emulator.files[file_id] for file_id in ids]


def stores(emulator: Emulator) -> list[dict[str, Any]]:
    return sorted(emulator.vector_stores.values(), key=lambda s: s["id"])


def set_thread_store(emulator: Emulator, store_id: str) -> None:
    tools = emulator.threads["thread_tools"]["tool_resources"]
    tools["file_search"]["vector_store_ids"] = [store_id]


def set_thread_files(emulator: Emulator, file_ids: list[str]) -> None:
    tools = emulator.threads["thread_tools"]["tool_resources"]
    tools["code_interpreter"]["file_ids"] = list(file_ids)


async def open_tools(app: Any, pilot: Any, open_editor: Any) -> Any:
    editor = await open_editor(app, pilot, "thread_tools")
    await settle(app, pilot)
    return editor


async def test_each_file_and_store_shows_its_name_size_and_status(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    files = thread_files(emulator)[:3]
    set_thread_files(emulator, [f["id"] for f in files])
    store = stores(emulator)[0]
    set_thread_store(emulator, store["id"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        shown = lines(editor, "#file-ids")
        for line, file in zip(shown, files, strict=False):
            assert file["filename"] in line
            assert size(file["bytes"]) in line
            # Its word where the panel has the room, else ✓: the name comes first.
            assert "processed" in line or line.rstrip().endswith("✓")
        store_line = lines(editor, "#store-ids")[0]
        assert store["name"] in store_line
        assert store["status"] in store_line or store_line.rstrip().endswith("✓")
        files_list = editor.query_one("#file-ids", IdList)
        files_list.focus()
        await pilot.pause()
        detail = str(editor.query_one("#tools-detail", Static).render())
        assert files[0]["id"] in detail and "processed" in detail


async def test_the_rows_are_looked_up_with_one_request_per_id_and_not_again(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tools(app, pilot, open_editor)
        lookups = [r.path for r in emulator.requests if r.path.startswith("/v1/files/")]
        assert len(lookups) == 20 and len(set(lookups)) == 20
        await app.pop_screen()
        await open_tools(app, pilot, open_editor)  # the same app: the details are cached
        again = [r.path for r in emulator.requests if r.path.startswith("/v1/files/")]
        assert again == lookups


async def test_a_removed_file_stays_as_minus_and_restores_and_an_added_one_is_plus(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    files = thread_files(emulator)[:3]
    set_thread_files(emulator, [f["id"] for f in files])
    extra = next(f for f in emulator.files.values() if f["id"] not in {g["id"] for g in files})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        id_list = editor.query_one("#file-ids", IdList)
        id_list.focus()
        await pilot.press("down", "x")
        await pilot.pause()
        shown = lines(editor, "#file-ids")
        assert files[1]["id"] not in editor.draft.file_ids
        assert shown[1].startswith("−") and files[1]["filename"] in shown[1]
        assert shown[0].startswith(" ") and shown[2].startswith(" ")
        assert [c.item for c in editor.draft.diff().files] == [files[1]["id"]]
        hint = str(editor.query_one("#tools").border_subtitle)
        assert "x remove" in hint and "u restore" in hint

        await pilot.press("u")
        await pilot.pause()
        assert sorted(editor.draft.file_ids) == sorted(f["id"] for f in files)
        assert editor.draft.diff().is_empty
        assert not lines(editor, "#file-ids")[1].startswith("−")

        editor._files_picked([*editor.draft.file_ids, extra["id"]])
        await settle(app, pilot)
        added = lines(editor, "#file-ids")[3]
        assert added.startswith("+") and extra["filename"] in added


async def test_a_picked_file_shows_its_name_from_the_pickers_page_without_a_lookup(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.pickers import FilePickerScreen
    from thread_tui.ui.widgets.picker_table import PickerTable

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_empty")
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FilePickerScreen)
        table = screen.query_one(PickerTable)
        table.focus()
        await pilot.press("enter")
        picked = table.shown[0].id
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert editor.draft.file_ids == [picked]
        line = lines(editor, "#file-ids")[0]
        assert line.startswith("+") and emulator.files[picked]["filename"] in line
        assert not [r for r in emulator.requests if r.path.startswith("/v1/files/")]


async def test_picking_a_store_when_one_is_chosen_replaces_it_and_says_so(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.pickers import VectorStorePickerScreen
    from thread_tui.ui.widgets.picker_table import PickerTable

    old, new = stores(emulator)[0], stores(emulator)[1]
    set_thread_store(emulator, old["id"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VectorStorePickerScreen)
        table = screen.query_one(PickerTable)
        table.focus()
        table.cursor = table.visible_ids().index(new["id"])
        await pilot.press("enter")
        assert screen.selection.ids == [new["id"]]
        note = str(screen.query_one("#picker-refusal", Static).render())
        assert f"Replaces {old['id']}" in note
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert editor.draft.store_ids == [new["id"]]
        shown = lines(editor, "#store-ids")
        assert shown[0].startswith("−") and old["name"] in shown[0]
        assert shown[1].startswith("+") and new["name"] in shown[1]


def review_text(app: Any) -> str:
    return "\n".join(str(static.render()) for static in app.screen.query(Static))


async def test_an_expired_store_is_warned_on_its_row_and_in_the_review(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    expired = next(s for s in stores(emulator) if s["status"] == "expired")
    set_thread_store(emulator, expired["id"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        row = lines(editor, "#store-ids")[0]
        assert "⚠" in row and "expired" in row
        editor.query_one("#file-ids", IdList).focus()
        await pilot.press("x", "ctrl+s")  # a change, so the review can be sent
        await settle(app, pilot)
        text = review_text(app)
        assert expired["id"] in text and "expired" in text


async def test_a_store_that_expires_soon_is_warned(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    store = stores(emulator)[0]
    store["expires_at"] = emulator.now() + 2 * 86_400
    set_thread_store(emulator, store["id"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        row = lines(editor, "#store-ids")[0]
        assert "⚠" in row and "expires in 2 days" in "\n".join(lines(editor, "#store-ids"))


async def test_an_unprocessed_file_is_warned_on_its_row_and_in_the_review(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    files = thread_files(emulator)[:2]
    set_thread_files(emulator, [f["id"] for f in files])
    files[1]["status"] = "uploaded"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        shown = lines(editor, "#file-ids")
        assert "⚠" not in shown[0]
        assert "⚠" in shown[1] and "uploaded" in shown[1]
        editor.query_one("#store-ids", IdList).focus()
        await pilot.press("x", "ctrl+s")
        await settle(app, pilot)
        text = review_text(app)
        assert files[1]["id"] in text and "not processed" in text


async def test_a_file_the_server_does_not_know_shows_not_found_and_a_failed_lookup_unknown(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    files = thread_files(emulator)[:1]
    set_thread_files(emulator, [files[0]["id"], "file-gone0000000000000000", "file-broken00000"])
    emulator.faults.inject(500, match="GET /v1/files/file-broken00000", times=10)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        shown = lines(editor, "#file-ids")
        assert files[0]["filename"] in shown[0]
        assert "not found" in shown[1]
        assert "unknown file" in shown[2]
        assert app.screen is editor  # no error screen, no traceback


async def test_server_text_with_escape_codes_is_drawn_inert(
    make_app: Any, open_editor: Any, emulator: Emulator
) -> None:
    files = thread_files(emulator)[:1]
    set_thread_files(emulator, [files[0]["id"]])
    files[0]["filename"] = "\x1b]0;pwned\x07\x1b[2Jbad.txt"
    files[0]["status"] = "\x1b[31merror\u202e"
    store = stores(emulator)[0]
    store["name"] = "vs\x9b31mname"
    set_thread_store(emulator, store["id"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        row = lines(editor, "#file-ids")[0]
        assert "␛]0;pwned␇" in row
        assert "vs�31mname" in lines(editor, "#store-ids")[0]
        svg = html.unescape(app.export_screenshot())
        for char in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert char not in svg


async def test_a_removed_file_is_gone_once_submitted_and_read_only_has_no_hint(
    make_app: Any, open_editor: Any, emulator: Emulator, demo_settings: Any
) -> None:
    files = thread_files(emulator)[:2]
    set_thread_files(emulator, [f["id"] for f in files])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        editor.query_one("#file-ids", IdList).focus()
        await pilot.press("x")
        await pilot.pause()
        assert lines(editor, "#file-ids")[0].startswith("−")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert emulator.threads["thread_tools"]["tool_resources"]["code_interpreter"] == {
            "file_ids": [files[1]["id"]]
        }
        shown = lines(editor, "#file-ids")
        assert files[1]["filename"] in shown[0] and shown[0].startswith(" ")
        assert not any(files[0]["filename"] in line for line in shown)
    app = make_app(settings=replace(demo_settings, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tools(app, pilot, open_editor)
        assert not editor.query_one("#tools").border_subtitle


def test_a_row_fits_its_width_whatever_the_server_sent() -> None:
    from thread_tui.ui.widgets.id_list import IdRow

    pending = IdRow("file-" + "a" * 40, "kept", "file-" + "a" * 40, "", "…")
    head, _size, status = pending.cells(40, 0)
    assert status == "…"  # still being looked up: never shown as fine (✓)
    long_status = IdRow("file-1", "added", "x" * 30, "1.0 KB", "\x1b" * 500, warning=True)
    head, size_text, status = long_status.cells(40, 6)
    assert status.startswith("⚠ ␛") and len(head) + 1 + len(size_text) + 2 + len(status) <= 40
