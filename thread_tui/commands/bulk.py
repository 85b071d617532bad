"""Bulk edits: `thread-tui update --ids @FILE | --where KEY=VALUE …` and `thread-tui apply FILE`.

`update` applies one change (`--metadata`, `--tool-resources`) to many objects: the IDs of a
list (`--ids @FILE`, `-` for stdin; see `core.id_source`) or those the local catalog finds
(`--where KEY=VALUE`, all must hold; `--kind`). `apply FILE.jsonl` gives each object its own
change, one `{"id", "metadata", "tool_resources"}` a line. The single-ID `update ID` stays in
`commands.headless`, unchanged.

Everything the user gave is checked first, whole and streaming (a bad line of a 100,000-line
file exits 2 naming `file:line`, with nothing sent), then spooled and read back once. Each
object is fetched, the change is planned against its own state (`core.bulk_plan`) and sent
at the pace `api.pacer` keeps (`--rpm`, `--concurrency`, the server's headers and 429s).
`--dry-run` prints each object's diff and what would be refused, and sends GETs only.

stdout gets one line per object as it finishes (`updated  thread_…  req_…`), or with the
global `--format` one record per object (`commands.record_stream`: `{"id", "status",
"request_id", "error", "diff" (a dry run), "object"}`); stderr a progress bar when it is a
terminal, and the summary. `--journal PATH` records each outcome
(`storage.journal`); a rerun with the same journal skips what succeeded. Why a journal that
cannot be written stops the run, instead of a warning: it is the user's record of what was
changed, and objects changed after it failed would be missing from it.

Ctrl+C stops cleanly: no new request starts, those in flight finish and are journaled, the
summary is printed, and the exit code is 130 (the CLI's "interrupted", so that a script can
tell it from a run where objects failed); a second Ctrl+C stops at once (the journal still
holds only whole lines). Exit 0 when every object succeeded (updated, unchanged, or skipped
as done before), 1 when some were refused, not found or failed, 2 for invalid input (nothing
sent), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from thread_tui.commands.arg_types import concurrency
from thread_tui.commands.common import cannot_connect, error
from thread_tui.core.inert import inert

if TYPE_CHECKING:
    from thread_tui.api.bulk_runner import BulkTotals, Outcome
    from thread_tui.commands.record_stream import RecordStream
    from thread_tui.core.bulk_plan import BulkChange
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog
    from thread_tui.storage.journal import Journal

DEFAULT_CONCURRENCY: Final = 8  # api.pacer.DEFAULT_CONCURRENCY, not imported to build the parser
MAX_LINE_CHARS: Final = 1024 * 1024
SPOOL_MEMORY: Final = 1024 * 1024
RECORD_BATCH: Final = 100  # objects written to the catalog in one transaction

APPLY_EPILOG: Final = """\
FILE holds one JSON object a line: {"id": "thread_…", "metadata": {…}, "tool_resources": {…}}
(metadata and/or tool_resources; tool_resources for threads only); - reads stdin. The whole
file is checked before anything is sent: a bad line exits 2 naming FILE:LINE. One line per
object on stdout, or with --format json|jsonl|yaml|raw one record per object ({"id",
"status", "request_id", "error", "diff" (--dry-run), "object"}); the summary on stderr.

examples:
  thread-tui apply changes.jsonl --dry-run --demo
  thread-tui apply changes.jsonl --journal run.jsonl --yes --demo
"""

BULK_EPILOG: Final = """\
many objects (--ids or --where): each is fetched and the change checked against its own
state (the pair limit counts the keys it already has); --dry-run prints each diff and what
would be refused, sending nothing. One line per object on stdout (--format json|jsonl|yaml|raw:
one record per object, {"id", "status", "request_id", "error", "diff", "object"}), a
summary on stderr; exit
0 all succeeded, 1 some refused/not found/failed, 2 invalid input (nothing sent), 130
interrupted. --journal PATH records each outcome; rerun with it to skip what succeeded.

  thread-tui update --ids @ids.txt --metadata owner=ana --dry-run --demo
  thread-tui update --where team=core --metadata reviewed=yes --journal run.jsonl --yes
  cut -d, -f1 list.csv | thread-tui update --ids - --metadata owner=ana --rpm 120 --yes
