"""Clone with exact metadata: the one way to be rid of a metadata key the server keeps.

One dialog in three stages. The confirm shows the source, the exact new metadata (the draft's
set, removed keys gone), what is copied (counted once read), that the old object is kept, and
that the new one has a new ID. `y` runs `api.clone_runner.clone` in a worker: its progress
comes as posted messages (phase, copied of total, skipped), so the screen never waits on it;
Esc asks, then sets the run's stop event. The result names the new ID, what was copied, each
item that was skipped and why (scrollable), or the failure part way with the half-made copy's
ID. Then: open the new one (`o`), delete the old one (`d`, behind its own typed confirm, only
after a whole clone), or close.

It dismisses with the new ID (None when nothing was made); the caller reads `opened` (the new
object fetched, to show in an editor) and `old_deleted`. The catalog records old → new; a disk
that fails there is a warning and the run's result stands. Every ID, key, value and error from
the server is drawn inert; the API key is never shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from thread_tui.core.inert import inert
from thread_tui.ui.clone_session import (
    CloneFn,
    ClonePlan,
    CloneRun,
    clone_problems,
    count_children,
    count_line,
    default_clone,
)
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.workers import report_unexpected, safe_work

if TYPE_CHECKING:
    from thread_tui.api import Exchange
    from thread_tui.api.clone_runner import CloneProgress, CloneResult
    from thread_tui.core.resources import Resource

STYLES = Path(__file__).parent.parent / "styles"
# Theme variables (readable in every theme, ui/readable_colors.py), as the diff's marks.
MARK_STYLES = {"+": "bold $text-success", "~": "bold $text-warning", "-": "bold $text-error"}
MAX_SKIPPED_SHOWN = 500  # a scrollable list, bounded: a hostile source could hold 50,000


def one_line(text: str, style: str = "") -> Text:
    """A line that never wraps: a long key or value ends in … at the dialog's edge."""
    line = plain(text, style, lines=False)
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def metadata_table(plan: ClonePlan) -> Content:
    """The new metadata, a line per pair (marked + added, ~ changed), then each dropped key."""
    lines = plan.metadata_lines()
    if not lines:
        return Content.styled("(no metadata)", "italic")
    width = min(max(len(key) for _, key, _ in lines), 24)
    parts: list[tuple[str, str] | str] = []
    for index, (mark, key, value) in enumerate(lines):
        if index:
            parts.append("\n")
        parts.append((f"{mark} ", MARK_STYLES.get(mark, "")))
        parts.append(inert(key.ljust(width)))
        if mark == "-":
            parts.append(("  dropped: not in the new one", "italic"))
        else:
            parts.append(inert(f"  {value!r}"))
    return Content.assemble(*parts)


def skipped_list(skipped: list[tuple[str, str, str]]) -> Group:
    """Each skipped item: its ID and type, then why, indented under it (wrapped there). At
    most MAX_SKIPPED_SHOWN are drawn; the count says how many more."""
    parts: list[RenderableType] = []
    for item_id, item_type, why in skipped[:MAX_SKIPPED_SHOWN]:
        parts.append(plain(f"- {item_id} ({item_type})", "bold", lines=False))
        parts.append(Padding(plain(why), (0, 0, 0, 2)))
    if len(skipped) > MAX_SKIPPED_SHOWN:
        parts.append(Text(f"… and {len(skipped) - MAX_SKIPPED_SHOWN} more", style="italic"))
    return Group(*parts)


