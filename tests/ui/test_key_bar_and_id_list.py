"""The editor's own light widgets: the key bar (one line of the keys that apply where the focus
is, each clickable) and the ID lists of the tool resources panel."""

from __future__ import annotations

from typing import Any

from ui_helpers import head_counter

from thread_tui.ui.widgets.id_list import IdList
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.metadata_row import MetadataRow


def bar_text(screen: Any) -> str:
    return screen.query_one(KeyBar).render_line(0).text


async def test_the_key_bar_follows_the_screen_and_its_keys_are_clickable(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "^n New thread" in bar_text(app.screen)
        editor = await open_editor(app, pilot, "thread_abc123")
        text = bar_text(editor)
        assert "^s Submit" in text and "^n Add row" in text and "New thread" not in text
        assert text.rstrip().endswith("^p palette")
        rows = len(editor.query(MetadataRow))
        await pilot.click(KeyBar, offset=(text.index("Add row"), 0))
        await pilot.pause()
        assert len(editor.query(MetadataRow)) == rows + 1
        await pilot.press("ctrl+l")  # the messages tab: other keys
        await pilot.pause()
        text = bar_text(editor)
        assert "Reload list" in text and "Submit" not in text


async def test_id_list_moves_removes_and_keeps_the_cursor_in_view(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # a short list window: it must scroll
        editor = await open_editor(app, pilot, "thread_tools")
        files = editor.query_one("#file-ids", IdList)
        files.focus()
        await pilot.pause()
        assert files.highlighted == 0
        await pilot.press("down", "down")
        assert files.highlighted == 2
        await pilot.press("end")
        last = files.ids[-1]
        assert files.highlighted == len(files.ids) - 1
        assert files.scroll_offset.y > 0  # scrolled so the cursor shows
        lines = [files.render_line(y).text for y in range(files.size.height)]
        assert any(files.rows[-1].label[:12] in line for line in lines)
        await pilot.press("x")
        await pilot.pause()
        assert (
            last not in editor.draft.file_ids and head_counter(editor, "#files-head")[0] == "19/20"
        )
        assert files.highlighted == len(files.ids) - 1  # still on the (new) last one
        await pilot.press("home")
        assert files.highlighted == 0


async def test_an_empty_id_list_says_so_and_ignores_keys(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        stores = editor.query_one("#store-ids", IdList)
        assert stores.render_line(0).text.startswith("no vector store")
        stores.focus()
        await pilot.press("down", "end", "x", "delete")
        await pilot.pause()
        assert stores.highlighted is None and editor.draft.store_ids == []
        assert editor.draft.diff().is_empty


async def test_a_narrow_key_bar_shows_whole_keys_only(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        text = bar_text(editor).rstrip()
        assert "^s Submit" in text
        # The last key shown has its description: nothing is cut in the middle.
        last_key = text.split("  ")[-1].strip()
        assert " " in last_key, text
        assert len(text) <= 80


async def test_a_conversation_has_no_keys_for_tool_resources(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "conv_abc123")
        assert "Files" not in bar_text(editor) and "^s Submit" in bar_text(editor)
        await pilot.press("ctrl+f", "ctrl+t")
        await pilot.pause()
        assert app.screen is editor
