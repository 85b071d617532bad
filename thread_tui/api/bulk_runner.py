"""Apply a bulk change: fetch each object, plan the change against it, send, report.

Items are streamed: `concurrency` workers pull `(id, change)` pairs from one iterator as they
go, so neither the IDs nor their tasks are ever all in memory (a 10,000-ID run holds what
a 1,000-ID one does). Each outcome goes to `on_outcome` as it happens and only counts are
kept. The pacer (`api.pacer`) sits in the client's hooks for the run, so every try is paced.

A stop event (Ctrl+C) lets the objects in flight finish (their GET sent: their POST still
goes) and starts no new ones, not even one already waiting for its slot. A 429 that
outlasts the client's retries is not a failure: the object waits for the pause every worker
now keeps, and is tried again (up to `RATE_LIMIT_ROUNDS` times).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Final

from thread_tui.api.client import ApiClient
from thread_tui.api.errors import ApiError, ClientError, NotFoundError, RateLimitError
from thread_tui.api.pacer import Pacer
from thread_tui.core.bulk_plan import BulkChange, ObjectPlan, plan_change
from thread_tui.core.ids import InvalidIdError, parse_id
from thread_tui.core.inert import inert
from thread_tui.core.resources import ResourceFormatError, parse_resource

STATUSES: Final = (
    "updated",
    "unchanged",
    "would_update",
    "refused",
    "not_found",
    "failed",
    "skipped",
)
SUCCEEDED: Final = frozenset({"updated", "unchanged"})
RATE_LIMIT_ROUNDS: Final = 5
# A 429 that says the quota is spent (not the rate): waiting will not help.
_QUOTA_CODES: Final = frozenset({"insufficient_quota"})

# Per worker task: has the object it is on sent a request yet? (see run_bulk's before_send)
_STARTED: ContextVar[bool] = ContextVar("bulk_object_started", default=False)


class _NotStarted(Exception):
    """The run was stopped before this object's first request was sent."""


Items = AsyncIterable[tuple[str, BulkChange]] | Iterable[tuple[str, BulkChange]]


@dataclass(frozen=True)
class Outcome:
    """What happened to one object. `status` is one of STATUSES: `would_update` is a dry
    run's "would be sent"; `skipped` an ID the caller said to skip (done in an earlier run)."""

    id: str
    status: str
    request_id: str | None
    error: str | None
    resource: dict[str, Any] | None  # the object as the server last returned it
    plan: ObjectPlan | None
    change: BulkChange | None = None  # the change this object was given

    @property
    def succeeded(self) -> bool:
        return self.status in SUCCEEDED


