"""`thread-tui get ID… | --ids @FILE --format json|jsonl|csv|yaml|raw`: many objects at once.

`get ID` alone (or with `--format json`) never comes here: headless.py prints it as it always
has, with nothing of this module imported. Here the IDs are checked whole first (a bad one
exits 2, nothing fetched), then fetched with at most `--concurrency` requests in flight and
written in the order given; each object fetched is recorded in the catalog (a 404 marks it
deleted). A missing or failing object is told on stderr and makes the exit code 1.

Formats:
- json: a JSON array, pretty as `get` prints one object (`json.dumps(list, indent=2)`),
  streamed object by object;
- jsonl: one object a line, streamed;
- yaml: a block list, raw: a compact JSON array on one line (the global --format's; see
  `commands.output`), streamed;
- csv: `id, kind, created_at`, then one `metadata.KEY` column per metadata key of any object
  (sorted; prefixed so that a key named `id` cannot clash), then `tool_resources` as JSON.
  The header needs every key, so the objects are spooled first (memory up to 1 MiB, then a
  temporary file) and the CSV written after the last.

What the server sent is written so that it cannot act, on a terminal or in a spreadsheet:
- JSON and JSONL always escape every character a terminal would act on (`\\u001b`; see
  `core.inert.inert_json`): the same data for any JSON reader, in a file as on a terminal.
- CSV has no escapes, so its cells are exact in a file or a pipe and drawn with
  `core.inert.visible` (ESC as ␛) when stdout is a terminal.
- A CSV cell (header too) starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
  leading `'` (OWASP's advice against CSV injection): a spreadsheet would run it as a formula
  (`=HYPERLINK(…)` sending data away), and metadata is text anyone with the key can set. The
  cost is that such a value is not byte-exact in the CSV; `--format jsonl` always is.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import tempfile
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Final

from thread_tui.commands.common import cannot_connect, error
from thread_tui.core.ids import parse_id
from thread_tui.core.inert import inert_json, visible
from thread_tui.core.safejson import MAX_DEPTH, value_depth

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.commands.fetch_many import Fetched
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog

FORMATS: Final = ("json", "jsonl", "csv", "yaml", "raw")
FIXED_COLUMNS: Final = ("id", "kind", "created_at")
METADATA_PREFIX: Final = "metadata."
RECORD_BATCH: Final = 100
SPOOL_MEMORY: Final = 1024 * 1024
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """`thread-tui get` with several IDs, `--ids` or `--format`: the exit code."""
    from thread_tui.commands.id_spool import spool_ids
    from thread_tui.core.id_source import IdSourceError

    if not args.id and args.ids is None:
        error("give one or more IDs, or --ids @FILE (- for stdin)")
        return 2
    if cannot_connect(settings):
        return 2
    try:
        spool = spool_ids(args.id, args.ids)
    except IdSourceError as exc:
        error(str(exc))
        return 2
    from thread_tui.commands.common import wait_teller
    from thread_tui.commands.demo import build_client

    out = sys.stdout
    from thread_tui.commands.output import output_format

    writer = _writer(output_format(args) or "json", out)
    catalog = catalog_for(settings, emulator)
    missing = 0
    try:
        with spool:

            async def go() -> int:
                async with build_client(settings, emulator=emulator) as client:
                    client.on_wait = wait_teller(settings.max_retries)
                    return await export_all(client, spool.ids(), catalog, writer, args.concurrency)

            missing = asyncio.run(go())
        writer.close()
    finally:
        catalog.close()  # a disk failure was told as it happened (open_catalog's warning)
    return 1 if missing else 0


async def export_all(
    client: ApiClient, ids: Iterable[str], catalog: Catalog, writer: _Writer, concurrency: int
) -> int:
    """Fetch, record and write each object in order; the number that could not be."""
    from thread_tui.commands.fetch_many import fetch_each

    missing = 0
    pending: list[dict[str, Any]] = []
    try:
        async for fetched in fetch_each(client, ids, concurrency=concurrency, ordered=True):
            if fetched.status == "ok" and fetched.obj is not None:
                pending.append(fetched.obj)
                if len(pending) >= RECORD_BATCH:
                    catalog.record_many(pending)
                    pending.clear()
                problem = writer.write(fetched.obj)
                if problem is None:
                    continue
                fetched = _failed(fetched, problem)
            elif fetched.status == "not_found":
                catalog.mark_deleted(fetched.id)
            missing += 1
            error(f"{fetched.id}: {fetched.error or 'not fetched'}")
    finally:
        if pending:
            catalog.record_many(pending)
    return missing


def _failed(fetched: Fetched, problem: str) -> Fetched:
    from thread_tui.commands.fetch_many import Fetched

    return Fetched(fetched.id, "failed", error=problem)


def _writer(form: str, out: IO[str]) -> _Writer:
    if form == "jsonl":
        return _JsonLines(out)
    if form == "csv":
        return _Csv(out)
    if form in ("yaml", "raw"):
        return _Array(out, form)
    return _JsonArray(out)


class _Writer:
    """Writes objects one by one; `write` returns why an object cannot be written, if so."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, obj: dict[str, Any]) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        """Write what ends the output."""


def _json_text(obj: dict[str, Any], indent: int | None) -> tuple[str | None, str | None]:
    """(inert JSON text, ASCII-only JSON text for a terminal that cannot show the rest), or
    (None, why) when the object cannot be written as JSON."""
    if value_depth(obj) > MAX_DEPTH:
        return None, f"not written: the JSON is nested deeper than {MAX_DEPTH} levels"
    try:
        return inert_json(json.dumps(obj, indent=indent, ensure_ascii=False, allow_nan=False)), None
    except ValueError:
        return None, "not written: the JSON holds a number that is not finite (NaN or Infinity)"


def _put(out: IO[str], text: str, fallback: Any) -> None:
    try:
        out.write(text)
    except UnicodeEncodeError:
        out.write(fallback())
    out.flush()


class _JsonLines(_Writer):
    def write(self, obj: dict[str, Any]) -> str | None:
        text, problem = _json_text(obj, None)
        if text is None:
            return problem
        _put(self.out, text + "\n", lambda: json.dumps(obj) + "\n")
        return None


class _Array(_Writer):
    """The global --format's yaml (a block list) and raw (a compact array on one line)."""

    def __init__(self, out: IO[str], form: str) -> None:
        super().__init__(out)
        from thread_tui.commands.output import ArrayWriter

        self.array = ArrayWriter(form, out)

    def write(self, obj: dict[str, Any]) -> str | None:
        return None if self.array.write(obj) else "not written (told above)"

    def close(self) -> None:
        self.array.close()


