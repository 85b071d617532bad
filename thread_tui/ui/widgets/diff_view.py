"""The diff of a draft as a table: per key old → new, and per file / vector store."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from thread_tui.core.diff import DraftDiff

MARKS = {"added": ("+", "green"), "changed": ("~", "yellow"), "kept": ("!", "red")}


def _clip(text: str | None, width: int = 60) -> Text:
    if text is None:
        return Text("–", style="dim")
    shown = text if len(text) <= width else text[: width - 1] + "…"
    return Text(repr(shown))


def diff_table(diff: DraftDiff) -> Table:
    table = Table(box=None, expand=True, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("", width=1, no_wrap=True)
    table.add_column("key / item", ratio=2, overflow="fold")
    table.add_column("old", ratio=3, overflow="fold")
    table.add_column("new", ratio=3, overflow="fold")
    for change in diff.metadata:
        mark, style = MARKS[change.kind]
        new = (
            Text("kept by the server (keys cannot be deleted)", style="italic red")
            if change.kind == "kept"
            else _clip(change.new)
        )
        table.add_row(
            Text(mark, style=style), Text(change.key, style=style), _clip(change.old), new
        )
    for label, changes in (("file", diff.files), ("vector store", diff.stores)):
        for item in changes:
            mark, style = ("+", "green") if item.kind == "added" else ("-", "red")
            table.add_row(
                Text(mark, style=style),
                Text(f"{label} {item.item}", style=style),
                Text("", style="dim") if item.kind == "added" else Text("attached"),
                Text("attached") if item.kind == "added" else Text("removed", style="red"),
            )
    return table
