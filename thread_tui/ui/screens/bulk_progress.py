"""The progress of a bulk run: a bar, the count per outcome, and each object's outcome as it
comes (ID, status, request id, error; all the server's text drawn inert).

The run is `run_bulk` (api/bulk_runner.py) in a worker: it fetches each object again,
plans the change against it and sends, paced by a `Pacer`. Esc or Stop sets its stop event:
the requests in flight finish, no new one starts, and the summary says what was not sent.
At the end, Retry failed sends the change again to the objects that failed.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, ProgressBar, RichLog, Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from thread_tui.ui.bulk_session import BulkRun, BulkSession
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.workers import safe_work

if TYPE_CHECKING:
    from thread_tui.api.bulk_runner import Outcome
    from thread_tui.api.pacer import Pacer

STYLES = Path(__file__).parent.parent / "styles"


def make_pacer() -> Pacer:
    """The pace of a run from the TUI: the CLI's defaults (DEFAULT_RPM until the server's
    rate headers say more, DEFAULT_CONCURRENCY workers)."""
    from thread_tui.api.pacer import DEFAULT_CONCURRENCY, Pacer

    return Pacer(rpm=None, concurrency=DEFAULT_CONCURRENCY)


MARKS = {
    "updated": "✓",
    "unchanged": "=",
    "refused": "!",
    "not_found": "?",
    "failed": "✗",
    "skipped": "-",
}
MAX_ID_COLUMN = 32  # the IDs of the list line up when they are at most this long


def outcome_line(outcome: Outcome, id_column: int = 0, width: int = 0) -> Text:
    """One object's outcome: mark, ID, status, then request id and error (inert). When those
    do not fit in `width` cells they go on a line of their own, indented under the ID, so a
    wrapped request id does not read as a row of its own."""
    text = Text()
    text.append(f"{MARKS.get(outcome.status, '·')} ", style="bold")
    text.append_text(plain(outcome.id.ljust(id_column), lines=False))
    text.append(f" {outcome.status.replace('_', ' '):<9}", style="bold")
    extra = Text()
    rid = outcome.request_id
    if rid and rid not in (outcome.error or ""):  # an error sentence names it already
        extra.append_text(plain(f"  {rid}", lines=False))
    if outcome.error:
        extra.append_text(plain(f"  {outcome.error}", lines=False))
    if not extra:
        return text
    if width and text.cell_len + extra.cell_len > width:
        text.rstrip()
        text.append("\n    ")
        extra = extra[2:]
    text.append_text(extra)
    return text


class BulkProgressScreen(Screen[None]):
    CSS_PATH = STYLES / "bulk_editor.tcss"
    BINDINGS = [
        Binding("escape", "stop_or_close", "Stop / Close", id="bulk_progress.stop"),
        Binding("r", "retry", "Retry failed", id="bulk_progress.retry"),
    ]

    def __init__(self, session: BulkSession, *, pacer: Pacer | None = None) -> None:
        """`pacer`: the pace of every run of this view (a new `make_pacer()` per run when
        None)."""
        super().__init__()
        self.session = session
        self.pacer = pacer
        self.run = BulkRun(session.ids)
        self.id_column = min(max((len(i) for i in session.ids), default=0), MAX_ID_COLUMN)
        self.stop_event = asyncio.Event()
        self._sending: Worker[None] | None = None  # the run in flight, or the last one

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="bulk-progress"):
            yield Static(self._title(), id="bulk-progress-title")
            yield ProgressBar(total=self.run.total, show_eta=False, id="bulk-progress-bar")
            yield Static(plain(self.run.counts_line()), id="bulk-progress-counts")
            yield RichLog(wrap=True, markup=False, auto_scroll=True, id="bulk-progress-log")
            with Horizontal(id="bulk-progress-footer"):
                yield Static(plain(self.run.summary_line()), id="bulk-progress-summary")
                yield Button("Retry failed (r)", id="bulk-progress-retry", disabled=True)
                yield Button("Stop (Esc)", id="bulk-progress-stop", variant="error")
        yield KeyBar()

    def _title(self) -> Text:
        text = Text("Sending the bulk change  ", style="bold")
        text.append(self.session.selection_line())
        return text

    def on_mount(self) -> None:
        self._sending = self.send(list(self.session.ids))

    # -- quitting while it sends (the app asks first: ui/quitting.py) --------------------------

    def busy_note(self) -> str | None:
        """What quitting now would cut short, or None when no run is in flight."""
        if not self.run.running:
            return None
        return (
            f"A bulk update is running ({self.run.counts_line()}). Stopping lets the requests "
            "in flight finish; the rest is not sent, and what was done is printed."
        )

    async def stop_for_quit(self) -> str:
        """Stop the run, wait for the requests in flight, and say how far it got."""
        if self.run.running and self._sending is not None:
            self.action_stop_or_close()
            # A run that failed or was cancelled said why itself; the counts say how far it got.
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await self._sending.wait()
        # The run may have ended by itself while the question was open.
        how = "stopped by quitting" if self.run.stopped else "finished"
        return f"Bulk update {how}: {self.run.counts_line()}."

    # -- the run ----------------------------------------------------------------------------

    @safe_work(exclusive=True, group="bulk-send")
    async def send(self, ids: list[str]) -> None:
        from thread_tui.api.bulk_runner import run_bulk

        self.stop_event = asyncio.Event()
        self.run.running = True
        self._show()
        try:
            await run_bulk(
                tui(self).client,
                self.session.items(ids),
                pacer=self.pacer or make_pacer(),
                on_outcome=self._outcome,
                stop=self.stop_event,
            )
        finally:
            self.run.running = False
            self.run.stopped = self.stop_event.is_set() and bool(self.run.unsent_ids())
            self._show()

    def _outcome(self, outcome: Outcome) -> None:
        self.run.record(outcome)
        log = self.query_one(RichLog)
        log.write(outcome_line(outcome, self.id_column, log.scrollable_content_region.width))
        self._show()

    def _show(self) -> None:
        run = self.run
        self.query_one(ProgressBar).update(total=run.total, progress=run.done)
        self.query_one("#bulk-progress-counts", Static).update(plain(run.counts_line()))
        self.query_one("#bulk-progress-summary", Static).update(plain(run.summary_line()))
        failed = len(run.failed_ids())
        retry = self.query_one("#bulk-progress-retry", Button)
        retry.disabled = run.running or not failed
        retry.label = f"Retry failed ({failed}) (r)" if failed else "Retry failed (r)"
        stop = self.query_one("#bulk-progress-stop", Button)
        stop.label = "Stop (Esc)" if run.running else "Close (Esc)"
        stop.variant = "error" if run.running else "primary"

    # -- keys -------------------------------------------------------------------------------

    @on(Button.Pressed, "#bulk-progress-stop")
    def _stop_button(self) -> None:
        self.action_stop_or_close()

    @on(Button.Pressed, "#bulk-progress-retry")
    def _retry_button(self) -> None:
        self.action_retry()

    def action_stop_or_close(self) -> None:
        if self.run.running:
            if not self.stop_event.is_set():
                self.stop_event.set()
                self.query_one("#bulk-progress-summary", Static).update(
                    plain("Stopping: the requests in flight finish, no new one is sent…")
                )
            return
        self.dismiss(None)

    def action_retry(self) -> None:
        if self.run.running:
            self.notify("Still sending; retry once the run is over.", severity="warning")
            return
        failed = self.run.failed_ids()
        if not failed:
            self.notify("Nothing failed: nothing to retry.", timeout=3)
            return
        self.query_one(RichLog).write(Text(f"— retrying {len(failed)} failed —", style="italic"))
        self._sending = self.send(self.run.start_retry(failed))
