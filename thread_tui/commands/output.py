"""Printing an API object in the chosen `--format`, and an API error as the official CLI does.

Formats (`FORMATS`; the official `openai` CLI's names):
- json: pretty JSON, indent 2 (the default, as `auto` is in the official CLI);
- jsonl: compact JSON on one line; a list object gives one line per entry of its `data`;
- yaml: block YAML (PyYAML, imported only when asked for);
- raw: compact JSON on one line, the object as the server sent it.

`auto` means the command's default (json for an API object); `explore` (the official CLI's
interactive viewer) prints that with a warning, as the official CLI does when stdout is not a
terminal; `pretty` (its drawn tree) is refused by `FormatType` with the supported names.
`get` also has csv, `ls` table, ids and csv (`OWN_FORMATS`).

What a server sent stays inert on a terminal (`core.inert`): json and jsonl always write every
character a terminal would act on as a `\\uXXXX` escape (the same data for any JSON reader);
raw and yaml are exact in a pipe or a file and escaped only on a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from thread_tui.commands.common import error, print_json
from thread_tui.commands.format_names import FORMATS, error_format, format_value, output_format
from thread_tui.core.inert import inert, inert_json
from thread_tui.core.safejson import MAX_DEPTH, value_depth

if TYPE_CHECKING:
    from thread_tui.api import ApiError

__all__ = [
    "FORMATS",
    "Output",
    "emit",
    "emit_items",
    "error_format",
    "format_value",
    "output_format",
    "report_api_error",
]


@dataclass(frozen=True)
class Output:
    """How a command prints: the global options of the official CLI, read once from args."""

    fmt: str | None = None
    transform: str | None = None
    raw_output: bool = False
    error_fmt: str | None = None
    error_transform: str | None = None
    debug: bool = False

    def emit(self, obj: Any, stream: IO[str] | None = None) -> None:
        emit(obj, self.fmt, stream, transform=self.transform, raw_output=self.raw_output)

    def emit_items(self, items: Iterable[Any], stream: IO[str] | None = None) -> int:
        return emit_items(
            items, self.fmt, stream, transform=self.transform, raw_output=self.raw_output
        )

    def report(self, exc: ApiError, stream: IO[str] | None = None) -> None:
        report_api_error(exc, stream, fmt=self.error_fmt, transform=self.error_transform)


def output_options(args: argparse.Namespace) -> Output:
    """The output options given before or after the sub-command (absent ones: defaults)."""
    return Output(
        fmt=output_format(args),
        transform=getattr(args, "transform", None),
        raw_output=bool(getattr(args, "raw_output", False)),
        error_fmt=error_format(args),
        error_transform=getattr(args, "transform_error", None),
        debug=bool(getattr(args, "debug", False)),
    )


def emit(
    obj: Any,
    fmt: str | None,
    stream: IO[str] | None = None,
    *,
    transform: str | None = None,
    raw_output: bool = False,
) -> None:
    """Print `obj` in `fmt` (None: json). `transform` is a GJSON path (commands.gjson_path)
    picking a part first, kept whole when the path matches nothing (as the official CLI
    does); with `raw_output` a string result prints without JSON quotes (`jq -r`)."""
    out = sys.stdout if stream is None else stream
    if transform:
        from thread_tui.commands.gjson_path import pick

        obj = pick(obj, transform)
    if raw_output and isinstance(obj, str):
        print(inert(obj, keep_newlines=True) if _is_terminal(out) else obj, file=out)
        return
    name = fmt or "json"
    if name == "jsonl" and _is_list_object(obj):
        for item in obj["data"]:
            _emit_one(item, "jsonl", out)
        return
    _emit_one(obj, name, out)


def emit_items(
    items: Iterable[Any],
    fmt: str | None,
    stream: IO[str] | None = None,
    *,
    transform: str | None = None,
    raw_output: bool = False,
) -> int:
    """Print each entry of a list on its own, as the official CLI prints a `list` command's
    results: json pretty one after another, jsonl/raw one line each, yaml as documents
    (`---` between). `transform` applies to each. Returns how many were printed."""
    out = sys.stdout if stream is None else stream
    name = fmt or "json"
    count = 0
    for item in items:
        if name == "yaml" and count:
            print("---", file=out)
        emit(item, name, out, transform=transform, raw_output=raw_output)
        count += 1
    return count


def emit_array(items: Iterable[Any], fmt: str | None, stream: IO[str] | None = None) -> int:
    """Print `items` as one array, streamed item by item (see `ArrayWriter`); returns how
    many were printed."""
    writer = ArrayWriter(fmt, sys.stdout if stream is None else stream)
    for item in items:
        writer.write(item)
    writer.close()
    return writer.count


class ArrayWriter:
    """Writes an array item by item, so a long list is never held whole: json pretty (as
    `json.dumps(list, indent=2)`), raw compact on one line, yaml a block list, jsonl one
    line each. An item that cannot be printed is told on stderr and left out."""

    def __init__(self, fmt: str | None, out: IO[str]) -> None:
        self.name = fmt or "json"
        self.out = out
        self.terminal = _is_terminal(out)
        self.count = 0

    def write(self, item: Any) -> bool:
        """Write one item; False when it could not be (told on stderr)."""
        name = self.name
        lead = "" if name in ("yaml", "jsonl") else ("[" if not self.count else ",")
        if name == "json":
            lead += "\n"

        def piece(text: str) -> str:
            if name == "json":
                return lead + "\n".join("  " + line for line in text.split("\n"))
            return lead + text + ("\n" if name == "jsonl" else "")

        written = _put(self.out, [item] if name == "yaml" else item, name, self.terminal, piece)
        self.count += written
        return bool(written)

    def close(self) -> None:
        if self.name == "jsonl":
            return
        if not self.count:
            self.out.write("[]\n")
        else:
            self.out.write({"json": "\n]\n", "raw": "]\n", "yaml": ""}[self.name])
        self.out.flush()


def _emit_one(obj: Any, name: str, out: IO[str]) -> None:
    if name == "json":
        print_json(obj, file=out)
        return
    _put(
        out, obj, name, _is_terminal(out), lambda text: text if text.endswith("\n") else text + "\n"
    )


def _put(out: IO[str], obj: Any, name: str, terminal: bool, piece: Callable[[str], str]) -> int:
    """Write `piece(text of obj)`; 1 when written, 0 after telling why it cannot be."""
    if value_depth(obj) > MAX_DEPTH:
        error(f"not printed: the JSON is nested deeper than {MAX_DEPTH} levels")
        return 0
    try:
        text = _text(obj, name, terminal=terminal)
    except ValueError:
        error("not printed: the JSON holds a number that is not finite (NaN or Infinity)")
        return 0
    try:
        out.write(piece(text))
    except UnicodeEncodeError:  # a terminal that cannot show it: all of it as escapes
        out.write(piece(_text(obj, name, terminal=True, ascii_only=True)))
    return 1


def _text(obj: Any, name: str, *, terminal: bool, ascii_only: bool = False) -> str:
    """`obj` as `name` text: json pretty, jsonl and raw compact (inert as the module says),
    yaml block. Raises ValueError for NaN or Infinity (not JSON)."""
    if name == "yaml":
        return _yaml(obj, terminal=terminal or ascii_only, ascii_only=ascii_only)
    indent = 2 if name == "json" else None
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(
        obj, ensure_ascii=ascii_only, indent=indent, separators=separators, allow_nan=False
    )
    return inert_json(text) if name != "raw" or terminal else text


def _yaml(obj: Any, *, terminal: bool, ascii_only: bool = False) -> str:
    import yaml  # only for --format yaml: parsing and the common path never load it

    from thread_tui.core.inert import visible

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    json.dumps(obj, allow_nan=False)  # NaN or Infinity: ValueError, refused as for json
    text = yaml.dump(
        obj, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    if ascii_only or (terminal and any(visible(line) != line for line in text.split("\n"))):
        # PyYAML writes bidi overrides and other format characters as they are: on a terminal
        # write everything but ASCII as escapes instead (YAML's "\u202e"; the same data).
        text = yaml.dump(
            obj, Dumper=dumper, allow_unicode=False, sort_keys=False, default_flow_style=False
        )
    return text


def _is_list_object(obj: Any) -> bool:
    return (
        isinstance(obj, dict) and obj.get("object") == "list" and isinstance(obj.get("data"), list)
    )


def _is_terminal(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def report_api_error(
    exc: ApiError,
    stream: IO[str] | None = None,
    *,
    fmt: str | None = None,
    transform: str | None = None,
) -> None:
    """An API error as the official CLI prints it: `POST "<url>": 404 Not Found`, then (ours)
    the error in a sentence, then the error JSON as the server sent it in `fmt` (the
    `--format-error`; `transform` the `--transform-error` path), all on stderr."""
    out = sys.stderr if stream is None else stream
    said = f'{exc.method} "{exc.url}": {exc.status} {exc.reason_phrase}'
    print(inert(said), file=out)
    print(inert(exc.user_message()), file=out)
    if exc.body is not None:
        emit(exc.body, fmt, out, transform=transform)
