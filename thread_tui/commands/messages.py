"""`thread-tui messages list|get|update|delete`: a thread's messages, headless.

The flag names are the official CLI's (`openai beta:threads:messages list|retrieve|update|
delete --thread-id … --message-id … --metadata …`); the IDs may also be given by position
(commands.sub_args). `update` takes --metadata as `update` does (JSON/YAML flow, @path,
key=value, repeatable) with the same checks before sending; as the server merges the map and
never removes a key, the message is read first and the pair count is checked on the merged map
(16 at most), and the answer is compared with what was intended. `delete` asks first unless
--yes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands import sub_args
from thread_tui.commands.common import error
from thread_tui.commands.sub_args import MESSAGE, THREAD
from thread_tui.commands.sub_run import Refused, confirmed, refuse_read_only, run_action, tell
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator

Connection = Callable[[argparse.ArgumentParser], None]

DESCRIPTION: Final = (
    "A thread's messages (the Assistants API): list them, print one, update its metadata, "
    "delete one."
)
EPILOG: Final = """\
examples:
  thread-tui messages list thread_abc123 --demo
  thread-tui messages get thread_abc123 msg_abc --demo
  thread-tui messages update thread_abc123 msg_abc --metadata owner=ana --demo
  thread-tui messages delete thread_abc123 msg_abc --yes --demo

the official CLI's flags work too: --thread-id ID, --message-id ID.
"""
LIST_EPILOG: Final = """\
Pages on with after=<last_id> while the server has more, up to --max-items, and prints one
list object ({"object": "list", "data": [...], "has_more": ...}); --format jsonl prints one
message a line.

examples:
  thread-tui messages list thread_abc123 --demo
  thread-tui messages list --thread-id thread_abc123 --order asc --max-items 50 --demo
  thread-tui messages list thread_abc123 --limit 100 --format jsonl --demo
"""
GET_EPILOG: Final = """\
examples:
  thread-tui messages get thread_abc123 msg_abc --demo
  thread-tui messages get --thread-id thread_abc123 --message-id msg_abc --format yaml --demo
"""
UPDATE_EPILOG: Final = """\
VALUE is JSON or YAML flow ('{owner: ana, team: core}'), @path to read it from a file, or
key=value; --metadata may be repeated (later values win). Values must be strings: quote
YAML's 1, yes, null ('{n: "1"}').

The server merges metadata into the message's: keys you leave out are kept, and a key cannot
be removed (set it to "" to blank it). So the message is read first and the merged map is
checked: at most 16 pairs, keys up to 64 and values up to 512 characters; any problem exits 2
with one line per problem and nothing changed.

examples:
  thread-tui messages update thread_abc123 msg_abc --metadata owner=ana --demo
  thread-tui messages update --thread-id thread_abc123 --message-id msg_abc \\
      --metadata '{owner: ana, "n": "1"}' --demo
  thread-tui messages update thread_abc123 msg_abc --metadata @meta.yaml --show curl
"""
DELETE_EPILOG: Final = """\
Asks first unless --yes; without a terminal to ask on, nothing is deleted (exit 2).

examples:
  thread-tui messages delete thread_abc123 msg_abc --demo
  thread-tui messages delete --thread-id thread_abc123 --message-id msg_abc --yes --demo
