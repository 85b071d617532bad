"""A clone with exact metadata as the TUI shows it, without Textual: what the confirm says,
the run's state as its progress comes, and the result's sentences.

The server merges metadata and never deletes a key, so the one way to be rid of a key is a
new object: `api.clone_runner.clone` makes a new conversation whose metadata is exactly the
intended set and copies the items (a thread's messages) into it in order. This module holds
the plan (source, current and intended metadata), the counts as they come, and the lines the
dialog (ui/screens/clone_dialog.py) draws; every ID, key and value in them is the server's or
the user's, so the dialog draws them inert.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from thread_tui.core.ids import ResourceKind, parse_id
from thread_tui.core.problems import (
    Field,
    Problem,
    ProblemCode,
    check_key,
    check_pair_count,
    check_value,
)

if TYPE_CHECKING:
    import asyncio

    from thread_tui.api import ApiClient
    from thread_tui.api.clone_runner import CloneProgress, CloneResult, SkippedItem


class CloneFn(Protocol):
    """The signature of `api.clone_runner.clone`, as the dialog calls it (tests pass others)."""

    async def __call__(
        self,
        client: ApiClient,
        source_id: str,
        metadata: Mapping[str, str],
        *,
        on_progress: Callable[[CloneProgress], None] | None = None,
        stop: asyncio.Event | None = None,
    ) -> CloneResult: ...


def default_clone() -> CloneFn:
    """The clone engine, imported when a clone starts (not on the way to any screen)."""
    from thread_tui.api.clone_runner import clone

    async def run(
        client: ApiClient,
        source_id: str,
        metadata: Mapping[str, str],
        *,
        on_progress: Callable[[CloneProgress], None] | None = None,
        stop: asyncio.Event | None = None,
    ) -> CloneResult:
        return await clone(client, source_id, metadata, on_progress=on_progress, stop=stop)

    return run


PHASES = {
    "reading": "Reading the items",
    "creating": "Creating the new conversation",
    "copying": "Copying the items",
    "deleting": "Deleting",
    "done": "Done",
}


def clone_problems(rows: list[tuple[str, str]]) -> list[Problem]:
    """The limits the new object's metadata breaks (a new object: its pairs are only these).
    `rows`: the draft's counted rows as (key, value), so a duplicate key is a problem too."""
    found: list[Problem] = []
    seen: set[str] = set()
    for key, value in rows:
        found += check_key(key)
        found += check_value(key, value)
        if key in seen:
            found.append(
                Problem(
                    ProblemCode.KEY_DUPLICATE,
                    Field.KEY,
                    f"Key {key!r} appears more than once; keys must be unique.",
                )
            )
        seen.add(key)
    found += check_pair_count(len(seen), merged=False)
    return found


@dataclass
class ClonePlan:
    """What is cloned: the source and its metadata now, and the exact new set."""

    source_id: str
    current: dict[str, str]
    intended: dict[str, str]

    @property
    def kind(self) -> ResourceKind:
        return parse_id(self.source_id)[0]

    @property
    def from_thread(self) -> bool:
        return self.kind is ResourceKind.THREAD

    @property
    def noun(self) -> str:
        return self.kind.value

    @property
    def children(self) -> str:
        """What the source holds that is copied: items, or a thread's messages."""
        return "messages" if self.from_thread else "items"

    @property
    def dropped(self) -> list[str]:
        """The keys of the source that the new object does not get."""
        return [key for key in self.current if key not in self.intended]

    def title(self) -> str:
        if self.from_thread:
            return f"Clone {self.source_id} into a new conversation"
        return f"Clone {self.source_id} with exact metadata"

    def metadata_lines(self) -> list[tuple[str, str, str]]:
        """(mark, key, value) per pair of the new set, then per dropped key: "+" added,
        "~" changed, " " as now, "-" dropped (not in the new object)."""
        lines: list[tuple[str, str, str]] = []
        for key, value in self.intended.items():
            old = self.current.get(key)
            mark = "+" if old is None else ("~" if old != value else " ")
            lines.append((mark, key, value))
        lines += [("-", key, self.current[key]) for key in self.dropped]
        return lines

    def metadata_summary(self) -> str:
        n = len(self.intended)
        pairs = "no metadata" if not n else f"exactly these {n} pairs"
        if n == 1:
            pairs = "exactly this one pair"
        dropped = self.dropped
        if dropped:
            gone = ", ".join(repr(key) for key in dropped[:3])
            more = f" and {len(dropped) - 3} more" if len(dropped) > 3 else ""
            return f"A new conversation with {pairs}; without {gone}{more}."
        return f"A new conversation with {pairs}."

    def kept_line(self) -> str:
        return (
            f"The old {self.noun} {self.source_id} is kept as it is: nothing on it is "
            "changed or deleted."
        )

    def new_id_warning(self) -> str:
        return (
            f"The new conversation gets a new ID. Anything that refers to {self.source_id} "
            "(code, other systems, saved links) must be changed to the new ID."
        )

    def thread_note(self) -> str | None:
        if not self.from_thread:
            return None
        return (
            "A thread is cloned into a conversation: its messages become message items, in "
            "order; its tool resources (files, vector store) are not carried over, as a "
            "conversation has none."
        )


