"""The lookup screen: type or pick a thread / conversation ID and open it, or start a new
thread / conversation (Ctrl+N / Ctrl+O), which opens the editor on an unsaved draft."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, LoadingIndicator, Static

from thread_tui.core.ids import InvalidIdError, ResourceKind, check_id, parse_id
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.key_bar import KeyBar
from thread_tui.ui.widgets.recents_list import RecentsList
from thread_tui.ui.widgets.title_bar import TitleBar
from thread_tui.ui.widgets.wait_status import WaitLine
from thread_tui.ui.workers import safe_work

DEMO_HINT = (
    "Demo mode: try thread_abc123 (the API reference's example), thread_full16 (16/16 pairs), "
    "thread_longvalues, thread_tools (20 files + a vector store) or conv_abc123."
)


class LookupScreen(Screen[None]):
    AUTO_FOCUS = "#lookup-id"
    BINDINGS = [
        Binding("down", "focus_recents", "Recents", show=False, id="lookup.focus_recents"),
        Binding("escape", "focus_input", "Edit ID", show=False, id="lookup.focus_input"),
        Binding("ctrl+n", "new_thread", "New thread", priority=True, id="lookup.new_thread"),
        Binding(
            "ctrl+o",
            "new_conversation",
            "New conversation",
            priority=True,
            id="lookup.new_conversation",
        ),
    ]

    def __init__(self, initial_id: str | None = None) -> None:
        super().__init__()
        self.initial_id = initial_id
        # Set when an editor is pushed: back from it, the ID field takes the focus (else the
        # focus went back to the recents list, where a typed ID went nowhere).
        self._editor_shown = False
        # The recents list reads the catalog (SQLite), after the first paint: see on_mount.
        self._recents_shown = False

    def compose(self) -> ComposeResult:
        app = tui(self)
        yield TitleBar()
        with Vertical(id="lookup"):
            yield Static("Open a thread or a conversation", id="lookup-title")
            yield Input(
                value=self.initial_id or "",
                placeholder="thread_… or conv_…  then Enter",
                id="lookup-id",
            )
            yield Static("", id="lookup-check")
            # Mounted only while loading: an idle indicator would keep animating unseen.
            yield Vertical(id="lookup-loading")
            yield WaitLine(app.wait_status, id="lookup-wait")
            yield Static("", id="lookup-error")
            with Horizontal(id="lookup-new"):
                yield Static("or create one:", id="lookup-new-label")
                yield Button("New thread (Ctrl+N)", id="new-thread", compact=True)
                yield Button("New conversation (Ctrl+O)", id="new-conversation", compact=True)
            yield Static("Recently opened", id="recents-title")
            yield RecentsList(app.store.recents, app.now, field="#lookup-id", id="recents")
            yield Static("", id="recents-empty")
            yield Static(
                "↑↓ move · Enter open · p pin/unpin · x remove · F1 help · Ctrl+P commands",
                id="recents-hint",
            )
            if app.settings.demo:
                yield Static(DEMO_HINT, id="demo-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#lookup-id", Input).cursor_blink = tui(self).cursor_blink
        self._show_check(self.query_one("#lookup-id", Input).value)
        # Filled once the first frame is drawn (the catalog opens then); until then hidden,
        # or shown empty when it surely is (a first run), as it will stay.
        if tui(self).store.recents_surely_empty():
            self._update_empty()
        else:
            self.query_one(RecentsList).display = False
        if tui(self).first_frame_shown:
            self.call_after_refresh(self._show_recents)
        if self.initial_id:
            self.load(self.initial_id)

    def after_first_frame(self) -> None:
        """Called by the app once its first frame is on the terminal."""
        self._show_recents()

    def _show_recents(self) -> None:
        self._recents_shown = True
        self.query_one(RecentsList).refresh_items()
        self._update_empty()

    def on_screen_resume(self) -> None:
        if self._recents_shown:
            self._show_recents()
        if self._editor_shown:
            # Not after a dialog (help, the pinned-ID question): the focus stays where it was.
            self._editor_shown = False
            self.set_focus(self.query_one("#lookup-id", Input))

    def _update_empty(self) -> None:
        recents = self.query_one(RecentsList)
        empty = recents.option_count == 0
        recents.display = not empty
        self.query_one("#recents-empty", Static).update(
            "No IDs yet. The API cannot list threads, so IDs you open are remembered here."
            if empty
            else ""
        )

    @on(Input.Changed, "#lookup-id")
    def _changed(self, event: Input.Changed) -> None:
        self._show_check(event.value)
        self.query_one("#lookup-error", Static).update("")

    def _show_check(self, text: str) -> None:
        verdict = check_id(text)
        label = self.query_one("#lookup-check", Static)
        label.set_class(verdict.problem is not None and bool(text), "-problem")
        kind = f"{verdict.kind.value.capitalize()} · " if verdict.kind else ""
        if verdict.ok:
            label.update(f"{kind}press Enter to open")
        elif text:
            label.update(plain(f"{kind}{verdict.problem}"))
        else:
            label.update("Type a thread ID (thread_…) or a conversation ID (conv_…).")

    @on(Input.Submitted, "#lookup-id")
    def _submitted(self, event: Input.Submitted) -> None:
        self.open_id(event.value)

    @on(RecentsList.Open)
    def _open_recent(self, event: RecentsList.Open) -> None:
        self.query_one("#lookup-id", Input).value = event.resource_id
        self.open_id(event.resource_id)

    def open_id(self, text: str) -> None:
        try:
            parse_id(text)
        except InvalidIdError as exc:
            self._error(str(exc))
            return
        self.load(text)

    def _error(self, message: str) -> None:
        self.query_one("#lookup-error", Static).update(plain(message))

    @safe_work(exclusive=True, group="lookup")
    async def load(self, resource_id: str) -> None:
        # Imported on first use: the lookup screen must be ready before httpx and the editor load.
        from thread_tui.api import ClientError, NotFoundError
        from thread_tui.ui.screens.editor import EditorScreen

        slot = self.query_one("#lookup-loading")
        await slot.mount(LoadingIndicator())
        self._error("")
        try:
            resource = await tui(self).client.get_resource(resource_id)
        except (ClientError, InvalidIdError) as exc:
            if isinstance(exc, NotFoundError):
                tui(self).store.catalog.mark_deleted(resource_id)
            message = exc.user_message() if isinstance(exc, ClientError) else str(exc)
            self._error(message)
            return
        finally:
            await slot.query(LoadingIndicator).remove()
        app = tui(self)
        app.store.catalog.record(resource.to_json())  # a failed write warns, never raises
        app.store.recents.record(resource.id, app.now())
        self.query_one(RecentsList).refresh_items()
        self._update_empty()
        exchange = app.client.last_exchange
        self._editor_shown = True
        await app.push_screen(EditorScreen(resource, exchange))

    def action_focus_recents(self) -> None:
        recents = self.query_one(RecentsList)
        if recents.display:
            recents.focus()

    def action_focus_input(self) -> None:
        self.query_one("#lookup-id", Input).focus()

    # -- new resources ------------------------------------------------------------------

    def action_new_thread(self) -> None:
        self.new_resource(ResourceKind.THREAD)

    def action_new_conversation(self) -> None:
        self.new_resource(ResourceKind.CONVERSATION)

    @on(Button.Pressed, "#lookup-new Button")
    def _new_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "new-thread":
            self.action_new_thread()
        else:
            self.action_new_conversation()

    def new_resource(self, kind: ResourceKind) -> None:
        """Open the editor on a new, unsaved thread / conversation (created on Ctrl+S)."""
        if tui(self).read_only:
            self.notify(
                f"Read-only mode: nothing can be created (started with --read-only), so there "
                f"is no new {kind.value}.",
                severity="warning",
            )
            return
        # Imported on first use, as in load(): the editor loads after the first screen.
        from thread_tui.core.resources import unsaved_resource
        from thread_tui.ui.screens.editor import EditorScreen

        self._editor_shown = True
        self.app.push_screen(EditorScreen(unsaved_resource(kind)))

    def forget(self, resource_id: str) -> None:
        """The ID was deleted: drop it from the box (the recents list already forgot it)."""
        typed = self.query_one("#lookup-id", Input)
        if typed.value == resource_id:
            typed.value = ""
        self.query_one(RecentsList).refresh_items()
        self._update_empty()

    def palette_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Open ID", "Open the ID typed in the box", self._open_typed),
            ("Focus recents", "Move to the recently opened list", self.action_focus_recents),
            ("New thread", "Create a thread: fill it in, then Ctrl+S", self.action_new_thread),
            (
                "New conversation",
                "Create a conversation: fill it in, then Ctrl+S",
                self.action_new_conversation,
            ),
        ]

    def _open_typed(self) -> None:
        self.open_id(self.query_one("#lookup-id", Input).value)
