"""At 80x24 every screen keeps what it needs in view: the review dialog's Send / Cancel
footer, the lookup's recents box and demo hint, the key bar's essential keys, and a gap
between each key and its counter; help is centred and lists the key that removes a file."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Markdown

from thread_tui.core.draft import Draft
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.metadata_row import MetadataRow

SMALL = (80, 24)


def shown_whole(screen: Any, widget: Widget) -> bool:
    """The widget is drawn whole, on the terminal and not under another widget."""
    region = widget.region
    if not Region(0, 0, *screen.size).contains_region(region):
        return False
    return all(
        screen.get_widget_at(x, y)[0] is widget
        for x in (region.x, region.right - 1)
        for y in (region.y, region.bottom - 1)
    )


async def test_the_review_of_a_large_diff_keeps_send_and_cancel_in_view(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(app, pilot, "thread_full16")
        draft: Draft = editor.draft
        for row in draft.rows:
            draft.set_value(row.id, f"changed {row.id}")
        app.push_screen(ConfirmScreen(draft))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert shown_whole(screen, screen.query_one("#confirm-send"))
        assert shown_whole(screen, screen.query_one("#confirm-cancel"))
        assert shown_whole(screen, screen.query_one("#confirm-hint"))
        details = screen.query_one("#confirm-details")
        assert details.max_scroll_y > 0  # the diff scrolls instead


async def test_the_lookup_fits_80_columns(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        recents = screen.query_one("#catalog")
        assert recents.display and recents.region.right <= 80
        hint = screen.query_one("#demo-hint")
        assert hint.region.right <= 80
        words = " ".join(
            hint.render_line(y).text.strip() for y in range(hint.region.height)
        ).split()
        assert "conv_abc123." in words and "thread_full16" in words


async def test_the_key_bar_at_80_columns_keeps_the_essential_keys(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        text = editor.query_one(KeyBar).render_line(0).text
        for key in ("esc Back", "^q Quit", "f1 Help", "^p palette"):
            assert key in text, text
        assert "^s Submit" in text  # the screen's first key still fits
        assert len(text.rstrip()) <= 80


async def test_a_full_length_key_keeps_a_gap_before_its_counter(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        editor = await open_editor(app, pilot, "thread_longvalues")
        row = next(r for r in editor.query(MetadataRow) if len(r.key_input.value) == 64)
        line = row.render_line(0).text
        field_end = row.key_input.region.right - row.region.x
        counter_at = line.index("64/64")
        assert counter_at > field_end  # one blank cell at least between them
        assert line[field_end:counter_at].strip() == ""


async def test_help_is_centred_and_names_the_key_that_removes_a_file(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        left = body.region.x
        right = 120 - body.region.right
        top = body.region.y
        bottom = 40 - body.region.bottom
        assert abs(left - right) <= 1 and left > 0
        assert abs(top - bottom) <= 1
        source = app.screen.query_one(Markdown).source
        assert "remove the highlighted file or store" in source
