"""`thread-tui import FILE`: fetch every ID of a list and record it in the catalog.

The list (one ID per line, CSV with an `id` column, JSONL with an `id` field; `-` for stdin;
see `core.id_source`) is read twice, never whole: a first pass checks every line, so a bad
line exits 2 naming `file:line` before anything is sent, and writes the distinct IDs to a
spool (memory up to 1 MiB, then a temporary file); the second pass fetches from the spool
with at most `--concurrency` requests in flight. An ID seen within `--fresh` (the catalog's
last_seen) is skipped; a 404 marks it deleted and counts as "not found", any other error
counts as "failed", with the reason on stderr. A progress bar goes to stderr when it is a
terminal. Ctrl+C stops: what was fetched stays recorded, and the summary is printed. With
the global `--format` stdout gets one record per ID as it finishes (`{"id", "status":
imported|not_found|failed|skipped, "error"}`, `commands.record_stream`) and the summary goes
to stderr instead.

Exit 0 when nothing failed (not found is an answer, not a failure), 1 when some did, 2 for
invalid input or settings (nothing sent), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Final

from thread_tui.commands.arg_types import concurrency
from thread_tui.commands.common import cannot_connect, error
from thread_tui.core.inert import inert

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.commands.fetch_many import Fetched
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog

DEFAULT_CONCURRENCY: Final = 8
DEFAULT_FRESH: Final = "24h"
RECORD_BATCH: Final = 100  # objects written to the catalog in one transaction
FRESH_BATCH: Final = 500  # IDs asked of the catalog at once for "seen within --fresh"
_UNITS: Final = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION: Final = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")

EPILOG: Final = """\
FILE holds one ID per line (blank lines and # comments skipped), or a CSV with an id
column, or JSONL with an id field (as `get --format csv|jsonl` writes); - reads stdin.
Every line is checked first: a bad one exits 2 naming FILE:LINE, and nothing is fetched.
The summary goes to stdout; with --format json|jsonl|yaml|raw stdout gets one record per ID
({"id", "status": imported|not_found|failed|skipped, "error"}) and the summary goes to stderr.

examples:
  thread-tui import ids.txt --demo
  thread-tui get --ids @ids.txt --format jsonl > objects.jsonl; thread-tui import objects.jsonl
  cut -d, -f1 export.csv | thread-tui import - --fresh 0 --concurrency 4
"""

# The moment "fresh" is counted back from; the tests' seam.
now: Callable[[], float] = time.time


def duration(text: str) -> float:
    """An argparse type: seconds, or a number with s, m, h or d (`30m`, `24h`); 0 is allowed."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration: give seconds, or a number with s, m, h or d (24h)"
        )
    value = float(match.group(1)) * _UNITS[match.group(2)]
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is too long a duration")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the list of IDs (- for stdin)")
    parser.add_argument(
        "--concurrency",
        type=concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--fresh",
        type=duration,
        default=duration(DEFAULT_FRESH),
        metavar="AGE",
        help=f"skip IDs the catalog saw within AGE (default {DEFAULT_FRESH}; 0 refetches all)",
    )


@dataclass
class ImportTotals:
    total: int = 0  # distinct IDs in the list
    imported: int = 0
    not_found: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    interrupted: bool = False

    @property
    def done(self) -> int:
        return self.imported + self.not_found + self.failed + self.skipped

    def summary(self) -> str:
        return (
            f"imported {self.imported} · not found {self.not_found} · failed {self.failed} "
            f"· skipped {self.skipped} (fresh)"
        )


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """`thread-tui import`: the exit code."""
    from thread_tui.core.id_source import IdSourceError

    if cannot_connect(settings):
        return 2
    import asyncio  # here, not above: cli.py imports this module to build the parser

    from thread_tui.commands.id_spool import spool_ids

    try:
        spool = spool_ids(argument=args.file)
    except IdSourceError as exc:
        error(str(exc))
        return 2
    totals = ImportTotals(total=spool.total, duplicates=spool.duplicates)
    from thread_tui.commands.common import wait_teller
    from thread_tui.commands.demo import build_client

    catalog = catalog_for(settings, emulator)
    since = now() - args.fresh if args.fresh > 0 else None
    from thread_tui.commands.format_names import output_format

    fmt = output_format(args)
    records = None
    with spool, _Progress(totals.total) as progress:
        on_step = progress.step
        if fmt is not None:
            from thread_tui.commands.record_stream import RecordStream

            records = RecordStream(fmt, sys.stdout)  # after the bar took stdout, if it did

            def on_step(fetched: Fetched | None, resource_id: str) -> None:
                progress.step(fetched, resource_id)
                records.write(_record(fetched, resource_id))

        async def go() -> None:
            async with build_client(settings, emulator=emulator) as client:
                client.on_wait = wait_teller(settings.max_retries)
                await import_all(
                    client,
                    spool.ids(),
                    catalog,
                    totals,
                    concurrency=args.concurrency,
                    since=since,
                    on_step=on_step,
                )

        try:
            asyncio.run(go())
        except KeyboardInterrupt:  # a second Ctrl+C, or one outside import_all's loop
            totals.interrupted = True
        finally:
            catalog.close()  # a disk failure was told as it happened (open_catalog's warning)
            if records is not None:
                records.close()  # the json array is whole even after a Ctrl+C
    return report(totals, summary_to=sys.stderr if fmt is not None else None)


