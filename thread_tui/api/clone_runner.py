"""The clone engine: a new conversation with exact metadata and the source's items, in order.

`clone` reads the source (one GET), all its items oldest first (pages of 100), turns each
into an input item (`core.clone_plan`), then creates the new conversation with the first 20
in the create call and adds the rest 20 a call, in order: the fewest requests the API allows.
Everything is read before anything is made, so a failed read leaves nothing behind.

It never deletes anything (the caller deletes the old object after a confirm) and never
raises an API error: a failure part way is a `CloneResult` with `error` set, naming the
half-made copy and how far it got. `stop` (an event) stops it between calls, and cuts a call
in flight short; the result then says the last call may or may not have been made.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol, TypeVar

from thread_tui.api.errors import ApiError, ClientError
from thread_tui.core import clone_plan
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.inert import inert

PAGE_SIZE: Final = 100  # the API's largest page of items or messages
BATCH: Final = 20  # items per create or add call (core.item_input.MAX_ITEMS_PER_CALL)
MAX_ITEMS: Final = 50_000  # more is refused before anything is made: a hostile server's list
INTERRUPTED: Final = "interrupted (Ctrl+C)"
T = TypeVar("T")


class CloneClient(Protocol):
    """The `ApiClient` methods a clone uses (tests pass a fake)."""

    async def call_json(
        self,
        method: str,
        resource_id: str | None,
        body: dict[str, Any] | None = None,
        *,
        kind: ResourceKind | None = None,
    ) -> dict[str, Any]: ...

    async def list_items_page(
        self,
        conversation_id: str,
        *,
        limit: int = 20,
        order: str = "desc",
        after: str | None = None,
    ) -> dict[str, Any]: ...

    async def list_messages_page(
        self, thread_id: str, *, limit: int = 20, order: str = "desc", after: str | None = None
    ) -> dict[str, Any]: ...

    async def create_conversation_with_items(
        self, metadata: Mapping[str, str], items: Sequence[Mapping[str, Any]] = ()
    ) -> dict[str, Any]: ...

    async def add_items(
        self, conversation_id: str, items: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class CloneProgress:
    phase: str  # "reading" | "creating" | "copying" | "deleting" | "done"
    copied: int
    total: int | None
    skipped: int
    new_id: str | None = None


@dataclass(frozen=True)
class SkippedItem:
    item_id: str
    item_type: str
    why: str  # why it cannot be re-created


@dataclass(frozen=True)
class CloneResult:
    source_id: str
    new_id: str | None
    new_object: dict[str, Any] | None
    copied: int
    skipped: tuple[SkippedItem, ...]
    requests: int
    error: str | None  # set when it stopped part way (new_id then names the half-made copy)
    total: int = 0  # the items to copy (read and re-creatable)
    read: int = 0  # the items (or messages) read from the source
    notes: tuple[str, ...] = ()  # what is left behind besides skipped items
    interrupted: bool = False
    uncertain: int = 0  # items of a call cut short: added or not, the server alone knows
    failure: Exception | None = field(default=None, compare=False, repr=False)  # the error

    @property
    def complete(self) -> bool:
        """Every re-creatable item was copied (skipped items aside)."""
        return self.error is None and self.new_id is not None and self.copied == self.total


@dataclass
class _Run:
    """What a clone has done so far: the result is built from it however it ends."""

    source_id: str
    stop: asyncio.Event | None
    on_progress: Callable[[CloneProgress], None] | None
    requests: int = 0
    read: int = 0
    total: int = 0
    copied: int = 0
    uncertain: int = 0
    new_id: str | None = None
    new_object: dict[str, Any] | None = None
    skipped: list[SkippedItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tell(self, phase: str, total: int | None = None) -> None:
        if self.on_progress is not None:
            self.on_progress(
                CloneProgress(phase, self.copied, total, len(self.skipped), self.new_id)
            )

    async def call(self, action: Awaitable[T]) -> T:
        """One request, counted; cut short when `stop` is set (raises _Stopped)."""
        if self.stop is not None and self.stop.is_set():
            if asyncio.iscoroutine(action):
                action.close()
            raise _Stopped(sent=False)
        self.requests += 1
        if self.stop is None:
            return await action
        task = asyncio.ensure_future(action)
        waiter = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait((task, waiter), return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):  # its outcome is unknown
            await task
        raise _Stopped(sent=True)

    def result(
        self, error: str | None, *, interrupted: bool = False, failure: Exception | None = None
    ) -> CloneResult:
        return CloneResult(
            source_id=self.source_id,
            new_id=self.new_id,
            new_object=self.new_object,
            copied=self.copied,
            skipped=tuple(self.skipped),
            requests=self.requests,
            error=error,
            total=self.total,
            read=self.read,
            notes=tuple(self.notes),
            interrupted=interrupted,
            uncertain=self.uncertain,
            failure=failure,
        )


class _Stopped(Exception):
    def __init__(self, *, sent: bool) -> None:
        super().__init__()
        self.sent = sent


async def clone(
    client: CloneClient,
    source_id: str,
    metadata: Mapping[str, str],
    *,
    on_progress: Callable[[CloneProgress], None] | None = None,
    stop: asyncio.Event | None = None,
    source: Mapping[str, Any] | None = None,
    plan_only: bool = False,
) -> CloneResult:
    """Clone `source_id` (conv_… or thread_…; a thread's messages become message items) into
    a new conversation whose metadata is exactly `metadata`. `source`: the source object when
    the caller has fetched it already (saves the GET). `plan_only`: read, and make nothing (a
    dry run: `total` and `skipped` say what a clone would do). Never deletes anything."""
    run = _Run(source_id, stop, on_progress)
    try:
        kind, _ = parse_id(source_id)
    except InvalidIdError as exc:
        return run.result(f"{source_id!r}: {exc}")
    batch: Sequence[Mapping[str, Any]] = ()
    try:
        run.tell("reading")
        if source is None:
            source = await run.call(client.call_json("GET", source_id))
        if kind is ResourceKind.THREAD:
            _thread_notes(run, source)
        items = await _read_items(run, client, kind)
        run.total = len(items)
        if plan_only:
            return run.result(None)
        run.tell("creating", run.total)
        batch = items[:BATCH]
        created = await run.call(client.create_conversation_with_items(dict(metadata), batch))
        new_id = created.get("id") if isinstance(created, Mapping) else None
        if not isinstance(new_id, str) or not new_id.startswith("conv_"):
            return run.result("the server's answer to the create call has no conversation ID")
        run.new_id, run.new_object, run.copied = new_id, dict(created), len(batch)
        run.tell("copying", run.total)
        for start in range(BATCH, len(items), BATCH):
            batch = items[start : start + BATCH]
            await run.call(client.add_items(new_id, batch))
            run.copied += len(batch)
            run.tell("copying", run.total)
    except _Stopped as stopped:
        if stopped.sent and batch:  # a create or add call was cut short
            run.uncertain = len(batch)
        return run.result(INTERRUPTED, interrupted=True)
    except ApiError as exc:
        return run.result(_api_failure(exc), failure=exc)
    except (ClientError, ValueError) as exc:
        return run.result(_failure_text(exc), failure=exc)
    run.tell("done", run.total)
    return run.result(None)


async def _read_items(run: _Run, client: CloneClient, kind: ResourceKind) -> list[dict[str, Any]]:
    """Every item (or message) of the source, oldest first, as input items; the ones that
    cannot be re-created go to `run.skipped`."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    after: str | None = None
    while True:
        if kind is ResourceKind.THREAD:
            page = await run.call(
                client.list_messages_page(run.source_id, limit=PAGE_SIZE, order="asc", after=after)
            )
        else:
            page = await run.call(
                client.list_items_page(run.source_id, limit=PAGE_SIZE, order="asc", after=after)
            )
        data = page.get("data") if isinstance(page, Mapping) else None
        if not isinstance(data, list):
            raise ClientError("the server's list of items has no data list")
        for entry in data:
            run.read += 1
            if kind is ResourceKind.THREAD:
                made, why = clone_plan.message_as_item(entry)
                if made is not None:
                    run.notes.extend(clone_plan.message_notes(entry))
            else:
                made, why = clone_plan.recreatable(entry)
            if made is None:
                what = clone_plan.item_id(entry), clone_plan.item_type(entry)
                run.skipped.append(SkippedItem(*what, why or "cannot be re-created"))
            else:
                items.append(made)
        if run.read > MAX_ITEMS:
            raise ClientError(f"the source has more than {MAX_ITEMS} items: not cloned")
        run.tell("reading")
        last = page.get("last_id") or (clone_plan.item_id(data[-1]) if data else None)
        if not page.get("has_more") or not isinstance(last, str) or last in seen or not data:
            return items
        seen.add(last)
        after = last


def _thread_notes(run: _Run, thread: Mapping[str, Any]) -> None:
    resources = thread.get("tool_resources")
    if isinstance(resources, Mapping) and any(
        isinstance(section, Mapping) and any(section.values()) for section in resources.values()
    ):
        run.notes.append(
            "the thread's tool_resources are not copied: a conversation has none "
            "(attach the files and vector stores to the model request instead)"
        )


def _api_failure(exc: ApiError) -> str:
    said = f"{exc.method} {exc.url}: {exc.status} {exc.reason_phrase}"
    return inert(f"{said}: {exc.user_message()}")


def _failure_text(exc: Exception) -> str:
    text = exc.user_message() if isinstance(exc, ClientError) else str(exc)
    return inert(text)


def minimum_requests(items: int, *, reads_source: bool = True) -> int:
    """The fewest requests a clone of `items` items can make: the GET of the source, the
    pages of items (at least one), one create, and an add call for every 20 past the first 20
    (issue 13's figure counts a create plus ceil(items/20) item calls, one more than this)."""
    pages = max(math.ceil(items / PAGE_SIZE), 1)
    adds = max(math.ceil(items / BATCH) - 1, 0)
    return int(reads_source) + pages + 1 + adds