"""

_WORDS: Final = {
    "updated": "updated",
    "unchanged": "unchanged",
    "would_update": "would update",
    "refused": "refused",
    "not_found": "not found",
    "failed": "failed",
    "skipped": "skipped",
}


# -- arguments -----------------------------------------------------------------------------------


def _rpm(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of requests") from None
    if not 0 < value <= 1_000_000:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text!r}: give more than 0 and at most 1000000")
    return value


def _run_options(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    parser.add_argument(
        "--concurrency",
        type=concurrency,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"requests in flight at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--rpm",
        type=_rpm,
        metavar="N",
        help="at most N requests a minute, GETs and POSTs (default: 250 until the server's "
        "x-ratelimit headers say what it allows, then those)",
    )
    parser.add_argument(
        "--journal",
        metavar="PATH",
        help="record each object's outcome in PATH (JSONL); rerun with it to skip what succeeded",
    )
    parser.add_argument(
        "--yes", "-y", action="store_true", help="do not ask for confirmation on a terminal"
    )


def add_update_arguments(parser: argparse.ArgumentParser) -> None:
    """`update`'s options for many objects (its single-ID options are cli.py's)."""
    group = parser.add_argument_group("many objects")
    group.add_argument(
        "--ids",
        metavar="@FILE",
        help="the IDs in a file: one a line, CSV with an id column, or JSONL (- for stdin)",
    )
    group.add_argument(
        "--where",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="the catalog's objects whose metadata KEY is VALUE (repeatable: all must hold)",
    )
    group.add_argument(
        "--kind", choices=("thread", "conversation"), help="with --where: only this kind"
    )
    _run_options(group)


def add_apply_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.jsonl", help="one change a line (- for stdin)")
    parser.add_argument(
        "--dry-run", action="store_true", help="print each diff and refusal; send nothing"
    )
    _run_options(parser)


# -- update --ids / --where ------------------------------------------------------------------


def run_update(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """`thread-tui update --ids … | --where …`: the exit code."""
    if any(v is not None for v in (args.id, args.thread_id, args.conversation_id)):
        error("give one ID, or --ids / --where for many, not both")
        return 2
    if args.show:
        error("--show prints one request: it does not go with --ids or --where")
        return 2
    if args.ids is not None and args.where:
        error("give --ids or --where, not both")
        return 2
    if args.kind is not None and not args.where:
        error("--kind goes with --where (an ID says its kind)")
        return 2
    change = _change_from_options(args)
    if change is None:
        return 2
    where = _where_pairs(args.where)
    if where is None:
        return 2
    if not _may_change(settings, args.dry_run, "update"):
        return 2
    digest = _digest(change)
    if args.ids is not None:
        from thread_tui.commands.id_spool import spool_ids
        from thread_tui.core.id_source import IdSourceError

        try:
            spool = spool_ids(argument=args.ids)
        except IdSourceError as exc:
            error(str(exc))
            return 2
        stdin = args.ids in ("-", "@-")
        if spool.duplicates:
            plural = "s" if spool.duplicates != 1 else ""
            print(f"note: {spool.duplicates} repeated ID{plural} read once", file=sys.stderr)
        with spool:
            items = ((rid, change) for rid in spool.ids())
            return _execute(args, settings, emulator, items, spool.total, lambda _: digest, stdin)
    catalog = _catalog(args, emulator)
    from thread_tui.storage.catalog import CatalogQuery

    query = CatalogQuery(kind=args.kind, where=where)
    try:
        total = catalog.count(query)
        items = ((rid, change) for rid in catalog.iter_ids(query))
        return _execute(
            args, settings, emulator, items, total, lambda _: digest, False, catalog=catalog
        )
    finally:
        _close_catalog(catalog)


def _change_from_options(args: argparse.Namespace) -> BulkChange | None:
    from thread_tui.core.bulk_plan import BulkChange
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata, parse_tool_resources

    problems: list[str] = []
    metadata: dict[str, str] = {}
    tools: dict[str, Any] | None = None
    if args.metadata:
        try:
            metadata = parse_metadata(args.metadata)
        except FlowValueError as exc:
            problems.extend(exc.lines)
    if args.tool_resources is not None:
        try:
            tools = dict(parse_tool_resources(args.tool_resources))
        except FlowValueError as exc:
            problems.extend(exc.lines)
    for line in problems:
        error(line)
    if problems:
        return None
    change = BulkChange(metadata, tools)
    if not args.metadata and args.tool_resources is None:
        error("nothing to update: give --metadata and/or --tool-resources")
        return None
    if change.is_empty:
        error(
            "nothing to update: the change changes nothing (the server merges metadata and "
            "keeps a list that is not given), so nothing was sent"
        )
        return None
    return change


def _where_pairs(given: list[str]) -> tuple[tuple[str, str], ...] | None:
    pairs: list[tuple[str, str]] = []
    for text in given:
        key, sep, value = text.partition("=")
        if not sep or not key:
            error(f"--where {text!r}: give KEY=VALUE")
            return None
        pairs.append((key, value))
    return tuple(pairs)


def _may_change(settings: Settings, dry_run: bool, command: str) -> bool:
    if settings.read_only and not dry_run:
        error(f"read-only mode: '{command}' changes data, so it is refused (nothing was sent)")
        return False
    return True


# -- apply FILE.jsonl ------------------------------------------------------------------------------


def run_apply(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """`thread-tui apply FILE.jsonl`: the exit code."""
    if not _may_change(settings, args.dry_run, "apply"):
        return 2
    try:
        spool, total = _check_apply_file(args.file)
    except ApplyFileError as exc:
        error(str(exc))
        return 2
    with spool:
        return _execute(
            args, settings, emulator, _spooled_changes(spool), total, _digest, args.file == "-"
        )


class ApplyFileError(ValueError):
    """A change file that cannot be used; the message starts with `file:line:`."""


def _check_apply_file(name: str) -> tuple[IO[str], int]:
    """Check every line of the file (streaming) and spool the changes, normalised; the spool
    and the number of changes. Raises ApplyFileError at the first bad line."""
    from thread_tui.core.id_source import IdSourceError, open_id_argument, source_name
    from thread_tui.core.ids import InvalidIdError, parse_id

    shown = source_name(name)
    try:
        # As an ID list is opened: `-` (or `@-`) is stdin, UTF-8 with or without a BOM.
        stream = open_id_argument(name)
    except IdSourceError as exc:
        raise ApplyFileError(str(exc)) from None
    spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by the caller)
        max_size=SPOOL_MEMORY, mode="w+", encoding="utf-8", errors="surrogatepass"
    )
    seen: dict[str, int] = {}
    total = 0
    try:
        with stream:
            number = 0
            while True:
                line = stream.readline(MAX_LINE_CHARS + 1)
                if not line:
                    break
                number += 1
                where = f"{shown}:{number}"
                if len(line) > MAX_LINE_CHARS and not line.endswith("\n"):
                    raise ApplyFileError(
                        f"{where}: the line is longer than {MAX_LINE_CHARS} characters"
                    )
                if not line.strip():
                    continue
                resource_id, entry = _apply_line(line, where)
                try:
                    parse_id(resource_id)
                except InvalidIdError as exc:
                    raise ApplyFileError(f"{where}: {inert(resource_id[:80])!r}: {exc}") from None
                if resource_id in seen:
                    raise ApplyFileError(
                        f"{where}: {resource_id} is already changed on line {seen[resource_id]} "
                        "(one line an object)"
                    )
                seen[resource_id] = number
                spool.write(json.dumps(entry, ensure_ascii=True) + "\n")
                total += 1
    except UnicodeDecodeError as exc:
        spool.close()
        raise ApplyFileError(f"{shown}: not UTF-8 text ({exc.reason})") from None
    except BaseException:
        spool.close()
        raise
    return spool, total


def _apply_line(line: str, where: str) -> tuple[str, dict[str, Any]]:
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata, parse_tool_resources
    from thread_tui.core.safejson import MAX_DEPTH, value_depth

    try:
        value = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise ApplyFileError(f"{where}: not a JSON object ({_json_why(exc)})") from None
    if not isinstance(value, dict):
        raise ApplyFileError(f"{where}: not a JSON object, but {type(value).__name__}")
    if value_depth(value) > MAX_DEPTH:
        raise ApplyFileError(f"{where}: nested deeper than {MAX_DEPTH} levels")
    unknown = sorted(set(value) - {"id", "metadata", "tool_resources"})
    if unknown:
        raise ApplyFileError(
            f"{where}: unknown field {inert(unknown[0][:40])!r} (give id, metadata, tool_resources)"
        )
    resource_id = value.get("id")
    if not isinstance(resource_id, str):
        raise ApplyFileError(f'{where}: no "id" string')
    entry: dict[str, Any] = {"id": resource_id, "metadata": {}, "tool_resources": None}
    problems: list[str] = []
    metadata = value.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            problems.append("metadata must be a map of strings")
        else:
            try:
                entry["metadata"] = parse_metadata([json.dumps(metadata)]) if metadata else {}
            except FlowValueError as exc:
                problems.extend(exc.lines)
    tools = value.get("tool_resources")
    if tools is not None:
        if not isinstance(tools, dict):
            problems.append("tool_resources must be a map")
        else:
            try:
                entry["tool_resources"] = dict(parse_tool_resources(json.dumps(tools)))
            except FlowValueError as exc:
                problems.extend(exc.lines)
    if problems:
        raise ApplyFileError(f"{where}: {inert(problems[0])}")
    if "metadata" not in value and "tool_resources" not in value:
        raise ApplyFileError(f"{where}: nothing to change (give metadata and/or tool_resources)")
    return resource_id, entry


def _json_why(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    return "nested too deep"


def _spooled_changes(spool: IO[str]) -> Iterator[tuple[str, BulkChange]]:
    from thread_tui.core.bulk_plan import BulkChange

    spool.seek(0)
    for line in spool:
        entry = json.loads(line)
        yield entry["id"], BulkChange(entry["metadata"], entry["tool_resources"])


# -- running -------------------------------------------------------------------------------


@dataclass
class _Run:
    """What a run prints and records as each object finishes."""

    dry_run: bool
    journal: Journal | None
    catalog: Catalog | None
    digest: Callable[[BulkChange], str]
    progress: _Progress
    stdout: IO[str]
    pending: list[dict[str, Any]] = field(default_factory=list)
    plans: Any = None  # a core.bulk_plan.BulkSummary
    journal_failed: str | None = None
    records: RecordStream | None = None  # --format given: a record per object instead

    def outcome(self, outcome: Outcome) -> None:
        try:
            self._journal(outcome)
        finally:
            self._print(outcome)
            self._record(outcome)
            if outcome.plan is not None and outcome.status != "failed":
                self.plans.add(outcome.plan)
            self.progress.step()

    def _journal(self, outcome: Outcome) -> None:
        if self.journal is None or self.dry_run or outcome.status == "skipped":
            return
        if self.journal_failed is not None:
            # Still told to the user, on stderr: the journal cannot hold it any more.
            self.progress.print(f"not journaled: {outcome.status} {outcome.id}", sys.stderr)
            return
        from thread_tui.storage.journal import JournalError

        digest = self.digest(outcome.change) if outcome.change is not None else None
        try:
            self.journal.write(
                outcome.id,
                outcome.status,
                request_id=outcome.request_id,
                error=outcome.error,
                digest=digest,
            )
        except JournalError as exc:
            self.journal_failed = str(exc)
            self.progress.print(f"not journaled: {outcome.status} {outcome.id}", sys.stderr)
            raise

    def _print(self, outcome: Outcome) -> None:
        if self.records is not None:
            record: dict[str, Any] = {
                "id": outcome.id,
                "status": outcome.status,
                "request_id": outcome.request_id,
                "error": outcome.error,
            }
            if self.dry_run:
                record["diff"] = list(outcome.plan.diff) if outcome.plan is not None else []
            record["object"] = outcome.resource
            self.records.write(record)
            return
        word = _WORDS.get(outcome.status, outcome.status)
        line = f"{word:<12} {outcome.id}"
        if outcome.request_id and outcome.status == "updated":
            line += f"  {outcome.request_id}"
        if outcome.error:
            line += f"  {outcome.error}"
        lines = [inert(line)]
        if self.dry_run and outcome.plan is not None and outcome.status == "would_update":
            lines.extend(inert(f"    {diff}") for diff in outcome.plan.diff)
        self.progress.print("\n".join(lines), self.stdout)

    def _record(self, outcome: Outcome) -> None:
        if self.catalog is None:
            return
        if outcome.status == "not_found":
            self.flush()
            self.catalog.mark_deleted(outcome.id)
        elif outcome.resource is not None:
            self.pending.append(outcome.resource)
            if len(self.pending) >= RECORD_BATCH:
                self.flush()

    def flush(self) -> None:
        if self.catalog is not None and self.pending:
            self.catalog.record_many(self.pending)
        self.pending.clear()


def _execute(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    items: Iterable[tuple[str, BulkChange]],
    total: int,
    digest: Callable[[BulkChange], str],
    stdin_used: bool,
    *,
    catalog: Catalog | None = None,
) -> int:

    if cannot_connect(settings):
        return 2
    journal = _open_journal(args.journal)
    if isinstance(journal, _Unusable):
        return 2
    try:
        if not args.dry_run and not args.yes and total and not _confirm(total, stdin_used):
            return 1
        own_catalog = catalog is None
        if own_catalog:
            catalog = _catalog(args, emulator)
        try:
            return _go(args, settings, emulator, items, total, digest, journal, catalog)
        finally:
            if own_catalog:
                _close_catalog(catalog)
    finally:
        if journal is not None:
            journal.close()


def _go(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    items: Iterable[tuple[str, BulkChange]],
    total: int,
    digest: Callable[[BulkChange], str],
    journal: Journal | None,
    catalog: Catalog | None,
) -> int:
    import asyncio

    from thread_tui.api.bulk_runner import run_bulk
    from thread_tui.api.pacer import Pacer
    from thread_tui.commands.demo import build_client
    from thread_tui.commands.format_names import output_format
    from thread_tui.core.bulk_plan import BulkSummary
    from thread_tui.storage.journal import JournalError

    pacer = Pacer(rpm=args.rpm, concurrency=args.concurrency)
    interrupted = False
    totals: BulkTotals | None = None
    skip = None
    if journal is not None and journal.done:
        done = journal

        def skip_done(resource_id: str, change: BulkChange) -> bool:
            return done.skips(resource_id, digest(change))

        skip = skip_done
    with _Progress(total, "checking" if args.dry_run else "updating") as progress:
        run = _Run(
            args.dry_run, journal, catalog, digest, progress, sys.stdout, plans=BulkSummary()
        )
        fmt = output_format(args)
        if fmt is not None:
            from thread_tui.commands.record_stream import RecordStream

            run.records = RecordStream(fmt, sys.stdout)

        async def main() -> BulkTotals:
            nonlocal interrupted
            stop = asyncio.Event()
            uninstall = _on_interrupt(stop, progress)
            try:
                # No line per retry wait (the client's on_wait): over thousands of objects
                # the pacer's waits are the norm, and the summary counts the 429s.
                async with build_client(settings, emulator=emulator) as client:
                    return await run_bulk(
                        client,
                        items,
                        pacer=pacer,
                        dry_run=args.dry_run,
                        on_outcome=run.outcome,
                        stop=stop,
                        skip=skip,
                    )
            finally:
                interrupted = stop.is_set() and run.journal_failed is None
                uninstall()

        try:
            totals = asyncio.run(main())
        except JournalError:
            pass  # told below; the requests in flight were finished and printed
        except KeyboardInterrupt:  # a second Ctrl+C: stopped at once
            interrupted = True
        finally:
            run.flush()
            if run.records is not None:
                run.records.close()  # the json array is whole even after a Ctrl+C
    return _report(run, totals, total, interrupted, pacer.throttled)


def _on_interrupt(stop: Any, progress: _Progress) -> Callable[[], None]:
    """Ctrl+C sets `stop` (the run finishes what is in flight); a second one stops at once.
    Returns the function that puts the old handling back."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    main = asyncio.current_task()

    def interrupted() -> None:
        if stop.is_set():
            if main is not None:
                main.cancel()
            return
        stop.set()
        progress.print(
            "stopping: waiting for the requests in flight (Ctrl+C again to stop at once)",
            sys.stderr,
        )

    try:
        loop.add_signal_handler(signal.SIGINT, interrupted)
    except (NotImplementedError, RuntimeError, ValueError):
        return lambda: None  # not the main thread, or no signals here: KeyboardInterrupt

    def uninstall() -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)

    return uninstall


