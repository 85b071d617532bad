"""The bulk editor's state, no Textual: the IDs, the change being written, what each object
holds now, and the outcomes of a run.

`BulkSession` holds the change as a `Draft` of a new thread (so the metadata grid, its
counters and its problems are the editor's own) and the current state of every selected
object, fetched with bounded concurrency. Each object's validity is `plan_change` of the
change against its own state (a pair limit depends on the keys it already has), summed up by
`summarise`; `Review` groups the plans for the review dialog. `BulkRun` keeps the latest
outcome per ID of a run (and of its retries) for the progress view.

Nothing here draws: the screens turn these texts into inert Text (server text included).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from thread_tui.core.bulk_plan import BulkChange, ObjectPlan, plan_change, summarise
from thread_tui.core.draft import Draft
from thread_tui.core.ids import ResourceKind, check_id
from thread_tui.core.problems import Problem

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.api.bulk_runner import Outcome

FETCH_CONCURRENCY = 8  # GETs in flight while the editor checks the objects' current state
MAX_PASTED_IDS = 100_000
CANCEL_EVERY = 64  # objects planned between two looks at whether a newer check replaced this


# -- the IDs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PastedIds:
    """IDs found in pasted text (one per line, or separated by spaces or commas), unique and
    in order, and one sentence per piece that is not an ID."""

    ids: tuple[str, ...]
    problems: tuple[str, ...]


def split_ids(text: str) -> PastedIds:
    ids: dict[str, None] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for piece in line.replace(",", " ").split():
            verdict = check_id(piece)
            if verdict.ok:
                ids.setdefault(piece, None)
            elif len(problems) < 5:
                problems.append(f"line {number}: {piece[:40]!r}: {verdict.problem}")
            else:
                problems.append("…")
                break
    if len(ids) > MAX_PASTED_IDS:
        problems.append(f"{len(ids)} IDs: at most {MAX_PASTED_IDS} at once.")
    return PastedIds(tuple(ids), tuple(dict.fromkeys(problems)))


def kind_of(resource_id: str) -> ResourceKind:
    return ResourceKind.CONVERSATION if resource_id.startswith("conv_") else ResourceKind.THREAD


# -- the objects' current state -----------------------------------------------------------


@dataclass(frozen=True)
class Fetched:
    """One object as the last fetch found it: its JSON, or why there is none."""

    id: str
    current: Mapping[str, Any] | None
    problem: str | None = None
    not_found: bool = False


async def fetch_one(client: ApiClient, resource_id: str) -> Fetched:
    from thread_tui.api.errors import ClientError, NotFoundError

    try:
        resource = await client.get_resource(resource_id)
    except NotFoundError:
        return Fetched(resource_id, None, "not found", not_found=True)
    except ClientError as error:
        return Fetched(resource_id, None, error.user_message())
    return Fetched(resource_id, resource.to_json())


# -- the review --------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusals:
    """The objects refused for one reason (REASON_… of core.bulk_plan), each with its
    sentence ("17 metadata pairs (counting the keys the server keeps) …")."""

    reason: str
    objects: tuple[tuple[str, str], ...]

    @property
    def count(self) -> int:
        return len(self.objects)


@dataclass(frozen=True)
class Review:
    """What a run would do, by group: the plans of the fetched objects and the others."""

    total: int
    sends: tuple[tuple[int, tuple[str, ...]], ...]  # (how many, the diff they get)
    refused: tuple[Refusals, ...]
    noop: int
    not_found: tuple[str, ...]
    unreadable: tuple[tuple[str, str], ...]  # (id, why it could not be fetched)
    unchecked: int
    skipped_tools: int  # conversations: the change's tool_resources do not apply

    @property
    def sending(self) -> int:
        return sum(count for count, _diff in self.sends)

    def lines(self) -> list[str]:
        """One line per group, as the review dialog's summary starts."""
        lines = [f"{self.sending} of {self.total} get the change"]
        lines += [f"{group.count} refused: {group.reason}" for group in self.refused]
        if self.noop:
            lines.append(f"{self.noop} already hold it (nothing to send)")
        if self.not_found:
            lines.append(f"{len(self.not_found)} not found")
        if self.unreadable:
            lines.append(f"{len(self.unreadable)} could not be fetched")
        if self.unchecked:
            lines.append(f"{self.unchecked} not checked yet")
        if self.skipped_tools:
            lines.append(skipped_line(self.skipped_tools))
        return lines


def skipped_line(conversations: int) -> str:
    if conversations == 1:
        return "1 is a conversation: tool resources skipped"
    return f"{conversations} are conversations: tool resources skipped"


@dataclass(frozen=True)
class Evaluation:
    """The change checked against the states fetched so far (`fetched` of them)."""

    change: BulkChange
    fetched: int
    lines: tuple[str, ...]
    review: Review


# -- the session -------------------------------------------------------------------------


