"""A `list` of the official forms, printed as the official CLI prints it: each entry on its
own (json: one pretty object after another; jsonl: a line each; yaml: documents), read page
by page up to --max-items with `commands.paging.collect` (the `items list` / `messages list`
reading); `--format raw` prints the first page's list object as the server sent it.

A page that fails after others were read: what was read is printed, then what happened and
the error (exit 1), as `commands.sub_run` does for the other forms.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from thread_tui.commands.common import cannot_connect, error, wait_teller
from thread_tui.commands.output import output_options

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.core.settings import Settings
    from thread_tui.emulator import Emulator

Pages = Callable[["ApiClient"], Callable[[str | None], Any]]


def run_list(
    args: argparse.Namespace,
    settings: Settings,
    emulator: Emulator | None,
    pages: Pages,
    noun: str,
) -> int:
    """Read and print the list; the exit code."""
    if cannot_connect(settings):
        return 2
    from thread_tui.api import ApiError, ClientError, MissingApiKeyError
    from thread_tui.commands.demo import build_client
    from thread_tui.commands.paging import collect
    from thread_tui.commands.sub_run import Partial

    out = output_options(args)

    async def go() -> dict[str, Any]:
        async with build_client(settings, emulator=emulator) as client:
            client.on_wait = wait_teller(settings.max_retries)
            page = pages(client)
            try:
                if out.fmt == "raw":
                    first: dict[str, Any] = await page(args.after)
                    return first
                return await collect(page, after=args.after, max_items=args.max_items, noun=noun)
            finally:
                if out.debug:
                    from thread_tui.commands.debug_log import print_exchanges

                    print_exchanges(client.history)

    def report(exc: ClientError) -> None:
        if isinstance(exc, ApiError):
            out.report(exc)
        else:
            error(exc.user_message())

    try:
        result = asyncio.run(go())
    except Partial as exc:
        out.emit_items(exc.result["data"])
        error(exc.note)
        if exc.cause is not None:
            report(exc.cause)
        return 1
    except MissingApiKeyError as exc:
        error(exc.user_message())
        return 2
    except ClientError as exc:
        report(exc)
        return 1
    if out.fmt == "raw":
        out.emit(result)
    else:
        out.emit_items(result["data"])
    return 0
