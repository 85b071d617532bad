"""A deterministic catalog for the lookup's browser tests and snapshots: objects recorded
at fixed times (a fixed clock), with metadata from a seeded generator."""

from __future__ import annotations

import random
from typing import Any

from thread_tui.emulator import FIXED_NOW
from thread_tui.storage.catalog import Catalog

TEAMS = ("billing", "support", "sales", "research")
ENVS = ("prod", "staging")


def seeded_objects(count: int, seed: int = 12) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    objects = []
    for n in range(count):
        thread = n % 3 != 2
        rid = f"thread_seed{n:04d}" if thread else f"conv_seed{n:04d}"
        metadata = {"team": TEAMS[rng.randrange(len(TEAMS))], "owner": f"user{rng.randrange(9)}"}
        if n % 2 == 0:
            metadata["env"] = ENVS[rng.randrange(2)]
        if n % 5 == 0:
            metadata["ticket"] = f"T-{1000 + n}"
        if n % 7 == 0:
            metadata["note"] = f"Customer asked about refunds ({n})"
        objects.append(
            {
                "id": rid,
                "object": "thread" if thread else "conversation",
                "created_at": FIXED_NOW - 86_400 * (n % 40) - 60 * n,
                "metadata": metadata,
            }
        )
    return objects


def seeded_catalog(count: int = 30, seed: int = 12) -> Catalog:
    """`count` objects, the first seen most recently (a minute apart)."""
    clock = {"now": float(FIXED_NOW)}
    catalog = Catalog.open(None, now=lambda: clock["now"])
    for n, obj in enumerate(seeded_objects(count, seed)):
        clock["now"] = float(FIXED_NOW - 60 * n - 30)
        catalog.record(obj)
    clock["now"] = float(FIXED_NOW)
    return catalog


def with_catalog(app: Any, catalog: Catalog) -> Any:
    """The app, its state store reading `catalog`."""
    app.store.catalog = catalog
    return app