def count_line(plan: ClonePlan, counted: CloneResult | None, reading: bool = True) -> str:
    """What the clone copies, once read (`counted`: a dry run of the engine)."""
    what = plan.children
    if counted is None:
        return f"Reading the {what} to count them…" if reading else ""
    if counted.error is not None:
        return f"Could not read the {what}: {counted.error}. The clone reads them again."
    if not counted.read:
        return f"No {what}: only the metadata is copied."
    noun = what if counted.read != 1 else what[:-1]
    line = f"{counted.read} {noun}: {counted.total} copied in order (at most 20 per call)"
    if counted.skipped:
        kinds = ", ".join(dict.fromkeys(s.item_type for s in counted.skipped))
        n = len(counted.skipped)
        verb = (
            "cannot be re-created and is skipped"
            if n == 1
            else ("cannot be re-created and are skipped")
        )
        line += f"; {n} {verb} ({kinds})"
    return line + "."


async def count_children(client: ApiClient, source_id: str) -> CloneResult:
    """A dry run of the engine: reads the source's items and makes nothing."""
    from thread_tui.api.clone_runner import clone

    return await clone(client, source_id, {}, plan_only=True)


@dataclass
class CloneRun:
    """One run's state: the progress as it comes, then the result."""

    plan: ClonePlan
    phase: str = "reading"
    copied: int = 0
    total: int | None = None
    skipped: int = 0
    running: bool = False
    stop_asked: bool = False
    result: CloneResult | None = None
    crashed: str | None = None
    """A sentence when the run ended with an exception instead of a result."""
    old_deleted: bool = False
    warnings: list[str] = field(default_factory=list)

    def record(self, progress: CloneProgress) -> None:
        self.phase = progress.phase
        self.copied = progress.copied
        self.total = progress.total
        self.skipped = progress.skipped

    # -- during the run ---------------------------------------------------------------------

    def phase_line(self) -> str:
        if self.stop_asked and self.running:
            return "Stopping: the call in flight finishes, no new one is sent…"
        return PHASES.get(self.phase, self.phase.capitalize()) + "…"

    def count_line(self) -> str:
        total = "?" if self.total is None else str(self.total)
        text = f"{self.copied} of {total} {self.plan.children} copied"
        if self.skipped:
            text += f" · {self.skipped} skipped (cannot be re-created)"
        return text

    # -- the result ------------------------------------------------------------------------

    @property
    def new_id(self) -> str | None:
        return self.result.new_id if self.result is not None else None

    @property
    def succeeded(self) -> bool:
        """The clone is whole: a new object, every re-creatable item copied, no error."""
        return self.result is not None and self.result.complete

    @property
    def skipped_items(self) -> tuple[SkippedItem, ...]:
        return self.result.skipped if self.result is not None else ()

    def headline(self) -> str:
        result = self.result
        if result is None:
            return f"The clone failed: {self.crashed or 'no result'}"
        if self.succeeded:
            return f"Cloned {self.plan.source_id} → {result.new_id}"
        made = f": {result.new_id} is half-made" if result.new_id else ": nothing was created"
        if self.stop_asked:
            return f"The clone was stopped part way{made}"
        return f"The clone failed part way{made}"

    def result_lines(self) -> list[str]:
        result = self.result
        plan = self.plan
        what = plan.children
        if result is None:
            return [f"Nothing is known to be created. {plan.kept_line()}"]
        lines: list[str] = []
        copied = f"{result.copied} of {result.total} {what} copied in order"
        if result.skipped:
            copied += f", {len(result.skipped)} skipped (below)"
        lines.append(f"{copied} · {result.requests} requests.")
        if result.error is not None:
            why = "stopped as asked" if result.interrupted else result.error
            lines.append(f"Why: {why}.")
            if result.uncertain:
                lines.append(
                    f"The last call ({result.uncertain} {what}) was cut short: they may or "
                    "may not be in the new conversation; open it to check."
                )
            if result.new_id is not None:
                lines.append(
                    f"The half-made conversation {result.new_id} holds {result.copied} of "
                    f"{result.total} {what}. Open it to look, or delete it; the old "
                    f"{plan.noun} {plan.source_id} is unchanged."
                )
            else:
                lines.append(f"No new conversation was created. {plan.kept_line()}")
        elif self.old_deleted:
            lines.append(f"The old {plan.noun} {plan.source_id} is deleted.")
        else:
            lines.append(plan.kept_line())
            if result.skipped:
                n = len(result.skipped)
                lost = f"the {n} {what}" if n != 1 else f"the one {what[:-1]}"
                lines.append(f"Deleting it loses {lost} that could not be copied.")
        lines += [f"Note: {note}." for note in dict.fromkeys(result.notes)]
        if result.error is None and result.new_id is not None:
            lines.append(f"Anything that refers to {plan.source_id} must now use {result.new_id}.")
        return lines

    def skipped_lines(self) -> list[tuple[str, str, str]]:
        return [(s.item_id, s.item_type, s.why) for s in self.skipped_items]
