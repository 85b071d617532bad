"""The catalog browser's filter keystroke (issue 12): ms from a keystroke in the lookup's
filter field to the lookup painted with the filtered table, over a catalog on disk.

    python bench/browser_probe.py CATALOG.sqlite3 [--runs N]    prints the median, in ms
    python bench/browser_probe.py --seed 100000 [--runs N]      builds a catalog first

From bench/run.py (bench/ is on sys.path):

    from browser_probe import catalog_filter_ms
    samples = asyncio.run(catalog_filter_ms(catalog_path, runs))   # list of ms

Each sample types one character (a key event into the focused filter field, as a user's)
and waits until the screen has been refreshed with the new rows. The keystrokes go through
a word and a key=value term and back (backspace), so some narrow, some widen the rows.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The text typed, a character at a time, then erased: free text, then a term of the fleet's
# metadata (bench/fleet.py seeds team=payments among others).
TYPED = "pay team=payments"


async def _painted(screen: Any) -> None:
    done = asyncio.Event()
    screen.call_after_refresh(done.set)
    await done.wait()


def _app(catalog_path: Path) -> Any:
    from thread_tui.api import ApiClient
    from thread_tui.core.secret import SecretStr
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, FIXED_NOW, Emulator
    from thread_tui.storage.catalog import Catalog
    from thread_tui.ui.app import ThreadTuiApp

    settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)
    client = ApiClient(settings, transport=Emulator().transport())
    return ThreadTuiApp(
        client=client,
        settings=settings,
        now=lambda: float(FIXED_NOW),
        state_dir=Path(tempfile.mkdtemp(prefix="thread-tui-bench-")),
        cursor_blink=False,
        catalog_factory=lambda: Catalog.open(catalog_path),
    )


async def catalog_filter_ms(catalog_path: Path, runs: int) -> list[float]:
    """`runs` filter keystrokes over the catalog in `catalog_path`, each in ms."""
    from textual import events
    from textual.widgets import Input

    from thread_tui.ui.screens.lookup import LookupScreen

    app = _app(catalog_path)
    samples: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        while screen.index is None:  # noqa: ASYNC110 - the load exposes no event to await
            await asyncio.sleep(0.01)
        await pilot.pause()
        field = screen.query_one("#catalog-filter", Input)
        field.focus()
        await pilot.pause()
        keys = [(c, c) for c in TYPED] + [("backspace", None)] * len(TYPED)
        for i in range(runs):
            key, character = keys[i % len(keys)]
            begin = time.perf_counter()
            # To the app, as a terminal's key: sent to the field itself, a backspace missed
            # the Input's bindings and changed nothing (a sample of no work).
            app.post_message(events.Key(key, character))
            await asyncio.sleep(0)
            await _painted(screen)
            samples.append((time.perf_counter() - begin) * 1000)
    return samples


def seed_catalog(count: int, directory: Path) -> Path:
    """A catalog of `count` fleet objects (thread_tui.emulator.seed_fleet where it exists,
    else a stand-in with the same keys), in `directory`."""
    from thread_tui.storage.catalog import Catalog

    try:
        from thread_tui.emulator.seed_fleet import seeded_objects  # type: ignore[import-not-found]
    except ImportError:
        seeded_objects = _stand_in
    path = directory / "catalog.sqlite3"
    catalog = Catalog.open(path)
    try:
        catalog.record_many(seeded_objects(count // 2))
    finally:
        catalog.close()
    return path


def _stand_in(pairs: int) -> Any:
    teams = ("payments", "search", "growth", "platform", "support", "infra", "data", "mobile")
    for n in range(pairs):
        metadata = {
            "team": teams[n % 8],
            "env": ("prod", "staging", "dev", "test")[n % 4],
            "owner": f"owner{n % 24}",
            "status": ("open", "pending", "closed", "archived", "escalated")[n % 5],
        }
        if n % 3 == 0:
            metadata["ticket"] = f"T-{n}"
        for kind, prefix, width in (("thread", "thread_s", 18), ("conversation", "conv_s", 42)):
            rid = f"{prefix}{n:06d}{'x' * width}"
            yield {"id": rid, "object": kind, "created_at": 1_700_000_000 + n, "metadata": metadata}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("catalog", nargs="?", type=Path)
    parser.add_argument("--seed", type=int, help="build a catalog of this many objects first")
    parser.add_argument("--runs", type=int, default=34)
    args = parser.parse_args()
    path = args.catalog
    if path is None:
        if not args.seed:
            parser.error("give a catalog file or --seed N")
        start = time.perf_counter()
        path = seed_catalog(args.seed, Path(tempfile.mkdtemp(prefix="thread-tui-catalog-")))
        print(f"seeded {args.seed:,} objects in {time.perf_counter() - start:.1f} s", flush=True)
    samples = asyncio.run(catalog_filter_ms(path, args.runs))
    print(f"filter keystroke: median {statistics.median(samples):.1f} ms", end="")
    print(f" (min {min(samples):.1f}, max {max(samples):.1f}, {len(samples)} keys)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
