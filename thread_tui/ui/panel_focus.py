"""The bright border of the panel that holds the focus, as a class instead of `:focus-within`.

Textual restyles the whole subtree of a `:focus-within` node on each focus change inside it:
every Tab between two fields of the grid, and the first focus as the editor opens, restyled
all its rows, fields and component classes (the editor painted in 1.33× a bare screen instead
of 1.13×, bench/README.md). The class changes only when the focus moves to another panel, and
the grid is composed with it, since the editor's first focus goes into the grid.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget

FOCUSED_PANEL = "-focused-panel"
PANELS = "#grid, #tools, MessagesView"


def follow_focus(screen: Screen[Any]) -> None:
    """Keep FOCUSED_PANEL on the panel of `screen` that holds its focus, on no other."""

    def moved(focused: Widget | None) -> None:
        if focused is None and not screen.is_current:
            return  # the screen is closing: restyling its panels would be wasted work
        for panel in screen.query(PANELS):
            panel.set_class(_within(focused, panel), FOCUSED_PANEL)

    screen.watch(screen, "focused", moved, init=False)


def _within(focused: Widget | None, panel: Widget) -> bool:
    node: Any = focused
    while node is not None:
        if node is panel:
            return True
        node = node.parent
    return False
