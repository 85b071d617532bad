"""`thread-tui edit ID`: the object's editable fields as YAML in `$VISUAL` / `$EDITOR`.

Fetch the object, write its document (core/edit_document.py) to a private temporary file, run
the editor, and on save check it: when it has problems the editor opens again with them
written on top as `# ERROR:` comments (as `kubectl edit` does), until it is valid or left
unchanged (or saved empty), which cancels. Then the diff, a y/N question (no terminal: refused
unless --yes), a fresh fetch to compare (the object changed meanwhile: the edit is carried onto
the new version, as the TUI does, and the editor opens again to review it; nothing is
overwritten silently), and the modify call. The server's answer is printed as `get` prints,
and recorded in the catalog as the other commands record theirs (a 404 marks the ID deleted).

Exit 0 sent (or cancelled, or nothing to change), 1 API, network or editor error, or the
change declined, 2 invalid input (bad ID, no editor, no terminal to ask on): nothing sent.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any, Final

from thread_tui.commands.common import error, print_json, wait_teller
from thread_tui.core.settings import Settings, plain_http_refusal

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.core.draft import Draft
    from thread_tui.core.resources import Resource
    from thread_tui.emulator import Emulator
    from thread_tui.storage.editor_file import EditSession

CANCELLED: Final = "Edit cancelled, nothing sent."
MAX_ROUNDS: Final = 100
"""The editor is reopened at most this often (a script editor that never fixes its file)."""

DESCRIPTION: Final = (
    "Open a thread's metadata and tool_resources, or a conversation's metadata, as YAML in "
    "$VISUAL or $EDITOR (else vi). On save it is checked; with problems the file opens again "
    "with them written on top. Then the diff is shown and, once confirmed, sent."
)
EPILOG: Final = """\
Save an empty file, or quit without changing anything, to cancel. Keys cannot be removed
once set (the server keeps them): blank a value with "" instead. Every value is a string:
keep them quoted.