class BulkSession:
    """One bulk edit: the IDs, the change (a draft), and each object's state when fetched."""

    def __init__(
        self,
        ids: Sequence[str],
        *,
        client: Callable[[], ApiClient],
        concurrency: int = FETCH_CONCURRENCY,
    ) -> None:
        self.ids: tuple[str, ...] = tuple(dict.fromkeys(ids))
        self._client = client
        self.concurrency = max(1, concurrency)
        # A new thread's draft: its pair count is the change's own, and its checks are the
        # editor's (key length, duplicates, value length). Never sent as it is.
        self.draft = Draft.new(ResourceKind.THREAD)
        self.fetched: dict[str, Fetched] = {}
        self.fetching = False
        # The tool_resources part (threads only): None leaves them as they are.
        self.replace_file_ids: list[str] | None = None
        self.replace_store_id: str | None = None

    # -- what the selection is --------------------------------------------------------------

    @property
    def conversations(self) -> int:
        return sum(1 for i in self.ids if i.startswith("conv_"))

    @property
    def threads(self) -> int:
        return len(self.ids) - self.conversations

    def selection_line(self) -> str:
        n = len(self.ids)
        parts = []
        if self.threads:
            parts.append(f"{self.threads} thread{'s' if self.threads != 1 else ''}")
        if self.conversations:
            c = self.conversations
            parts.append(f"{c} conversation{'s' if c != 1 else ''}")
        return f"{n} object{'s' if n != 1 else ''} ({', '.join(parts) or 'none'})"

    # -- the change ---------------------------------------------------------------------

    def change(self) -> BulkChange:
        tools: dict[str, Any] | None = None
        if self.replace_file_ids is not None or self.replace_store_id is not None:
            tools = {}
            if self.replace_file_ids is not None:
                tools["code_interpreter"] = {"file_ids": list(self.replace_file_ids)}
            if self.replace_store_id is not None:
                stores = [self.replace_store_id] if self.replace_store_id else []
                tools["file_search"] = {"vector_store_ids": stores}
        return BulkChange(metadata=self.draft.intended_metadata(), tool_resources=tools)

    def change_for(self, resource_id: str, change: BulkChange | None = None) -> BulkChange:
        """The change as one object gets it: a conversation has no tool_resources, so it
        gets the metadata part only (its tool resources are skipped, not refused)."""
        change = change if change is not None else self.change()
        if change.tool_resources is not None and resource_id.startswith("conv_"):
            return BulkChange(metadata=change.metadata)
        return change

    def change_problems(self) -> list[Problem]:
        return self.draft.problems()

    def change_is_empty(self) -> bool:
        return self.change().is_empty

    def block_reason(self, problems: list[Problem] | None = None) -> str | None:
        """Why the review cannot open yet, in one sentence; None when it can."""
        if problems is None:
            problems = self.change_problems()
        if problems:
            extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return f"Fix first: {problems[0].message}{extra}"
        if self.change_is_empty():
            return "Nothing to send: add a key and value to set on every object."
        if not self.ids:
            return "No objects selected."
        return None

    # -- the objects' state -----------------------------------------------------------------

    async def fetch(self, on_fetched: Callable[[Fetched], None]) -> None:
        """Fetch every object's current state, at most `concurrency` at a time; each result
        goes to `on_fetched` as it comes. IDs are handed out one by one from a shared
        iterator, so no more than `concurrency` requests are ever started ahead."""
        self.fetched.clear()
        self.fetching = True
        client = self._client()
        pending: Iterator[str] = iter(self.ids)

        async def fetcher() -> None:
            for resource_id in pending:
                found = await fetch_one(client, resource_id)
                self.fetched[resource_id] = found
                on_fetched(found)

        try:
            workers = min(self.concurrency, len(self.ids))
            await asyncio.gather(*(fetcher() for _ in range(workers)))
        finally:
            self.fetching = False

    def fetch_line(self) -> str:
        """The progress line of the fetch: how many are checked, and what went wrong."""
        done = len(self.fetched)
        total = len(self.ids)
        missing = sum(1 for f in self.fetched.values() if f.not_found)
        broken = sum(1 for f in self.fetched.values() if f.current is None and not f.not_found)
        extra = ""
        if missing:
            extra += f" · {missing} not found"
        if broken:
            extra += f" · {broken} could not be fetched"
        if self.fetching or done < total:
            return f"Checking each object's current state… {done} of {total}{extra}"
        return f"Checked the current state of all {total}{extra} · Ctrl+R checks again"

    def evaluate(
        self,
        change: BulkChange | None = None,
        fetched: Mapping[str, Fetched] | None = None,
        *,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Evaluation | None:
        """The change planned against every fetched object: the validity lines and the
        review. Pure (it reads `fetched`, a copy the caller may take), so a thread can run
        it; None when `cancelled()` turned true on the way (a newer change is being checked).
        """
        change = change if change is not None else self.change()
        fetched = self.fetched if fetched is None else fetched
        plans: list[ObjectPlan] = []
        for index, resource_id in enumerate(self.ids):
            if index % CANCEL_EVERY == 0 and cancelled():
                return None
            found = fetched.get(resource_id)
            if found is not None and found.current is not None:
                plans.append(plan_change(self.change_for(resource_id, change), found.current))
        review = self._review(change, plans, fetched)
        lines: list[str] = []
        if not change.is_empty:
            # Counted "of" the whole selection: "3 of 120", the unfetched ones included.
            lines = dataclasses.replace(summarise(plans), total=len(self.ids)).lines()
            if review.skipped_tools:
                lines.append(skipped_line(review.skipped_tools))
            if review.not_found:
                lines.append(f"{len(review.not_found)} not found")
            if review.unreadable:
                lines.append(f"{len(review.unreadable)} could not be fetched")
            if review.unchecked:
                lines.append(f"{review.unchecked} not checked yet")
        return Evaluation(change, len(fetched), tuple(lines), review)

    def evaluation(self) -> Evaluation:
        """`evaluate` of the change and the states as they are now, here and now."""
        found = self.evaluate()
        assert found is not None  # never cancelled
        return found

    def validity_lines(self) -> list[str]:
        """Per-object validity ("3 of 120 would exceed 16 pairs"): the bulk summary of the
        fetched objects' plans, and what could not be checked."""
        return list(self.evaluation().lines)

    def review(self) -> Review:
        return self.evaluation().review

    def _review(
        self, change: BulkChange, plans: list[ObjectPlan], fetched: Mapping[str, Fetched]
    ) -> Review:
        sends: Counter[tuple[str, ...]] = Counter(p.diff for p in plans if p.body is not None)
        refused: dict[str, list[tuple[str, str]]] = {}
        for plan in plans:
            if plan.refusal is not None:
                group = refused.setdefault(plan.reason or plan.refusal, [])
                group.append((plan.id, plan.refusal))
        found = [fetched[i] for i in self.ids if i in fetched]
        return Review(
            total=len(self.ids),
            sends=tuple(sorted(((n, d) for d, n in sends.items()), key=lambda s: -s[0])),
            refused=tuple(
                sorted(
                    (Refusals(reason, tuple(objects)) for reason, objects in refused.items()),
                    key=lambda group: -group.count,
                )
            ),
            noop=sum(1 for p in plans if p.noop),
            not_found=tuple(f.id for f in found if f.not_found),
            unreadable=tuple(
                (f.id, f.problem or "") for f in found if f.current is None and not f.not_found
            ),
            unchecked=len(self.ids) - len(found),
            skipped_tools=self.conversations if change.tool_resources is not None else 0,
        )

    def items(self, ids: Iterable[str] | None = None) -> list[tuple[str, BulkChange]]:
        """What `run_bulk` is given: each ID with the change (it fetches and checks again)."""
        change = self.change()
        chosen = self.ids if ids is None else ids
        return [(resource_id, self.change_for(resource_id, change)) for resource_id in chosen]


# -- a run ------------------------------------------------------------------------------------

OUTCOME_ORDER = (
    "updated",
    "unchanged",
    "would_update",
    "refused",
    "not_found",
    "failed",
    "skipped",
)
OUTCOME_LABELS = {
    "updated": "updated",
    "would_update": "would update",
    "unchanged": "unchanged",
    "refused": "refused",
    "not_found": "not found",
    "failed": "failed",
    "skipped": "skipped",
}


@dataclass
class BulkRun:
    """The outcomes of a run over `ids`, the latest per ID (a retry replaces a failure)."""

    ids: tuple[str, ...]
    latest: dict[str, Outcome] = field(default_factory=dict)
    history: list[Outcome] = field(default_factory=list)
    stopped: bool = False
    running: bool = False

    def record(self, outcome: Outcome) -> None:
        self.latest[outcome.id] = outcome
        self.history.append(outcome)

    @property
    def done(self) -> int:
        return len(self.latest)

    @property
    def total(self) -> int:
        return len(self.ids)

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.latest.values())

    def failed_ids(self) -> list[str]:
        failed = {i for i, outcome in self.latest.items() if outcome.status == "failed"}
        return [i for i in self.ids if i in failed]

    def unsent_ids(self) -> list[str]:
        return [i for i in self.ids if i not in self.latest]

    def start_retry(self, ids: Iterable[str]) -> list[str]:
        """Forget the outcomes of `ids` (they are sent again); returns them."""
        again = [i for i in ids if i in self.latest]
        for resource_id in again:
            del self.latest[resource_id]
        self.stopped = False
        return again

    def counts_line(self) -> str:
        counts = self.counts()
        parts = [f"{counts[s]} {OUTCOME_LABELS[s]}" for s in OUTCOME_ORDER if counts[s]]
        left = self.total - self.done
        if left:
            parts.append(f"{left} {'not sent' if self.stopped else 'to go'}")
        return " · ".join(parts) or "nothing yet"

    def summary_line(self) -> str:
        """The line at the end of a run (or after a stop)."""
        counts = self.counts()
        if self.running:
            return f"Sending… {self.done} of {self.total}"
        head = "Stopped" if self.stopped else "Done"
        ok = counts["updated"] + counts["unchanged"]
        failed = counts["failed"]
        tail = f"; {failed} failed: Retry failed sends them again" if failed else ""
        return f"{head}: {ok} of {self.total} hold the change{tail}."
