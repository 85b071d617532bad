"""A counter's colour follows its level as the user types: the theme's warning colour near the
limit, the error colour in bold past it, neither when back under. Each counter is one
component class of the row or head that draws it, and its level a class of that widget (one
style node per counter, not one per level), so this checks the level classes are kept up to
date on every kind of counter."""

from __future__ import annotations

from typing import Any

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

from tests.ui.ui_helpers import rows, settle
from thread_tui.core import limits
from thread_tui.ui.widgets.head_line import HeadLine


def _colour(app: Any, variable: str) -> RichColor:
    colour = Color.parse(app.get_css_variables()[variable])
    return colour.rich_color


def _style_of(strip: Any, text: str) -> Style:
    for segment in strip:
        if text in segment.text:
            style: Style = segment.style
            return style
    raise AssertionError(f"{text!r} not drawn in {strip.text!r}")


def _level_of(app: Any, style: Style) -> str:
    if style.color == _colour(app, "text-error") and style.bold:
        return "error"
    if style.color == _colour(app, "text-warning"):
        return "warning"
    return "ok"


async def test_a_value_counter_is_coloured_by_its_level_as_it_changes(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        row = rows(editor)[0]
        near = "v" * (limits.MAX_VALUE_CHARS - 10)
        over = "v" * (limits.MAX_VALUE_CHARS + 3)
        for value, expected in (("short", "ok"), (near, "warning"), (over, "error"), ("x", "ok")):
            row.value_input.value = value
            await settle(app, pilot)
            assert row.value_count.level == expected
            style = _style_of(row.render_line(0), row.value_count.text)
            assert _level_of(app, style) == expected, value[:8]
            # the key's counter keeps its own level
            assert _level_of(app, _style_of(row.render_line(0), row.key_count.text)) == "ok"


async def test_a_key_counter_is_coloured_apart_from_the_value_counter(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        row = rows(editor)[0]
        row.key_input.value = "k" * (limits.MAX_KEY_CHARS + 1)
        await settle(app, pilot)
        line = row.render_line(0)
        assert _level_of(app, _style_of(line, row.key_count.text)) == "error"
        assert _level_of(app, _style_of(line, row.value_count.text)) == "ok"


async def test_a_head_counter_is_coloured_by_its_level_from_the_start_and_as_it_changes(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        stores = editor.query_one("#stores-head", HeadLine)
        # one store of one: at the limit from the first frame
        assert stores.count.level == "warning"
        assert _level_of(app, _style_of(stores.render_line(0), stores.count.text)) == "warning"
        stores.show(2)
        await settle(app, pilot)
        assert _level_of(app, _style_of(stores.render_line(0), "2/1")) == "error"
        stores.show(0)
        await settle(app, pilot)
        assert _level_of(app, _style_of(stores.render_line(0), "0/1")) == "ok"
