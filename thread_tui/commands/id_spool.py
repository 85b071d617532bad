"""The IDs a command is given (on its command line and in an ID list), checked whole before
anything is sent, and kept in a spool to be read back once, in order.

Checking the whole list first is what lets a bad line at the end of a 100,000-line file exit
2 with nothing fetched; spooling (memory up to 1 MiB, then a temporary file) is what keeps the
list out of memory meanwhile, and lets stdin be read twice. Duplicates are dropped
(`core.id_source` holds the set of IDs seen: ~100 bytes an ID).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Final

from thread_tui.core.id_source import IdReader, IdSourceError, open_id_argument, source_name
from thread_tui.core.ids import InvalidIdError, parse_id

SPOOL_MEMORY: Final = 1024 * 1024


@dataclass
class SpooledIds:
    """The distinct IDs, in the order given; iterate once with `ids()`; close when done."""

    spool: IO[str]
    total: int
    duplicates: int

    def ids(self) -> Iterator[str]:
        self.spool.seek(0)
        for line in self.spool:
            yield line.rstrip("\n")

    def close(self) -> None:
        self.spool.close()

    def __enter__(self) -> SpooledIds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def spool_ids(given: Sequence[str] = (), argument: str | None = None) -> SpooledIds:
    """Check `given` (command-line IDs) then the list `argument` names (`@FILE`, `FILE`,
    `-`); raises IdSourceError at the first bad one, naming it (and file:line)."""
    # Closed by SpooledIds (or below, on an error): it outlives this function.
    spool: IO[str] = tempfile.SpooledTemporaryFile(  # noqa: SIM115
        max_size=SPOOL_MEMORY, mode="w+", encoding="utf-8"
    )
    try:
        seen: set[str] = set()
        duplicates = 0
        for position, resource_id in enumerate(given, start=1):
            try:
                parse_id(resource_id)
            except InvalidIdError as exc:
                raise IdSourceError(
                    "the command line", None, f"ID {position}, {resource_id!r}: {exc}"
                ) from None
            if resource_id in seen:
                duplicates += 1
                continue
            seen.add(resource_id)
            spool.write(resource_id + "\n")
        total = len(seen)
        if argument is not None:
            with open_id_argument(argument) as stream:
                reader = IdReader(stream, source_name(argument))
                for resource_id in reader:
                    if resource_id in seen:
                        duplicates += 1
                        continue
                    spool.write(resource_id + "\n")
                    total += 1
            duplicates += reader.duplicates
    except BaseException:
        spool.close()
        raise
    return SpooledIds(spool, total, duplicates)
