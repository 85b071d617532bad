"""`thread-tui ls`: the threads and conversations of the local catalog, found by kind and
metadata, with no network (the API cannot list them); `--refresh` fetches the listed objects
again first, a few at a time, and records what the server says (a 404 marks one deleted).

Formats: `table` (fits the terminal's width, long cells cut with …), `jsonl` (one object per
line), `csv` (one `metadata.KEY` column per key found), `ids` (one per line), and the global
--format's `json` (an array), `yaml` (a list) and `raw` (an array on one line). All but table
stream: 100,000 rows are never held at once. What a server sent is printed inert: in a table
and on a terminal every control character is drawn, not sent; JSON carries them as escapes.

Exit codes: 0 listed, 1 some `--refresh` fetches failed (the list is still printed), 2 invalid
input (nothing read or sent).
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Final

from thread_tui.commands.ls_quick import NO_MATCH, write_id_pages
from thread_tui.core.inert import inert, inert_json

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog, CatalogEntry, CatalogQuery

# The caller (cli.py) adds --format with these, beside the other global output options.
FORMATS: Final = ("table", "ids", "csv", "json", "jsonl", "yaml", "raw")
REFRESH_CONCURRENCY: Final = 8
_WIDTH_SAMPLE: Final = 1000  # table rows read before the column widths are fixed
_NARROWEST: Final = 40
_CHUNK: Final = 1000  # lines a write: bounded memory, few system calls

EPILOG: Final = """\
examples:
  thread-tui ls                                   everything seen, most recently seen first
  thread-tui ls --kind thread --where team=core --where env=prod
  thread-tui ls --has owner --format csv > owners.csv
  thread-tui ls --where team=core --format ids | xargs -n1 thread-tui get
  thread-tui ls --where team=core --refresh       fetch those again first

The catalog holds what thread-tui has fetched, created, updated or deleted (from the TUI and
the CLI); --demo lists the demo emulator's objects.
"""


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(
            f"{inert(text)!r} is not KEY=VALUE (for example --where team=core)"
        )
    return key, value


def _key(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("give a metadata key (for example --has owner)")
    return text


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{inert(text)!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value}: give 1 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `ls` (the connection options are the caller's)."""
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--kind", choices=("thread", "conversation"), help="only this kind")
    parser.add_argument(
        "--where",
        metavar="KEY=VALUE",
        type=_pair,
        action="append",
        default=[],
        help="metadata KEY is VALUE; repeatable, all must hold",
    )
    parser.add_argument(
        "--has",
        metavar="KEY",
        type=_key,
        action="append",
        default=[],
        help="metadata KEY is set; repeatable",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help=f"fetch the listed objects again first ({REFRESH_CONCURRENCY} at a time)",
    )
    parser.add_argument("--limit", metavar="N", type=_limit, help="at most N objects")
    parser.add_argument(
        "--include-deleted", action="store_true", help="list deleted (or 404) objects too"
    )


def query_of(args: argparse.Namespace) -> CatalogQuery:
    from thread_tui.storage.catalog import CatalogQuery

    return CatalogQuery(
        kind=args.kind,
        where=tuple(args.where),
        has=tuple(args.has),
        include_deleted=args.include_deleted,
        limit=args.limit,
    )


def run(args: argparse.Namespace, emulator: Emulator | None = None) -> int:
    """List the catalog's objects for `args`; `emulator` is the tests' seam for --demo."""
    from thread_tui.commands.catalog_access import demo_emulator, open_catalog

    settings = None
    if args.refresh:
        from thread_tui.commands.common import settings_from_args

        settings = settings_from_args(args)
        if settings is None:
            return 2
    if getattr(args, "demo", False) and emulator is None:
        emulator = demo_emulator(args)
    from thread_tui.commands.format_names import output_format

    form = output_format(args) or "table"
    catalog = open_catalog(args, emulator=emulator)
    try:
        query = query_of(args)
        code = 0
        if settings is not None:
            code = _refresh(catalog, query, settings, emulator)
            if code == 2:
                return 2
        if form == "ids":  # no entry built: the IDs alone, as fast as SQLite gives them
            count = write_id_pages(catalog.query_id_pages(query), sys.stdout)
        else:
            keys = catalog.metadata_keys(query) if form == "csv" else ()
            entries = catalog.iter_query(query)
            count = write(entries, form, sys.stdout, now=catalog.now(), keys=keys)
        if count == 0:
            print(NO_MATCH, file=sys.stderr)
        return code
    finally:
        catalog.close()


