"""A one-line title bar: the app's title and mode (demo, host, read-only).

Textual's Header builds several child widgets with their own CSS on every screen; this
renders one line, which keeps start-up and screen changes quicker.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def render(self) -> Text:
        text = Text(justify="center")
        text.append(self.app.title, style="bold")
        if self.app.sub_title:
            text.append(f" — {self.app.sub_title}", style="dim")
        return text
