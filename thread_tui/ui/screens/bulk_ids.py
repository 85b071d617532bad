"""The "Bulk edit IDs…" dialog: paste IDs (one per line, or separated by spaces or commas)
and open the bulk editor over them. Checked as typed: how many IDs, and each piece that is
not one, so a bad paste is a message, never a request. Dismisses with the IDs, or None.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from thread_tui.ui.bulk_session import PastedIds, split_ids
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain

STYLES = Path(__file__).parent.parent / "styles"


class BulkIdsScreen(ModalScreen[list[str] | None]):
    CSS_PATH = STYLES / "bulk_editor.tcss"
    AUTO_FOCUS = "#bulk-ids-text"
    BINDINGS = [
        Binding("ctrl+s", "open", "Open", priority=True, id="bulk_ids.open"),
        Binding("escape", "cancel", "Cancel", id="bulk_ids.cancel"),
    ]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial = text
        self.pasted = split_ids(text)

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-ids-dialog"):
            yield Static("Bulk edit IDs", id="bulk-ids-title")
            yield Static(
                "Paste thread_… and conv_… IDs, one per line (or separated by spaces or "
                "commas). Ctrl+S opens the bulk editor over them.",
                id="bulk-ids-help",
            )
            text = TextArea(self.initial, id="bulk-ids-text", soft_wrap=True)
            text.cursor_blink = tui(self).cursor_blink
            yield text
            yield Static(plain(self._status(self.pasted)), id="bulk-ids-status")
            with Horizontal(id="bulk-ids-footer"):
                yield Button("Open (Ctrl+S)", id="bulk-ids-open", variant="success")
                yield Button("Cancel (Esc)", id="bulk-ids-cancel")

    @staticmethod
    def _status(pasted: PastedIds) -> str:
        n = len(pasted.ids)
        line = f"{n} ID{'s' if n != 1 else ''}"
        if pasted.problems:
            line += " · not IDs: " + "; ".join(pasted.problems)
        return line

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.pasted = split_ids(event.text_area.text)
        self.query_one("#bulk-ids-status", Static).update(plain(self._status(self.pasted)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "bulk-ids-open":
            self.action_open()
        else:
            self.action_cancel()

    def action_open(self) -> None:
        pasted = split_ids(self.query_one(TextArea).text)
        if pasted.problems or not pasted.ids:
            why = "; ".join(pasted.problems) or "Paste at least one thread_… or conv_… ID."
            self.notify(why, severity="warning", title="Not opened")
            return
        self.dismiss(list(pasted.ids))

    def action_cancel(self) -> None:
        self.dismiss(None)
