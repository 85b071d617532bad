"""What the `items` and `messages` sub-commands share in their arguments: the path IDs given
by position or by flag, the list options, the output options, and the checks of them all.

The IDs follow the official `openai` CLI: each ID has its flag (`--conversation-id`,
`--item-id`, `--thread-id`, `--message-id`), and the IDs whose flag is not given may be given
by position, in order. One more: every ID may be given both ways when they agree, so
`items get conv_1 msg_1 --conversation-id conv_1` is fine and two different values are a
clear error instead of a guess. Only argparse and `core.ids` are imported here: cli.py builds
these parsers on every run that names the command.
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from thread_tui.commands.arg_types import whole_number
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id

# An item or message ID as the API makes them (msg_…, fc_…): letters, digits, _ and -.
OBJECT_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,128}")
MAX_PAGE: Final = 100  # the API's largest `limit`
# The most one `list` run gathers (a server answering has_more for ever stops here).
MAX_LISTED: Final = 100_000

page_size = whole_number(1, MAX_PAGE, "a whole number", f"give 1 to {MAX_PAGE} per page")
_listed = whole_number(-1, MAX_LISTED, "a whole number", f"give 1 to {MAX_LISTED}, or -1 for all")


def max_items(text: str) -> int:
    """--max-items: 1 to MAX_LISTED, or -1 for all (the official CLI's "unlimited")."""
    value = _listed(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 to {MAX_LISTED}, or -1 for all")
    return value


@dataclass(frozen=True)
class PathId:
    """One ID of a request path: its flag (`--item-id`), its `args` attribute, its noun, and
    the conversation/thread kind it must have (None: an item or message ID)."""

    flag: str
    dest: str
    noun: str
    kind: ResourceKind | None = None


CONVERSATION: Final = PathId(
    "--conversation-id", "conversation_id", "conversation", ResourceKind.CONVERSATION
)
ITEM: Final = PathId("--item-id", "item_id", "item")
THREAD: Final = PathId("--thread-id", "thread_id", "thread", ResourceKind.THREAD)
MESSAGE: Final = PathId("--message-id", "message_id", "message")


def add_path_ids(parser: argparse.ArgumentParser, ids: Sequence[PathId]) -> None:
    """The positional IDs (`ids`, in order) and each one's flag."""
    names = " ".join(p.noun.upper() + "_ID" for p in ids)
    parser.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help=f"{names} by position (instead of the flags, in this order)",
    )
    for path_id in ids:
        parser.add_argument(
            path_id.flag, metavar="ID", dest=path_id.dest, help=f"the {path_id.noun}"
        )


def path_ids(args: argparse.Namespace, ids: Sequence[PathId]) -> tuple[list[str], list[str]]:
    """The IDs in `ids`' order, and the problems (one line each; the IDs are then unusable).

    Positions fill the IDs whose flag is not given, as the official CLI does; with one
    position per ID, each position is its ID, and one given by flag too must agree."""
    given: list[str | None] = [getattr(args, p.dest, None) for p in ids]
    positions: list[str] = list(getattr(args, "ids", None) or [])
    open_slots = [i for i, value in enumerate(given) if value is None]
    problems: list[str] = []
    chosen = list(given)
    if len(positions) == len(open_slots):
        for slot, value in zip(open_slots, positions, strict=True):
            chosen[slot] = value
    elif len(positions) == len(ids):
        for slot, value in enumerate(positions):
            flagged = given[slot]
            if flagged is not None and flagged != value:
                problems.append(
                    f"two different {ids[slot].noun} IDs: {value!r} and "
                    f"{ids[slot].flag} {flagged!r}; give it once"
                )
            chosen[slot] = value
    elif len(positions) > len(open_slots):
        extra = positions[len(open_slots) :]
        problems.append(f"unexpected extra arguments: {' '.join(map(repr, extra))}")
    else:
        for slot in open_slots[len(positions) :]:
            problems.append(f"give the {ids[slot].noun} ID: by position or {ids[slot].flag} ID")
    if problems:
        return [], problems
    found = [value for value in chosen if value is not None]
    for path_id, value in zip(ids, found, strict=True):
        problem = id_problem(value, path_id)
        if problem:
            problems.append(problem)
    return (found, []) if not problems else ([], problems)


def id_problem(value: str, path_id: PathId) -> str | None:
    """Why `value` cannot be this ID (it goes into a URL path), or None."""
    if path_id.kind is None:
        if OBJECT_ID.fullmatch(value):
            return None
        return (
            f"{path_id.flag} {value[:64]!r}: an {path_id.noun} ID has only letters, digits, "
            "_ and - (at most 128)"
            if path_id.noun == "item"
            else f"{path_id.flag} {value[:64]!r}: a {path_id.noun} ID has only letters, "
            "digits, _ and - (at most 128)"
        )
    try:
        kind, _ = parse_id(value)
    except InvalidIdError as exc:
        return f"{value[:64]!r}: {exc}"
    if kind is not path_id.kind:
        return f"{path_id.flag} takes a {path_id.kind.prefix}… ID, not {value[:64]!r}"
    return None


def add_list_options(parser: argparse.ArgumentParser, noun: str) -> None:
    """--limit / --order / --after / --max-items, as the official CLI's `list` takes them."""
    parser.add_argument(
        "--limit",
        type=page_size,
        default=20,
        metavar="N",
        help=f"{noun} per request, 1 to {MAX_PAGE} (default 20)",
    )
    parser.add_argument(
        "--order",
        choices=("asc", "desc"),
        default="desc",
        help="asc: oldest first; desc: newest first (the default)",
    )
    parser.add_argument("--after", metavar="ID", help=f"start after this {noun[:-1]} (its ID)")
    parser.add_argument(
        "--max-items",
        type=max_items,
        default=-1,
        metavar="N",
        help=f"stop after N {noun} (default -1: every page, at most {MAX_LISTED})",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format (as the global one), unless the parser has it already (cli.py's global
    options may give every sub-command its own)."""
    with contextlib.suppress(argparse.ArgumentError):  # already there: the global one
        parser.add_argument(
            "--format",
            type=_format_value,
            default=argparse.SUPPRESS,  # a --format before the sub-command is kept
            metavar="FORMAT",
            help="output format: json (the default), jsonl, yaml or raw",
        )


def _format_value(text: str) -> str:
    from thread_tui.commands.output import format_value  # loaded when a --format is given

    return format_value(text)


def add_preview_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true", help="check and print the request body; send nothing"
    )
    parser.add_argument(
        "--show",
        choices=("body", "curl", "cli", "python"),
        help="print the request in this form (the key stays $OPENAI_API_KEY); implies --dry-run",
    )


def add_yes_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
