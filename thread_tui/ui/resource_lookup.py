"""The app's cache of file and vector store details, and the lookup of the ones it lacks.

One `DetailCache` per running app: a picker puts in it the listed details of the IDs chosen
when it closes (never one per listed file: a list may hold 10,000), and the tools
panel looks up what is still missing (`GET /files/{id}`, `GET /vector_stores/{id}`) a few at a
time. A lookup's failure becomes an entry that says so; nothing here raises but cancellation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from thread_tui.core.resource_details import DetailCache, Entry, Failed, Kind, Missing

if TYPE_CHECKING:
    from textual.app import App

    from thread_tui.api import ApiClient

CONCURRENCY = 4  # lookups in flight at once: 21 IDs must not be 21 connections
_CACHES: WeakKeyDictionary[App[object], DetailCache] = WeakKeyDictionary()


def detail_cache(app: App[object]) -> DetailCache:
    """The running app's cache (made on first use; it lives as long as the app)."""
    cache = _CACHES.get(app)
    if cache is None:
        cache = _CACHES[app] = DetailCache()
    return cache


async def look_up(
    client: ApiClient,
    cache: DetailCache,
    wanted: Iterable[tuple[Kind, str]],
    on_entry: Callable[[Entry], object] | None = None,
) -> None:
    """Fetch each (kind, id) in `wanted`, at most CONCURRENCY at once, into `cache`;
    `on_entry` is called as each answer (or failure) is kept."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(kind: Kind, item_id: str) -> None:
        async with gate:
            entry = await _fetch(client, kind, item_id)
        cache.put(entry, looked_up=True)
        if on_entry is not None:
            on_entry(entry)

    await asyncio.gather(*(one(kind, item_id) for kind, item_id in wanted))


async def _fetch(client: ApiClient, kind: Kind, item_id: str) -> Entry:
    from thread_tui.api import ClientError, NotFoundError

    try:
        if kind == "file":
            return await client.get_file_detail(item_id)
        return await client.get_vector_store_detail(item_id)
    except NotFoundError:
        return Missing(item_id, kind)
    except ClientError as exc:
        return Failed(item_id, kind, exc.user_message())
    except Exception as exc:  # a bug in a lookup must not end the editor
        return Failed(item_id, kind, f"unexpected {type(exc).__name__} while looking it up")
