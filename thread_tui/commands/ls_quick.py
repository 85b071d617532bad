"""`thread-tui ls … --format ids`, the quick path: the IDs of a current catalog file, read
before argparse, the settings or pathlib are loaded.

`ls --where KEY=VALUE --format ids` is the form scripts pipe into other commands, and over a
large catalog its start-up (argparse and its help formatter's shutil, pathlib, platformdirs,
`typing`) cost more than its query (bench/README.md). This path takes only a command line in
the plain forms below, a state directory found without platformdirs and a catalog file at
the current schema in WAL mode; for anything else (another option, an abbreviation, a value
that looks like an option, a missing or older file, an error before the first ID) it answers
None before printing anything, and `thread_tui.cli` parses and runs the command as always,
with its messages. What it prints is what the full path prints for the same command:
tests/cli/test_ls_quick.py holds the two to the same parse and the same output.

Plain forms: `ls` first, then any of `--where KEY=VALUE`, `--has KEY`, `--kind thread|
conversation`, `--limit N`, `--format ids` (each also as `--option=value`) and
`--include-deleted`, with `--format ids` in the end.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not from `typing`: its import alone costs more than this path
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import IO, Final

    from thread_tui.storage.catalog_query import CatalogQuery

NO_MATCH: Final = (
    "No object in the catalog matches. It holds what thread-tui has fetched, created, "
    "updated or deleted."
)
_PAGE: Final = 2000  # IDs a read and a write, as the catalog's own cursor reads
_VALUED: Final = frozenset({"--where", "--has", "--kind", "--limit", "--format"})


def parse(args: Sequence[str]) -> CatalogQuery | None:
    """The query of `args` (the command line after the program name) when they are an
    `ls … --format ids` in the plain forms, else None."""
    if not args or args[0] != "ls":
        return None
    kind: str | None = None
    where: list[tuple[str, str]] = []
    has: list[str] = []
    form = "table"
    limit: int | None = None
    include_deleted = False
    index = 1
    while index < len(args):
        arg = args[index]
        if arg == "--include-deleted":
            include_deleted = True
            index += 1
            continue
        name, equals, value = arg.partition("=")
        if equals:  # --option=value: argparse takes the value as it is
            index += 1
        elif index + 1 < len(args):
            name, value = arg, args[index + 1]
            index += 2
            if value.startswith("-"):  # argparse reads it as an option, or refuses it
                return None
        else:
            return None
        if name not in _VALUED:
            return None
        if name == "--where":
            key, sep, wanted = value.partition("=")
            if not (sep and key):
                return None
            where.append((key, wanted))
        elif name == "--has":
            if not value:
                return None
            has.append(value)
        elif name == "--kind":
            if value not in ("thread", "conversation"):
                return None
            kind = value
        elif name == "--limit":
            if not (value.isascii() and value.isdigit() and int(value) > 0):
                return None
            limit = int(value)
        else:
            form = value
    if form != "ids":
        return None
    from thread_tui.storage.catalog_query import CatalogQuery

    return CatalogQuery(
        kind=kind,
        where=tuple(where),
        has=tuple(has),
        include_deleted=include_deleted,
        limit=limit,
    )


def write_id_pages(pages: Iterable[list[str]], out: IO[str]) -> int:
    """Write each page of IDs in one call; returns how many were written."""
    count = 0
    for ids in pages:
        if not "".join(ids).isprintable():  # printable text is as `inert` would draw it
            from thread_tui.core.inert import inert

            ids = [inert(i) for i in ids]
        out.write("\n".join(ids) + "\n")
        count += len(ids)
    return count


def run(args: Sequence[str]) -> int | None:
    """Print the IDs `args` ask for and return the exit code, or None, having printed
    nothing, when this path does not take them (see the module docstring)."""
    query = parse(args)
    if query is None:
        return None
    import os

    from thread_tui.storage.state_dir import plain_state_dir

    state = plain_state_dir()
    if state is None:
        return None
    from thread_tui.storage.catalog_schema import CATALOG_FILE

    path = os.path.join(state, CATALOG_FILE)
    if not os.path.isfile(path):
        return None  # the full path creates it (and says that nothing matches)
    import sqlite3

    from thread_tui.storage.catalog_query import ordered_select
    from thread_tui.storage.catalog_schema import SCHEMA_VERSION, read_version

    count = 0
    try:
        conn = sqlite3.connect(path, timeout=3.0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal" or read_version(conn) != SCHEMA_VERSION:
            return None  # the full path sets WAL mode, or migrates, or leaves a newer file
        sql, params = ordered_select(query, "o.id", resumable=False)
        cursor = conn.execute(sql, params)
        while rows := cursor.fetchmany(_PAGE):
            count += write_id_pages(([row[0] for row in rows],), sys.stdout)
    except sqlite3.Error:
        if count == 0:
            return None  # nothing printed yet: the full path opens the file as it always does
        return _rest(query, count)
    finally:
        conn.close()
    if count == 0:
        print(NO_MATCH, file=sys.stderr)
    return 0


def _rest(query: CatalogQuery, given: int) -> int:
    """The file failed mid-way: the rest from the full catalog, which deals with a failing
    file as always (it warns, and reads on from what it can copy into memory)."""
    from thread_tui.commands.catalog_access import open_catalog
    from thread_tui.storage.catalog_query import CatalogQuery

    if query.limit is not None and query.limit <= given:
        return 0
    rest = CatalogQuery(
        kind=query.kind,
        where=query.where,
        has=query.has,
        include_deleted=query.include_deleted,
        limit=None if query.limit is None else query.limit - given,
        offset=query.offset + given,
    )

    class _Args:
        demo = False

    catalog = open_catalog(_Args())
    try:
        write_id_pages(catalog.query_id_pages(rest), sys.stdout)
    finally:
        catalog.close()
    return 0
