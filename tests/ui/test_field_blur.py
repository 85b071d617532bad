"""A field you leave shows the start of its text, with … in its last cell where the text is
cut; back in the field, the cursor is where it was and in view."""

from __future__ import annotations

from typing import Any

from thread_tui.ui.widgets.metadata_row import MetadataRow


def row_with_key(editor: Any, key: str) -> MetadataRow:
    return next(r for r in editor.query(MetadataRow) if r.key_input.value == key)


async def test_a_left_field_shows_its_start_and_an_ellipsis(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        field = row_with_key(editor, "summary").value_input
        value = field.value
        editor.set_focus(field)
        await pilot.pause()
        await pilot.press("home", "end")
        await pilot.pause()
        assert field.scroll_offset.x > 0  # scrolled to the cursor while focused
        await pilot.press("tab")
        await pilot.pause()
        assert not field.has_focus
        assert field.scroll_offset.x == 0
        width = field.scrollable_content_region.width
        shown = field.render_line(0).text[:width]
        assert shown == value[: width - 1] + "…"
        # Back in the field: the cursor is still at the end, and in view.
        editor.set_focus(field)
        await pilot.pause()
        assert field.cursor_position == len(value)
        assert field.scroll_offset.x > 0
        await pilot.press("!")
        assert field.value == value + "!"


async def test_a_short_value_and_a_cut_key_when_left(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        row = row_with_key(editor, "k" * 64)
        key = row.key_input
        editor.set_focus(key)
        await pilot.pause()
        await pilot.press("home", "end", "tab")
        await pilot.pause()
        width = key.scrollable_content_region.width
        assert width < 64 and key.scroll_offset.x == 0
        assert key.render_line(0).text[:width] == "k" * (width - 1) + "…"
        value = row.value_input  # fits whole once the focus leaves it: no ellipsis
        await pilot.press("tab")
        await pilot.pause()
        if len(value.value) < value.scrollable_content_region.width:
            assert "…" not in value.render_line(0).text
