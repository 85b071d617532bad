"""The conflict dialog: the object changed on the server since it was loaded.

Shows the three-way picture per key (loaded / server now / yours) and lets the user rebase
their edits onto the server's version, overwrite it with theirs, or cancel.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.core.rebase import Drift, server_state
from thread_tui.core.resources import Resource
from thread_tui.ui.inert_text import plain


def _cell(value: str | None) -> Text:
    if value is None:
        return Text("–", style="dim")
    shown = value if len(value) <= 40 else value[:39] + "…"
    return plain(repr(shown))


def three_way(draft: Draft, now: Resource, drift: Drift, marked: str = "bold yellow") -> Table:
    metadata, files, stores = server_state(now)
    mine = draft.intended_metadata()
    table = Table(expand=True, box=None, header_style="bold", pad_edge=False)
    table.add_column("key", ratio=2, overflow="fold")
    table.add_column("loaded", ratio=3, overflow="fold")
    table.add_column("server now", ratio=3, overflow="fold")
    table.add_column("yours", ratio=3, overflow="fold")
    keys = sorted(
        set(drift.metadata_keys) | {k for k in mine if draft.loaded_metadata.get(k) != mine[k]}
    )
    for key in keys:
        style = marked if key in drift.metadata_keys else ""
        table.add_row(
            plain(key, style),
            _cell(draft.loaded_metadata.get(key)),
            _cell(metadata.get(key)),
            _cell(mine.get(key)),
        )
    if drift.files or draft.file_ids != draft.loaded_file_ids:
        table.add_row(
            Text("files", style=marked if drift.files else ""),
            Text(f"{len(draft.loaded_file_ids)} files"),
            Text(f"{len(files)} files"),
            Text(f"{len(draft.file_ids)} files"),
        )
    if drift.stores or draft.store_ids != draft.loaded_store_ids:
        table.add_row(
            Text("vector store", style=marked if drift.stores else ""),
            plain(", ".join(draft.loaded_store_ids) or "–"),
            plain(", ".join(stores) or "–"),
            plain(", ".join(draft.store_ids) or "–"),
        )
    return table


class ConflictScreen(ModalScreen[str | None]):
    """Dismisses with "rebase", "overwrite" or None (cancel)."""

    BINDINGS = [
        Binding("r", "choose('rebase')", "Rebase"),
        Binding("o", "choose('overwrite')", "Overwrite"),
        Binding("escape", "choose('')", "Cancel"),
    ]

    def __init__(self, draft: Draft, now: Resource, drift: Drift) -> None:
        super().__init__(classes="dialog-screen")
        self.draft = draft
        self.now = now
        self.drift = drift

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict", classes="modal-box"):
            yield Static("Changed on the server since you loaded it", classes="modal-title")
            yield Static(
                "Keys in yellow were changed by someone else. Rebase keeps their changes and "
                "puts yours on top (you review again before sending); Overwrite sends your "
                "version of every key you hold.",
                classes="dialog-message",
            )
            with VerticalScroll(id="conflict-table"):
                # The theme's warning text colour, readable in light themes (ANSI yellow is not).
                warning = self.app.theme_variables.get("text-warning", "")
                marked = f"bold {warning}" if warning.startswith("#") else "bold yellow"
                yield Static(three_way(self.draft, self.now, self.drift, marked))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Rebase mine onto theirs (r)", id="rebase", variant="primary")
                yield Button("Overwrite with mine (o)", id="overwrite", variant="warning")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#rebase", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("" if event.button.id == "cancel" else event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
