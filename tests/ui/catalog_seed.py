"""A deterministic catalog for the lookup's browser tests and snapshots: objects recorded
at fixed times (a fixed clock), with metadata from a seeded generator."""

from __future__ import annotations

import random
from typing import Any

from thread_tui.emulator import FIXED_NOW
from thread_tui.storage.catalog import Catalog

TEAMS = ("billing", "support", "sales", "research")
ENVS = ("prod", "staging")


ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def seeded_objects(count: int, seed: int = 12, *, long_ids: bool = False) -> list[dict[str, Any]]:
    """`long_ids`: IDs as long as the API's (24 characters after `thread_`, 48 after
    `conv_`), else short ones (`thread_seed0004`) that tests can name."""
    rng = random.Random(seed)
    objects = []
    for n in range(count):
        thread = n % 3 != 2
        rid = f"thread_seed{n:04d}" if thread else f"conv_seed{n:04d}"
        if long_ids:
            tail = "".join(rng.choice(ALPHABET) for _ in range(44))
            rid = f"{rid}{tail[:16]}" if thread else f"{rid}{tail[:40]}"
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


def seeded_catalog(count: int = 30, seed: int = 12, *, long_ids: bool = False) -> Catalog:
    """`count` objects, the first seen most recently (a minute apart)."""
    clock = {"now": float(FIXED_NOW)}
    catalog = Catalog.open(None, now=lambda: clock["now"])
    for n, obj in enumerate(seeded_objects(count, seed, long_ids=long_ids)):
        clock["now"] = float(FIXED_NOW - 60 * n - 30)
        catalog.record(obj)
    clock["now"] = float(FIXED_NOW)
    return catalog


def with_catalog(app: Any, catalog: Catalog) -> Any:
    """The app, its state store reading `catalog`."""
    app.store.catalog = catalog
    return app


def recents_catalog(opened: dict[str, float], pinned: tuple[str, ...] = ()) -> Catalog:
    """The emulator's seeded objects `opened` (ID → when) in a catalog, as the TUI records
    what it opens; `pinned` pinned."""
    from thread_tui.emulator import Emulator

    emulator = Emulator(seed=True, now=FIXED_NOW)
    clock = {"now": float(FIXED_NOW)}
    catalog = Catalog.open(None, now=lambda: clock["now"])
    for resource_id, when in opened.items():
        clock["now"] = when
        found = emulator.threads.get(resource_id) or emulator.conversations[resource_id]
        catalog.record(found)
        catalog.note_opened(resource_id, when)
    for resource_id in pinned:
        catalog.toggle_pin(resource_id)
    clock["now"] = float(FIXED_NOW)
    return catalog
