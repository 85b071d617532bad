"""The App: wiring only. Screens live in `screens/`, widgets in `widgets/`, CSS in `styles/`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from thread_tui.core.inert import inert
from thread_tui.core.settings import Settings
from thread_tui.storage import StateStore
from thread_tui.ui.widgets.wait_status import WaitStatus

if TYPE_CHECKING:
    from textual.command import Provider

    from thread_tui.api import ApiClient
    from thread_tui.storage.catalog import Catalog
    from thread_tui.ui.quitting import QuitFlow

STYLES = Path(__file__).parent / "styles"


def _keyed_commands() -> type[Provider]:
    from thread_tui.ui.palette import KeyedCommandsProvider

    return KeyedCommandsProvider


class ThreadTuiApp(App[int]):
    TITLE = "thread_tui"
    # What the first screen needs, and the editor's: a screen that brings a .tcss of its own
    # makes Textual re-parse the whole stylesheet (every widget's default CSS too) and
    # restyle every node as it is first shown, which for the editor cost ≈ 0.7 MiB of peak
    # RSS (bench/README.md) against ≈ 3 ms of parsing at start. The dialogs still bring
    # their own.
    CSS_PATH = [STYLES / "app.tcss", STYLES / "lookup.tcss", STYLES / "editor.tcss"]
    # Textual's system commands, each drawn with its key (ui/palette.py, loaded on first use).
    COMMANDS = {_keyed_commands}
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("question_mark", "help", "Help", show=False, id="app.help_alt"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        *,
        settings: Settings,
        client: ApiClient | None = None,
        client_factory: Callable[[], ApiClient] | None = None,
        now: Callable[[], float] = time.time,
        state_dir: Path | None = None,
        cursor_blink: bool = True,
        initial_id: str | None = None,
        config_dir: Path | None = None,
        catalog_factory: Callable[[], Catalog] | None = None,
    ) -> None:
        """`catalog_factory`: the catalog instead of the state directory's file (the demo's
        in-memory one), called on first use."""
        super().__init__()
        if client is None and client_factory is None:
            raise ValueError("give a client or a client_factory")
        self._client = client
        self._client_factory = client_factory
        self.settings = settings
        self.now = now
        self.cursor_blink = cursor_blink
        self.read_only = settings.read_only
        self.store = StateStore(state_dir, now=now, catalog_factory=catalog_factory)
        self.first_frame_shown = False  # see on_ready
        self._quitting: QuitFlow | None = None  # made on the first Ctrl+Q
        self.initial_id = initial_id
        self.config_dir = config_dir
        # The keymap in force (binding id → keys), as applied with set_keymap; help reads it.
        self.keymap: dict[str, str] = {}
        self.sub_title = _mode_line(settings)
        # The countdown of the client's waits before a retry (see widgets/wait_status.py).
        self.wait_status = WaitStatus(self, lambda: self.now())
        if client is not None:
            self.wait_status.attach(client)

    def get_css_variables(self) -> dict[str, str]:
        # Every theme's coloured text at WCAG AA against its backgrounds (readable_colors.py).
        from thread_tui.ui.readable_colors import readable

        variables = super().get_css_variables()
        variables.update(readable(variables))
        self.theme_variables = variables
        return variables

    def on_mount(self) -> None:
        from thread_tui.ui.screens.lookup import LookupScreen

        saved = self.store.theme
        if saved and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(LookupScreen(initial_id=self.initial_id))
        self._load_keymap()
        for warning in self.settings.warnings:
            self.notify(warning, severity="warning", timeout=8)
        # State warnings (a damaged file set aside, a write the disk refused), the ones raised
        # while loading first; the store reports a failing disk once, not per write.
        self.store.listen(lambda warning: self.notify(warning, severity="warning", timeout=10))

    def _load_keymap(self) -> None:
        """Apply keymap.toml from the config directory; a bad entry is one warning and keeps
        its default key. Without a file nothing more is imported."""
        from thread_tui.storage.keymap import KEYMAP_FILE, default_config_dir, load_keymap

        path = (self.config_dir or default_config_dir()) / KEYMAP_FILE
        entries, warnings = load_keymap(path)
        if entries:
            from thread_tui.ui.keys import check_keymap

            self.keymap, more = check_keymap(entries)
            warnings += more
            self.set_keymap(self.keymap)
        if warnings:
            self.notify("\n".join(warnings), title="Keymap", severity="warning", timeout=15)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every notification (a widget's notify() comes here too) may hold server text: an
        # error, an ID. None is markup, and each control is drawn, not sent to the terminal.
        super().notify(
            inert(message, keep_newlines=True),
            title=inert(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    @property
    def client(self) -> ApiClient:
        """The API client, built on first use (its imports are not on the start-up path)."""
        if self._client is None:
            assert self._client_factory is not None
            self._client = self._client_factory()
            self.wait_status.attach(self._client)
        return self._client

    def on_ready(self) -> None:
        # The first frame is on the terminal: screens may now read what is slower to load
        # (the lookup's recents list opens the catalog's SQLite).
        self.first_frame_shown = True
        for screen in self.screen_stack:
            shown = getattr(screen, "after_first_frame", None)
            if callable(shown):
                shown()
        if self._client is None:
            # Load httpx and the editor's core in the background shortly after the first
            # screen is up (not during its first paint), so the first lookup need not wait.
            self.set_timer(0.3, self._warm_up)

    def _warm_up(self) -> None:
        self.run_worker(_warm_imports, thread=True, exit_on_error=False)

    def _remember_theme(self, theme: Theme) -> None:
        self.store.theme = theme.name

    def report_unexpected(self, error: BaseException) -> None:
        """The one handler of an unexpected error in a worker (see ui/workers.py): a sentence
        on screen and the traceback, with the key scrubbed, in the state directory's log."""
        import traceback

        from thread_tui.api.redact import Redactor

        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        text = Redactor(self.settings.api_key, f"${self.settings.key_env_name}").text(text)
        where = (
            f" Details were written to {self.store.log.path}."
            if self.store.log.append(text)
            else ""
        )
        self.notify(
            f"Something went wrong ({type(error).__name__}). thread_tui goes on and your "
            f"edits are kept; try again.{where}",
            severity="error",
            timeout=15,
        )

    async def on_unmount(self) -> None:
        self.store.close()
        if self._client is not None:
            await self._client.aclose()

    def action_help(self) -> None:
        from thread_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Help", "Keys, limits and how the server treats edits", self.action_help
        )
        yield SystemCommand(
            "Bulk edit IDs…", "Paste IDs and apply one change to all", self.action_bulk_ids
        )
        for title, help_text, callback in _screen_commands(screen):
            yield SystemCommand(title, help_text, callback)

    def action_bulk_ids(self) -> None:
        from thread_tui.ui.screens.bulk_ids import BulkIdsScreen

        self.push_screen(BulkIdsScreen(), lambda ids: self.open_bulk_editor(ids or []))

    def open_bulk_editor(self, ids: list[str]) -> None:
        """The bulk editor over `ids` (the catalog browser's selection, or pasted IDs)."""
        if ids:
            from thread_tui.ui.screens.bulk_editor import BulkEditorScreen

            self.push_screen(BulkEditorScreen(ids))

    @property
    def quitting(self) -> QuitFlow:
        """What Ctrl+Q does (ui/quitting.py), loaded on the first Ctrl+Q."""
        if self._quitting is None:
            from thread_tui.ui.quitting import QuitFlow

            self._quitting = QuitFlow(self)
        return self._quitting

    async def action_quit(self) -> None:
        self.quitting.request()

    @property
    def quit_report(self) -> str | None:
        """What a stop at quitting printed on leaving (the bulk run's counts), if any."""
        return None if self._quitting is None else self._quitting.report


