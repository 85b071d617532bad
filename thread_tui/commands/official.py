"""The official `openai` CLI's command forms, so that a command pasted from OpenAI's CLI
reference runs with `openai` replaced by `thread-tui`:

    thread-tui beta:threads retrieve|create|update|delete --thread-id ID …
    thread-tui conversations retrieve|create|update|delete --conversation-id ID …
    thread-tui conversations:items create|list|retrieve|delete --conversation-id ID …
    thread-tui beta:threads:messages retrieve|update|list|delete --thread-id ID …

As in the official CLI, the path IDs may be given by position, in order (`commands.sub_args`);
`--tool-resources.code-interpreter` / `--tool-resources.file-search` set one part of
`--tool-resources`; the body may come on stdin as YAML or JSON (`official_stdin`): its path
keys (`thread_id`, …) fill the IDs not given, its other keys are the body, and a flag wins
over the same key on stdin.

Nothing is re-implemented: each form runs thread-tui's own command (`commands.headless` for
threads and conversations, `commands.items` / `commands.messages` for the rest), so it is
checked the same way before anything is sent (exit 2, one line per problem) and sends the
same request. Three differences from the official CLI, on purpose:
- a delete asks on a terminal unless --yes, and without a terminal deletes nothing (exit 2)
  unless --yes, as every thread-tui delete;
- a `list` prints each entry on its own as the official CLI does (json: one object after
  another; jsonl: a line each; `--format raw`: one page's list object as the server sent it),
  reading up to --max-items (default: every page, at most `sub_args.MAX_LISTED`);
- the flags thread-tui cannot send as asked (`--include`, `--before`, `--run-id`,
  `--message`) are refused with a sentence, not ignored.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands import sub_args
from thread_tui.commands.common import error
from thread_tui.commands.sub_args import CONVERSATION, ITEM, MESSAGE, THREAD, PathId

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator

Options = Callable[[argparse.ArgumentParser], None]

GROUPS: Final = {
    "beta:threads": ("retrieve", "create", "update", "delete"),
    "conversations": ("retrieve", "create", "update", "delete"),
    "conversations:items": ("create", "list", "retrieve", "delete"),
    "beta:threads:messages": ("retrieve", "update", "list", "delete"),
}
GROUP_HELP: Final = {
    "beta:threads": "the official CLI's `beta:threads` (as get/update/create/delete)",
    "conversations": "the official CLI's `conversations` (as get/update/create/delete)",
    "conversations:items": "the official CLI's `conversations:items` (as items)",
    "beta:threads:messages": "the official CLI's `beta:threads:messages` (as messages)",
}
VERB_HELP: Final = {
    "retrieve": "print one object",
    "create": "create one",
    "update": "modify one (metadata is merged by the server)",
    "delete": "delete one (asks first unless --yes)",
    "list": "print every entry, page by page (up to --max-items)",
}
# The path IDs of each form, in the order they may be given by position.
PATH_IDS: Final[dict[tuple[str, str], tuple[PathId, ...]]] = {
    **{("beta:threads", v): (THREAD,) for v in ("retrieve", "update", "delete")},
    ("beta:threads", "create"): (),
    **{("conversations", v): (CONVERSATION,) for v in ("retrieve", "update", "delete")},
    ("conversations", "create"): (),
    **{("conversations:items", v): (CONVERSATION,) for v in ("create", "list")},
    **{("conversations:items", v): (CONVERSATION, ITEM) for v in ("retrieve", "delete")},
    ("beta:threads:messages", "list"): (THREAD,),
    **{("beta:threads:messages", v): (THREAD, MESSAGE) for v in ("retrieve", "update", "delete")},
}
# The official flags thread-tui refuses, and why.
REFUSED: Final = {
    "include": "--include (extra item fields) is not supported by thread-tui; leave it out",
    "before": "--before is not supported by thread-tui; use --order asc with --after",
    "run_id": "--run-id (messages of one run) is not supported by thread-tui",
    "message": "--message: thread-tui creates a thread without messages; create it, then "
    "add them with the official CLI or the API",
}
# Body keys each form takes (from flags or stdin).
BODY_KEYS: Final = {
    ("beta:threads", "create"): ("metadata", "tool_resources"),
    ("beta:threads", "update"): ("metadata", "tool_resources"),
    ("conversations", "create"): ("metadata", "items"),
    ("conversations", "update"): ("metadata",),
    ("conversations:items", "create"): ("items",),
    ("beta:threads:messages", "update"): ("metadata",),
}
INNER_TOOLS: Final = {
    "tool_resources_code_interpreter": "code_interpreter",
    "tool_resources_file_search": "file_search",
}

EPILOG: Final = """\
examples (openai replaced by thread-tui):
  thread-tui beta:threads update --thread-id thread_abc123 --metadata '{foo: bar}'
  thread-tui beta:threads update thread_abc123 \\
      --tool-resources.file-search '{vector_store_ids: [vs_1]}'
  thread-tui conversations update --conversation-id conv_abc123 --metadata '{topic: billing}'
  thread-tui conversations:items create --conversation-id conv_abc123 \\
      --item '{type: message, role: user, content: [{type: input_text, text: hi}]}'
  thread-tui conversations:items list --conversation-id conv_abc123 --order asc --max-items 50
  thread-tui --format yaml beta:threads:messages retrieve thread_abc123 msg_abc
  echo '{metadata: {owner: ana}}' | thread-tui beta:threads update --thread-id thread_abc123

