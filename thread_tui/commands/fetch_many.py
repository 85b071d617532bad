"""Fetch many threads and conversations with at most N requests in flight: `import` and
`get --ids` share it.

The IDs are pulled from their iterator only as a slot frees up, so a 100,000-line list never
becomes 100,000 tasks (or 100,000 IDs in memory): at most `concurrency` tasks exist at once.
Each fetch ends as one `Fetched`: the object, a 404 ("not_found"), or any other error
("failed", with the reason in a sentence, inert).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from thread_tui.api import ApiClient

Status = Literal["ok", "not_found", "failed"]


@dataclass(frozen=True)
class Fetched:
    """The end of one fetch; `obj` is the server's JSON object when `status` is "ok"."""

    id: str
    status: Status
    obj: dict[str, Any] | None = None
    error: str | None = None


async def fetch_one(client: ApiClient, resource_id: str) -> Fetched:
    """GET one object as the server sent it (checked as `get` checks it), or why not."""
    from thread_tui.api import ApiError, ClientError

    try:
        obj = await client.call_json("GET", resource_id)
    except ApiError as exc:
        status: Status = "not_found" if exc.status == 404 else "failed"
        return Fetched(resource_id, status, error=exc.user_message())
    except ClientError as exc:
        return Fetched(resource_id, "failed", error=exc.user_message())
    return Fetched(resource_id, "ok", obj=obj)


async def fetch_each(
    client: ApiClient, ids: Iterable[str], *, concurrency: int, ordered: bool
) -> AsyncIterator[Fetched]:
    """Each ID's `Fetched`, with at most `concurrency` requests in flight.

    `ordered`: in the order of `ids` (export: the output follows the list; a slow answer
    holds back the ones after it); else as they finish (import: no waiting on a slow one).
    Closing the iterator, or cancelling its consumer (Ctrl+C), cancels what is in flight.
    """
    source: Iterator[str] = iter(ids)
    running: deque[asyncio.Task[Fetched]] = deque()

    def start_next() -> bool:
        resource_id = next(source, None)
        if resource_id is None:
            return False
        running.append(asyncio.ensure_future(fetch_one(client, resource_id)))
        return True

    try:
        while len(running) < concurrency and start_next():
            pass
        while running:
            if ordered:
                done = await running[0]
                running.popleft()
            else:
                finished, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                task = next(iter(finished))
                running.remove(task)
                done = task.result()
            start_next()
            yield done
    finally:
        for task in running:
            task.cancel()
        for task in running:
            with contextlib.suppress(asyncio.CancelledError):
                await task
