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
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands import sub_args
from thread_tui.commands.common import error
from thread_tui.commands.sub_args import CONVERSATION, ITEM
from thread_tui.commands.sub_run import Partial, confirmed, refuse_read_only, run_action, tell
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
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
    """The `items` parser's actions; `connection` adds the connection flags to each."""
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
        sub_args.add_output_options(sub)
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
    name = args.items_action
    if name == "list":
        return _list(args, settings, emulator)
    if name == "get":
        return _get(args, settings, emulator)
    if name == "add":
        return _add(args, settings, emulator)
    return _delete(args, settings, emulator)


def _ids(args: argparse.Namespace, wanted: Sequence[sub_args.PathId]) -> list[str] | None:
    found, problems = sub_args.path_ids(args, wanted)
    for line in problems:
        error(line)
    return None if problems else found


def _list(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [CONVERSATION])
    if ids is None:
        return 2
    [conversation_id] = ids
    if args.after is not None and not sub_args.OBJECT_ID.fullmatch(args.after):
        error(f"--after {args.after[:64]!r}: an item ID has only letters, digits, _ and -")
        return 2

    async def action(client: ApiClient) -> dict[str, Any]:
        from thread_tui.commands.paging import collect

        async def page(after: str | None) -> dict[str, Any]:
            return await client.list_items_page(
                conversation_id, limit=args.limit, order=args.order, after=after
            )

        return await collect(page, after=args.after, max_items=args.max_items, noun="items")

    return run_action(args, settings, emulator, action)


def _get(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [CONVERSATION, ITEM])
    if ids is None:
        return 2
    conversation_id, item_id = ids

    async def action(client: ApiClient) -> dict[str, Any]:
        return await client.get_item(conversation_id, item_id)

    return run_action(args, settings, emulator, action)


def _add(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [CONVERSATION])
    items = _items(args.inputs or [])
    if ids is None or items is None:
        return 2
    [conversation_id] = ids
    from thread_tui.core.item_input import batches

    groups = batches(items)
    if args.dry_run or args.show:
        from thread_tui.commands.sub_snippets import add_items_forms

        print(add_items_forms(args.show or "body", conversation_id, groups, settings))
        return 0
    if refuse_read_only(settings, "items add"):
        return 2

    async def action(client: ApiClient) -> dict[str, Any]:
        return await _send_batches(client, conversation_id, groups)

    return run_action(args, settings, emulator, action)


def _items(inputs: Sequence[tuple[str, str]]) -> list[dict[str, Any]] | None:
    """The items of --item / --role --text in order, or None after printing every problem,
    one line each (which --item or --text it is about, counted from 1)."""
    from thread_tui.core.flowvalue import FlowValueError, read_value
    from thread_tui.core.item_input import (
        ROLES,
        ItemInputError,
        item_problems,
        message_item,
        parse_item,
    )

    items: list[dict[str, Any]] = []
    problems: list[str] = []
    role: str | None = None

    def add(item: dict[str, Any] | None) -> None:
        # Each item is checked on its own (so the 20-a-call cap, which batching meets, is
        # not a problem); None stands for one that could not be read, to keep the count.
        items.append(item or {})
        if item is not None:
            number = len(items)
            problems.extend(_renumbered(line, number) for line in item_problems([item]))

    for option, value in inputs:
        where = f"item {len(items) + 1}"
        if option == "--role":
            if role is not None:
                problems.append(f"{where}: --role {role[:40]!r} has no --text after it")
            role = value
            continue
        if option == "--text":
            if role is None:
                problems.append(f"{where}: --text needs a --role before it (--role user --text …)")
                add(None)
            elif role in ROLES:
                add(message_item(role, value))
            else:
                problems.append(
                    f"{where}: --role {role[:40]!r} is not a role; give one of {', '.join(ROLES)}"
                )
                add(None)
            role = None
            continue
        if role is not None:
            problems.append(f"{where}: --role {role[:40]!r} has no --text after it")
            role = None
        try:
            add(parse_item(read_value(value, "--item"), source="--item"))
        except (FlowValueError, ItemInputError) as exc:
            problems.extend(f"{where}: {line}" for line in _lines(exc))
            add(None)
    if role is not None:
        problems.append(f"item {len(items) + 1}: --role {role[:40]!r} has no --text after it")
    if not inputs:
        problems.append("nothing to add: give --item VALUE or --role ROLE --text TEXT")
    for line in problems:
        error(line)
    return None if problems else items