@dataclass
class BulkTotals:
    """Counts per status over a run, and whether it was stopped before the end."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    stopped: bool = False

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def problems(self) -> int:
        """Objects that did not get the change and could have: failed, refused, not found."""
        return sum(self.counts[s] for s in ("failed", "refused", "not_found"))

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


async def run_bulk(
    client: ApiClient,
    items: Items,
    *,
    pacer: Pacer,
    dry_run: bool = False,
    on_outcome: Callable[[Outcome], None],
    stop: asyncio.Event | None = None,
    skip: Callable[[str, BulkChange], bool] | None = None,
) -> BulkTotals:
    """Fetch each object, plan `change` against it, send the body unless `dry_run`.

    `skip(id, change)`: True for an item not to touch (done by an earlier run, as its
    journal says): reported `skipped`, nothing sent. `on_outcome` is called once
    per object in the order they finish; an exception from it stops the run (the requests in
    flight finish, their outcomes are still reported) and is raised at the end."""
    totals = BulkTotals()
    stop = stop or asyncio.Event()
    source = _aiter(items)
    pull = asyncio.Lock()  # one worker at a time advances the iterator
    failure: list[BaseException] = []
    hooks = (client.before_send, client.on_response)

    async def before_send() -> None:
        """The pacer's slot; for an object with nothing sent yet, given up when the run is
        stopped meanwhile (it is not in flight: it is left for a rerun, not reported)."""
        if _STARTED.get():
            await pacer.acquire()
            return
        slot = asyncio.ensure_future(pacer.acquire())
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({slot, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not slot.done():
            slot.cancel()  # acquire takes its slot only once its waiting is over
            raise _NotStarted
        slot.result()
        _STARTED.set(True)

    client.before_send, client.on_response = before_send, pacer.on_response

    def report(outcome: Outcome) -> None:
        totals.add(outcome)
        try:
            on_outcome(outcome)
        except Exception as exc:  # the caller's record failed: stop, and say so at the end
            if not failure:
                failure.append(exc)
            stop.set()

    async def next_item() -> tuple[str, BulkChange] | None:
        async with pull:
            if stop.is_set():
                return None
            try:
                return await anext(source)
            except StopAsyncIteration:
                return None

    async def worker() -> None:
        while (item := await next_item()) is not None:
            resource_id, change = item
            if skip is not None and skip(resource_id, change):
                report(Outcome(resource_id, "skipped", None, None, None, None, change))
                continue
            _STARTED.set(False)
            try:
                outcome = await _one(client, pacer, resource_id, change, dry_run=dry_run)
            except _NotStarted:
                return
            report(replace(outcome, change=change))

    try:
        workers = [asyncio.create_task(worker()) for _ in range(pacer.concurrency)]
        try:
            await asyncio.gather(*workers)
        except BaseException:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            raise
    finally:
        client.before_send, client.on_response = hooks
        close = getattr(source, "aclose", None)
        if close is not None:
            await close()
    totals.stopped = stop.is_set()
    if failure:
        raise failure[0]
    return totals


async def _one(
    client: ApiClient, pacer: Pacer, resource_id: str, change: BulkChange, *, dry_run: bool
) -> Outcome:
    try:
        parse_id(resource_id)
    except InvalidIdError as exc:
        return Outcome(
            resource_id, "refused", None, f"{inert(resource_id[:80])!r}: {exc}", None, None
        )
    got = await _call(client, pacer, "GET", resource_id, None)
    if isinstance(got, Outcome):
        return got
    current, _ = got
    plan = plan_change(change, current)
    if plan.refusal is not None:
        return Outcome(resource_id, "refused", None, plan.refusal, current, plan)
    if plan.body is None:
        return Outcome(resource_id, "unchanged", None, None, current, plan)
    if dry_run:
        return Outcome(resource_id, "would_update", None, None, current, plan)
    sent = await _call(client, pacer, "POST", resource_id, plan.body, plan=plan)
    if isinstance(sent, Outcome):
        return sent
    updated, request_id = sent
    mismatch = _mismatch(plan, updated)
    if mismatch:
        return Outcome(resource_id, "failed", request_id, mismatch, updated, plan)
    return Outcome(resource_id, "updated", request_id, None, updated, plan)


async def _call(
    client: ApiClient,
    pacer: Pacer,
    method: str,
    resource_id: str,
    body: dict[str, Any] | None,
    *,
    plan: ObjectPlan | None = None,
) -> tuple[dict[str, Any], str | None] | Outcome:
    """One GET or POST (with the client's retries, and more rounds after a rate limit):
    the object and its request id, or the Outcome that ends this object."""
    rounds = 0
    while True:
        try:
            data = await client.call_json(method, resource_id, body)
        except RateLimitError as exc:
            rounds += 1
            if exc.code in _QUOTA_CODES or rounds > RATE_LIMIT_ROUNDS:
                return _failed(resource_id, exc, plan)
            # The pacer holds every worker until the server's wait is over; this one too.
            continue
        except NotFoundError as exc:
            return Outcome(resource_id, "not_found", exc.request_id, _said(exc), None, plan)
        except ClientError as exc:
            return _failed(resource_id, exc, plan)
        # No await since the client recorded this answer: the last exchange is this call's.
        exchange = client.last_exchange
        return data, exchange.request_id if exchange is not None else None


def _failed(resource_id: str, exc: ClientError, plan: ObjectPlan | None) -> Outcome:
    request_id = exc.request_id if isinstance(exc, ApiError) else None
    return Outcome(resource_id, "failed", request_id, _said(exc), None, plan)


def _said(exc: ClientError) -> str:
    return inert(exc.user_message())


def _mismatch(plan: ObjectPlan, returned: dict[str, Any]) -> str | None:
    """How the server's answer differs from what the plan intended, or None."""
    if plan.expected is None:
        return None
    try:
        kind, _ = parse_id(plan.id)
        resource = parse_resource(kind, returned)
    except (InvalidIdError, ResourceFormatError):
        return None  # call_json has checked the shape already
    problems = plan.expected.check(resource)
    if not problems:
        return None
    return "sent, but the server's answer differs: " + inert("; ".join(problems[:3]))


async def _from_sync(
    items: Iterable[tuple[str, BulkChange]],
) -> AsyncIterator[tuple[str, BulkChange]]:
    for item in items:
        yield item


def _aiter(items: Items) -> AsyncIterator[tuple[str, BulkChange]]:
    if isinstance(items, AsyncIterable):
        return aiter(items)
    return _from_sync(items)