def _record(fetched: Fetched | None, resource_id: str) -> dict[str, Any]:
    """The --format record of one ID (fetched None: skipped as fresh)."""
    if fetched is None:
        return {"id": resource_id, "status": "skipped", "error": None}
    status = "imported" if fetched.status == "ok" else fetched.status
    return {"id": resource_id, "status": status, "error": fetched.error}


async def import_all(
    client: ApiClient,
    ids: Iterable[str],
    catalog: Catalog,
    totals: ImportTotals,
    *,
    concurrency: int,
    since: float | None,
    on_step: Callable[[Fetched | None, str], None] | None = None,
) -> None:
    """Fetch and record each ID not seen since `since` (None: all), counting in `totals`.
    `on_step(fetched, id)` after each ID (fetched None: skipped as fresh). Cancelled
    (Ctrl+C), it stops with what was fetched recorded and `totals.interrupted` set."""
    import asyncio

    from thread_tui.commands.fetch_many import fetch_each

    def skipped(resource_id: str) -> None:
        totals.skipped += 1
        if on_step is not None:
            on_step(None, resource_id)

    pending: list[dict[str, Any]] = []

    def flush() -> None:
        if pending:
            catalog.record_many(pending)
            pending.clear()

    try:
        wanted = _not_fresh(ids, catalog, since, skipped)
        async for fetched in fetch_each(client, wanted, concurrency=concurrency, ordered=False):
            if fetched.status == "ok" and fetched.obj is not None:
                totals.imported += 1
                pending.append(fetched.obj)
                if len(pending) >= RECORD_BATCH:
                    flush()
            elif fetched.status == "not_found":
                totals.not_found += 1
                catalog.mark_deleted(fetched.id)
            else:
                totals.failed += 1
            if on_step is not None:
                on_step(fetched, fetched.id)
    except asyncio.CancelledError:
        totals.interrupted = True  # Ctrl+C: asyncio.run cancelled us; end as if finished
    finally:
        flush()


def _not_fresh(
    ids: Iterable[str], catalog: Catalog, since: float | None, skipped: Callable[[str], None]
) -> Iterator[str]:
    """The IDs not seen since `since`, asking the catalog a batch at a time."""
    batch: list[str] = []
    for resource_id in ids:
        batch.append(resource_id)
        if len(batch) >= FRESH_BATCH:
            yield from _fresh_filter(batch, catalog, since, skipped)
            batch = []
    yield from _fresh_filter(batch, catalog, since, skipped)


def _fresh_filter(
    batch: list[str], catalog: Catalog, since: float | None, skipped: Callable[[str], None]
) -> Iterator[str]:
    fresh = catalog.seen_since(batch, since) if since is not None and batch else set()
    for resource_id in batch:
        if resource_id in fresh:
            skipped(resource_id)
        else:
            yield resource_id


def report(totals: ImportTotals, summary_to: IO[str] | None = None) -> int:
    """Print the summary (stdout, or `summary_to`) and its notes (stderr); the exit code."""
    if totals.duplicates:
        plural = "s" if totals.duplicates != 1 else ""
        print(f"note: {totals.duplicates} repeated ID{plural} read once", file=sys.stderr)
    if totals.interrupted:
        left = totals.total - totals.done
        print(
            f"interrupted: {left} of {totals.total} IDs not done; what was fetched is recorded",
            file=sys.stderr,
        )
    print(totals.summary(), file=summary_to or sys.stdout, flush=True)
    if totals.interrupted:
        return 130
    return 1 if totals.failed else 0


class _Progress:
    """A rich progress bar on stderr when it is a terminal; failures printed above it (or
    plainly when there is no bar). rich is imported only for a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar: Any = None
        self._task: Any = None
        try:
            self.terminal = sys.stderr.isatty()
        except (AttributeError, ValueError):
            self.terminal = False

    def __enter__(self) -> _Progress:
        if self.terminal and self.total:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            # stdout goes above the bar only when it is this terminal too: a pipe or a file
            # gets its records as they are, never through the bar's console on stderr.
            try:
                same = sys.stdout.isatty()
            except (AttributeError, ValueError):
                same = False
            self._bar = Progress(
                TextColumn("importing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
                redirect_stdout=same,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("import", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def step(self, fetched: Fetched | None, resource_id: str) -> None:
        if fetched is not None and fetched.status == "failed":
            line = f"failed {resource_id}: {inert(fetched.error or 'failed')}"
            if self._bar is not None:
                self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                print(line, file=sys.stderr, flush=True)
        if self._bar is not None:
            self._bar.advance(self._task)


def catalog_for(settings: Settings, emulator: Emulator | None) -> Catalog:
    """The catalog this run records into (the demo's: in memory, holding what `emulator`
    holds); the tests' seam."""
    from thread_tui.commands.catalog_access import open_catalog

    return open_catalog(settings, emulator=emulator)