def _report(
    run: _Run, totals: BulkTotals | None, total: int, interrupted: bool, throttled: int
) -> int:
    counts = totals.counts if totals is not None else {}
    done = sum(counts.values()) if counts else run.plans.total
    first = "would update" if run.dry_run else "updated"
    key = "would_update" if run.dry_run else "updated"
    parts = [f"{first} {counts.get(key, 0)}"]
    for status in ("unchanged", "refused", "not_found", "failed", "skipped"):
        if counts.get(status, 0) or status in ("refused", "failed"):
            parts.append(f"{_WORDS[status]} {counts.get(status, 0)}")
    out = sys.stderr
    if not total:
        print("nothing to do: no objects were given (or none matched)", file=out)
    print(" · ".join(parts) + f" (of {total})", file=out)
    reasons = run.plans.reasons.most_common()
    for reason, count in sorted(reasons, key=lambda item: (-item[1], item[0])):
        print(f"{count} of {total} {reason}", file=out)
    if throttled:
        print(f"the server asked to slow down {throttled} times (429); the run waited", file=out)
    if run.dry_run:
        print("dry run: nothing was sent", file=out)
    if run.journal_failed is not None:
        print(f"error: {inert(run.journal_failed)}", file=out)
        print(
            "stopped: the journal is the record of this run, so nothing more was sent; "
            "the objects finished after it failed are listed above as not journaled",
            file=out,
        )
        return 1
    if interrupted or totals is None:
        print(f"interrupted: {max(total - done, 0)} of {total} not done", file=out)
        return 130
    if totals.stopped:
        return 130
    return 1 if totals.problems else 0