"""


def add_arguments(parser: argparse.ArgumentParser, connection: Connection) -> None:
    """The `messages` parser's actions; `connection` adds the connection flags to each."""
    parser.description = DESCRIPTION
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    actions = parser.add_subparsers(dest="messages_action", metavar="ACTION", required=True)

    def action(name: str, summary: str, epilog: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(
            name,
            help=summary,
            description=summary,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        connection(sub)
        sub_args.add_output_options(sub)
        return sub

    listing = action("list", "list a thread's messages, every page", LIST_EPILOG)
    sub_args.add_path_ids(listing, [THREAD])
    sub_args.add_list_options(listing, "messages")

    get = action("get", "print one message", GET_EPILOG)
    sub_args.add_path_ids(get, [THREAD, MESSAGE])

    update = action("update", "update a message's metadata (merged)", UPDATE_EPILOG)
    sub_args.add_path_ids(update, [THREAD, MESSAGE])
    update.add_argument(
        "--metadata",
        metavar="VALUE",
        action="append",
        default=[],
        help="'{key: value}' (JSON/YAML flow), @path, or key=value; repeatable",
    )
    sub_args.add_preview_options(update)

    delete = action("delete", "delete one message (asks first unless --yes)", DELETE_EPILOG)
    sub_args.add_path_ids(delete, [THREAD, MESSAGE])
    sub_args.add_yes_option(delete)


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """Run `messages <action>`; returns the exit code."""
    name = args.messages_action
    if name == "list":
        return _list(args, settings, emulator)
    if name == "get":
        return _get(args, settings, emulator)
    if name == "update":
        return _update(args, settings, emulator)
    return _delete(args, settings, emulator)


def _ids(args: argparse.Namespace, wanted: Sequence[sub_args.PathId]) -> list[str] | None:
    found, problems = sub_args.path_ids(args, wanted)
    for line in problems:
        error(line)
    return None if problems else found


def _list(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [THREAD])
    if ids is None:
        return 2
    [thread_id] = ids
    if args.after is not None and not sub_args.OBJECT_ID.fullmatch(args.after):
        error(f"--after {args.after[:64]!r}: a message ID has only letters, digits, _ and -")
        return 2

    async def action(client: ApiClient) -> dict[str, Any]:
        from thread_tui.commands.paging import collect

        async def page(after: str | None) -> dict[str, Any]:
            return await client.list_messages_page(
                thread_id, limit=args.limit, order=args.order, after=after
            )

        return await collect(page, after=args.after, max_items=args.max_items, noun="messages")

    return run_action(args, settings, emulator, action)


def _get(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [THREAD, MESSAGE])
    if ids is None:
        return 2
    thread_id, message_id = ids

    async def action(client: ApiClient) -> dict[str, Any]:
        return await client.get_message(thread_id, message_id)

    return run_action(args, settings, emulator, action)


def _metadata(values: Sequence[str]) -> dict[str, str] | None:
    """--metadata as `update` reads it (every limit checked on the map sent), or None after
    printing every problem, one line each."""
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata

    if not values:
        error("--metadata is required: the metadata is the only field of a message update")
        return None
    try:
        metadata = parse_metadata(values)
    except FlowValueError as exc:
        for line in exc.lines:
            error(line)
        return None
    if not metadata:
        error(
            "nothing to update: --metadata {} changes nothing (the server merges metadata), "
            "so nothing was sent"
        )
        return None
    return metadata


def _update(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [THREAD, MESSAGE])
    metadata = _metadata(args.metadata)
    if ids is None or metadata is None:
        return 2
    thread_id, message_id = ids
    if args.dry_run or args.show:
        from thread_tui.commands.sub_snippets import update_message_forms

        print(update_message_forms(args.show or "body", thread_id, message_id, metadata, settings))
        return 0
    if refuse_read_only(settings, "messages update"):
        return 2

    async def action(client: ApiClient) -> dict[str, Any]:
        current = _string_map((await client.get_message(thread_id, message_id)).get("metadata"))
        merged = {**current, **metadata}
        from thread_tui.core.problems import check_pair_count

        too_many = check_pair_count(len(merged), merged=True)
        if too_many:
            kept = [key for key in current if key not in metadata]
            raise Refused(
                [
                    f"--metadata: {problem.message} The message has {len(current)} "
                    f"(kept: {_names(kept)}); nothing was sent"
                    for problem in too_many
                ]
            )
        answer = await client.update_message(thread_id, message_id, metadata)
        _tell_kept(current, metadata)
        _tell_differences(merged, _string_map(answer.get("metadata")), answer.get("metadata"))
        return answer

    return run_action(args, settings, emulator, action)


def _string_map(value: Any) -> dict[str, str]:
    """A metadata map as sent by a server (null, {}, or a map): its string pairs."""
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _names(keys: Sequence[str], most: int = 6) -> str:
    shown = ", ".join(keys[:most])
    return shown + (f" and {len(keys) - most} more" if len(keys) > most else "") if keys else "none"


def _tell_kept(current: Mapping[str, str], sent: Mapping[str, str]) -> None:
    kept = [key for key in current if key not in sent]
    if kept:
        tell(
            f"note: the server kept {_names(kept)}: metadata is merged, so keys left out are "
            'kept, and a key cannot be removed (set it to "" to blank it)'
        )


def _tell_differences(intended: Mapping[str, str], returned: Mapping[str, str], raw: Any) -> None:
    """Say where the message the server returned does not hold what was intended."""
    if raw is not None and not isinstance(raw, Mapping):
        tell("warning: the server's answer has no metadata map; check the message")
        return
    missing = [key for key in intended if returned.get(key) != intended[key]]
    extra = [key for key in returned if key not in intended]
    if missing:
        tell(f"warning: the server's answer does not hold the intended value of {_names(missing)}")
    if extra:
        tell(f"warning: the server's answer holds keys that were not there: {_names(extra)}")


def _delete(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [THREAD, MESSAGE])
    if ids is None:
        return 2
    thread_id, message_id = ids
    if refuse_read_only(settings, "messages delete"):
        return 2
    refused = confirmed(args.yes, f"message {message_id} of {thread_id}")
    if refused is not None:
        return refused

    async def action(client: ApiClient) -> dict[str, Any]:
        return await client.delete_message(thread_id, message_id)

    return run_action(args, settings, emulator, action)
