"""One conversation item or thread message in full: its JSON as the server sent it,
pretty-printed, scrollable and copyable.

Everything in it came from the server: the drawn text is inert (see `json_view`), the copy
is the JSON itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.json_view import CodeView, pretty_json

STYLES = Path(__file__).parent.parent / "styles"


def entry_json(raw: Any) -> str:
    """The entry pretty-printed; one that is no JSON value (never from a parsed body) as
    its repr, so the screen still opens."""
    try:
        return pretty_json(raw)
    except (TypeError, ValueError):
        return repr(raw)


class ItemDetailScreen(ModalScreen[None]):
    """The raw JSON of one entry; `c` copies it, Escape closes."""

    CSS_PATH = STYLES / "item_dialogs.tcss"
    AUTO_FOCUS = "#detail-body"

    BINDINGS = [
        Binding("escape", "close", "Close", id="item_detail.close"),
        Binding("q", "close", "Close", show=False, id="item_detail.close_alt"),
        Binding("c", "copy", "Copy JSON", id="item_detail.copy"),
    ]

    def __init__(self, title: str, raw: Any) -> None:
        super().__init__()
        self.title_text = title
        self.raw = raw
        self.json_text = entry_json(raw)

    def compose(self) -> ComposeResult:
        with Vertical(id="detail-dialog"):
            yield Static(plain(self.title_text, lines=False), id="detail-title")
            with VerticalScroll(id="detail-body"):
                yield CodeView(self.json_text, id="detail-json")
            with Horizontal(id="detail-footer"):
                yield Static("↑↓ PgUp PgDn scroll · c copy · Esc close", id="detail-hint")
                yield Button("Copy JSON (c)", id="detail-copy")
                yield Button("Close (Esc)", id="detail-close", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "detail-copy":
            self.action_copy()
        else:
            self.action_close()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.json_text)
        self.notify("Copied the JSON")

    def action_close(self) -> None:
        self.dismiss(None)
