"""The headless commands: get, update, create, delete. They mirror the official `openai` CLI:
pretty JSON on stdout, and on an API error `POST "<url>": 404 Not Found` plus the error on
stderr. Exit 0 done, 1 API or network error, 2 invalid input (nothing is sent)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from thread_tui.commands.common import error
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.settings import Settings, plain_http_refusal

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator

Action = Callable[["ApiClient"], Awaitable[Any]]


def run(
    command: str, args: argparse.Namespace, settings: Settings, emulator: Emulator | None
) -> int:
    if command == "get":
        target = _resource_id(args.id)
        if target is None:
            return 2
        return _send(settings, emulator, lambda c: c.call_json("GET", target))
    if command in ("update", "create", "delete") and settings.read_only:
        error(f"read-only mode: '{command}' changes data, so it is refused (nothing was sent)")
        return 2
    if command == "update":
        return _update(args, settings, emulator)
    if command == "create":
        return _create(args, settings, emulator)
    if command == "delete":
        return _delete(args, settings, emulator)
    error(f"unknown command {command!r}")
    return 2


def _resource_id(raw: str) -> str | None:
    try:
        parse_id(raw)
    except InvalidIdError as exc:
        error(f"{raw!r}: {exc}")
        return None
    return raw


def _update(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    given = [v for v in (args.id, args.thread_id, args.conversation_id) if v]
    if len(given) != 1:
        error("give exactly one ID: --thread-id ID, --conversation-id ID, or ID")
        return 2
    target = _resource_id(given[0])
    if target is None:
        return 2
    kind, _ = parse_id(target)
    if args.thread_id and kind is not ResourceKind.THREAD:
        error(f"--thread-id takes a thread_… ID, not {target!r} (use --conversation-id)")
        return 2
    if args.conversation_id and kind is not ResourceKind.CONVERSATION:
        error(f"--conversation-id takes a conv_… ID, not {target!r} (use --thread-id)")
        return 2
    body = _body(args, kind, require_metadata=kind is ResourceKind.CONVERSATION)
    if body is None:
        return 2
    if not body:
        error("nothing to update: give --metadata and/or --tool-resources")
        return 2
    if args.dry_run:
        print(_render(args.show or "body", kind, target, body, settings))
        return 0
    return _send(settings, emulator, lambda c: c.call_json("POST", target, body))


def _body(
    args: argparse.Namespace, kind: ResourceKind, *, require_metadata: bool
) -> dict[str, Any] | None:
    """The request body from --metadata / --tool-resources, or None after printing problems."""
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata, parse_tool_resources

    body: dict[str, Any] = {}
    problems: list[str] = []
    if args.metadata:
        try:
            body["metadata"] = parse_metadata(args.metadata)
        except FlowValueError as exc:
            problems.extend(exc.lines)
    elif require_metadata:
        problems.append("--metadata is required for a conversation")
    if args.tool_resources is not None:
        if not kind.has_tool_resources:
            problems.append("--tool-resources: a conversation has no tool_resources")
        else:
            try:
                body["tool_resources"] = parse_tool_resources(args.tool_resources)
            except FlowValueError as exc:
                problems.extend(exc.lines)
    if problems:
        for line in problems:
            error(line)
        return None
    return body


def _create(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    kind = ResourceKind.CONVERSATION if args.conversation else ResourceKind.THREAD
    body = _body(args, kind, require_metadata=False)
    if body is None:
        return 2
    return _send(settings, emulator, lambda c: c.call_json("POST", None, body, kind=kind))


def _delete(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    target = _resource_id(args.id)
    if target is None:
        return 2
    if not args.yes:
        print(f"Delete {target}? This cannot be undone. [y/N] ", end="", file=sys.stderr)
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if answer.strip().lower() not in ("y", "yes"):
            error("not deleted (answer y to confirm, or pass --yes)")
            return 1
    return _send(settings, emulator, lambda c: c.call_json("DELETE", target))


def _render(
    form: str, kind: ResourceKind, target: str, body: dict[str, Any], settings: Settings
) -> str:
    from thread_tui.core import snippets

    if form == "curl":
        return snippets.render_curl(kind, target, body, settings.base_url)
    if form == "cli":
        return snippets.render_openai_cli(kind, target, body)
    if form == "python":
        return snippets.render_python(kind, target, body, settings.base_url)
    return json.dumps(body, indent=2, ensure_ascii=False)


def _send(settings: Settings, emulator: Emulator | None, action: Action) -> int:
    """Run one API call and print its result, or the error, as the official CLI does."""
    refusal = plain_http_refusal(settings)
    if refusal:
        error(refusal)
        return 2
    from thread_tui.api import ApiError, ClientError, MissingApiKeyError, build_client

    async def go() -> Any:
        async with build_client(settings, emulator=emulator) as client:
            return await action(client)

    try:
        result = asyncio.run(go())
    except MissingApiKeyError as exc:
        error(exc.user_message())
        return 2
    except ApiError as exc:
        print(f'{exc.method} "{exc.url}": {exc.status} {exc.reason_phrase}', file=sys.stderr)
        print(exc.user_message(), file=sys.stderr)
        if exc.body is not None:
            print(json.dumps(exc.body, indent=2, ensure_ascii=False), file=sys.stderr)
        return 1
    except ClientError as exc:
        error(exc.user_message())
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0
