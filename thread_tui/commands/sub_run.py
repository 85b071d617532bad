"""Running the requests of one `items` / `messages` sub-command, and printing the outcome as
the other headless commands do: the answer on stdout in the chosen --format
(`commands.output.emit`), an API error on stderr as the official CLI prints it
(`output.report_api_error`), exit 0 done, 1 API or network error, 2 invalid input.

Two outcomes are their own: `Refused` (a check that needed the server's answer first, such as
the pair count after the merge: exit 2, nothing was changed) and `Partial` (some calls were
done before one failed: what the server answered so far is printed, then what was done and the
error: exit 1), so that a user never has to guess what reached the server.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from thread_tui.commands import sub_args
from thread_tui.commands.common import cannot_connect, error, wait_teller
from thread_tui.core.inert import inert
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient, ClientError
    from thread_tui.emulator import Emulator

Action = Callable[["ApiClient"], Awaitable[dict[str, Any]]]


class Refused(Exception):
    """A local check refused the change after a read: one line per problem; nothing changed."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


class Partial(Exception):
    """Part of the work is done: `result` is what the server answered so far, `note` says
    what was done and what was not, `cause` is the error that stopped it (None: `note` is
    the error, such as a list that does not move on)."""

    def __init__(self, result: dict[str, Any], note: str, cause: ClientError | None) -> None:
        self.result = result
        self.note = note
        self.cause = cause
        super().__init__(note)


def checked_ids(args: argparse.Namespace, wanted: Sequence[sub_args.PathId]) -> list[str] | None:
    """The path IDs given (positional or by flag), or None after printing each problem."""
    found, problems = sub_args.path_ids(args, wanted)
    for line in problems:
        error(line)
    return None if problems else found


def after_refused(after: str | None, noun: str) -> bool:
    """Print the refusal and return True when `--after` is not an ID; `noun`: "an item"."""
    if after is not None and not sub_args.OBJECT_ID.fullmatch(after):
        error(f"--after {after[:64]!r}: {noun} ID has only letters, digits, _ and -")
        return True
    return False


def refuse_read_only(settings: Settings, what: str) -> bool:
    """Print the refusal and return True when `settings` are read-only."""
    if settings.read_only:
        error(f"read-only mode: '{what}' changes data, so it is refused (nothing was sent)")
        return True
    return False


def show(args: argparse.Namespace, obj: Any) -> None:
    """Print an answer with the output flags given (--format, --transform, --raw-output)."""
    from thread_tui.commands.output import output_options

    output_options(args).emit(obj)


def tell(message: str) -> None:
    """A line for the user on stderr (a summary, a note): never on stdout, which holds the
    answer a script reads."""
    print(inert(message), file=sys.stderr, flush=True)


def run_action(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    action: Action,
    *,
    after: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Run `action` with a client of `settings` and print its answer; `after` is called with
    it once it is out (the catalog is written then, never delaying the answer)."""
    if cannot_connect(settings):
        return 2
    from thread_tui.api import ApiError, ClientError, MissingApiKeyError
    from thread_tui.commands.demo import build_client

    async def go() -> dict[str, Any]:
        async with build_client(settings, emulator=emulator) as client:
            client.on_wait = wait_teller(settings.max_retries)
            try:
                return await action(client)
            finally:
                if getattr(args, "debug", False):  # the global --debug (commands.debug_log)
                    from thread_tui.commands.debug_log import print_exchanges

                    print_exchanges(client.history)

    try:
        result = asyncio.run(go())
    except Refused as exc:
        for line in exc.lines:
            error(line)
        return 2
    except Partial as exc:
        show(args, exc.result)
        error(exc.note)
        if exc.cause is not None:
            _report(args, exc.cause)
        return 1
    except MissingApiKeyError as exc:
        error(exc.user_message())
        return 2
    except (ApiError, ClientError) as exc:
        _report(args, exc)
        return 1
    show(args, result)
    if after is not None:
        after(result)
    return 0


def _report(args: argparse.Namespace, exc: ClientError) -> None:
    from thread_tui.api import ApiError

    if isinstance(exc, ApiError):
        from thread_tui.commands.output import output_options

        output_options(args).report(exc)  # --format-error, --transform-error
    else:
        error(exc.user_message())


def confirm(question: str) -> bool | None:
    """Ask on the terminal: True for y/yes, False for anything else (EOF included), None when
    there is no terminal to ask on (the caller then refuses: nothing is deleted)."""
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        return None
    print(inert(question), end="", file=sys.stderr, flush=True)
    answer = stdin.readline()
    if not answer:
        print(file=sys.stderr)  # EOF (Ctrl+D) left the cursor after the question
    return answer.strip().lower() in ("y", "yes")


def confirmed(yes: bool, what: str) -> int | None:
    """None when the deletion of `what` may go ahead (--yes, or y on the terminal); else the
    exit code after saying why not: 2 without a terminal to ask on, 1 for a No."""
    if yes:
        return None
    answer = confirm(f"Delete {what}? This cannot be undone. [y/N] ")
    if answer is None:
        error(f"{what} not deleted: there is no terminal to ask for confirmation; pass --yes")
        return 2
    if not answer:
        error(f"{what} not deleted (answer y to confirm, or pass --yes)")
        return 1
    return None