def _screen_commands(screen: Screen[object]) -> Iterable[tuple[str, str, Callable[[], object]]]:
    provider = getattr(screen, "palette_commands", None)
    if callable(provider):
        yield from provider()


def _mode_line(settings: Settings) -> str:
    if settings.demo:
        return "demo · built-in emulator, no key needed"
    from urllib.parse import urlsplit

    mode = " · read-only" if settings.read_only else ""
    return f"{urlsplit(settings.base_url).netloc}{mode}"


def _warm_imports() -> None:
    # What a lookup and the editor need, not pydantic: the editor path never loads it.
    import thread_tui.api
    import thread_tui.core.draft
    import thread_tui.core.resources  # noqa: F401


def run_tui(
    settings: Settings,
    *,
    client_factory: Callable[[], ApiClient],
    initial_id: str | None = None,
    now: Callable[[], float] = time.time,
    catalog_factory: Callable[[], Catalog] | None = None,
) -> int:
    """Run the TUI until the user quits; returns the exit code. The app calls `client_factory`
    on first use of the client; the caller wires it (`thread_tui.commands.tui`), and `now`,
    the clock the demo's emulator reads too."""
    app = ThreadTuiApp(
        settings=settings,
        client_factory=client_factory,
        initial_id=initial_id,
        now=now,
        catalog_factory=catalog_factory,
    )
    result = app.run()
    return result if isinstance(result, int) else 0
