"""The statement `ls` runs sorts with SQLite's plain sorter when nothing bounds it: with a
LIMIT (even `LIMIT -1`) SQLite sorts into a b-tree it can trim instead, about twice the work
(bench/README.md, `ls --where` over 100,000 objects). Limits and offsets still apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from thread_tui.storage.catalog import Catalog, CatalogQuery


def _objects(n: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"thread_{i:04d}",
            "object": "thread",
            "created_at": 1_700_000_000 + i,
            "metadata": {"team": "core" if i % 3 else "payments"},
        }
        for i in range(n)
    ]


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    seen = iter(range(1000, 100_000))
    made = Catalog.open(tmp_path / "catalog.sqlite3", now=lambda: float(next(seen)))
    for obj in _objects(30):  # one write each: a last_seen of its own
        made.record(obj)
    return made


def _opcodes_of_listing(catalog: Catalog, query: CatalogQuery) -> tuple[list[str], set[str]]:
    statements: list[str] = []
    catalog._conn.set_trace_callback(statements.append)
    ids = list(catalog.query_ids(query))
    catalog._conn.set_trace_callback(None)
    select = next(s for s in statements if s.lstrip().upper().startswith("SELECT"))
    # The traced text has its parameters bound in: EXPLAIN it as it ran.
    ops = {row[1] for row in catalog._conn.execute(f"EXPLAIN {select}")}
    return ids, ops


def test_an_unbounded_where_listing_uses_the_plain_sorter(catalog: Catalog) -> None:
    ids, ops = _opcodes_of_listing(catalog, CatalogQuery(where=(("team", "payments"),)))
    assert ids == [f"thread_{i:04d}" for i in range(27, -1, -3)]  # most recently seen first
    assert "SorterOpen" in ops  # the merge sorter, not an ephemeral b-tree trimmed per row
    assert "OffsetLimit" not in ops


def test_a_limit_and_an_offset_still_bound_the_listing(catalog: Catalog) -> None:
    query = CatalogQuery(where=(("team", "payments"),), limit=2, offset=1)
    ids, ops = _opcodes_of_listing(catalog, query)
    assert ids == ["thread_0024", "thread_0021"]
    assert "OffsetLimit" in ops
