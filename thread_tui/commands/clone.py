"""`thread-tui clone ID`: a new conversation with exactly the metadata asked for, and the items.

The server merges metadata and never removes a key; a clone is the one way to drop one. The new
conversation's metadata is the source's, with `--metadata` pairs set and `--drop-key` keys
removed, checked against the limits before anything is made. Its items are the source's, in
order, at most 20 a call (api/clone_runner.py). A thread is cloned into a conversation only
(`--to-conversation`): see THREAD_REFUSAL.

The report (stdout, in the `--format` asked for) names the new conversation, the items copied,
and each item that could not be re-created and why. A failure part way reports the half-made
copy and exits 1; Ctrl+C stops it after (or cuts short) the call in flight and exits 130 with
the same report. The old object is deleted only with `--delete-old`, only after a complete
clone, and only once confirmed on a terminal (or `--yes`); items that could not be re-created
make it ask on the terminal even with `--yes`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands.common import error
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.inert import inert
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient, ApiError
    from thread_tui.api.clone_runner import CloneProgress, CloneResult
    from thread_tui.emulator import Emulator

EPILOG: Final = """\
The server merges metadata: a key, once set, cannot be removed. A clone is a new conversation
whose metadata is exactly the source's with --metadata pairs set and --drop-key keys removed,
and the source's items copied in order (20 a call). Items the API cannot take back (reasoning,
the records of the server's own tools, images and files) are listed with the reason.

examples:
  thread-tui clone conv_abc123 --drop-key customer --demo
  thread-tui clone conv_abc123 --metadata owner=ana --drop-key customer --dry-run --demo
  thread-tui clone conv_abc123 --drop-key customer --delete-old --demo
  thread-tui clone thread_abc123 --to-conversation --demo