def _renumbered(line: str, number: int) -> str:
    """A line of `item_problems([item])` ("item 1: …") with the item's own number."""
    head = "item 1"
    if line.startswith(head) and line[len(head) : len(head) + 1] in (":", ","):
        return f"item {number}{line[len(head) :]}"
    return f"item {number}: {line}"


def _lines(exc: Exception) -> list[str]:
    lines = getattr(exc, "lines", None)
    if isinstance(lines, list) and lines:
        return [str(line) for line in lines]
    return str(exc).splitlines() or [type(exc).__name__]


async def _send_batches(
    client: ApiClient, conversation_id: str, groups: Sequence[Sequence[dict[str, Any]]]
) -> dict[str, Any]:
    """POST each batch in order; the created items as one list object. A failed call stops
    the rest (a create is not repeated: it could add the items twice)."""
    import asyncio

    from thread_tui.api import ApiError, ClientError
    from thread_tui.commands.paging import list_object

    total = sum(len(group) for group in groups)
    created: list[Any] = []
    pages: list[dict[str, Any]] = []
    done = 0  # items sent in calls that succeeded
    for number, group in enumerate(groups, start=1):
        try:
            page = await client.add_items(conversation_id, group)
        except asyncio.CancelledError:
            tell(_stopped(done, total, number, len(groups), conversation_id, sure=False))
            raise
        except ClientError as exc:
            sure = isinstance(exc, ApiError) and 400 <= exc.status < 500
            note = _stopped(done, total, number, len(groups), conversation_id, sure=sure)
            if not pages:
                if len(groups) > 1:
                    error(note)
                raise
            raise Partial(list_object(created, False), note, exc) from None
        pages.append(page)
        created.extend(page["data"])
        done += len(group)
    calls = f"{len(groups)} call{'s' if len(groups) != 1 else ''}"
    tell(f"added {total} item{'s' if total != 1 else ''} to {conversation_id} in {calls}")
    if len(pages) == 1:
        return pages[0]
    return list_object(created, False)


def _stopped(
    done: int, total: int, number: int, calls: int, conversation_id: str, *, sure: bool
) -> str:
    """What reached the server when call `number` of `calls` did not come back."""
    first, last = done + 1, min(done + 20, total)
    fate = (
        f"items {first} to {last} were refused and the rest not sent"
        if sure
        else f"the server may or may not have added items {first} to {last} (a failed add is "
        f"not repeated), the rest were not sent: check with "
        f"`thread-tui items list {conversation_id} --order asc`"
    )
    done_calls = f"{number - 1} of {calls} calls"
    return f"added {done} of {total} items ({done_calls}) before call {number} failed; {fate}"


def _delete(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = _ids(args, [CONVERSATION, ITEM])
    if ids is None:
        return 2
    conversation_id, item_id = ids
    if refuse_read_only(settings, "items delete"):
        return 2
    refused = confirmed(args.yes, f"item {item_id} of {conversation_id}")
    if refused is not None:
        return refused

    async def action(client: ApiClient) -> dict[str, Any]:
        return await client.delete_item(conversation_id, item_id)

    def record(conversation: dict[str, Any]) -> None:
        from thread_tui.commands.catalog_access import record_result

        record_result(settings, conversation)

    return run_action(args, settings, emulator, action, after=record)