# -- output --------------------------------------------------------------------------------------


def write(
    entries: Iterable[CatalogEntry],
    form: str,
    out: IO[str],
    *,
    now: float,
    keys: Iterable[str] = (),
) -> int:
    """Print `entries` in `form` (`keys`: the metadata keys, a CSV's columns); returns how
    many were printed."""
    if form == "ids":
        return _lines((_inert_id(e.id) for e in entries), out)
    if form == "jsonl":
        import json

        return _lines((inert_json(json.dumps(_json(e), ensure_ascii=False)) for e in entries), out)
    if form in ("json", "yaml", "raw"):  # the global --format's: one array, streamed
        from thread_tui.commands.output import emit_array

        return emit_array((_json(e) for e in entries), form, out)
    buffer = _Buffer(out)
    try:
        if form == "csv":
            return _csv(entries, buffer, list(keys), terminal=_is_terminal(out))
        return _table(entries, buffer, now)
    finally:
        buffer.flush()


class _Buffer:
    """Text for `out`, written _CHUNK pieces at a time (the csv writer and the table write a
    row a call)."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        if len(self._parts) >= _CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            self._out.write("".join(self._parts))
            self._parts.clear()


def _inert_id(text: str) -> str:
    # A recorded ID is printable ASCII (core.ids checked it): two C calls, no translation.
    return text if text.isascii() and text.isprintable() else inert(text)


def _lines(lines: Iterable[str], out: IO[str]) -> int:
    """Write `lines`, _CHUNK at a time (one write each, not one a line: 11,929 writes cost
    a quarter of a second of `ls --where` over 100,000)."""
    count = 0
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= _CHUNK:
            out.write("\n".join(chunk) + "\n")
            count += len(chunk)
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
        count += len(chunk)
    return count


def _json(entry: CatalogEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "created_at": entry.created_at,
        "metadata": entry.metadata,
        "tool_resources": entry.tool_resources,
        "last_seen": entry.last_seen,
        "deleted": entry.deleted,
        "pinned": entry.pinned,
        "opened_at": entry.opened_at,
    }


def _csv(entries: Iterable[CatalogEntry], out: _Buffer, keys: list[str], *, terminal: bool) -> int:
    """CSV with one `metadata.KEY` column per key in `keys`. On a terminal each cell is drawn
    inert; into a file or a pipe the values are exactly the server's."""
    import csv

    def cell(text: str) -> str:
        return inert(text) if terminal else text

    writer = csv.writer(out, lineterminator="\n")
    fixed = ["id", "kind", "created_at", "last_seen", "deleted"]
    writer.writerow(fixed + [cell(f"metadata.{k}") for k in keys])
    count = 0
    for entry in entries:
        created = "" if entry.created_at is None else str(entry.created_at)
        base = [entry.id, entry.kind, created, f"{entry.last_seen:.0f}", str(entry.deleted).lower()]
        writer.writerow(base + [cell(entry.metadata.get(k, "")) for k in keys])
        count += 1
    return count


def _take(items: Iterator[CatalogEntry], n: int) -> Iterator[CatalogEntry]:
    for _ in range(n):
        try:
            yield next(items)
        except StopIteration:
            return


