"""Theme text colours made readable: each `$text-*` colour pushed away from the background until
it has a WCAG contrast of at least 4.5:1 against the theme's background, surface and panel.

Textual derives `$text-warning`, `$text-success`, … by tinting the contrast text with the
theme's colour; in its built-in light theme that gives 3.0:1 (warning, accent) and 3.5:1
(success) on `$surface`, and in the dark theme `$text-secondary` is 4.2:1. The syntax
highlighting of bodies and snippets (textual.highlight) uses these same variables, so fixing
them here fixes every place they are drawn, for any theme the user picks.
"""

from __future__ import annotations

from textual.color import Color, ColorParseError

MINIMUM = 4.5
# The highlighter draws strings at 90% and constants at 80% alpha over the background, which
# lowers their contrast; aiming above the minimum keeps those readable too.
TARGET = 5.2
TEXT_VARIABLES = (
    "text-primary",
    "text-secondary",
    "text-accent",
    "text-warning",
    "text-error",
    "text-success",
)
BACKGROUNDS = ("background", "surface", "panel")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    return 0.2126 * _linear(color.r) + 0.7152 * _linear(color.g) + 0.0722 * _linear(color.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG 2.x contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(variables: dict[str, str], target: float = TARGET) -> dict[str, str]:
    """The `$text-*` variables of `variables` that fall short of `target` against a background,
    moved toward black (light themes) or white (dark ones) until they reach it. Variables that
    are not plain colours (an ANSI theme's) are left alone."""
    try:
        backgrounds = [Color.parse(variables[name]) for name in BACKGROUNDS]
        colors = {name: Color.parse(variables[name]) for name in TEXT_VARIABLES}
    except (KeyError, ColorParseError):
        return {}
    if any(c.a < 1 or c.ansi is not None for c in [*backgrounds, *colors.values()]):
        return {}
    light = luminance(backgrounds[0]) > 0.18
    extreme = Color(0, 0, 0) if light else Color(255, 255, 255)
    changed: dict[str, str] = {}
    for name, color in colors.items():
        shade = color
        step = 0
        while min(contrast(shade, bg) for bg in backgrounds) < target and step < 20:
            step += 1
            shade = color.blend(extreme, step / 20)
        if shade != color:
            changed[name] = shade.hex
    return changed