# -- confirmation, journal, catalog --------------------------------------------------------


def _digest(change: BulkChange) -> str:
    from thread_tui.storage.journal import change_digest

    return change_digest({"metadata": change.metadata, "tool_resources": change.tool_resources})


def _confirm(total: int, stdin_used: bool) -> bool:
    """Ask when someone is there to answer: stdin and stderr both a terminal, and stdin not
    the ID list. A script (no terminal) is not asked: it named the objects and the change,
    as the single-ID update does, and a question nobody sees would hang it."""
    stdin = sys.stdin
    if stdin_used or not _is_terminal(stdin) or not _is_terminal(sys.stderr):
        return True
    what = f"{total} object{'s' if total != 1 else ''}"
    print(f"Change {what}? [y/N] ", end="", file=sys.stderr, flush=True)
    answer = stdin.readline()
    if not answer:
        print(file=sys.stderr)
    if answer.strip().lower() in ("y", "yes"):
        return True
    error("not sent (answer y to confirm, or pass --yes)")
    return False


class _Unusable:
    """A journal asked for that cannot be used (the reason is already told)."""


def _open_journal(path: str | None) -> Journal | _Unusable | None:
    """The journal, None when not asked for, _Unusable after telling why it cannot be used."""
    if path is None:
        return None
    from thread_tui.storage.journal import Journal, JournalError

    try:
        journal = Journal.open(Path(path))
    except JournalError as exc:
        error(str(exc))
        return _Unusable()
    if journal.torn:
        print(
            f"note: {inert(path)} ended in a torn line (a run that crashed); it was cut off",
            file=sys.stderr,
        )
    return journal