def _is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _table(entries: Iterable[CatalogEntry], out: _Buffer, now: float) -> int:
    import shutil

    from thread_tui.core.humanize import ago, utc_time

    width = max(shutil.get_terminal_size((100, 24)).columns, _NARROWEST)
    items = iter(entries)
    sample = list(_take(items, _WIDTH_SAMPLE))
    if not sample:
        return 0
    id_width = min(max(2, *(cells(inert(e.id)) for e in sample)), max(width // 3, 12))
    columns = [("ID", id_width), ("KIND", 12), ("CREATED", 16), ("LAST SEEN", 14)]
    used = sum(w for _, w in columns) + 2 * len(columns)
    while used + 10 > width and len(columns) > 1:  # too narrow: drop columns from the right
        used -= columns.pop()[1] + 2
    meta_width = max(width - used, 0)

    def line(cells_: list[str]) -> str:
        parts = [fit(text, w) for text, (_, w) in zip(cells_, columns, strict=False)]
        text = "  ".join(parts)
        if meta_width:
            text += "  " + fit(cells_[-1], meta_width)
        return text.rstrip()

    out.write(line([name for name, _ in columns] + ["METADATA"]) + "\n")
    count = 0
    for entry in (*sample, *items):
        kind = "deleted" if entry.deleted else entry.kind  # the ID's prefix names the kind
        created = "" if entry.created_at is None else utc_time(entry.created_at)
        seen = ago(entry.last_seen, now) if entry.last_seen else ""
        metadata = ", ".join(f"{k}={v}" for k, v in entry.metadata.items())
        row = [inert(entry.id), kind, created.removesuffix(" UTC"), seen]
        out.write(line([*row[: len(columns)], inert(metadata)]) + "\n")
        count += 1
    return count


def cells(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two, marks none)."""
    if text.isascii() and text.isprintable():  # one cell each: no look-up per character
        return len(text)
    return sum(_cell(ch) for ch in text)


def _cell(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with … when longer."""
    size = cells(text)
    if size <= width:
        return text + " " * (width - size)
    if text.isascii() and text.isprintable():
        return text[: width - 1] + "…"
    kept: list[str] = []
    used = 0
    for ch in text:
        size = _cell(ch)
        if used + size > width - 1:
            break
        kept.append(ch)
        used += size
    return "".join(kept) + "…" + " " * (width - 1 - used)


# -- refresh -------------------------------------------------------------------------------------


def _refresh(
    catalog: Catalog, query: CatalogQuery, settings: Any, emulator: Emulator | None
) -> int:
    """Fetch every listed object again, REFRESH_CONCURRENCY at a time, recording each answer;
    a 404 marks the ID deleted. A summary on stderr; 1 when some fetch failed."""
    import asyncio

    from thread_tui.api import ApiError, ClientError, MissingApiKeyError
    from thread_tui.commands.common import error
    from thread_tui.commands.demo import build_client
    from thread_tui.core.settings import plain_http_refusal

    refusal = plain_http_refusal(settings)
    if refusal:
        error(refusal)
        return 2
    ids = iter(list(catalog.query_ids(query)))  # the objects listed after
    totals = {"refreshed": 0, "not found": 0, "failed": 0}
    problems: list[str] = []

    async def worker(fetch: Callable[[str], Any]) -> None:
        for resource_id in ids:  # one shared iterator: each ID is taken by one worker
            try:
                obj = await fetch(resource_id)
            except ApiError as exc:
                if exc.status == 404:
                    catalog.mark_deleted(resource_id)
                    totals["not found"] += 1
                    continue
                totals["failed"] += 1
                problems.append(f"{resource_id}: {exc.user_message()}")
                continue
            except MissingApiKeyError:
                raise
            except ClientError as exc:
                totals["failed"] += 1
                problems.append(f"{resource_id}: {exc.user_message()}")
                continue
            catalog.record(obj)
            totals["refreshed"] += 1

    async def go() -> None:
        async with build_client(settings, emulator=emulator) as client:

            async def fetch(resource_id: str) -> Any:
                return await client.call_json("GET", resource_id)

            await asyncio.gather(*(worker(fetch) for _ in range(REFRESH_CONCURRENCY)))

    try:
        asyncio.run(go())
    except MissingApiKeyError as exc:
        error(exc.user_message())
        return 2
    for line in problems[:20]:
        error(line)
    if len(problems) > 20:
        error(f"… and {len(problems) - 20} more failed")
    summary = ", ".join(f"{n} {what}" for what, n in totals.items())
    print(f"refresh: {summary}", file=sys.stderr)
    return 1 if totals["failed"] else 0
