"""One record per object, streamed in the global `--format`, for the commands that print a
report of their own (bulk `update --ids/--where`, `apply`, `import`).

json writes one array item by item (`output.ArrayWriter`), closed at the end or after a
Ctrl+C; jsonl and raw one compact line per record; yaml one document per record (`---`
between). Each record is flushed as it is written to a pipe or a file, so that its reader
gets it at once.
The printing itself is `commands.output`'s: what a server sent stays inert on a terminal and
exact in a pipe or a file, as for every other command.
"""

from __future__ import annotations

from typing import IO, Any

from thread_tui.commands.output import ArrayWriter, emit


class RecordStream:
    """Writes records to `out` in `fmt` (one of output.FORMATS) as they come."""

    def __init__(self, fmt: str, out: IO[str]) -> None:
        self.fmt = fmt
        self.out = out
        self.count = 0
        self._array = ArrayWriter("json", out) if fmt == "json" else None
        self._closed = False
        # A pipe or a file is flushed per record, so that its reader gets each at once. A
        # terminal is not: it is line-buffered already (every record ends a line), and under
        # a progress bar stdout is rich's proxy, whose flush would print the open last line
        # of a json item on its own, highlighted.
        try:
            self._flush = not out.isatty()
        except (AttributeError, ValueError):
            self._flush = True

    def write(self, record: dict[str, Any]) -> None:
        if self._array is not None:
            self._array.write(record)
        else:
            if self.fmt == "yaml" and self.count:
                self.out.write("---\n")
            # raw: compact JSON lines as jsonl (a report has no "as the server sent it").
            emit(record, self.fmt, self.out)
        self.count += 1
        if self._flush:
            self.out.flush()

    def close(self) -> None:
        """End the output (the json array's `]`); once, however often called."""
        if self._closed:
            return
        self._closed = True
        if self._array is not None:
            self._array.close()
        if self._flush:
            self.out.flush()
