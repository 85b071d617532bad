"""The WCAG contrast of every text cell on the app's current screen.

Each cell is read from what the screen's compositor draws (colours already blended with their
alpha and the layers under them), its dim attribute turned into the colour Textual's
DimFilter would draw, reverse applied, and its contrast computed as WCAG 2.x defines it.
Cells without text (spaces, box-drawing and block characters of borders and scrollbars),
cells of disabled controls (exempt under WCAG 1.4.3) and the screens seen dimmed through a
dialog's backdrop (not reachable while it is open) are left out.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.color import Color as TextualColor
from textual.css.query import NoMatches
from textual.errors import NoWidget
from textual.filter import dim_color
from textual.screen import ModalScreen
from textual.widget import Widget

MINIMUM = 4.5  # WCAG 2.x AA for normal text


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    char: str
    foreground: tuple[int, int, int]
    background: tuple[int, int, int]

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)


@dataclass(frozen=True)
class Offender:
    """A run of low-contrast text in one widget: where it is, what it says, how bad."""

    widget: str
    y: int
    text: str
    ratio: float
    foreground: tuple[int, int, int]
    background: tuple[int, int, int]

    def __str__(self) -> str:
        fg = "#{:02x}{:02x}{:02x}".format(*self.foreground)
        bg = "#{:02x}{:02x}{:02x}".format(*self.background)
        return f"{self.ratio:.2f}:1 {fg} on {bg} line {self.y} {self.widget}: {self.text!r}"


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _is_text(char: str) -> bool:
    # U+2500-U+259F: box drawing and block elements, i.e. borders, scrollbars, tall inputs.
    return not char.isspace() and not 0x2500 <= ord(char) <= 0x259F


def _drawn_lines(app: Any) -> list[list[Segment]]:
    # The one use of private Textual API in this module: the screen's compositor, rendered in
    # full as App.export_screenshot() renders it (public, but SVG: its colours would have to
    # be parsed back out of CSS classes).
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    return list(Segment.split_lines(console.render(update)))


def _rgb(color: Color | None, fallback: tuple[int, int, int]) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return fallback
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def _colours(style: Style, default_bg: tuple[int, int, int]) -> tuple[Any, Any]:
    fg = _rgb(style.color, (255, 255, 255))
    bg = _rgb(style.bgcolor, default_bg)
    if style.dim:
        blended = dim_color(Color.from_rgb(*bg), Color.from_rgb(*fg))
        fg = _rgb(blended, fg)
    if style.reverse:
        fg, bg = bg, fg
    return fg, bg


def text_cells(app: Any) -> Iterator[Cell]:
    """Every cell of the current screen that shows a character, with its drawn colours."""
    background = TextualColor.parse(app.get_css_variables()["background"])
    default_bg = (background.r, background.g, background.b)
    for y, line in enumerate(_drawn_lines(app)):
        x = 0
        for segment in line:
            if segment.control:
                continue
            style = segment.style or Style()
            fg, bg = _colours(style, default_bg)
            for char in segment.text:
                if _is_text(char):
                    yield Cell(x, y, char, fg, bg)
                x += 1


def _is_disabled(widget: Widget) -> bool:
    node: Any = widget
    while node is not None:
        if getattr(node, "disabled", False):
            return True
        node = node.parent
    return False


def _name(widget: Widget) -> str:
    ident = f"#{widget.id}" if widget.id else ""
    classes = "".join(f".{c}" for c in sorted(widget.classes) if not c.startswith("-"))
    return f"{type(widget).__name__}{ident}{classes}"


def _joined(cells: list[Cell]) -> str:
    """The cells' characters, a space where cells were skipped (spaces, borders)."""
    text = cells[0].char
    for before, cell in itertools.pairwise(cells):
        text += (" " if cell.x > before.x + 1 else "") + cell.char
    return text


def offenders(app: Any, minimum: float = MINIMUM) -> list[Offender]:
    """The runs of text on the current screen whose contrast is under `minimum`, worst first.

    A run is the cells of one line and one widget with the same colours."""
    screen = app.screen
    runs: dict[tuple[int, str, Any, Any], list[Cell]] = {}
    for cell in text_cells(app):
        if cell.ratio >= minimum:
            continue
        try:
            widget, _region = screen.get_widget_at(cell.x, cell.y)
        except (NoWidget, NoMatches):
            widget = screen
        if _is_disabled(widget):
            continue
        if widget is screen and isinstance(screen, ModalScreen):
            continue  # a screen under the dialog, drawn dimmed on purpose: not reachable
        key = (cell.y, _name(widget), cell.foreground, cell.background)
        runs.setdefault(key, []).append(cell)
    found = [
        Offender(name, y, _joined(cells), cells[0].ratio, fg, bg)
        for (y, name, fg, bg), cells in runs.items()
    ]
    return sorted(found, key=lambda o: (o.ratio, o.y))
