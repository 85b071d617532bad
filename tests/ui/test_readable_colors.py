"""The theme's coloured text variables are pushed to a readable contrast, for every theme."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from thread_tui.ui.readable_colors import BACKGROUNDS, MINIMUM, TEXT_VARIABLES, contrast, readable


def worst(variables: dict[str, str], name: str) -> float:
    colour = Color.parse(variables[name])
    return min(contrast(colour, Color.parse(variables[bg])) for bg in BACKGROUNDS)


def test_textual_light_needed_it() -> None:
    # Fails on Textual's own values: warning-coloured text at 3:1 on the light theme's panel.
    variables = BUILTIN_THEMES["textual-light"].to_color_system().generate()
    assert worst(variables, "text-warning") < MINIMUM
    assert worst({**variables, **readable(variables)}, "text-warning") >= MINIMUM


@pytest.mark.parametrize("theme", sorted(n for n, t in BUILTIN_THEMES.items() if not t.ansi))
def test_every_text_colour_of_every_theme_is_readable(theme: str) -> None:
    variables = BUILTIN_THEMES[theme].to_color_system().generate()
    fixed = {**variables, **readable(variables)}
    assert all(worst(fixed, name) >= MINIMUM for name in TEXT_VARIABLES)


def test_a_readable_colour_is_left_as_it_is() -> None:
    variables = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    assert "text-warning" not in readable(variables)  # 10.6:1 on the dark surface


def test_an_ansi_theme_is_left_alone() -> None:
    ansi = [t for t in BUILTIN_THEMES.values() if t.ansi]
    assert ansi and all(readable(t.to_color_system().generate()) == {} for t in ansi)