class CloneScreen(ModalScreen[str | None]):
    """Confirm, run and report one clone; see the module's docstring."""

    CSS_PATH = STYLES / "clone_dialog.tcss"
    AUTO_FOCUS = "#clone-start"
    BINDINGS = [
        Binding("y", "start", "Clone", id="clone.start"),
        Binding("escape", "cancel", "Cancel / Stop / Close", id="clone.cancel"),
        Binding("o", "open_new", "Open the new one", id="clone.open"),
        Binding("d", "delete_old", "Delete the old one", id="clone.delete_old"),
        Binding("up", "scroll_list(-1)", "Scroll up", show=False, id="clone.scroll_up"),
        Binding("down", "scroll_list(1)", "Scroll down", show=False, id="clone.scroll_down"),
    ]

    class Progressed(Message):
        """The engine reported progress (posted from its callback)."""

        def __init__(self, progress: CloneProgress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(
        self,
        source_id: str,
        current_metadata: Mapping[str, str],
        intended_metadata: Mapping[str, str],
        *,
        rows: list[tuple[str, str]] | None = None,
        runner: CloneFn | None = None,
    ) -> None:
        """`rows`: the draft's counted rows as (key, value), to find a duplicate key the
        intended map has lost (the pairs of `intended_metadata` when None); `runner`: the
        clone engine (`api.clone_runner.clone` when None)."""
        super().__init__()
        self.plan = ClonePlan(source_id, dict(current_metadata), dict(intended_metadata))
        self.run = CloneRun(self.plan)
        self.runner = runner
        found = clone_problems(rows if rows is not None else list(intended_metadata.items()))
        self.problems = [p.message for p in found]
        self.stage = "confirm"
        self.stop_event = asyncio.Event()
        self.counted: CloneResult | None = None  # the dry run's, shown in the confirm
        self.opened: tuple[Resource, Exchange | None] | None = None
        self.busy = False  # opening the new one, or asking

    @property
    def old_deleted(self) -> bool:
        return self.run.old_deleted

    @property
    def read_only(self) -> bool:
        return tui(self).read_only

    @property
    def can_start(self) -> bool:
        return not self.problems and not self.read_only

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="clone-dialog"):
            yield Static(one_line(plan.title()), id="clone-title")
            with Vertical(id="clone-confirm"):
                yield Static(self._source_line(), id="clone-source")
                yield Static(plain(plan.metadata_summary()), id="clone-summary")
                with VerticalScroll(id="clone-metadata"):
                    yield Static(metadata_table(plan), id="clone-metadata-table")
                yield Static(self._count_text(), id="clone-count")
                yield Static(plain(plan.kept_line()), id="clone-kept")
                note = plan.thread_note()
                if note is not None:
                    yield Static(plain(note), id="clone-thread-note")
                yield Static(plain(f"⚠ {plan.new_id_warning()}"), id="clone-warning")
                blocked = self._blocked_text()
                if blocked is not None:
                    yield Static(plain(blocked), id="clone-blocked")
            with Vertical(id="clone-progress"):
                yield Static("", id="clone-phase")
                yield ProgressBar(total=None, show_eta=False, id="clone-bar")
                yield Static("", id="clone-counts")
            with Vertical(id="clone-result"):
                yield Static("", id="clone-headline")
                yield Static("", id="clone-result-lines")
                yield Static("", id="clone-skipped-head")
                with VerticalScroll(id="clone-skipped"):
                    yield Static("", id="clone-skipped-lines")
            with Horizontal(id="clone-footer"):
                yield Static("", id="clone-hint")
                yield Button("Clone (y)", id="clone-start", variant="success")
                yield Button("Open the new one (o)", id="clone-open", variant="primary")
                yield Button("Delete the old one (d)", id="clone-delete-old", variant="error")
                yield Button("Cancel (Esc)", id="clone-cancel")

    def _source_line(self) -> Text:
        plan = self.plan
        pairs = len(plan.current)
        text = Text("From ", style="bold")
        text.append_text(plain(plan.source_id, lines=False))
        text.append(f"  ({plan.noun} · {pairs} pair{'s' * (pairs != 1)} now)")
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def _blocked_text(self) -> str | None:
        if self.read_only:
            return "Read-only mode: nothing can be created (started with --read-only)."
        if self.problems:
            extra = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"Fix first: {self.problems[0]}{extra}"
        return None

    def _count_text(self) -> Text:
        return plain(count_line(self.plan, self.counted))

    def on_mount(self) -> None:
        self._show_stage()
        if self.can_start:
            self.count()
        else:
            self.query_one("#clone-count", Static).display = False

    # -- the stages --------------------------------------------------------------------------

    def _show_stage(self) -> None:
        stage = self.stage
        for name in ("confirm", "progress", "result"):
            self.query_one(f"#clone-{name}").display = stage == name
        start = self.query_one("#clone-start", Button)
        start.display = stage == "confirm" and self.can_start
        run = self.run
        self.query_one("#clone-open", Button).display = stage == "result" and bool(run.new_id)
        delete = self.query_one("#clone-delete-old", Button)
        delete.display = stage == "result" and run.succeeded and not run.old_deleted
        cancel = self.query_one("#clone-cancel", Button)
        hint = self.query_one("#clone-hint", Static)
        if stage == "confirm":
            cancel.label = "Cancel (Esc)"
            hint.update("y clones · Esc cancels" if self.can_start else "Esc closes")
        elif stage == "progress":
            cancel.label = "Stop (Esc)"
            cancel.variant = "error"
            hint.update("Esc stops (asks first)")
        else:
            cancel.label = "Close (Esc)"
            cancel.variant = "default"
            hint.update("")
        if stage != "confirm" or not self.can_start:
            focus = "#clone-open" if stage == "result" and run.new_id else "#clone-cancel"
            self.query_one(focus, Button).focus()

    @safe_work(exclusive=True, group="clone-count")
    async def count(self) -> None:
        self.counted = await count_children(tui(self).client, self.plan.source_id)
        self.query_one("#clone-count", Static).update(self._count_text())

    # -- the run -----------------------------------------------------------------------------

    def action_start(self) -> None:
        if self.stage != "confirm":
            return
        if self.read_only:
            self.notify(
                "Read-only mode: nothing can be created (started with --read-only).",
                severity="warning",
            )
            return
        if self.problems:
            self.notify(self._blocked_text() or "", severity="warning", title="Nothing sent")
            return
        self.workers.cancel_group(self, "clone-count")  # the engine reads them itself
        self.stage = "progress"
        self.run.running = True
        self._show_stage()
        self._show_progress()
        self.clone()

    @safe_work(exclusive=True, group="clone")
    async def clone(self) -> None:
        from thread_tui.api import ClientError

        run = self.run
        runner = self.runner or default_clone()
        try:
            run.result = await runner(
                tui(self).client,
                self.plan.source_id,
                dict(self.plan.intended),
                on_progress=self._post_progress,
                stop=self.stop_event,
            )
        except ClientError as exc:
            run.crashed = exc.user_message()
        except Exception as error:  # the engine's own bug: said here, logged by the app
            run.crashed = f"an unexpected error ({type(error).__name__})."
            report_unexpected(self, error)
        finally:
            run.running = False
        self._record_lineage()
        self.stage = "result"
        self._show_stage()
        self._show_result()

    def _post_progress(self, progress: CloneProgress) -> None:
        # A message, not a direct update: the screen draws it in its own turn.
        self.post_message(self.Progressed(progress))

    @on(Progressed)
    def _progressed(self, event: CloneScreen.Progressed) -> None:
        event.stop()
        if self.stage != "progress":
            return  # a late message of a finished run
        self.run.record(event.progress)
        self._show_progress()

    def _show_progress(self) -> None:
        run = self.run
        self.query_one("#clone-phase", Static).update(plain(run.phase_line()))
        self.query_one("#clone-counts", Static).update(plain(run.count_line()))
        bar = self.query_one(ProgressBar)
        bar.update(total=run.total, progress=run.copied + run.skipped)

    def _record_lineage(self) -> None:
        """old → new in the catalog, and the new object as seen. The disk may fail: a
        warning, and the result stands."""
        result = self.run.result
        if result is None or result.new_id is None:
            return
        app = tui(self)
        try:
            catalog = app.store.catalog
            if result.new_object is not None:
                catalog.record(result.new_object)
            catalog.record_clone(self.plan.source_id, result.new_id, app.now())
        except Exception as exc:  # a failing disk, or a catalog without lineage
            warning = (
                f"The catalog could not record that {result.new_id} is a clone of "
                f"{self.plan.source_id} ({type(exc).__name__}); nothing else is affected."
            )
            self.run.warnings.append(warning)
            self.notify(plain(warning).plain, severity="warning", timeout=10, markup=False)

    def _show_result(self) -> None:
        run = self.run
        headline = self.query_one("#clone-headline", Static)
        headline.update(plain(run.headline()))
        headline.set_class(run.succeeded, "-ok")
        headline.set_class(not run.succeeded, "-failed")
        lines = run.result_lines() + [f"⚠ {w}" for w in run.warnings]
        self.query_one("#clone-result-lines", Static).update(plain("\n".join(lines)))
        skipped = run.skipped_lines()
        head = self.query_one("#clone-skipped-head", Static)
        head.display = bool(skipped)
        self.query_one("#clone-skipped").display = bool(skipped)
        if skipped:
            head.update(f"Skipped: {len(skipped)} that cannot be re-created (↑/↓ scroll)")
            self.query_one("#clone-skipped-lines", Static).update(skipped_list(skipped))

    # -- keys --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "clone-start": self.action_start,
            "clone-open": self.action_open_new,
            "clone-delete-old": self.action_delete_old,
            "clone-cancel": self.action_cancel,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_scroll_list(self, lines: int) -> None:
        """↑/↓ scroll the list shown (the new metadata, or the skipped items) wherever the
        focus is: the buttons take no arrows."""
        target = "#clone-skipped" if self.stage == "result" else "#clone-metadata"
        self.query_one(target, VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_cancel(self) -> None:
        if self.stage == "confirm":
            self.dismiss(None)
        elif self.stage == "progress":
            self._ask_stop()
        elif not self.busy:
            self.dismiss(self.run.new_id)

    def _ask_stop(self) -> None:
        if self.run.stop_asked or self.busy:
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        run = self.run
        self.busy = True

        def answer(stop: bool | None) -> None:
            self.busy = False
            if stop and run.running:
                run.stop_asked = True
                self.stop_event.set()
                self._show_progress()

        self.app.push_screen(
            YesNoScreen(
                "Stop the clone?",
                f"The call in flight finishes and no new one is sent. What is made stays: the "
                f"new conversation (if created) keeps the {self.plan.children} copied so far, "
                f"and the old {self.plan.noun} is not changed.",
                yes="Stop",
                no="Go on",
            ),
            answer,
        )

    def action_open_new(self) -> None:
        if self.stage != "result" or not self.run.new_id or self.busy:
            return
        self.open_new()

    @safe_work(exclusive=True, group="clone-open")
    async def open_new(self) -> None:
        from thread_tui.api import ClientError

        new_id = self.run.new_id
        assert new_id is not None
        app = tui(self)
        self.busy = True
        hint = self.query_one("#clone-hint", Static)
        hint.update(plain(f"Opening {new_id}…"))
        try:
            resource = await app.client.get_resource(new_id)
        except ClientError as exc:
            self.busy = False
            hint.update(plain(f"Could not open it: {exc.user_message()}"))
            return
        app.store.catalog.record(resource.to_json())  # a failed write warns, never raises
        app.store.recents.record(resource.id, app.now())
        self.opened = (resource, app.client.last_exchange)
        self.busy = False
        self.dismiss(new_id)

    def action_delete_old(self) -> None:
        run = self.run
        if self.stage != "result" or not run.succeeded or run.old_deleted or self.busy:
            return
        if self.read_only:
            return
        from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen

        self.busy = True

        def deleted(done: bool | None) -> None:
            self.busy = False
            if done:
                run.old_deleted = True
                self._show_stage()
                self._show_result()

        self.app.push_screen(DeleteConfirmScreen(self.plan.kind, self.plan.source_id), deleted)