def _catalog(args: argparse.Namespace, emulator: Emulator | None) -> Catalog:
    """The catalog this run reads (--where) and records into: the state directory's, or
    with --demo an in-memory one holding what the demo's emulator holds."""
    from thread_tui.commands.catalog_access import open_catalog

    return open_catalog(args, emulator=emulator)


def _close_catalog(catalog: Catalog | None) -> None:
    # A disk failure has been told as it happened (open_catalog's on_warning), not again here.
    if catalog is not None:
        catalog.close()


# -- progress ------------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr when it is a terminal (rich is imported only then);
    per-object lines go to stdout above it, or plainly when there is no bar."""

    def __init__(self, total: int, verb: str) -> None:
        self.total = total
        self.verb = verb
        self._bar: Any = None
        self._task: Any = None
        self.terminal = _is_terminal(sys.stderr)

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

            # stdout is redirected above the bar only when it is this terminal too: a file
            # or a pipe gets its lines as they are, never through the bar's console.
            same = _is_terminal(sys.stdout)
            self._bar = Progress(
                TextColumn(self.verb),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                transient=True,
                redirect_stdout=same,
                redirect_stderr=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.verb, total=self.total)
        return self

    def step(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def print(self, text: str, stream: IO[str]) -> None:
        if self._bar is not None and stream is sys.stderr:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            print(text, file=stream, flush=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False
