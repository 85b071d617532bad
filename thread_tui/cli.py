"""Command-line entry point: argument parsing, and dispatch to the TUI or a headless command.

Only parsing lives here; the commands are in `thread_tui.commands`. Textual is imported only
when the TUI starts, and httpx only when a headless command sends a request, so
`thread-tui get` starts fast and never loads the UI.

Exit codes: 0 done, 1 API, network or output error, 2 invalid input or settings (nothing was
sent), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from thread_tui import __version__
from thread_tui.commands.arg_types import concurrency, whole_number

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator

EXAMPLES: Final = """\
examples:
  thread-tui --demo                                   the TUI on the built-in emulator
  thread-tui thread_abc123                            open an ID in the TUI
  thread-tui get thread_abc123 --demo
  thread-tui update --thread-id thread_abc123 --metadata '{owner: ana}' --demo
  thread-tui update thread_abc123 --metadata owner=ana --metadata team=core --demo
  thread-tui update --conversation-id conv_abc123 --metadata @meta.json --demo
  thread-tui update thread_abc123 --metadata owner=ana --show curl
  thread-tui delete thread_abc123 --yes --demo
  thread-tui edit thread_abc123 --demo                metadata as YAML in $VISUAL/$EDITOR
  thread-tui ls --where team=core --demo              the threads and conversations seen
  thread-tui beta:threads update --thread-id thread_abc123 --metadata '{owner: ana}' --demo
                                                      a command of the official openai CLI
  thread-tui --format yaml conversations retrieve conv_abc123 --demo
  thread-tui emulator --port 8765
  thread-tui serve --demo                             the TUI in a browser (127.0.0.1:8000)
  thread-tui get thread_abc123 --azure-endpoint https://RESOURCE.openai.azure.com \\
      --api-version 2024-05-01-preview                Azure OpenAI

settings come from flags, then the environment (OPENAI_API_KEY, OPENAI_BASE_URL,
OPENAI_ORG_ID, OPENAI_PROJECT_ID; for Azure AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY,
OPENAI_API_VERSION), then a .env file.

exit codes: 0 done, 1 API or network error, 2 invalid input (nothing sent), 130 interrupted
"""

UPDATE_EPILOG: Final = """\
VALUE is JSON or YAML flow ('{owner: ana, team: core}'), or @path to read it from a file.
--metadata also takes key=value and may be repeated; later values win. Metadata values must
be strings: YAML reads 1, yes, null and 2024-01-01 as other types, so quote them ('{n: "1"}').
Metadata is merged into the stored map on the server: keys you leave out are kept.
A --tool-resources list replaces the stored list.

Everything is checked before sending (16 pairs, keys up to 64 and values up to 512
characters, 20 files, 1 vector store): any problem exits 2 with one line per problem.

examples:
  thread-tui update thread_abc123 --metadata '{owner: ana, "n": "1"}'
  thread-tui update --thread-id thread_abc123 --metadata owner=ana --metadata note='a=b'
  thread-tui update thread_abc123 --tool-resources '{code_interpreter: {file_ids: [file-1]}}'
  thread-tui update thread_abc123 --tool-resources '{file_search: {vector_store_ids: [vs_1]}}'
  thread-tui update --conversation-id conv_abc123 --metadata @meta.yaml
  thread-tui update thread_abc123 --metadata owner=ana --show python   (prints, sends nothing)
"""

GET_EPILOG: Final = """\
examples:
  thread-tui get thread_abc123 --demo
  thread-tui get thread_abc123 conv_abc123 --format jsonl --demo
  thread-tui get --ids @ids.txt --format csv --demo > objects.csv

