"""What `thread-tui messages list|get|update|delete` do, once the command line is parsed
(commands.messages holds the parser and is what cli.py loads to parse one)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from thread_tui.commands.common import error
from thread_tui.commands.sub_args import MESSAGE, THREAD
from thread_tui.commands.sub_run import (
    Refused,
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
    """Run `messages <action>`; returns the exit code."""
    name = args.messages_action
    if name == "list":
        return _list(args, settings, emulator)
    if name == "get":
        return _get(args, settings, emulator)
    if name == "update":
        return _update(args, settings, emulator)
    return _delete(args, settings, emulator)


def _list(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    ids = checked_ids(args, [THREAD])
    if ids is None:
        return 2
    [thread_id] = ids
    if after_refused(args.after, "a message"):
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
    ids = checked_ids(args, [THREAD, MESSAGE])
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
    ids = checked_ids(args, [THREAD, MESSAGE])
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
    ids = checked_ids(args, [THREAD, MESSAGE])
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
