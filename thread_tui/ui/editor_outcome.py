"""What the editor's session reports back to the screen: plain data, no Textual.

Each `EditorSession` call returns an `Outcome`; the screen renders it (the status line, the
widgets rebuilt on a new draft, the inspector on an exchange) and, when the outcome asks for a
choice (`conflict`, `confirm_again`), asks the user and calls the session again with the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from thread_tui.api import Exchange
from thread_tui.core.draft import Draft
from thread_tui.core.ids import InvalidIdError, ResourceKind, check_id, parse_id
from thread_tui.core.resources import Resource
from thread_tui.storage import SavedDraft

if TYPE_CHECKING:
    # Loaded on first submit, not on the way to the editor (tests/ui/test_editor_path_imports).
    from thread_tui.core.rebase import Drift
    from thread_tui.core.verify import Expectation

ConflictChoice = Literal["rebase", "overwrite"]


@dataclass(frozen=True)
class Conflict:
    """The object changed on the server since it was loaded: what it holds now, and where."""

    now: Resource
    drift: Drift


@dataclass(frozen=True)
class Outcome:
    """One step's result. `status` None leaves the status line as it is."""

    status: str | None = None
    error: bool = False
    #: The draft the session holds now, when it replaced the one being edited (the widgets
    #: show it from their holder; the grid's rows are rebuilt).
    draft: Draft | None = None
    #: The object as the server returned it, when it changed (the header shows it).
    resource: Resource | None = None
    #: An answer worth inspecting right away (after a submit or a create), with what it was
    #: expected to hold.
    inspect: Exchange | None = None
    expectation: Expectation | None = None
    #: Set when the user must choose before anything is sent: `EditorSession.resolve`.
    conflict: Conflict | None = None
    #: Set when an earlier create may have made the object: ask (this sentence says why),
    #: then `EditorSession.create(again=…)`.
    confirm_again: str | None = None


@dataclass(frozen=True)
class SavedOffer:
    """A saved draft of this ID that holds edits not on the server, rebased onto it."""

    saved: SavedDraft
    restored: Draft
    when: str  # "5 min ago"
    older: int  # how many older saved drafts wait behind it

    @property
    def summary(self) -> str:
        return self.restored.diff().summary()


def unusable_id(resource_id: str, kind: ResourceKind) -> str | None:
    """Why the ID a create returned cannot be adopted by an editor of `kind`, or None."""
    if not resource_id:
        return "it has no ID"
    try:
        got, _ = parse_id(resource_id)
    except InvalidIdError as exc:
        if check_id(resource_id).kind is None:
            return f"its ID {resource_id!r} is neither a thread_… nor a conv_… ID"
        return f"its ID {resource_id!r} is not usable: {exc}"
    if got is not kind:
        return f"its ID {resource_id!r} names a {got.value}, not a {kind.value}"
    return None


def new_resource_status(kind: ResourceKind) -> str:
    """The editor's first status line for a resource that is not created yet."""
    extra = ", files or a vector store" if kind.has_tool_resources else ""
    return f"Add metadata{extra}; Ctrl+S reviews and creates it (not autosaved until then)."


def exchange_line(exchange: Exchange | None) -> str:
    """`HTTP 200 in 12 ms · request id req_…`, or "" with no exchange."""
    if exchange is None:
        return ""
    rid = f" · request id {exchange.request_id}" if exchange.request_id else ""
    return f"HTTP {exchange.status} in {exchange.elapsed_ms:.0f} ms{rid}"
