"""Reading the catalog (storage/catalog.py) into the lookup's in-memory index.

In a thread: the catalog is thread-safe (one lock around its connection, free between the
batches it reads), and a 100,000-object catalog takes about a second to index. The app's
loop keeps answering keys meanwhile; the index is handed over only when it is complete.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from thread_tui.core.catalog_view import CatalogIndex

if TYPE_CHECKING:
    from thread_tui.storage.catalog import Catalog


def build_index(catalog: Catalog) -> CatalogIndex:
    """Every object in the catalog (not the deleted ones), in a fresh index."""
    from thread_tui.storage.catalog import CatalogQuery

    index = CatalogIndex.build(catalog.iter_query(CatalogQuery(order_by="id", descending=False)))
    index.prepare()  # here, not on the first keystroke
    return index


async def load_index(catalog: Catalog) -> CatalogIndex:
    return await asyncio.to_thread(build_index, catalog)


def refresh_row(index: CatalogIndex, catalog: Catalog, resource_id: str) -> None:
    """Read one object's row again: gone or deleted, it leaves the index."""
    entry = catalog.get(resource_id)
    if entry is None or entry.deleted:
        index.remove(resource_id)
    else:
        index.upsert(entry)


def count_live(catalog: Catalog) -> int:
    from thread_tui.storage.catalog import CatalogQuery

    return catalog.count(CatalogQuery())