A CSV cell starting with = + - @ gets a leading ' so that a spreadsheet does not run it as a
formula; JSON and JSONL are exact. On a terminal, CSV cells show control characters as
symbols; in a file or a pipe they are written as they are.
"""

# The official `openai` CLI's command groups (commands.official.GROUPS), so that a command
# pasted from its reference runs with `openai` replaced by `thread-tui`.
OFFICIAL_GROUPS: Final = (
    "beta:threads",
    "conversations",
    "conversations:items",
    "beta:threads:messages",
)
COMMANDS: Final = (
    "tui",
    "get",
    "update",
    "apply",
    "create",
    "delete",
    "import",
    "ls",
    "edit",
    "clone",
    "items",
    "messages",
    *OFFICIAL_GROUPS,
    "emulator",
    "serve",
)
# Top-level options that take a value, so the ID shortcut can skip over their values.
_VALUE_OPTIONS: Final = frozenset(
    {
        "--base-url",
        "--api-key",
        "--org",
        "--project",
        "--env-file",
        "--timeout",
        "--max-retries",
        "--max-response-bytes",
        "--azure-endpoint",
        "--api-version",
        "--organization",
        "--format",
        "--format-error",
        "--transform",
        "--transform-error",
    }
)


def _seconds(text: str) -> float:
    from thread_tui.core.settings import MAX_TIMEOUT  # the bound Settings enforces too

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and 0 < value <= MAX_TIMEOUT):
        # Unbounded, 1e308 would let a silent server hold the command for good.
        raise argparse.ArgumentTypeError(
            f"{text!r}: give a number of seconds more than 0 and at most {MAX_TIMEOUT:g}"
        )
    return value


_retries = whole_number(0, 10, "a whole number", "give 0 to 10 retries")
_byte_count = whole_number(
    1024, 1024**3, "a whole number of bytes", "give 1024 to 1073741824 bytes (1 KiB to 1 GiB)"
)
_port = whole_number(1, 65535, "a port number", "a port is between 1 and 65535")
_sessions = whole_number(1, 64, "a whole number", "give 1 to 64 sessions")
_rpm = whole_number(1, 1_000_000, "a number of requests", "give 1 to 1000000 requests a minute")
# seed_fleet.MAX_SEED_COUNT, not imported: parsing loads no emulator module.
_seed_count = whole_number(0, 1_000_000, "a number of objects", "give 0 to 1000000 objects")


def _connection_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """The connection flags, on the main parser and on every sub-command.

    On sub-commands the defaults are SUPPRESS: argparse would otherwise let a sub-command's
    default overwrite a flag given before it (`thread-tui --demo get ID`).
    """

    def default(value: object) -> object:
        return value if top_level else argparse.SUPPRESS

    group = parser.add_argument_group("connection (flags > environment > .env)")
    group.add_argument(
        "--demo",
        action="store_true",
        default=default(False),
        help="use the built-in emulator (in process; no key, nothing leaves this machine)",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default(None),
        help="API base URL (OPENAI_BASE_URL; default https://api.openai.com/v1)",
    )
    group.add_argument(
        "--api-key",
        metavar="KEY",
        default=default(None),
        help="API key (OPENAI_API_KEY); prefer the environment: flags show up in `ps`",
    )
    group.add_argument(
        "--azure-endpoint",
        metavar="URL",
        default=default(None),
        help="Azure OpenAI endpoint, https://RESOURCE.openai.azure.com (AZURE_OPENAI_ENDPOINT); "
        "the key then comes from AZURE_OPENAI_API_KEY; not with --base-url",
    )
    group.add_argument(
        "--api-version",
        metavar="VERSION",
        default=default(None),
        help="Azure OpenAI api-version, required with Azure (OPENAI_API_VERSION)",
    )
    group.add_argument(
        "--org",
        "--organization",  # the official CLI's name (`serve` passes it on by this one)
        metavar="ID",
        dest="org",
        default=default(None),
        help="organization (OPENAI_ORG_ID)",
    )
    group.add_argument(
        "--project", metavar="ID", default=default(None), help="project (OPENAI_PROJECT_ID)"
    )
    group.add_argument(
        "--env-file",
        metavar="PATH",
        default=default(None),
        help="read settings from this .env file (default: ./.env when present)",
    )
    group.add_argument(
        "--read-only",
        action="store_true",
        default=default(False),
        help="browse and inspect only: changes are refused before anything is sent",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=default(None),
        help="deadline of each try: connecting and the whole answer (default 60; connecting: "
        "at most 5); a request with all its tries and waits ends within timeout x (retries + 1)",
    )
    group.add_argument(
        "--max-retries",
        metavar="N",
        type=_retries,
        default=default(None),
        help="retries of a failed request (408, 409, 429, 5xx, connect errors; default 2)",
    )
    group.add_argument(
        "--max-response-bytes",
        metavar="N",
        type=_byte_count,
        default=default(None),
        help="the largest answer read (default 4194304, 4 MiB); a larger one is refused",
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        default=default(False),
        help="allow sending the key over plain http:// to a non-loopback host",
    )


def _output_options(
    parser: argparse.ArgumentParser,
    *,
    top_level: bool,
    formats: tuple[str, ...] | None = None,
    report: bool = False,
) -> None:
    """The official CLI's global output flags, on the main parser and on the sub-commands
    that print API objects (SUPPRESS defaults there, as `_connection_options`). `formats`:
    the `--format` names this parser takes (the main parser takes all; each command checks).
    `report`: a command printing a report of its own (`import`, `apply`): --format gives one
    record per object; the others are parsed but not shown, so that giving one is told it
    does not apply (commands.format_names.format_problem), as before the command."""
    from thread_tui.commands import format_names

    def default(value: object) -> object:
        return value if top_level else argparse.SUPPRESS

    def shown(text: str) -> str:
        return argparse.SUPPRESS if report else text

    names = formats or (format_names.ALL_FORMATS if top_level else format_names.FORMATS)
    group = parser.add_argument_group("output (as the official openai CLI)")
    group.add_argument(
        "--format",
        metavar="FORMAT",
        type=format_names.FormatType(names),
        default=default(None),
        help=(
            f"one record per object on stdout, as it finishes: {', '.join(names)}"
            if report
            else f"output format: {', '.join(names)} (auto: the default)"
        ),
    )
    group.add_argument(
        "--format-error",
        metavar="FORMAT",
        type=format_names.FormatType(format_names.FORMATS),
        default=default(None),
        help=shown("format of an API error's JSON on stderr: json, jsonl, yaml, raw"),
    )
    group.add_argument(
        "--transform",
        metavar="PATH",
        type=format_names.transform_value,
        default=default(None),
        help=shown(
            "print this part of the result: a GJSON path of keys, indexes and # "
            "(metadata.owner, data.#.id)"
        ),
    )
    group.add_argument(
        "--transform-error",
        metavar="PATH",
        type=format_names.transform_value,
        default=default(None),
        help=shown("the same for an API error's JSON (error.message)"),
    )
    group.add_argument(
        "-r",
        "--raw-output",
        action="store_true",
        default=default(False),
        help=shown("a string result without JSON quotes (as jq -r)"),
    )
    group.add_argument(
        "--debug",
        action="store_true",
        default=default(False),
        help=shown("print each request and answer on stderr (the key never shown)"),
    )


def _sub_command_options(parser: argparse.ArgumentParser) -> None:
    """The connection and output flags of a sub-command's own sub-command (`items list`)."""
    _connection_options(parser, top_level=False)
    _output_options(parser, top_level=False)


