"""The editor's read-only Messages / Items tab, driven with Pilot against the emulator: nothing is
built or fetched before the tab is opened, pages load at the end of the list, failures are
sentences that can be retried, and conversations list their items."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList
from ui_helpers import list_lines, text_of

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow
from thread_tui.ui.widgets.view_tabs import ViewTabs

SIZE = (120, 40)


def list_requests(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.path.endswith(("/messages", "/items"))]


async def open_tab(app: Any, pilot: Any) -> None:
    await pilot.press("ctrl+l")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_nothing_is_built_or_fetched_before_the_tab_opens(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list_requests(emulator) == []
        assert not editor.query("#messages-view")
        assert editor.query_one(ViewTabs).active == "edit"
        # typing an "m" into a field types it; it does not open the tab
        row = editor.query(MetadataRow).first()
        row.value_input.focus()
        await pilot.press("m")
        assert row.value_input.value.endswith("m")
        assert list_requests(emulator) == []


async def test_opening_the_tab_fetches_the_newest_page_and_shows_it(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        [request] = list_requests(emulator)
        assert request.path == "/v1/threads/thread_abc123/messages"
        assert request.query == {"limit": "20", "order": "desc"}
        assert editor.query_one(ViewTabs).active == "messages"
        assert not editor.query_one("#editor-body").display
        lines = list_lines(editor)
        assert len(lines) == 21  # a page, and the line that loads more
        newest = emulator.messages["thread_abc123"][-1]
        assert lines[0].startswith("assistant")
        assert "2 years ago" in lines[0]
        assert newest["content"][0]["text"]["value"] in lines[0]
        assert "Load more messages" in lines[-1]
        assert any("2 files" in line for line in lines)
        assert isinstance(app.focused, OptionList)
        assert text_of(editor, "#messages-status").startswith("20 messages, newest first")
        assert newest["id"] in text_of(editor, "#messages-detail")
        assert "2023-11-03 13:00 UTC" in text_of(editor, "#messages-detail")


async def test_moving_down_shows_the_line_in_full_with_its_files(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        lines = list_lines(editor)
        target = next(i for i, line in enumerate(lines) if "2 files" in line)
        for _ in range(target):
            await pilot.press("down")
        await pilot.pause()
        detail = text_of(editor, "#messages-detail")
        stored = emulator.messages["thread_abc123"][::-1][target]
        assert stored["id"] in detail
        assert "Attached: " + ", ".join(a["file_id"] for a in stored["attachments"]) in detail


async def test_the_end_of_the_list_loads_the_next_page(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        options = editor.query_one("#messages-list", OptionList)
        await pilot.press("end")  # onto the "load more" line: it loads by itself
        await app.workers.wait_for_complete()
        await pilot.pause()
        _first, second = list_requests(emulator)
        newest_first = [m["id"] for m in emulator.messages["thread_abc123"][::-1]]
        assert second.query == {"limit": "20", "order": "desc", "after": newest_first[19]}
        assert options.option_count == 40  # every message; no "load more" line at the end
        assert options.highlighted == 20  # the first of the new page
        assert text_of(editor, "#messages-status").startswith("40 messages")
        await pilot.press("down", "end", "enter")
        await app.workers.wait_for_complete()
        assert len(list_requests(emulator)) == 2  # nothing more to fetch


async def test_a_failure_is_a_sentence_and_enter_retries(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        emulator.faults.inject(403, match="GET /v1/threads/thread_abc123/messages")
        await open_tab(app, pilot)
        status = text_of(editor, "#messages-status")
        assert status.startswith("Could not load the messages: Permission denied (HTTP 403): ")
        assert "request id req_" in status and "Traceback" not in status
        assert editor.query_one("#messages-status").has_class("-error")
        assert list_lines(editor) == ["  ↻ Retry (Enter)"]
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(list_lines(editor)) == 21
        assert not editor.query_one("#messages-status").has_class("-error")


async def test_a_failed_second_page_resumes_where_it_stopped(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        emulator.faults.inject(404, match="GET /v1/threads/thread_abc123/messages")
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Not found (HTTP 404)" in text_of(editor, "#messages-status")
        assert list_lines(editor)[-1] == "  ↻ Retry (Enter)"
        assert len(list_lines(editor)) == 21  # the loaded page stays
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = [r.query.get("after") for r in list_requests(emulator)]
        assert after[1] == after[2] is not None  # the retry asked for the same page
        assert len(list_lines(editor)) == 40


async def test_a_conversation_shows_its_items(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        assert editor.query_one(ViewTabs).tabs[1] == ("messages", "Items")
        await pilot.press("ctrl+l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [request] = list_requests(emulator)
        assert request.path == "/v1/conversations/conv_abc123/items"
        assert "openai-beta" not in request.headers
        lines = list_lines(editor)
        assert "Load more items" in lines[-1]
        assert any("message · 1 file" in line and "[file " in line for line in lines)
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = list_lines(editor)
        assert len(lines) == len(emulator.items["conv_abc123"])
        kinds = {"function_call", "function_call_output", "reasoning"}
        assert all(any(kind in line for line in lines) for kind in kinds)
        assert any("refund_charge(" in line for line in lines)
        assert text_of(editor, "#messages-status").startswith(f"{len(lines)} items")


async def test_an_empty_thread_says_so(make_app: Any, emulator: Emulator, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_empty")
        await open_tab(app, pilot)
        assert text_of(editor, "#messages-status") == "This thread has no messages."
        assert list_lines(editor) == []


async def test_switching_back_keeps_edits_and_does_not_fetch_again(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor: EditorScreen = await open_editor(app, pilot, "thread_abc123")
        row = editor.query(MetadataRow).first()
        row.value_input.focus()
        await pilot.press("x")
        await open_tab(app, pilot)
        await pilot.press("ctrl+n")  # editing keys wait for the Edit view
        assert len(editor.query(MetadataRow)) == 2
        await pilot.press("escape")  # back to editing, not back to the lookup
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one("#editor-body").display
        assert not editor.query_one("#messages-view").display
        assert app.focused is row.value_input
        assert row.value_input.value == "truex"
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("m")  # outside a field, m switches too
        await pilot.pause()
        assert editor.current_view == "edit"
        assert len(list_requests(emulator)) == 1


async def test_r_reloads_the_list_from_the_newest(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.query.get("after") for r in list_requests(emulator)][2] is None
        assert len(list_lines(editor)) == 21


async def test_the_palette_and_the_tab_strip_switch_too(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        titles = {title: run for title, _help, run in editor.palette_commands()}
        titles["Show messages"]()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert editor.current_view == "messages"
        assert "Back to editing" in {title for title, _h, _r in editor.palette_commands()}
        await pilot.click(ViewTabs, offset=(3, 0))  # the "Edit" tab
        await pilot.pause()
        assert editor.current_view == "edit"
        assert len(list_requests(emulator)) == 1