examples:
  thread-tui edit thread_abc123 --demo
  EDITOR='code --wait' thread-tui edit conv_abc123
  EDITOR=./fix.py thread-tui edit thread_abc123 --yes     (no terminal: --yes is required)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `edit` (the connection options are added by cli.py)."""
    parser.description = DESCRIPTION
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("id", help="thread_… or conv_…")
    parser.add_argument(
        "--yes", "-y", action="store_true", help="send without asking (needed with no terminal)"
    )


def run(args: argparse.Namespace, settings: Settings, emulator: Emulator | None = None) -> int:
    """Run `thread-tui edit`; returns the exit code."""
    from thread_tui.core.ids import InvalidIdError, parse_id
    from thread_tui.storage.editor_file import EditorError, EditSession, editor_command

    try:
        parse_id(args.id)
    except InvalidIdError as exc:
        error(f"{args.id!r}: {exc}")
        return 2
    if settings.read_only:
        error("read-only mode: 'edit' changes data, so it is refused (nothing was sent)")
        return 2
    refusal = plain_http_refusal(settings)
    if refusal:
        error(refusal)
        return 2
    if not args.yes and not _has_terminal():
        error("not edited: there is no terminal to ask for confirmation on; pass --yes")
        return 2
    try:
        editor = editor_command()
    except EditorError as exc:
        error(str(exc))
        return 2
    from thread_tui.api import ClientError
    from thread_tui.commands.demo import build_client

    with asyncio.Runner() as runner, EditSession(args.id, editor) as session:
        try:
            client = build_client(settings, emulator=emulator)
        except ClientError as exc:  # a setting httpx refuses: said before anything opens
            error(exc.user_message())
            return 1
        client.on_wait = wait_teller(settings.max_retries)
        try:
            return _Edit(runner, client, session, args.id, args.yes, settings).go()
        except EditorError as exc:
            error(f"{exc} {CANCELLED}")
            return 1
        finally:
            runner.run(client.aclose())


def _has_terminal() -> bool:
    stdin = sys.stdin
    return stdin is not None and not stdin.closed and stdin.isatty()


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class _Edit:
    """One edit: the loop of editor, check, conflict check and send."""

    def __init__(
        self,
        runner: asyncio.Runner,
        client: ApiClient,
        session: EditSession,
        resource_id: str,
        yes: bool,
        settings: Settings,
    ) -> None:
        self.settings = settings
        self.runner = runner
        self.client = client
        self.session = session
        self.resource_id = resource_id
        self.yes = yes
        self._unsent = False  # a checked edit the server has not taken (yet)

    def api(self, call: Any) -> Any:
        """Run one client call; on failure print it as `get` does and raise _Failed."""
        from thread_tui.api import ApiError, ClientError, MissingApiKeyError

        try:
            return self.runner.run(call)
        except MissingApiKeyError as exc:
            error(exc.user_message())
            raise _Failed(2) from None
        except ApiError as exc:
            from thread_tui.commands.output import report_api_error

            report_api_error(exc)  # as `get` prints it
            if exc.status == 404:
                self.record(gone=True)
            raise _Failed(1) from None
        except ClientError as exc:
            error(exc.user_message())
            raise _Failed(1) from None

    def record(self, obj: dict[str, Any] | None = None, *, gone: bool = False) -> None:
        """Put what the server said in the catalog (nothing in demo mode; never raises)."""
        from thread_tui.commands.catalog_access import record_result

        record_result(self.settings, obj, gone=self.resource_id if gone else None)

    def go(self) -> int:
        try:
            code = self._go()
        except _Failed as failed:
            code = failed.code
        if self._unsent:
            # Declined, or the server refused it: what the user typed is not thrown away.
            _say(f"Your edit is kept in {self.session.keep()} (not sent).")
        return code

    def _go(self) -> int:
        from thread_tui.core import edit_document as ed
        from thread_tui.core.draft import Draft

        resource: Resource = self.api(self.client.get_resource(self.resource_id))
        self.record(resource.to_json())
        base = Draft.from_resource(resource)
        written = ed.render(base)
        carried = False  # the document is an edit carried onto a newer version: keeping
        for _ in range(MAX_ROUNDS):  # it unchanged accepts it, it does not cancel
            saved = self.session.edit(written)
            if ed.is_unchanged(saved, written) and not carried:
                _say(CANCELLED)
                return 0
            carried = False
            checked = ed.check(saved, base)
            if checked.empty:
                _say(CANCELLED)
                return 0
            if checked.problems or checked.draft is None:
                count = len(checked.problems)
                _say(f"{count} problem{'s' if count != 1 else ''}: opening the editor again.")
                written = ed.with_errors(saved, checked.problems)
                continue
            edited = checked.draft
            if edited.is_noop:
                _say(f"No changes. {CANCELLED}")
                return 0
            self._show_diff(edited)
            self._unsent = True
            if not self._confirmed():
                return 1
            now: Resource = self.api(self.client.get_resource(self.resource_id))
            moved = self._moved(edited, now)
            if moved is not None:
                base, written = moved
                carried = True
                self._unsent = False
                continue
            result = self.api(
                self.client.call_json("POST", self.resource_id, edited.request_body())
            )
            self._unsent = False
            print_json(result)
            self.record(result)
            return 0
        error(f"The editor was opened {MAX_ROUNDS} times without a valid edit. {CANCELLED}")
        return 1

    def _moved(self, edited: Draft, now: Resource) -> tuple[Draft, str] | None:
        """None when the object is as it was loaded; else the new base and the document of
        the edit carried onto the object's new version, with a note on top."""
        from thread_tui.core import edit_document as ed
        from thread_tui.core.draft import Draft
        from thread_tui.core.rebase import drift, rebase

        changed = drift(edited, now)
        if not changed.any:
            return None
        what = [repr(k) for k in changed.metadata_keys]
        what += ["the files"] * changed.files + ["the vector store"] * changed.stores
        note = (
            f"{self.resource_id} changed on the server while you edited ({', '.join(what)}); "
            "nothing was sent. Your edits are carried over onto its new version below: "
            "review them, and save (or quit) to go on."
        )
        _say(f"{note} Opening the editor again.")
        carried = rebase(edited, now)
        document = ed.with_errors(ed.render(carried), [ed.DocumentProblem(None, note)])
        return Draft.from_resource(now), document

    def _show_diff(self, edited: Draft) -> None:
        from thread_tui.core import edit_document as ed

        diff = edited.diff()
        _say(f"Changes to {self.resource_id}: {diff.summary()}")
        for line in ed.diff_lines(diff):
            _say(f"  {line}")

    def _confirmed(self) -> bool:
        if self.yes:
            return True
        if not _has_terminal():
            error("not sent: there is no terminal to ask for confirmation; pass --yes")
            return False
        print("Send this change? [y/N] ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline()
        if not answer:
            print(file=sys.stderr)
        if answer.strip().lower() in ("y", "yes"):
            return True
        error(f"not sent (answer y to confirm, or pass --yes). {CANCELLED}")
        return False


class _Failed(Exception):
    """An API call failed and was reported; the command ends with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code