def _metadata_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--metadata",
        metavar="VALUE",
        action="append",
        default=[],
        help="'{key: value}' (JSON/YAML flow), @path, or key=value; repeatable",
    )
    parser.add_argument(
        "--tool-resources",
        metavar="VALUE",
        help="'{code_interpreter: {file_ids: [...]}, file_search: {vector_store_ids: [...]}}' "
        "or @path (threads only)",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: the TUI by default, and the headless sub-commands.

    `only`: the sub-command the command line names; the others are registered (the help and
    the choice check list them) but their options are not built, which a headless `get`
    would otherwise pay for on every run (about 10 ms for the seven)."""

    def full(name: str) -> bool:
        return only is None or only == name

    parser = argparse.ArgumentParser(
        prog="thread-tui",
        description="Edit the metadata and tool_resources of OpenAI threads and conversations: "
        "a terminal UI, and headless commands in the style of the official `openai` CLI.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"thread-tui {__version__}")
    _connection_options(parser, top_level=True)
    _output_options(parser, top_level=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tui = sub.add_parser("tui", help="the terminal UI (the default)")
    if full("tui"):
        _connection_options(tui, top_level=False)
        tui.add_argument("id", nargs="?", help="a thread or conversation ID to open")

    get = sub.add_parser(
        "get",
        help="print a thread or conversation as JSON (or export many)",
        description="Print a thread (thread_…) or conversation (conv_…) as pretty JSON; "
        "with several IDs or --ids, export them as a JSON array, JSONL or CSV.",
        epilog=GET_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("get"):
        _connection_options(get, top_level=False)
        get.add_argument("id", nargs="*", help="thread_… or conv_…")
        get.add_argument(
            "--ids", metavar="@FILE", help="the IDs in a file (one a line, CSV, JSONL; - stdin)"
        )
        _output_options(get, top_level=False, formats=("json", "jsonl", "yaml", "raw", "csv"))
        get.add_argument(
            "--concurrency",
            type=concurrency,
            default=8,
            metavar="N",
            help="requests in flight at once, for several IDs (default 8)",
        )

    update = sub.add_parser(
        "update",
        help="modify metadata / tool_resources (like `openai beta:threads update`)",
        description="Modify a thread's metadata and tool_resources, or a conversation's "
        "metadata, and print the object the server returns.",
        epilog=UPDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("update"):
        _connection_options(update, top_level=False)
        _output_options(update, top_level=False)
        update.add_argument(
            "id", nargs="?", help="the ID (instead of --thread-id/--conversation-id)"
        )
        update.add_argument("--thread-id", metavar="ID", help="the thread to modify")
        update.add_argument("--conversation-id", metavar="ID", help="the conversation to modify")
        _metadata_options(update)
        update.add_argument(
            "--dry-run", action="store_true", help="check and print the request body; send nothing"
        )
        update.add_argument(
            "--show",
            choices=("body", "curl", "cli", "python"),
            help="print the request in this form (the key stays $OPENAI_API_KEY); "
            "implies --dry-run",
        )
        from thread_tui.commands import bulk

        update.epilog = UPDATE_EPILOG + "\n" + bulk.BULK_EPILOG
        bulk.add_update_arguments(update)

    apply = sub.add_parser(
        "apply",
        help="apply a change per object from a JSONL file",
        description="Apply one change per object, one JSON object a line: fetch each, check "
        "the change against it, send it.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("apply"):
        from thread_tui.commands import bulk

        apply.epilog = bulk.APPLY_EPILOG
        _connection_options(apply, top_level=False)
        _output_options(apply, top_level=False, report=True)
        bulk.add_apply_arguments(apply)

    create = sub.add_parser(
        "create",
        help="create a thread (or --conversation)",
        description="Create a thread, or a conversation, and print it.",
        epilog="examples:\n  thread-tui create --metadata owner=ana --demo\n"
        "  thread-tui create --conversation --metadata '{topic: billing}' --demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("create"):
        _connection_options(create, top_level=False)
        _output_options(create, top_level=False)
        create.add_argument("--conversation", action="store_true", help="create a conversation")
        _metadata_options(create)

    delete = sub.add_parser(
        "delete",
        help="delete a thread or conversation",
        description="Delete a thread or conversation. Asks first unless --yes; without a "
        "terminal to ask on, nothing is deleted.",
        epilog="example:\n  thread-tui delete thread_abc123 --yes --demo",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("delete"):
        _connection_options(delete, top_level=False)
        _output_options(delete, top_level=False)
        delete.add_argument("id", help="thread_… or conv_…")
        delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    import_ = sub.add_parser(
        "import",
        help="fetch a list of IDs into the local catalog",
        description="Fetch each ID of FILE (with bounded concurrency) and record it in the "
        "local catalog; a rerun skips what is fresh.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("import"):
        from thread_tui.commands import import_ids

        import_.epilog = import_ids.EPILOG
        _connection_options(import_, top_level=False)
        _output_options(import_, top_level=False, report=True)
        import_ids.add_arguments(import_)
    edit = sub.add_parser("edit", help="edit metadata / tool_resources as YAML in $EDITOR")
    if full("edit"):
        from thread_tui.commands.edit import add_arguments as edit_arguments

        _connection_options(edit, top_level=False)
        edit_arguments(edit)

    clone = sub.add_parser(
        "clone",
        help="a new conversation with exact metadata (drop keys) and the items copied",
        description="Clone a conversation (or a thread, --to-conversation) into a new "
        "conversation whose metadata is exactly the source's with --metadata set and "
        "--drop-key removed, copying the items in order.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("clone"):
        from thread_tui.commands import clone as clone_command

        clone.epilog = clone_command.EPILOG
        _connection_options(clone, top_level=False)
        _output_options(clone, top_level=False)
        clone_command.add_arguments(clone)

    ls = sub.add_parser(
        "ls",
        help="list the threads and conversations seen, from the local catalog",
        description="List the threads and conversations thread-tui has seen (the local "
        "catalog), by kind and metadata, with no network unless --refresh.",
    )
    if full("ls"):
        from thread_tui.commands import ls as ls_command

        _connection_options(ls, top_level=False)
        _output_options(ls, top_level=False, formats=ls_command.FORMATS)
        ls_command.add_arguments(ls)

    items = sub.add_parser("items", help="a conversation's items: list, get, add, delete")
    if full("items"):
        from thread_tui.commands import items as items_command

        items_command.add_arguments(items, _sub_command_options)
    messages = sub.add_parser("messages", help="a thread's messages: list, get, update, delete")
    if full("messages"):
        from thread_tui.commands import messages as messages_command

        messages_command.add_arguments(messages, _sub_command_options)
    for group in OFFICIAL_GROUPS:
        official = sub.add_parser(group, help=f"the official CLI's `{group}` (openai {group} …)")
        if full(group):
            from thread_tui.commands import official as official_command

            official_command.add_arguments(official, group, _sub_command_options)

    emulator = sub.add_parser(
        "emulator",
        help="serve the API emulator over HTTP",
        description="Serve the built-in emulator of the API (seeded demo data) over HTTP, "
        "for trying thread-tui or the official CLI without an account.",
        epilog="example:\n  thread-tui emulator --port 8765\n"
        "  OPENAI_BASE_URL=http://127.0.0.1:8765/v1 OPENAI_API_KEY=<printed demo key> "
        "thread-tui get thread_abc123",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("emulator"):
        emulator.add_argument("--host", default="127.0.0.1", help="address to listen on")
        emulator.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
        emulator.add_argument(
            "--accept-any-key",
            action="store_true",
            help="accept any bearer key, not just the demo's",
        )
        emulator.add_argument(
            "--azure",
            action="store_true",
            help="answer as Azure OpenAI: under /openai, with an api-key header and ?api-version=",
        )
        emulator.add_argument(
            "--rate-limit",
            type=_rpm,
            metavar="RPM",
            help="answer 429 with retry-after beyond RPM requests a minute, as OpenAI does",
        )
        emulator.add_argument(
            "--rate-burst",
            type=_rpm,
            metavar="N",
            help="with --rate-limit: at most N requests at once (default RPM; RPM/60 enforces "
            "the limit per second, as OpenAI may)",
        )
        emulator.add_argument(
            "--seed-count",
            type=_seed_count,
            default=150,  # seed_fleet.DEMO_SEED_COUNT: as --demo
            metavar="N",
            help="seed N threads and N conversations with varied metadata besides the demo's "
            "own (default 150, as --demo)",
        )
        emulator.add_argument(
            "--list-seeded",
            action="store_true",
            help="print every seeded thread and conversation ID, one a line, and exit",
        )

    serve = sub.add_parser(
        "serve",
        help="the terminal UI in a web browser",
        description="Serve the terminal UI as a web page (textual-serve): each browser tab "
        "runs its own thread-tui with the connection flags given here. The API key is passed "
        "in the environment, never on a command line.",
        epilog="examples:\n  thread-tui serve --demo                  then open http://127.0.0.1:8000\n"
        "  thread-tui serve --host 0.0.0.0 --allow-remote --public-url http://HOST:8000\n\n"
        "Whoever can open the page uses the app with your key: only loopback addresses are "
        "served unless --allow-remote.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if full("serve"):
        _connection_options(serve, top_level=False)
        serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
        serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
        serve.add_argument(
            "--allow-remote",
            action="store_true",
            help="allow a --host other than a loopback address (anyone reaching it uses your key)",
        )
        serve.add_argument(
            "--public-url",
            metavar="URL",
            help="the address browsers open, when not http://HOST:PORT "
            "(a proxy, or --host 0.0.0.0)",
        )
        serve.add_argument(
            "--max-sessions",
            type=_sessions,
            default=4,
            metavar="N",
            help="browser tabs served at once, each its own process (default 4); one more is "
            "told to close one",
        )
    return parser


def connection_actions() -> list[argparse.Action]:
    """The connection options with their real defaults: `serve` passes on those given."""
    probe = argparse.ArgumentParser(add_help=False)
    _connection_options(probe, top_level=True)
    return list(probe._actions)


def _first_positional(args: Sequence[str]) -> int | None:
    """Where the first argument that is not an option (or an option's value) is, if any."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return None
        if arg.startswith("-"):
            index += 2 if arg in _VALUE_OPTIONS else 1
            continue
        return index
    return None


def named_command(args: Sequence[str]) -> str | None:
    """The sub-command the command line names exactly, else None (then all are built).

    No sub-command at all is the TUI (`thread-tui`, `thread-tui --demo`): only its parser is
    built, as the others' options cost ~20 ms to build that the first screen would wait for.
    Help and `--` still get them all."""
    index = _first_positional(args)
    if index is None:
        return None if any(a in ("-h", "--help", "--") for a in args) else "tui"
    if args[index] not in COMMANDS:
        return None
    return args[index]


def with_tui_shortcut(argv: Sequence[str]) -> list[str]:
    """`thread-tui [options] thread_abc123` (an ID, no sub-command) means `tui thread_abc123`."""
    args = list(argv)
    index = _first_positional(args)
    named = args[index] if index is not None else ""
    if index is not None and named not in COMMANDS and named.startswith(("thread_", "conv_")):
        args.insert(index, "tui")
    return args


def main(argv: Sequence[str] | None = None, *, emulator: Emulator | None = None) -> int:
    """Run thread-tui and return its exit code.

    `emulator` is the tests' seam: with `--demo`, requests go in process to this emulator
    (whose state and request log the test can then inspect) instead of a fresh one.
    """
    args_list = with_tui_shortcut(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(named_command(args_list)).parse_args(args_list)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return _dispatch(args, emulator)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`); stop quietly, and keep Python's final flush of
        # stdout from failing again at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _is_bulk(args: argparse.Namespace) -> bool:
    """`update --ids …` / `--where …`: many objects (commands.bulk), not one."""
    return getattr(args, "ids", None) is not None or bool(getattr(args, "where", None))


def _dispatch(args: argparse.Namespace, emulator: Emulator | None) -> int:
    command = args.command or "tui"
    from thread_tui.commands.format_names import format_problem

    problem = format_problem(command, args, report=command == "update" and _is_bulk(args))
    if problem:
        from thread_tui.commands.common import error

        error(problem)
        return 2
    if command == "emulator":
        from thread_tui.commands.serve import run_emulator

        return run_emulator(
            args.host,
            args.port,
            accept_any_key=args.accept_any_key,
            azure=args.azure,
            rate_limit=args.rate_limit,
            rate_burst=args.rate_burst,
            seed_count=args.seed_count,
            list_seeded=args.list_seeded,
        )
    if command == "serve":
        from thread_tui.commands.web import run_web

        return run_web(args, connection_actions())
    if command == "ls":
        from thread_tui.commands import ls as ls_command

        return ls_command.run(args, emulator)
    from thread_tui.commands import common

    settings = common.settings_from_args(args)
    if settings is None:
        return 2
    if command == "tui":
        from thread_tui.commands.tui import run

        return run(settings, getattr(args, "id", None))
    if command == "apply" or (command == "update" and _is_bulk(args)):
        from thread_tui.commands import bulk

        if command == "apply":
            return bulk.run_apply(args, settings, emulator)
        return bulk.run_update(args, settings, emulator)
    if command == "import":
        from thread_tui.commands import import_ids

        return import_ids.run(args, settings, emulator)
    if command == "edit":
        from thread_tui.commands import edit

        return edit.run(args, settings, emulator)
    if command == "clone":
        from thread_tui.commands import clone as clone_command

        return clone_command.run(args, settings, emulator)
    if command == "items":
        from thread_tui.commands import items

        return items.run(args, settings, emulator)
    if command == "messages":
        from thread_tui.commands import messages

        return messages.run(args, settings, emulator)
    if command in OFFICIAL_GROUPS:
        from thread_tui.commands import official

        return official.run(args, settings, emulator)
    from thread_tui.commands import headless

    return headless.run(command, args, settings, emulator)
