"""The grid's columns: wide on a wide terminal, narrow under 110 columns, and switched when
the terminal is resized, with the head, both fields and both counters kept in line."""

from __future__ import annotations

from typing import Any

from thread_tui.ui.widgets.head_line import HeadLine
from thread_tui.ui.widgets.metadata_row import NARROW, WIDE, Columns, MetadataRow


def _check_aligned(editor: Any, columns: Columns) -> None:
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
        _check_aligned(editor, WIDE)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert editor.has_class("-narrow")
        _check_aligned(editor, NARROW)
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        await pilot.pause()
        _check_aligned(editor, WIDE)


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
