"""The conflict dialog: the object changed on the server since it was loaded.

Shows the three-way picture per key (loaded / server now / yours) and lets the user rebase
their edits onto the server's version, overwrite it with theirs, or cancel. A `ChoiceScreen`
with the table as its body.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from thread_tui.core.draft import Draft
from thread_tui.core.rebase import Drift, server_state
from thread_tui.core.resources import Resource
from thread_tui.ui.editor_outcome import ConflictChoice
from thread_tui.ui.inert_text import plain
from thread_tui.ui.screens.dialogs import ChoiceScreen

# How a key changed on the server is marked, and the message names it: underlined (a colour
# word would have to match whatever the theme draws; "yellow" was drawn orange).
CHANGED_ON_SERVER = "bold underline"


def _cell(value: str | None) -> Text:
    if value is None:
        return Text("–", style="dim")
    shown = value if len(value) <= 40 else value[:39] + "…"
    return plain(repr(shown))


def three_way(draft: Draft, now: Resource, drift: Drift) -> Table:
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
        style = CHANGED_ON_SERVER if key in drift.metadata_keys else ""
        table.add_row(
            plain(key, style),
            _cell(draft.loaded_metadata.get(key)),
            _cell(metadata.get(key)),
            _cell(mine.get(key)),
        )
    if drift.files or draft.file_ids != draft.loaded_file_ids:
        table.add_row(
            Text("files", style=CHANGED_ON_SERVER if drift.files else ""),
            Text(f"{len(draft.loaded_file_ids)} files"),
            Text(f"{len(files)} files"),
            Text(f"{len(draft.file_ids)} files"),
        )
    if drift.stores or draft.store_ids != draft.loaded_store_ids:
        table.add_row(
            Text("vector store", style=CHANGED_ON_SERVER if drift.stores else ""),
            plain(", ".join(draft.loaded_store_ids) or "–"),
            plain(", ".join(stores) or "–"),
            plain(", ".join(draft.store_ids) or "–"),
        )
    return table


class ConflictScreen(ChoiceScreen[ConflictChoice]):
    """Dismisses with "rebase", "overwrite" or None (cancel)."""

    BINDINGS = [
        Binding("r", "choose('rebase')", "Rebase", id="conflict.rebase"),
        Binding("o", "choose('overwrite')", "Overwrite", id="conflict.overwrite"),
    ]
    BOX_ID = "conflict"
    BOX_CLASSES = "modal-box"
    TITLE_CLASSES = "modal-title"

    def __init__(self, draft: Draft, now: Resource, drift: Drift) -> None:
        super().__init__(
            "Changed on the server since you loaded it",
            "Underlined keys were changed by someone else. Rebase keeps their changes and "
            "puts yours on top (you review again before sending); Overwrite sends your "
            "version of every key you hold.",
            [
                ("rebase", "Rebase mine onto theirs (r)", "primary"),
                ("overwrite", "Overwrite with mine (o)", "warning"),
                ("cancel", "Cancel (Esc)", "default"),
            ],
            default="rebase",
            cancel="cancel",
        )
        self.draft = draft
        self.now = now
        self.drift = drift

    def body(self) -> ComposeResult:
        with VerticalScroll(id="conflict-table"):
            yield Static(three_way(self.draft, self.now, self.drift))