class _JsonArray(_Writer):
    """`json.dumps(objects, indent=2)`, written one object at a time."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.count = 0

    def write(self, obj: dict[str, Any]) -> str | None:
        text, problem = _json_text(obj, 2)
        if text is None:
            return problem
        lead = "[\n" if self.count == 0 else ",\n"
        self.count += 1
        _put(self.out, lead + _indent(text), lambda: lead + _indent(json.dumps(obj, indent=2)))
        return None

    def close(self) -> None:
        _put(self.out, "\n]\n" if self.count else "[]\n", lambda: "")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


class _Csv(_Writer):
    """Spools each object (as a JSON line), then writes the header and the rows."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.keys: set[str] = set()
        # Closed in close(), once the rows are written.
        self.spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=SPOOL_MEMORY, mode="w+", encoding="utf-8", errors="surrogatepass"
        )
        try:
            self.terminal = out.isatty()
        except (AttributeError, ValueError):
            self.terminal = False

    def write(self, obj: dict[str, Any]) -> str | None:
        metadata = obj.get("metadata")
        if isinstance(metadata, dict):
            self.keys.update(str(key) for key in metadata)
        self.spool.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return None

    def close(self) -> None:
        keys = sorted(self.keys)
        writer = csv.writer(self.out)
        self._row(
            writer, [*FIXED_COLUMNS, *(METADATA_PREFIX + key for key in keys), "tool_resources"]
        )
        self.spool.seek(0)
        for line in self.spool:
            self._row(writer, _csv_row(json.loads(line), keys))
        self.spool.close()
        self.out.flush()

    def _row(self, writer: Any, cells: list[str]) -> None:
        shown = [self._cell(cell) for cell in cells]
        try:
            writer.writerow(shown)
        except UnicodeEncodeError:
            writer.writerow([cell.encode("ascii", "backslashreplace").decode() for cell in shown])

    def _cell(self, text: str) -> str:
        if text.startswith(_FORMULA_STARTS):
            text = "'" + text
        return visible(text) if self.terminal else text


def _csv_row(obj: dict[str, Any], keys: list[str]) -> list[str]:
    resource_id = str(obj.get("id", ""))
    kind, _ = parse_id(resource_id)  # call_json checked the object, its ID included
    created = obj.get("created_at")
    metadata = obj.get("metadata")
    values = metadata if isinstance(metadata, dict) else {}
    tools = obj.get("tool_resources")
    return [
        resource_id,
        kind.value,
        "" if created is None else str(created),
        *(_text(values.get(key)) for key in keys),
        "" if tools is None else json.dumps(tools, ensure_ascii=False, separators=(",", ":")),
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def catalog_for(settings: Settings, emulator: Emulator | None) -> Catalog:
    """The catalog this run records into (the demo's: in memory, holding what `emulator`
    holds); the tests' seam."""
    from thread_tui.commands.catalog_access import open_catalog

    return open_catalog(settings, emulator=emulator)
