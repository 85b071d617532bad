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
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from thread_tui.commands import sub_args
from thread_tui.commands.sub_args import MESSAGE, THREAD

if TYPE_CHECKING:
    from thread_tui.core.settings import Settings
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
    """The `messages` parser's actions; `connection` adds the connection and output flags
    (--format, --transform, …) to each."""
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
    from thread_tui.commands import message_actions  # not loaded to parse a command line

    return message_actions.run_named(args, settings, emulator)