exit codes: 0 done, 1 API error or stopped part way (the report names the half-made copy),
2 invalid input (nothing sent), 130 interrupted
"""
THREAD_REFUSAL: Final = (
    "a thread is cloned into a new conversation: pass --to-conversation. Not into a new "
    "thread: past the create call the API adds a thread's messages one request each, and the "
    "Assistants API is retired on api.openai.com; a conversation is its successor, which "
    "servers that still serve threads serve too"
)
Ask = Callable[[str], str | None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the conversation (conv_…) or thread (thread_…) to clone")
    parser.add_argument(
        "--metadata",
        metavar="VALUE",
        action="append",
        default=[],
        help="set pairs on the new object: '{key: value}' (JSON/YAML flow), @path, or "
        "key=value; repeatable (as update's --metadata)",
    )
    parser.add_argument(
        "--drop-key",
        metavar="KEY",
        action="append",
        default=[],
        help="leave this key out of the new object's metadata; repeatable",
    )
    parser.add_argument(
        "--to-conversation",
        action="store_true",
        help="clone a thread into a new conversation (its messages become message items)",
    )
    parser.add_argument(
        "--delete-old",
        action="store_true",
        help="delete the source once the clone is complete (asks first unless --yes)",
    )
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask before --delete-old")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="read the source and print what would be made; create nothing",
    )


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None) -> int:
    """Run `clone`; the exit code."""
    try:
        kind, _ = parse_id(args.id)
    except InvalidIdError as exc:
        error(f"{args.id!r}: {exc}")
        return 2
    if kind is ResourceKind.THREAD and not args.to_conversation:
        error(THREAD_REFUSAL)
        return 2
    if settings.read_only and not args.dry_run:
        error("read-only mode: 'clone' creates a conversation, so it is refused (nothing was sent)")
        return 2
    set_pairs = _set_pairs(args.metadata)
    if set_pairs is None:
        return 2
    drops = [key for key in args.drop_key]
    if any(not key for key in drops):
        error("--drop-key: give a key name, not an empty one")
        return 2
    from thread_tui.commands.common import cannot_connect

    if cannot_connect(settings):
        return 2
    return _Clone(args, settings, emulator, set_pairs, drops).go()


def _set_pairs(values: list[str]) -> dict[str, str] | None:
    if not values:
        return {}
    from thread_tui.core.flowvalue import FlowValueError, parse_metadata

    try:
        return parse_metadata(values)
    except FlowValueError as exc:
        for line in exc.lines:
            error(line)
        return None


class _Clone:
    """One run of the command: the async parts, the confirm between them, the report."""

    def __init__(
        self,
        args: argparse.Namespace,
        settings: Settings,
        emulator: Emulator | None,
        set_pairs: dict[str, str],
        drops: list[str],
        ask: Ask | None = None,
    ) -> None:
        self.args = args
        self.settings = settings
        self.emulator = emulator
        self.set_pairs = set_pairs
        self.drops = drops
        self.ask = ask or _terminal_answer
        self.result: CloneResult | None = None
        self.progress: CloneProgress | None = None  # the latest, for a second Ctrl+C
        self.metadata: dict[str, str] | None = None
        self.problems: list[str] = []

    def go(self) -> int:
        from thread_tui.api import ApiError, ClientError, MissingApiKeyError

        try:
            asyncio.run(self._clone())
        except KeyboardInterrupt:
            return self._interrupted()
        except MissingApiKeyError as exc:
            error(exc.user_message())
            return 2
        except ApiError as exc:  # the GET of the source: nothing was made
            _report_api_error(exc, self.args)
            if exc.status == 404:
                from thread_tui.commands.catalog_access import record_result

                record_result(self.settings, gone=self.args.id)
            return 1
        except ClientError as exc:
            error(exc.user_message())
            return 1
        if self.problems:
            for line in self.problems:
                error(line)
            error("nothing was created")
            return 2
        result = self.result
        assert result is not None
        if self.args.dry_run:
            self._emit(self._report(result, dry_run=True))
            return 0
        self._record(result)
        if result.interrupted:
            self._emit(self._report(result))
            self._summary(result)
            return 130
        if result.error is not None:
            self._emit(self._report(result))
            self._summary(result)
            return 1
        if not self.args.delete_old:
            self._emit(self._report(result))
            self._summary(result)
            return 0
        return self._delete_old(result)

    # -- the async part ------------------------------------------------------------------

    async def _clone(self) -> None:
        from thread_tui.commands.common import wait_teller
        from thread_tui.commands.demo import build_client

        async with build_client(self.settings, emulator=self.emulator) as client:
            client.on_wait = wait_teller(self.settings.max_retries)
            try:
                await self._clone_with(client)
            finally:
                if getattr(self.args, "debug", False):
                    from thread_tui.commands.debug_log import print_exchanges

                    print_exchanges(client.history)

    async def _clone_with(self, client: ApiClient) -> None:
        from thread_tui.api.clone_runner import clone
        from thread_tui.core.clone_plan import exact_metadata, metadata_problems

        source = await client.call_json("GET", self.args.id)
        raw = source.get("metadata")
        current = {
            k: v
            for k, v in (raw.items() if isinstance(raw, Mapping) else ())
            if isinstance(k, str) and isinstance(v, str)
        }
        self.problems = metadata_problems(current, self.set_pairs, self.drops)
        if self.problems:
            return
        self.metadata = exact_metadata(current, self.set_pairs, self.drops)
        stop = asyncio.Event()
        with _stop_on_interrupt(stop):
            self.result = await clone(
                client,
                self.args.id,
                self.metadata,
                stop=stop,
                on_progress=self._note_progress,
                source=source,
                plan_only=self.args.dry_run,
            )

    def _note_progress(self, progress: CloneProgress) -> None:
        self.progress = progress

    async def _delete(self) -> dict[str, Any]:
        from thread_tui.commands.demo import build_client

        async with build_client(self.settings, emulator=self.emulator) as client:
            return await client.call_json("DELETE", self.args.id)

    # -- deleting the old one ------------------------------------------------------------

    def _delete_old(self, result: CloneResult) -> int:
        report = self._report(result)
        source = self.args.id
        if result.skipped:
            # Some of the source is not in the copy: --yes alone is not enough to lose it.
            self._emit(report)
            self._summary(result)
            question = (
                f"{len(result.skipped)} item(s) of {source} could not be re-created (listed "
                f"above) and would be lost. Delete {source} anyway? [y/N] "
            )
            if not self._confirm(question, yes_counts=False):
                return 1
        else:
            if not self.args.yes:
                self._emit(report)
                self._summary(result)
                if not self._confirm(f"Delete {source}? This cannot be undone. [y/N] "):
                    return 1
        from thread_tui.api import ApiError, ClientError

        try:
            deleted = asyncio.run(self._delete())
        except KeyboardInterrupt:
            error(f"not deleted: interrupted; the clone {result.new_id} is complete")
            return 130
        except ApiError as exc:
            _report_api_error(exc, self.args)
            error(f"{source} was not deleted; the clone {result.new_id} is complete")
            return 1
        except ClientError as exc:
            error(f"{source} was not deleted ({exc.user_message()}); the clone is complete")
            return 1
        self._record_deleted(deleted)
        if self.args.yes and not result.skipped:
            report["deleted"] = source
            self._emit(report)
            self._summary(result)
        else:
            print(f"deleted {inert(source)}", file=sys.stderr)
        return 0

    def _confirm(self, question: str, *, yes_counts: bool = True) -> bool:
        answer = self.ask(question)
        source = self.args.id
        if answer is None:
            hint = "" if not yes_counts else "; pass --yes"
            error(f"{source} not deleted: there is no terminal to ask for confirmation{hint}")
            return False
        if answer.strip().lower() in ("y", "yes"):
            return True
        error(f"{source} not deleted (answer y to confirm)")
        return False

    # -- reporting -----------------------------------------------------------------------

    def _report(self, result: CloneResult, *, dry_run: bool = False) -> dict[str, Any]:
        report: dict[str, Any] = {"object": "thread_tui.clone", "source_id": result.source_id}
        if dry_run:
            report["dry_run"] = True
            report["metadata"] = self.metadata
            report["items_to_copy"] = result.total
        else:
            report["id"] = result.new_id
            report["complete"] = result.complete
            report["copied"] = result.copied
            report["total"] = result.total
        report["skipped"] = [
            {"id": s.item_id, "type": s.item_type, "why": s.why} for s in result.skipped
        ]
        if result.notes:
            report["notes"] = list(result.notes)
        report["requests"] = result.requests
        if result.error is not None:
            report["error"] = result.error
        if result.uncertain:
            report["uncertain"] = result.uncertain
        if not dry_run and result.new_object is not None:
            report["conversation"] = result.new_object
        return report

    def _summary(self, result: CloneResult) -> None:
        source = result.source_id
        skipped = f", {len(result.skipped)} could not be re-created" if result.skipped else ""
        if result.error is None:
            line = f"cloned {source} into {result.new_id}: {result.copied} item(s) copied{skipped}"
        elif result.new_id is None:
            line = f"clone of {source} stopped before a conversation was made: {result.error}"
            if result.uncertain:
                line += " (the create call was cut short: a conversation may have been made)"
        else:
            line = (
                f"clone of {source} stopped part way: {result.new_id} holds {result.copied} of "
                f"{result.total} item(s){skipped}: {result.error}"
            )
            if result.uncertain:
                line += f" (the last {result.uncertain} may or may not have been added)"
        print(inert(line), file=sys.stderr)
        for note in result.notes:
            print(f"note: {inert(note)}", file=sys.stderr)

    def _emit(self, report: dict[str, Any]) -> None:
        _emit(report, self.args)

    def _interrupted(self) -> int:
        """A KeyboardInterrupt (a second Ctrl+C, or one before the clone began): what the
        last progress report said was made."""
        progress = self.progress
        if progress is not None and progress.new_id is not None:
            self._emit(
                {
                    "object": "thread_tui.clone",
                    "source_id": self.args.id,
                    "id": progress.new_id,
                    "complete": False,
                    "copied": progress.copied,
                    "total": progress.total,
                    "error": "interrupted (Ctrl+C twice)",
                }
            )
            error(
                f"interrupted: {progress.new_id} holds at least {progress.copied} of "
                f"{progress.total} item(s); the call in flight may or may not have been made"
            )
        elif progress is not None and progress.phase == "creating":
            error("interrupted during the create call: a conversation may or may not be made")
        else:
            error("interrupted; nothing was created")
        return 130

    # -- the catalog ---------------------------------------------------------------------

    def _record(self, result: CloneResult) -> None:
        """The new object (even half-made: it exists), and old → new once complete."""
        if result.new_object is None or self.settings.demo:
            return
        from thread_tui.commands.catalog_access import open_catalog

        catalog = open_catalog(self.settings)
        try:
            catalog.record(result.new_object)
            if result.complete and result.new_id is not None:
                catalog.record_clone(result.source_id, result.new_id, time.time())
        finally:
            catalog.close()

    def _record_deleted(self, deleted: dict[str, Any]) -> None:
        from thread_tui.commands.catalog_access import record_result

        record_result(self.settings, deleted)


@contextlib.contextmanager
def _stop_on_interrupt(stop: asyncio.Event) -> Any:
    """Ctrl+C sets `stop` (the clone ends after, or cuts short, the call in flight and
    reports); a second Ctrl+C is Python's KeyboardInterrupt again."""
    loop = asyncio.get_running_loop()
    try:
        loop.add_signal_handler(signal.SIGINT, _first_interrupt, loop, stop)
    except (NotImplementedError, RuntimeError, ValueError):  # not Unix, or not the main thread
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            loop.remove_signal_handler(signal.SIGINT)


def _first_interrupt(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    stop.set()
    loop.remove_signal_handler(signal.SIGINT)


def _terminal_answer(question: str) -> str | None:
    """The answer typed on the terminal; None when there is none to ask on."""
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        return None
    print(question, end="", file=sys.stderr, flush=True)
    answer = stdin.readline()
    if not answer:
        print(file=sys.stderr)
    return answer


def _emit(report: dict[str, Any], args: argparse.Namespace) -> None:
    from thread_tui.commands.output import output_options

    output_options(args).emit(report)


def _report_api_error(exc: ApiError, args: argparse.Namespace) -> None:
    from thread_tui.commands.output import output_options

    output_options(args).report(exc)
