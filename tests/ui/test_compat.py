"""thread_tui.ui.compat's reliance on Textual beyond its public API, checked for shape (the
hooks exist, with the signatures used) and for effect in a running app: after a Textual
upgrade that changes any of it, these fail instead of control characters silently reaching
the terminal or the cursor drifting off the drawn text."""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.widgets import Input

from thread_tui.ui.compat import DrawnCellsInput, VisibleHighlighter

# ESC starting a CSI clear-screen, an OSC title change ended by BEL, an 8-bit CSI, a bidi
# override, a tab, a CR (Rich's Text drops it), a NUL.
HOSTILE = "a\x1b[2J\x1b]0;t\x07\x9b\u202eb\tc\rd\x00"
DRAWN = "a␛[2J␛]0;t␇��b␉c␍d␀"

# -- Textual Input: drawing the value inert, and the cursor following the drawn text -------


def _parameters(function: object) -> list[str]:
    assert callable(function)
    return list(inspect.signature(function).parameters)


def test_input_takes_a_highlighter() -> None:
    parameter = inspect.signature(Input.__init__).parameters["highlighter"]
    assert parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
    assert parameter.default is None


def test_the_cursor_hooks_drawn_cells_input_overrides_are_still_inputs() -> None:
    for name, params in (
        ("_position_to_cell", ["self", "position"]),
        ("_cell_offset_to_index", ["self", "offset"]),
    ):
        assert _parameters(getattr(Input, name, None)) == params, name
        assert _parameters(getattr(DrawnCellsInput, name)) == params, name


class _OneField(App[None]):
    def compose(self) -> ComposeResult:
        field = DrawnCellsInput(HOSTILE, compact=True)
        field.highlighter = VisibleHighlighter(lambda: field.value)
        field.cursor_blink = False
        yield field


async def test_a_rendered_input_draws_control_characters_as_visible_cells() -> None:
    app = _OneField()
    async with app.run_test(size=(60, 3)) as pilot:
        field = app.query_one(DrawnCellsInput)
        await pilot.pause()
        shown = "".join(segment.text for segment in field.render_line(0))
        assert shown.startswith(DRAWN)
        assert not any(char in shown for char in "\x1b\x07\x9b\u202e\t\r\x00")
        on_screen = "".join(strip.text for strip in app.screen._compositor.render_strips())
        assert DRAWN in on_screen and "\x1b" not in on_screen
        assert field.value == HOSTILE  # drawn, not changed
        assert field.content_width == len(DRAWN) + 1  # measured by the drawn text too


async def test_cursor_and_clicks_follow_the_drawn_cells() -> None:
    app = _OneField()
    async with app.run_test(size=(60, 3)) as pilot:
        field = app.query_one(DrawnCellsInput)
        for index in (3, 9, 12, 1):
            await pilot.click(field, offset=(index, 0))
            assert field.cursor_position == index
            assert field.cursor_screen_offset.x - field.content_region.x == index
        await pilot.press("end")
        # one past the drawn text, as Textual places the cursor at the end of any Input
        assert field.cursor_screen_offset.x - field.content_region.x == len(DRAWN) + 1


# -- Textual Input: no style node for a suggestion it never draws ----------------------------


def test_lean_input_drops_only_the_suggestion_part() -> None:
    from thread_tui.ui.compat import LeanInput

    # Fails when Input renames a part it draws (LeanInput would lack it) or when Textual stops
    # honouring the attribute (LeanInput would get the suggestion's style node back).
    assert Input._get_component_classes() - LeanInput._get_component_classes() == {
        "input--suggestion"
    }
    assert LeanInput._get_component_classes() <= Input._get_component_classes()
    assert DrawnCellsInput._get_component_classes() == LeanInput._get_component_classes()


class _Suggesting(App[None]):
    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        from thread_tui.ui.compat import LeanInput

        yield LeanInput(suggester=SuggestFromList(["a"]))


async def test_lean_input_refuses_a_suggester() -> None:
    import pytest

    app = _Suggesting()
    with pytest.raises(TypeError, match="no suggestion"):
        async with app.run_test():
            pass


class _LeanFields(App[None]):
    def compose(self) -> ComposeResult:
        from thread_tui.ui.compat import LeanInput

        yield LeanInput(placeholder="empty", id="empty")
        yield LeanInput("selected text", id="selected")


async def test_a_lean_input_draws_its_placeholder_cursor_and_selection() -> None:
    from thread_tui.ui.compat import LeanInput

    app = _LeanFields()
    async with app.run_test(size=(40, 8)) as pilot:
        empty = app.query_one("#empty", LeanInput)
        assert "empty" in "".join(s.text for s in empty.render_line(0))
        selected = app.query_one("#selected", LeanInput)
        selected.focus()
        await pilot.press("shift+home")
        await pilot.pause()
        assert selected.selection.start != selected.selection.end
        assert "selected text" in "".join(s.text for s in selected.render_line(0))
        # one style node per part it draws, none for a suggestion
        assert set(selected._component_styles) == set(LeanInput._get_component_classes())
