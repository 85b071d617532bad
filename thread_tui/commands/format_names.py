"""The names `--format` takes, and the argparse type that checks them: what parsing needs, with
nothing imported (the output itself is `commands.output`, loaded only to print).

FORMATS are the official `openai` CLI's formats thread-tui prints for an API object; `get`
also has csv, `ls` table, ids and csv. The official CLI's `auto` is the command's default,
`explore` (its interactive viewer) falls back to that with a warning, `pretty` is refused.
"""

from __future__ import annotations

import argparse
import sys
from typing import Final

FORMATS: Final = ("json", "jsonl", "yaml", "raw")
# The official CLI's other values: auto is the command's default (json for an API object);
# explore falls back to it with a warning (as the official CLI does off a terminal); pretty is
# refused.
ALIASES: Final = ("auto", "explore")
REFUSED: Final = {"pretty": "the official CLI's drawn tree view"}
# The formats of each command that has its own beside FORMATS (its default first).
OWN_FORMATS: Final = {"get": ("csv",), "ls": ("table", "ids", "csv")}
ALL_FORMATS: Final = (*FORMATS, "csv", "table", "ids")
# Commands that print no API object: --format does not apply.
NO_FORMAT: Final = ("tui", "edit", "emulator", "serve")
# Commands that print a report of their own: --format (FORMATS) gives one record per object
# (commands.record_stream); the options that shape one API object do not apply.
REPORTS: Final = ("import", "apply")


class FormatType:
    """argparse type of `--format` / `--format-error`: a format name of `names` (case as the
    official CLI ignores it), or a clear refusal naming the supported ones."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def __call__(self, text: str) -> str:
        name = text.strip().lower()
        if name in self.names or name in ALIASES:
            return name
        supported = ", ".join(self.names)
        if name in REFUSED:
            raise argparse.ArgumentTypeError(
                f"{text!r} ({REFUSED[name]}) is not supported by thread-tui; "
                f"give one of {supported}"
            )
        raise argparse.ArgumentTypeError(f"{text!r} is not a format; give one of {supported}")


format_value = FormatType(FORMATS)


def transform_value(text: str) -> str:
    """argparse type of `--transform`: `commands.gjson_path` checks it, loaded only then."""
    from thread_tui.commands.gjson_path import transform_value as check

    return check(text)


def format_problem(command: str, args: argparse.Namespace, *, report: bool = False) -> str | None:
    """Why the output options given (before or after `command`) do not fit it, or None. The
    top-level --format takes every name; each command then takes its own. `report`: the
    command prints a report of its own (a bulk update; `import`, `apply`): --format takes
    FORMATS, one record per object, and the options that shape one API object do not apply."""
    fmt = getattr(args, "format", None)
    shaping = [
        flag
        for flag, given in (
            ("--transform", getattr(args, "transform", None) is not None),
            ("-r/--raw-output", bool(getattr(args, "raw_output", False))),
            ("--debug", bool(getattr(args, "debug", False))),
        )
        if given
    ]
    if command in REPORTS or report:
        if shaping:
            return (
                f"{' and '.join(shaping)} do{'es' if len(shaping) == 1 else ''} not apply to "
                f"`{command}` (it prints a report of its own, one record per object with "
                "--format); nothing was sent"
            )
        if fmt is not None and fmt not in (*FORMATS, *ALIASES):
            return f"--format {fmt} does not apply to `{command}`; give one of {', '.join(FORMATS)}"
        return None
    if command in NO_FORMAT:
        what = "no API object"
        given = [*(["--format"] if fmt not in (None, *ALIASES) else []), *shaping]
        if given:
            return (
                f"{' and '.join(given)} do{'es' if len(given) == 1 else ''} not apply to "
                f"`{command}` (it prints {what}); nothing was sent"
            )
        return None
    if shaping and command == "ls":
        return (
            f"{' and '.join(shaping)} do{'es' if len(shaping) == 1 else ''} not apply to `ls` "
            "(it prints the local catalog, not an answer of the API)"
        )
    if fmt is None or fmt in ALIASES:
        return None
    names = (*FORMATS, *OWN_FORMATS.get(command, ()))
    if fmt not in names:
        supported = ", ".join(dict.fromkeys(names))
        return f"--format {fmt} does not apply to `{command}`; give one of {supported}"
    return None


def output_format(args: argparse.Namespace, *, warn: bool = True) -> str | None:
    """The `--format` given (before or after the sub-command), as one of FORMATS; None when
    none was given (the command's own default applies). `warn`: tell that `explore` is not
    supported (once per run: a second reader passes False)."""
    value: str | None = getattr(args, "format", None)
    return _canonical(value, warn=warn)


def error_format(args: argparse.Namespace) -> str | None:
    """The `--format-error` given, as one of FORMATS, or None (json)."""
    return _canonical(getattr(args, "format_error", None))


def _canonical(value: str | None, *, warn: bool = True) -> str | None:
    if value == "explore" and warn:
        print(
            "warning: --format explore (the official CLI's interactive viewer) is not "
            "supported; printing the default format",
            file=sys.stderr,
        )
    return None if value in (None, *ALIASES) else value
