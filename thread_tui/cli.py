"""Command-line entry point: argument parsing, and dispatch to the TUI or a headless command.

Only parsing lives here. Textual is imported only when the TUI starts, and httpx only when a
headless command runs, so `thread-tui get` starts fast and never loads the UI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from thread_tui import __version__

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator

EXAMPLES = """\
examples:
  thread-tui --demo                                   the TUI on the built-in emulator
  thread-tui thread_abc123                            open an ID in the TUI
  thread-tui get thread_abc123 --demo
  thread-tui update --thread-id thread_abc123 --metadata '{owner: ana}' --demo
  thread-tui update thread_abc123 --metadata owner=ana --metadata team=core --demo
  thread-tui update --conversation-id conv_abc123 --metadata @meta.json --demo
  thread-tui emulator --port 8765

exit codes: 0 done, 1 API or network error, 2 invalid input (nothing sent), 130 interrupted
"""


def _connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection (flags > environment > .env)")
    group.add_argument("--demo", action="store_true", help="use the built-in emulator, no key")
    group.add_argument("--base-url", metavar="URL", help="API base URL (OPENAI_BASE_URL)")
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help="API key (OPENAI_API_KEY); prefer the environment: flags show up in `ps`",
    )
    group.add_argument("--org", metavar="ID", help="organization header (OPENAI_ORG_ID)")
    group.add_argument("--project", metavar="ID", help="project header (OPENAI_PROJECT_ID)")
    group.add_argument("--env-file", metavar="PATH", help="read settings from this .env file")
    group.add_argument(
        "--read-only",
        action="store_true",
        help="browse and inspect only: changes are refused before anything is sent",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        help="total timeout of one request (default 60; connecting: at most 5)",
    )
    group.add_argument(
        "--insecure",
        action="store_true",
        help="allow sending the key over plain http:// to a non-loopback host",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thread-tui",
        description="Edit the metadata and tool_resources of OpenAI threads and conversations.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"thread-tui {__version__}")
    _connection_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tui = sub.add_parser("tui", help="the terminal UI (the default)")
    _connection_options(tui)
    tui.add_argument("id", nargs="?", help="a thread or conversation ID to open")

    get = sub.add_parser("get", help="print a thread or conversation as JSON")
    _connection_options(get)
    get.add_argument("id", help="thread_… or conv_…")

    update = sub.add_parser(
        "update",
        help="modify metadata / tool_resources (like `openai beta:threads update`)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="VALUE: JSON or YAML flow ('{foo: bar}'), or @path to read it from a file;\n"
        "--metadata also takes key=value and may be repeated.",
    )
    _connection_options(update)
    update.add_argument("id", nargs="?", help="the ID (instead of --thread-id)")
    update.add_argument("--thread-id", metavar="ID")
    update.add_argument("--conversation-id", metavar="ID")
    update.add_argument("--metadata", metavar="VALUE", action="append", default=[])
    update.add_argument("--tool-resources", metavar="VALUE")
    update.add_argument(
        "--dry-run", action="store_true", help="check and print the body; send nothing"
    )
    update.add_argument(
        "--show",
        choices=("body", "curl", "cli", "python"),
        help="with --dry-run: print this form of the request (default body)",
    )

    create = sub.add_parser("create", help="create a thread (or --conversation)")
    _connection_options(create)
    create.add_argument("--conversation", action="store_true", help="create a conversation")
    create.add_argument("--metadata", metavar="VALUE", action="append", default=[])
    create.add_argument("--tool-resources", metavar="VALUE")

    delete = sub.add_parser("delete", help="delete a thread or conversation")
    _connection_options(delete)
    delete.add_argument("id")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    emulator = sub.add_parser("emulator", help="serve the API emulator over HTTP")
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument(
        "--accept-any-key", action="store_true", help="accept any bearer key, not just the demo's"
    )
    return parser


def main(argv: Sequence[str] | None = None, *, emulator: Emulator | None = None) -> int:
    """Run thread-tui. `emulator` lets tests give `--demo` a prepared emulator to inspect."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `thread-tui thread_abc123` (an ID, no sub-command) opens the TUI on that ID.
    if args_list and args_list[0].startswith(("thread_", "conv_")):
        args_list = ["tui", *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _dispatch(args, emulator)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _dispatch(args: argparse.Namespace, emulator: Emulator | None) -> int:
    from thread_tui.commands import common

    command = args.command or "tui"
    if command == "emulator":
        from thread_tui.commands.serve import run_emulator

        return run_emulator(args.host, args.port, accept_any_key=args.accept_any_key)
    settings = common.settings_from_args(args)
    if settings is None:
        return 2
    if command == "tui":
        from thread_tui.commands.tui import run

        return run(settings, getattr(args, "id", None))
    from thread_tui.commands import headless

    return headless.run(command, args, settings, emulator)
