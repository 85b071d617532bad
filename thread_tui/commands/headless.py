"""The headless commands: get, update, create, delete.

They mirror the official `openai` CLI: pretty JSON on stdout, and on an API error
`POST "<url>": 404 Not Found`, the error in a sentence and the error JSON on stderr.
Everything the user typed is checked before anything is sent. Exit 0 done, 1 API or network
error (or a refused confirmation), 2 invalid input or settings (nothing was sent). What the
server sent is printed inert (see `commands.common`); each wait between tries is told on
stderr when it is a terminal. Every object fetched, created, updated or deleted is then
recorded in the catalog (a 404 marks the ID deleted there).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from thread_tui.commands.common import error, wait_teller
from thread_tui.commands.output import Output, output_options
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.settings import Settings, plain_http_refusal

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator

Action = Callable[["ApiClient"], Awaitable[dict[str, Any]]]


def run(
    command: str, args: argparse.Namespace, settings: Settings, emulator: Emulator | None
) -> int:
    """Run one headless command; returns the exit code."""
    out = output_options(args)
    if command == "get":
        if len(args.id) != 1 or args.ids is not None or out.fmt in ("jsonl", "csv"):
            if out.transform or out.raw_output:
                error("--transform and -r/--raw-output apply to one object: give one ID")
                return 2
            from thread_tui.commands import export  # several, or a format of many

            return export.run(args, settings, emulator)
        target = _resource_id(args.id[0])
        if target is None:
            return 2
        return _send(settings, emulator, lambda c: c.call_json("GET", target), target, out=out)
    previews = command == "update" and (args.dry_run or args.show)
    if command in ("update", "create", "delete") and settings.read_only and not previews:
        error(f"read-only mode: '{command}' changes data, so it is refused (nothing was sent)")
        return 2
    if command == "update":
        return _update(args, settings, emulator, out)
    if command == "create":
        return _create(args, settings, emulator, out)
    if command == "delete":
        return _delete(args, settings, emulator, out)
    error(f"unknown command {command!r}")
    return 2


def _resource_id(raw: str) -> str | None:
    try:
        parse_id(raw)
    except InvalidIdError as exc:
        error(f"{raw!r}: {exc}")
        return None
    return raw


def _update(
    args: argparse.Namespace, settings: Settings, emulator: Emulator | None, out: Output
) -> int:
    given = [v for v in (args.id, args.thread_id, args.conversation_id) if v is not None]
    if len(given) != 1:
        error("give exactly one ID: --thread-id ID, --conversation-id ID, or ID")
        return 2
    target = _resource_id(given[0])
    if target is None:
        return 2
    kind, _ = parse_id(target)
    if args.thread_id is not None and kind is not ResourceKind.THREAD:
        error(f"--thread-id takes a thread_… ID, not {target!r} (use --conversation-id)")
        return 2
    if args.conversation_id is not None and kind is not ResourceKind.CONVERSATION:
        error(f"--conversation-id takes a conv_… ID, not {target!r} (use --thread-id)")
        return 2
    body = _body(args, kind, require_metadata=kind is ResourceKind.CONVERSATION)
    if body is None:
        return 2
    if not body:
        error("nothing to update: give --metadata and/or --tool-resources")
        return 2
    if _changes_nothing(body):
        error(
            f"nothing to update: {_given(body)} changes nothing (the server merges metadata "
            "and keeps a list that is not given), so nothing was sent"
        )
        return 2
    if args.dry_run or args.show:
        print(_render(args.show or "body", kind, target, body, settings))
        return 0
    return _send(settings, emulator, lambda c: c.call_json("POST", target, body), target, out=out)


def _changes_nothing(body: dict[str, Any]) -> bool:
    """True when the server would keep everything: no metadata pair (metadata is merged, so
    `{}` keeps every key) and no ID list (a section without its list keeps the list). A list
    given, even `[]`, is the new complete list, so it changes something."""
    if body.get("metadata"):
        return False
    sections = body.get("tool_resources") or {}
    return not any(ids is not None for sub in sections.values() for ids in sub.values())


def _given(body: dict[str, Any]) -> str:
    names = {"metadata": "--metadata", "tool_resources": "--tool-resources"}
    return " and ".join(f"{names[key]} {json.dumps(body[key])}" for key in body)


def _body(
    args: argparse.Namespace, kind: ResourceKind, *, require_metadata: bool
) -> dict[str, Any] | None:
    """The request body from --metadata / --tool-resources (only the keys given), or None
    after printing every problem, one line each."""
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata, parse_tool_resources

    body: dict[str, Any] = {}
    problems: list[str] = []
    if args.metadata:
        try:
            body["metadata"] = parse_metadata(args.metadata)
        except FlowValueError as exc:
            problems.extend(exc.lines)
    elif require_metadata:
        problems.append("--metadata is required for a conversation (its only field)")
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


def _create(
    args: argparse.Namespace, settings: Settings, emulator: Emulator | None, out: Output
) -> int:
    kind = ResourceKind.CONVERSATION if args.conversation else ResourceKind.THREAD
    body = _body(args, kind, require_metadata=False)
    if body is None:
        return 2
    return _send(settings, emulator, lambda c: c.call_json("POST", None, body, kind=kind), out=out)


def _delete(
    args: argparse.Namespace, settings: Settings, emulator: Emulator | None, out: Output
) -> int:
    target = _resource_id(args.id)
    if target is None:
        return 2
    if not args.yes and not _confirm(f"Delete {target}? This cannot be undone. [y/N] "):
        return 1
    return _send(settings, emulator, lambda c: c.call_json("DELETE", target), target, out=out)


def _confirm(question: str) -> bool:
    """Ask on the terminal; no terminal, no answer (EOF) or anything but y/yes means No."""
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        error("not deleted: there is no terminal to ask for confirmation; pass --yes")
        return False
    print(question, end="", file=sys.stderr, flush=True)
    answer = stdin.readline()
    if not answer:
        print(file=sys.stderr)  # EOF (Ctrl+D) left the cursor after the question
    if answer.strip().lower() in ("y", "yes"):
        return True
    error("not deleted (answer y to confirm, or pass --yes)")
    return False


def _render(
    form: str, kind: ResourceKind, target: str, body: dict[str, Any], settings: Settings
) -> str:
    from thread_tui.core import snippets

    base_url = settings.base_url
    who = {"organization": settings.organization, "project": settings.project}
    azure = {"azure_endpoint": settings.azure_endpoint, "api_version": settings.api_version, **who}
    if form == "curl":
        return snippets.render_curl(kind, target, body, base_url, **azure)
    if form == "cli":
        if settings.azure_endpoint:
            return snippets.AZURE_CLI_NOTE
        return snippets.render_openai_cli(kind, target, body, base_url, **who)
    if form == "python":
        return snippets.render_python(kind, target, body, base_url, **azure)
    return json.dumps(body, indent=2, ensure_ascii=False)


def _send(
    settings: Settings,
    emulator: Emulator | None,
    action: Action,
    target: str | None = None,
    *,
    out: Output | None = None,
) -> int:
    """Run one API call and print its result in `out`'s format, or the error, as the
    official CLI does; then record the result (or `target`'s 404) in the catalog."""
    out = out or Output()
    refusal = plain_http_refusal(settings)
    if refusal:
        error(refusal)
        return 2
    from thread_tui.api import ApiError, ClientError, MissingApiKeyError
    from thread_tui.commands.demo import build_client

    async def go() -> dict[str, Any]:
        async with build_client(settings, emulator=emulator) as client:
            client.on_wait = wait_teller(settings.max_retries)
            try:
                return await action(client)
            finally:
                if out.debug:
                    from thread_tui.commands.debug_log import print_exchanges

                    print_exchanges(client.history)

    try:
        result = asyncio.run(go())
    except MissingApiKeyError as exc:
        error(exc.user_message())
        return 2
    except ApiError as exc:
        out.report(exc)
        if exc.status == 404 and target is not None:
            from thread_tui.commands.catalog_access import record_result

            record_result(settings, gone=target)
        return 1
    except ClientError as exc:
        error(exc.user_message())
        return 1
    out.emit(result)
    from thread_tui.commands.catalog_access import record_result

    record_result(settings, result)  # after the answer is out: it never delays it
    return 0
