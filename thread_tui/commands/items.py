"""`thread-tui items list|get|add|delete`: a conversation's items, headless.

The flag names are the official CLI's (`openai conversations:items list|retrieve|create|delete
--conversation-id … --item-id … --item …`); the IDs may also be given by position
(commands.sub_args). `add` checks every item before anything is sent (core.item_input) and
sends them 20 a call (the API's most), in order; the summary on stderr says how many calls.
`delete` asks first unless --yes, and answers with the conversation, which is then recorded
in the catalog.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands import sub_args
from thread_tui.commands.sub_args import CONVERSATION, ITEM

if TYPE_CHECKING:
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator

Connection = Callable[[argparse.ArgumentParser], None]

DESCRIPTION: Final = (
    "A conversation's items (the Conversations API): list them, print one, add message "
    "items (20 a call, in order), delete one."
)
EPILOG: Final = """\
examples:
  thread-tui items list conv_abc123 --demo
  thread-tui items get conv_abc123 msg_abc --demo
  thread-tui items add conv_abc123 --role user --text 'Where is my order?' --demo
  thread-tui items delete conv_abc123 msg_abc --yes --demo

the official CLI's flags work too: --conversation-id ID, --item-id ID, --item '{…}'.
"""
LIST_EPILOG: Final = """\
Pages on with after=<last_id> while the server has more, up to --max-items, and prints one
list object ({"object": "list", "data": [...], "has_more": ...}); --format jsonl prints one
item a line.

examples:
  thread-tui items list conv_abc123 --demo
  thread-tui items list --conversation-id conv_abc123 --order asc --max-items 50 --demo
  thread-tui items list conv_abc123 --after msg_abc --limit 100 --format jsonl --demo
"""
GET_EPILOG: Final = """\
examples:
  thread-tui items get conv_abc123 msg_abc --demo
  thread-tui items get --conversation-id conv_abc123 --item-id msg_abc --format yaml --demo
"""
ADD_EPILOG: Final = """\
Each --item is one item as JSON or YAML flow, or @path to read it from a file; --role ROLE
--text TEXT is a message item (role user, assistant, system or developer). Both may be
repeated and mixed; the items are added in the order given. Every item is checked first: any
problem exits 2 with one line per problem and nothing sent. More than 20 items are sent 20 a
call (the API's most), in order; the summary on stderr says how many calls.

examples:
  thread-tui items add conv_abc123 --role user --text hi --role assistant --text hello --demo
  thread-tui items add --conversation-id conv_abc123 \\
      --item '{type: message, role: user, content: [{type: input_text, text: hi}]}' --demo
  thread-tui items add conv_abc123 --item @item.json --show curl      (prints, sends nothing)
"""
DELETE_EPILOG: Final = """\
Asks first unless --yes; without a terminal to ask on, nothing is deleted (exit 2). Prints
the conversation the server answers with.

examples:
  thread-tui items delete conv_abc123 msg_abc --demo
  thread-tui items delete --conversation-id conv_abc123 --item-id msg_abc --yes --demo
"""


class _InOrder(argparse.Action):
    """--item / --role / --text into one list, in command-line order (they pair by order)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        found = list(getattr(namespace, self.dest, None) or [])
        found.append((option_string or "", str(values)))
        setattr(namespace, self.dest, found)


def add_arguments(parser: argparse.ArgumentParser, connection: Connection) -> None:
    """The `items` parser's actions; `connection` adds the connection and output flags
    (--format, --transform, …) to each."""
    parser.description = DESCRIPTION
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    actions = parser.add_subparsers(dest="items_action", metavar="ACTION", required=True)

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

    listing = action("list", "list a conversation's items, every page", LIST_EPILOG)
    sub_args.add_path_ids(listing, [CONVERSATION])
    sub_args.add_list_options(listing, "items")

    get = action("get", "print one item", GET_EPILOG)
    sub_args.add_path_ids(get, [CONVERSATION, ITEM])

    add = action("add", "add items (20 a call, in order)", ADD_EPILOG)
    sub_args.add_path_ids(add, [CONVERSATION])
    add.add_argument(
        "--item",
        action=_InOrder,
        dest="inputs",
        metavar="VALUE",
        help="an item as JSON/YAML flow ('{type: message, role: user, content: [...]}') or "
        "@path; repeatable",
    )
    add.add_argument(
        "--role",
        action=_InOrder,
        dest="inputs",
        metavar="ROLE",
        help="with the --text after it: a message item (user, assistant, system, developer)",
    )
    add.add_argument(
        "--text",
        action=_InOrder,
        dest="inputs",
        metavar="TEXT",
        help="the text of --role's message",
    )
    sub_args.add_preview_options(add)

    delete = action("delete", "delete one item (asks first unless --yes)", DELETE_EPILOG)
    sub_args.add_path_ids(delete, [CONVERSATION, ITEM])
    sub_args.add_yes_option(delete)


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """Run `items <action>`; returns the exit code."""
    from thread_tui.commands import item_actions  # not loaded to parse a command line

    return item_actions.run_named(args, settings, emulator)