Values are JSON or YAML flow, or @path; everything is checked before anything is sent.
Deletes ask on a terminal unless --yes; without one, pass --yes (the official CLI never asks).
"""


def add_arguments(parser: argparse.ArgumentParser, group: str, options: Options) -> None:
    """The verbs of `group` and their flags; `options` adds the connection and output flags
    to each (so they work after the verb too)."""
    parser.description = GROUP_HELP[group]
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb in GROUPS[group]:
        sub = verbs.add_parser(
            verb,
            help=VERB_HELP[verb],
            description=f"{group} {verb}: {VERB_HELP[verb]}",
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        options(sub)
        sub_args.add_path_ids(sub, PATH_IDS[group, verb])
        _verb_flags(sub, group, verb)


def _verb_flags(sub: argparse.ArgumentParser, group: str, verb: str) -> None:
    keys = BODY_KEYS.get((group, verb), ())
    if "metadata" in keys:
        sub.add_argument(
            "--metadata",
            metavar="VALUE",
            action="append",
            default=[],
            help="'{key: value}' (JSON/YAML flow), @path, or key=value; repeatable",
        )
    if "tool_resources" in keys:
        sub.add_argument(
            "--tool-resources",
            metavar="VALUE",
            help="'{code_interpreter: {file_ids: [...]}, file_search: {vector_store_ids: [...]}}'",
        )
        sub.add_argument(
            "--tool-resources.code-interpreter",
            dest="tool_resources_code_interpreter",
            metavar="VALUE",
            help="'{file_ids: [...]}': that part of --tool-resources",
        )
        sub.add_argument(
            "--tool-resources.file-search",
            dest="tool_resources_file_search",
            metavar="VALUE",
            help="'{vector_store_ids: [...]}': that part of --tool-resources",
        )
    if "items" in keys:
        sub.add_argument(
            "--item",
            action="append",
            dest="item",
            metavar="VALUE",
            help="an item as JSON/YAML flow or @path; repeatable (at most 20 a call)",
        )
    if (group, verb) == ("beta:threads", "create"):
        _refused(sub, "--message")
    if group == "conversations:items" and verb in ("create", "list", "retrieve"):
        _refused(sub, "--include")
    if verb == "list":
        sub_args.add_list_options(sub, "items" if group == "conversations:items" else "messages")
    if group == "beta:threads:messages" and verb == "list":
        _refused(sub, "--before")
        _refused(sub, "--run-id")
    if verb == "delete":
        sub_args.add_yes_option(sub)


def _refused(sub: argparse.ArgumentParser, flag: str) -> None:
    sub.add_argument(flag, action="append", metavar="VALUE", help="not supported (refused)")


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """Run one official form; returns the exit code."""
    group, verb = args.command, args.verb
    for dest, why in REFUSED.items():
        if getattr(args, dest, None):
            error(f"{why} (nothing was sent)")
            return 2
    keys = BODY_KEYS.get((group, verb))
    if keys is not None:
        from thread_tui.commands.official_stdin import apply_stdin_body

        if not apply_stdin_body(args, keys, PATH_IDS[group, verb], f"{group} {verb}"):
            return 2
    if group in ("beta:threads", "conversations"):
        return _resource(args, settings, emulator, group, verb)
    if verb == "list":
        return _list(args, settings, emulator, group)
    return _delegate(args, settings, emulator, group, verb)


def _ids(args: argparse.Namespace, group: str, verb: str) -> list[str] | None:
    from thread_tui.commands.sub_run import checked_ids  # run time only: not for parsing

    return checked_ids(args, PATH_IDS[group, verb])


def _resource(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    group: str,
    verb: str,
) -> int:
    """beta:threads / conversations: as `get`, `update`, `create` and `delete`."""
    from thread_tui.commands import headless

    ids = _ids(args, group, verb)
    if ids is None:
        return 2
    ours = argparse.Namespace(**vars(args))
    ours.ids = None  # headless `get` reads --ids @FILE there, not the positional IDs
    conversation = group == "conversations"
    if verb == "retrieve":
        ours.id, ours.concurrency = ids, 1
        return headless.run("get", ours, settings, emulator)
    if verb == "delete":
        from thread_tui.commands.sub_run import confirmed, refuse_read_only

        if refuse_read_only(settings, f"{group} delete"):
            return 2
        stop = confirmed(bool(args.yes), ids[0])
        if stop is not None:
            return stop
        ours.id, ours.yes = ids[0], True
        return headless.run("delete", ours, settings, emulator)
    tools = _tool_resources(args)
    if tools is False:
        return 2
    ours.tool_resources = tools
    if verb == "update":
        ours.id = None
        ours.thread_id = None if conversation else ids[0]
        ours.conversation_id = ids[0] if conversation else None
        ours.dry_run, ours.show = False, None
        return headless.run("update", ours, settings, emulator)
    ours.conversation = conversation
    if conversation and getattr(args, "item", None):
        return _create_conversation_with_items(ours, settings, emulator)
    return headless.run("create", ours, settings, emulator)


def _tool_resources(args: argparse.Namespace) -> str | bool | None:
    """--tool-resources with its parts (`--tool-resources.file-search`) set on it, as one
    value for `headless` (which checks it); None when none is given, False after printing
    the problems."""
    base: str | None = getattr(args, "tool_resources", None)
    parts: dict[str, str] = {
        field: getattr(args, dest)
        for dest, field in INNER_TOOLS.items()
        if getattr(args, dest, None) is not None
    }
    if not parts:
        return base
    from thread_tui.core.flowvalue import FlowValueError, parse_flow, read_value
    from thread_tui.core.flowvalue_text import flow_text

    merged: dict[Any, Any] = {}
    problems: list[str] = []
    if base is not None:
        try:
            data = parse_flow(read_value(base, "--tool-resources"), "--tool-resources")
        except FlowValueError as exc:
            problems.extend(exc.lines)
        else:
            if isinstance(data, dict):
                merged.update(data)
            else:
                problems.append("--tool-resources: give an object ({code_interpreter: …})")
    for field, raw in parts.items():
        option = f"--tool-resources.{field.replace('_', '-')}"
        try:
            merged[field] = parse_flow(read_value(raw, option), option)
        except FlowValueError as exc:
            problems.extend(exc.lines)
    if problems:
        for line in problems:
            error(line)
        return False
    return flow_text(merged)


def _create_conversation_with_items(
    args: argparse.Namespace, settings: Settings, emulator: Emulator | None
) -> int:
    """`conversations create --item …`: the conversation with its first items (at most 20,
    the API's limit), each item checked as `items add` checks it."""
    from thread_tui.commands import headless, item_actions
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata
    from thread_tui.core.item_input import MAX_ITEMS_PER_CALL

    if settings.read_only:
        error("read-only mode: 'conversations create' changes data, so it is refused")
        return 2
    problems: list[str] = []
    metadata: dict[str, str] = {}
    if args.metadata:
        try:
            metadata = parse_metadata(args.metadata)
        except FlowValueError as exc:
            problems.extend(exc.lines)
    inputs = [("--item", value) for value in args.item]
    if len(inputs) > MAX_ITEMS_PER_CALL:
        problems.append(
            f"--item: {len(inputs)} items; a conversation is created with at most "
            f"{MAX_ITEMS_PER_CALL} (the API's limit): add the rest with "
            "`conversations:items create`"
        )
    for line in problems:
        error(line)
    found = item_actions._items(inputs)
    if found is None or problems:
        return 2

    def action(client: ApiClient) -> Any:
        return client.create_conversation_with_items(metadata, found)

    from thread_tui.commands.output import output_options

    return headless._send(settings, emulator, action, out=output_options(args))


def _delegate(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    group: str,
    verb: str,
) -> int:
    """conversations:items create/retrieve/delete and beta:threads:messages
    retrieve/update/delete: as `items add/get/delete` and `messages get/update/delete`."""
    ours = argparse.Namespace(**vars(args))
    ours.dry_run, ours.show = False, None
    if verb == "delete":
        ours.yes = bool(args.yes)
    if group == "conversations:items":
        from thread_tui.commands import items

        ours.items_action = {"create": "add", "retrieve": "get"}.get(verb, verb)
        ours.inputs = [("--item", value) for value in getattr(args, "item", None) or []]
        return items.run(ours, settings, emulator)
    from thread_tui.commands import messages

    ours.messages_action = {"retrieve": "get"}.get(verb, verb)
    return messages.run(ours, settings, emulator)


def _list(
    args: argparse.Namespace, settings: Settings, emulator: Emulator | None, group: str
) -> int:
    """A `list` as the official CLI prints it: each entry on its own, every page up to
    --max-items (`--format raw`: the first page as the server sent it)."""
    from thread_tui.commands.official_list import run_list

    ids = _ids(args, group, "list")
    if ids is None:
        return 2
    noun = "items" if group == "conversations:items" else "messages"
    if args.after is not None and not sub_args.OBJECT_ID.fullmatch(args.after):
        error(f"--after {args.after[:64]!r}: an ID has only letters, digits, _ and -")
        return 2
    [parent] = ids

    def pages(client: ApiClient) -> Callable[[str | None], Any]:
        async def page(after: str | None) -> dict[str, Any]:
            if noun == "items":
                return await client.list_items_page(
                    parent, limit=args.limit, order=args.order, after=after
                )
            return await client.list_messages_page(
                parent, limit=args.limit, order=args.order, after=after
            )

        return page

    return run_list(args, settings, emulator, pages, noun)
