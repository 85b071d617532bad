"""The Messages / Items tab with hostile data from the server: one malformed message or item is
a line of its own and the rest of the page still shows; a creation time that is no time (in
milliseconds, past the year 9999) is shown as the number, in the list, the detail pane and
the editor header, and never stops the app."""

from __future__ import annotations

from typing import Any

from ui_helpers import list_lines, text_of

from thread_tui.emulator import Emulator
from thread_tui.ui.widgets.editor_header import EditorHeader

SIZE = (120, 40)


async def open_tab(app: Any, pilot: Any) -> None:
    await pilot.press("ctrl+l")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_page_with_malformed_messages_lists_the_others(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    messages = emulator.messages["thread_abc123"]
    newest, second = messages[-1], messages[-2]
    malformed = {
        "id": "msg_malformed",
        "object": "thread.message",
        "created_at": second["created_at"] + 1,  # between the two newest
        "role": None,
        "content": [None, {"type": "image_file", "image_file": "file-raw"}, {"type": "text"}],
        "attachments": [None, "file-att"],
        "metadata": {"n": 1},
    }
    in_ms = {
        "id": "msg_in_ms",
        "created_at": newest["created_at"] * 1000,  # milliseconds: the newest of all
        "role": "user",
        "content": "a bare string",
    }
    messages.extend([malformed, in_ms])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await open_tab(app, pilot)
        status = text_of(editor, "#messages-status")
        assert status.startswith("20 messages, newest first"), status
        lines = list_lines(editor)
        assert len(lines) == 21 and "Load more messages" in lines[-1]
        # newest first: the one in milliseconds, the last good one, the malformed one, …
        assert lines[0].startswith("user") and "invalid time" in lines[0]
        assert "a bare string" in lines[0]
        assert newest["content"][0]["text"]["value"] in lines[1]
        assert lines[2].startswith("·") and "[content] [image file-raw] [text]" in lines[2]
        assert "1 file" in lines[2]
        assert second["content"][0]["text"]["value"] in lines[3]
        # the line in milliseconds is highlighted first: its detail shows the number
        detail = text_of(editor, "#messages-detail")
        assert "msg_in_ms" in detail and f"{in_ms['created_at']} (not a valid time)" in detail
        await pilot.press("down", "down")
        detail = text_of(editor, "#messages-detail")
        assert "msg_malformed" in detail and "Attached: file-att" in detail
        assert app.is_running and app.return_code is None


async def test_malformed_conversation_items_are_listed_with_the_others(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    items = emulator.items["conv_abc123"]
    count = len(items)
    items.append({"id": "item_no_type", "role": None, "content": "x"})
    items.append({"id": "item_ms", "type": "message", "content": None, "created_at": 10**13})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        await open_tab(app, pilot)
        lines = list_lines(editor)
        assert len(lines) >= min(count + 2, 20)
        assert lines[0].startswith("·") and "message" in lines[0]
        assert "(no type)" in lines[1]
        assert "10000000000000 (not a valid time)" in text_of(editor, "#messages-detail")
        await pilot.press("down")
        assert "item_no_type" in text_of(editor, "#messages-detail")
        assert app.is_running and app.return_code is None


async def test_the_editor_header_shows_a_creation_time_in_milliseconds_as_the_number(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    emulator.threads["thread_abc123"]["created_at"] = 1_764_000_000_000
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        header = editor.query_one(EditorHeader).title
        assert "created 1764000000000 (not a valid time)" in header
        assert app.is_running
