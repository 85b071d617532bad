"""Printing an API object in the chosen `--format`, and an API error as the official CLI does.

Formats (`FORMATS`; the official `openai` CLI's names):
- json: pretty JSON, indent 2 (the default, as `auto` is in the official CLI);
- jsonl: compact JSON on one line; a list object gives one line per entry of its `data`;
- yaml: block YAML (PyYAML, imported only when asked for);
- raw: compact JSON on one line, the object as the server sent it.

`auto` means json; `explore` (the official CLI's interactive viewer) prints json with a
warning, as the official CLI does when stdout is not a terminal; `pretty` (its drawn tree) is
refused by `format_value` with the names of the supported ones.

What a server sent stays inert on a terminal (`core.inert`): json and jsonl always write every
character a terminal would act on as a `\\uXXXX` escape (the same data for any JSON reader);
raw and yaml are exact in a pipe or a file and escaped only on a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Final

from thread_tui.commands.common import error, print_json
from thread_tui.core.inert import inert, inert_json
from thread_tui.core.safejson import MAX_DEPTH, value_depth

if TYPE_CHECKING:
    from thread_tui.api import ApiError

FORMATS: Final = ("json", "jsonl", "yaml", "raw")
# The official CLI's other values: auto is json; explore falls back to json (as it does off a
# terminal); pretty is refused.
ALIASES: Final = {"auto": "json", "explore": "json"}
REFUSED: Final = {"pretty": "the official CLI's drawn tree view"}
ACCEPTED: Final = (*FORMATS, *ALIASES)


def format_value(text: str) -> str:
    """argparse type of `--format` / `--format-error`: a format name (case as the official CLI
    ignores it), or a clear refusal naming the supported ones."""
    name = text.strip().lower()
    if name in ACCEPTED:
        return name
    supported = ", ".join(FORMATS)
    if name in REFUSED:
        raise argparse.ArgumentTypeError(
            f"{text!r} ({REFUSED[name]}) is not supported by thread-tui; give one of {supported}"
        )
    raise argparse.ArgumentTypeError(f"{text!r} is not a format; give one of {supported}")


def output_format(args: argparse.Namespace) -> str | None:
    """The `--format` given (before or after the sub-command), as one of FORMATS; None when
    none was given (the command's own default applies)."""
    value: str | None = getattr(args, "format", None)
    return _canonical(value)


def error_format(args: argparse.Namespace) -> str | None:
    """The `--format-error` given, as one of FORMATS, or None (json)."""
    return _canonical(getattr(args, "format_error", None))


def _canonical(value: str | None) -> str | None:
    if value is None:
        return None
    if value == "explore":
        print(
            "warning: --format explore (the interactive viewer) is not supported; printing json",
            file=sys.stderr,
        )
    return ALIASES.get(value, value)


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
        emit_items(obj["data"], "jsonl", out)
        return
    _emit_one(obj, name, out)


def emit_items(items: Iterable[Any], fmt: str | None, stream: IO[str] | None = None) -> None:
    """Print each entry of a list on its own, as the official CLI prints a `list` command's
    results: json pretty one after another, jsonl/raw one line each, yaml as documents."""
    out = sys.stdout if stream is None else stream
    name = fmt or "json"
    for index, item in enumerate(items):
        if name == "yaml" and index:
            print("---", file=out)
        _emit_one(item, name, out)


def _emit_one(obj: Any, name: str, out: IO[str]) -> None:
    if name == "json":
        print_json(obj, file=out)
        return
    if value_depth(obj) > MAX_DEPTH:
        error(f"not printed: the JSON is nested deeper than {MAX_DEPTH} levels")
        return
    try:
        if name == "yaml":
            text = _yaml(obj, terminal=_is_terminal(out))
        else:
            text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            if name == "jsonl" or _is_terminal(out):
                text = inert_json(text)
    except ValueError:
        error("not printed: the JSON holds a number that is not finite (NaN or Infinity)")
        return
    try:
        print(text, file=out, end="" if text.endswith("\n") else "\n")
    except UnicodeEncodeError:  # a terminal that cannot show it: all of it as escapes
        ascii_text = _yaml(obj, terminal=True) if name == "yaml" else json.dumps(obj)
        print(ascii_text, file=out, end="" if ascii_text.endswith("\n") else "\n")


def _yaml(obj: Any, *, terminal: bool) -> str:
    import yaml  # only for --format yaml: parsing and the common path never load it

    from thread_tui.core.inert import visible

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    json.dumps(obj, allow_nan=False)  # NaN or Infinity: ValueError, refused as for json
    text = yaml.dump(
        obj, Dumper=dumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    if terminal and any(visible(line) != line for line in text.split("\n")):
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
