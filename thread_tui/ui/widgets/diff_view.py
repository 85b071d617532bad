"""A draft's changes, one line each: `+` added key, `~` changed value (old → new), `!` a removed
key the server keeps, and `+` / `-` per file and vector store.

Values are shown JSON-quoted, so an empty string, spaces and newlines are visible; long values
are shortened here (the request body below the diff shows them in full).
"""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from thread_tui.core.diff import DraftDiff, ListChange, MetadataChange
from thread_tui.ui.inert_text import inert_content

SHOWN_VALUE_CHARS = 160
KEY_COLUMN_MAX = 24
MARKS = {"added": "+", "changed": "~", "kept": "!", "removed": "-"}
KEPT_NOTE = "kept by the server: keys cannot be deleted"


def quote(value: str | None) -> str:
    if value is None:
        return "–"
    shown = value if len(value) <= SHOWN_VALUE_CHARS else value[: SHOWN_VALUE_CHARS - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


def metadata_line(change: MetadataChange, key_width: int) -> Content:
    key = (change.key or '""').ljust(key_width)
    parts: list[str | tuple[str, str]] = [(key, "bold"), "  "]
    if change.kind == "added":
        parts.append((quote(change.new), "$text-success"))
    elif change.kind == "changed":
        parts += [(quote(change.old), "$text-muted strike"), " → ", (quote(change.new), "$text")]
    else:
        parts += [(quote(change.old), "$text-muted"), "  ", (KEPT_NOTE, "italic $text-warning")]
    return inert_content(Content.assemble(*parts))  # keys and values may be the server's


def list_line(noun: str, change: ListChange) -> Content:
    verb = "attach" if change.kind == "added" else "detach"
    return inert_content(
        Content.assemble((f"{verb} {noun} ", "$text-muted"), (change.item, "bold"))
    )


class DiffLine(Horizontal):
    """A mark column and the wrapped description, coloured by kind through CSS."""

    DEFAULT_CSS = """
    DiffLine {
        height: auto;
        & > .diff-mark { width: 2; }
        & > .diff-text { width: 1fr; }
    }
    """

    def __init__(self, kind: str, text: Content) -> None:
        super().__init__(classes=f"-{kind}")
        self.kind = kind
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(MARKS[self.kind], classes="diff-mark")
        yield Static(self.text, classes="diff-text")


class DiffView(Vertical):
    """The whole diff, grouped under `metadata` and `tool_resources` headings."""

    DEFAULT_CSS = """
    DiffView {
        height: auto;
    }
    """

    def __init__(self, diff: DraftDiff, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.diff = diff

    def compose(self) -> ComposeResult:
        diff = self.diff
        if diff.metadata:
            yield Static("metadata", classes="diff-heading")
            width = min(max(len(c.key) for c in diff.metadata), KEY_COLUMN_MAX)
            for change in diff.metadata:
                yield DiffLine(change.kind, metadata_line(change, width))
        if diff.files or diff.stores:
            yield Static("tool_resources", classes="diff-heading")
            for noun, changes in (("file", diff.files), ("vector store", diff.stores)):
                for item in changes:
                    yield DiffLine(item.kind, list_line(noun, item))
        if diff.is_empty:
            yield Static("No changes.", classes="diff-heading")
