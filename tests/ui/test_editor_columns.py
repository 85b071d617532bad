"""The grid's columns use the terminal: the key column fits the keys (bounded), the value
column takes the rest, the tools panel yields at narrow widths; on a resize the head, both
fields and both counters stay in line. Measured at 80, 120 and 200 columns."""

from __future__ import annotations

from typing import Any

import pytest

from thread_tui.core.resources import Thread
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.id_list import IdList
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.metadata_row import MetadataRow


def _check_aligned(editor: Any) -> None:
    columns = editor.query_one(MetadataGrid).columns
    head = editor.query_one("#grid-head", HeadLine)
    assert head.text.index("value") == columns.value_x
    for row in editor.query(MetadataRow):
        left = row.region.x
        assert row.key_input.region.x - left == 2
        assert row.key_input.region.width == columns.key
        assert row.value_input.region.x - left == columns.value_x
        assert row.region.right - row.value_input.region.right == columns.value_counter
        line = row.render_line(0).text
        # Each counter sits in the cells its field leaves free, right-aligned.
        key_cells = line[2 + columns.key : columns.value_x]
        assert key_cells.strip() == row.key_count.text and key_cells.endswith(" ")
        assert line[-columns.value_counter :].strip() == row.value_count.text


async def test_columns_follow_the_terminal_width(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        _check_aligned(editor)
        wide = value_width(editor)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        _check_aligned(editor)
        assert value_width(editor) < wide
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        await pilot.pause()
        _check_aligned(editor)
        assert value_width(editor) > wide


def value_width(editor: Any) -> int:
    widths = {row.value_input.region.width for row in editor.query(MetadataRow)}
    assert len(widths) == 1
    return widths.pop()


def key_width(editor: Any) -> int:
    widths = {row.key_input.region.width for row in editor.query(MetadataRow)}
    assert len(widths) == 1
    return widths.pop()


# Today's sizes were: value 11 cells at 80 and 29 at 120, key 24 at any width, tools 35 / 44.
@pytest.mark.parametrize(
    ("size", "least_value", "most_tools"),
    [((80, 24), 16, 32), ((120, 40), 40, 48), ((200, 50), 100, 64)],
)
async def test_short_keys_get_a_short_key_column_and_the_value_the_rest(
    make_app: Any, open_editor: Any, size: tuple[int, int], least_value: int, most_tools: int
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")  # keys: modified, user
        await pilot.pause()
        _check_aligned(editor)
        assert len("modified") < key_width(editor) < 24
        assert value_width(editor) >= least_value
        tools = editor.query_one("#tools")
        assert tools.region.width <= most_tools
        assert editor.query_one(MetadataGrid).region.right == tools.region.x


def thread_with_key(key: str) -> Thread:
    return Thread.from_json(
        {"id": "thread_k", "created_at": 1699014083, "metadata": {key: "v", "b": "w"}}
    )


async def test_a_long_key_shows_whole_on_a_wide_terminal_and_is_bounded_on_a_narrow_one(
    make_app: Any,
) -> None:
    key = "customer_reference_number_long"  # 30 characters
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        editor = EditorScreen(thread_with_key(key))
        await app.push_screen(editor)
        await pilot.pause()
        _check_aligned(editor)
        assert key_width(editor) > len(key)
        wide_value = value_width(editor)
        assert wide_value >= 80
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        _check_aligned(editor)
        row = editor.query(MetadataRow).first()
        assert key_width(editor) <= 0.4 * row.region.width
        assert value_width(editor) >= 15


async def test_the_key_column_follows_a_key_typed_longer(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        before = key_width(editor)
        first = editor.query(MetadataRow).first()
        first.key_input.value = "a_key_of_twenty_chars"
        await pilot.pause()
        await pilot.pause()
        _check_aligned(editor)
        assert key_width(editor) > len("a_key_of_twenty_chars") > before


async def test_the_tools_panel_shows_all_20_files_when_the_height_allows(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        files = editor.query_one("#file-ids", IdList)
        assert len(files.ids) == 20
        assert files.region.height == 20 and files.max_scroll_y == 0
        tools = editor.query_one("#tools")
        for part in ("#pick-files", "#stores-head", "#store-ids", "#pick-store"):
            assert tools.region.contains_region(editor.query_one(part).region), part


async def test_a_note_adds_lines_under_its_row_and_goes_away(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first, second = list(editor.query(MetadataRow))
        assert first.region.height == 1 and second.region.y == first.region.y + 1
        first.key_input.value = "user"  # a duplicate of the second row's key
        await pilot.pause()
        await pilot.pause()
        note_lines = [first.render_line(y).text for y in range(1, first.region.height)]
        assert first.region.height >= 2 and second.region.y == first.region.bottom
        assert "appears 2 times" in " ".join(" ".join(note_lines).split())
        assert all(line.startswith("  ") for line in note_lines)  # under the fields
        first.key_input.value = "owner"
        await pilot.pause()
        await pilot.pause()
        assert first.note == "" and first.region.height == 1
        assert second.region.y == first.region.y + 1


def test_counters_widen_for_texts_past_the_limit_and_the_key_column_is_bounded() -> None:
    from thread_tui.core.draft import Draft
    from thread_tui.ui.widgets.metadata_row import MIN_KEY, fit_columns

    within = Draft.from_resource(thread_with_key("k" * 64))
    columns = fit_columns(within, 80)
    assert (columns.key_counter, columns.value_counter) == (len(" 64/64 "), len(" 512/512"))
    assert MIN_KEY <= columns.key <= 0.4 * (80 - 2 - columns.key_counter - columns.value_counter)
    past = Draft.from_resource(thread_with_key("k" * 100))
    past.set_value(1, "v" * 1000)
    columns = fit_columns(past, 200)
    assert (columns.key_counter, columns.value_counter) == (len(" 100/64 "), len(" 1000/512"))
    short = fit_columns(Draft.from_resource(thread_with_key("ab")), 200)
    assert short.key == MIN_KEY
