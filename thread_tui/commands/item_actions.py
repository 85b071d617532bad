"""What `thread-tui items list|get|add|delete` do, once the command line is parsed
(commands.items holds the parser and is what cli.py loads to parse one)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from thread_tui.commands.common import error
from thread_tui.commands.sub_args import CONVERSATION, ITEM
from thread_tui.commands.sub_run import (
    Partial,
    after_refused,
    checked_ids,
    confirmed,
    refuse_read_only,
    run_action,
    tell,
)
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator


def run_named(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """Run `items <action>`; returns the exit code."""
    name = args.items_action
    if name == "list":
        return _list(args, settings, emulator)
    if name == "get":
        return _get(args, settings, emulator)
    if name == "add":
        return _add(args, settings, emulator)
    return _delete(args, settings, emulator)


def _list(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = checked_ids(args, [CONVERSATION])
    if ids is None:
        return 2
    [conversation_id] = ids
    if after_refused(args.after, "an item"):
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
    ids = checked_ids(args, [CONVERSATION, ITEM])
    if ids is None:
        return 2
    conversation_id, item_id = ids

    async def action(client: ApiClient) -> dict[str, Any]:
        return await client.get_item(conversation_id, item_id)

    return run_action(args, settings, emulator, action)


def _add(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = checked_ids(args, [CONVERSATION])
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
    ids = checked_ids(args, [CONVERSATION, ITEM])
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
