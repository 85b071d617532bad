"""In-process figures, measured with Textual's Pilot on the in-process emulator."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from frames import FrameLog  # type: ignore[import-not-found]  # bench/ is on sys.path
from textual import events
from textual.app import App, ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, TextArea

from thread_tui.api import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, FIXED_NOW, Emulator


def make_app(emulator: Emulator, frames: FrameLog | None = None) -> Any:
    from thread_tui.ui.app import ThreadTuiApp

    class App(ThreadTuiApp):
        def _display(self, screen: Any, renderable: Any) -> None:
            if frames is not None:
                frames.record(screen, renderable)
            super()._display(screen, renderable)

    settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)

    async def no_sleep(_: float) -> None:
        return None

    client = ApiClient(settings, transport=emulator.transport(), sleep=no_sleep)
    return App(
        client=client,
        settings=settings,
        now=lambda: float(FIXED_NOW),
        state_dir=Path(tempfile.mkdtemp(prefix="thread-tui-bench-")),
        cursor_blink=False,
    )


async def _painted(screen: Any) -> None:
    """Wait until the screen has been laid out and painted once."""
    done = asyncio.Event()
    screen.call_after_refresh(done.set)
    await done.wait()


class BareScreen(Screen[None]):
    """The baseline of "editor painted": 32 Inputs (16 key/value pairs) and a footer."""

    def compose(self) -> ComposeResult:
        for i in range(16):
            yield Input(f"key_{i:02d}", compact=True)
            yield Input(f"value number {i}", compact=True)
        yield Footer()


async def _settle_ms(app: Any, pilot: Any, frames: FrameLog, screen: Screen[Any]) -> float:
    """Push `screen`, wait until it is drawn and settled, pop it: ms from the push to the
    frame after which the terminal's cells no longer change."""
    start = time.perf_counter()
    frames.watch(screen)
    await app.push_screen(screen)
    await _painted(screen)
    await pilot.pause()  # anything still to draw is drawn before the frames are read
    await _painted(screen)
    settled = frames.settled_at(app.console, (120, 40))
    frames.watch(None)
    await app.pop_screen()
    await pilot.pause()
    return (settled - start) * 1000


async def editor_paint_ms(runs: int) -> tuple[list[float], list[float]]:
    """(ms from `thread_full16` loaded to the terminal showing its settled editor, ms from
    pushing `BareScreen` to the terminal showing it settled), alternated in one app so that
    machine load affects both alike."""
    from thread_tui.ui.screens.editor import EditorScreen

    frames = FrameLog()
    app = make_app(Emulator(), frames)
    editor: list[float] = []
    bare: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        resource = await app.client.get_resource("thread_full16")
        for _ in range(2):  # warm-up: each screen's .tcss is read on its first push
            await _settle_ms(app, pilot, frames, EditorScreen(resource, app.client.last_exchange))
            await _settle_ms(app, pilot, frames, BareScreen())
        for _ in range(runs):
            screen = EditorScreen(resource, app.client.last_exchange)
            editor.append(await _settle_ms(app, pilot, frames, screen))
            bare.append(await _settle_ms(app, pilot, frames, BareScreen()))
    return editor, bare


# The value of the value-editor figure: 512 characters, at the limit, as words wrap them.
VALUE_512 = ("Customer asked about refunds for order #4411. " * 12)[:512]


class BareModal(ModalScreen[None]):
    """The baseline of "value editor opened": a bare modal with one TextArea of the value."""

    def compose(self) -> ComposeResult:
        yield TextArea(VALUE_512)


class Backdrop(Screen[None]):
    """An empty screen under both modals."""


async def value_editor_ms(runs: int) -> tuple[list[float], list[float]]:
    """(ms from pushing the value editor on a 512-character value to the terminal showing it
    settled, the same for `BareModal`), alternated in one app over the same backdrop."""
    from thread_tui.ui.screens.value_editor import ValueEditorScreen

    frames = FrameLog()
    app = make_app(Emulator(), frames)
    editor: list[float] = []
    bare: list[float] = []

    def value_editor() -> ValueEditorScreen:
        return ValueEditorScreen([("summary", VALUE_512)])

    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(Backdrop())
        await pilot.pause()
        for _ in range(2):  # warm-up: the .tcss is read on the first push
            await _settle_ms(app, pilot, frames, value_editor())
            await _settle_ms(app, pilot, frames, BareModal())
        for _ in range(runs):
            editor.append(await _settle_ms(app, pilot, frames, value_editor()))
            bare.append(await _settle_ms(app, pilot, frames, BareModal()))
    return editor, bare


async def _type_cpu_seconds(app: App[Any], target: Callable[[], Input], keys: int) -> float:
    """CPU seconds the app spends handling `keys` key presses into an Input.

    CPU time, not wall time: Pilot waits for idleness after each key, and that wait is the
    same for any app, so wall time would hide the cost of the handlers being compared.
    """
    field = target()
    field.focus()
    for _ in range(10):  # let the focus change (and the footer it refreshes) settle first
        await asyncio.sleep(0.01)
    start = time.process_time()
    for i in range(keys):
        char = "abcdefghij"[i % 10]
        field.post_message(events.Key(char, char))
        if i % 25 == 24:
            await asyncio.sleep(0)
    while len(field.value) < keys:  # noqa: ASYNC110 - polling the widget is the measurement
        await asyncio.sleep(0)
    # let the Changed messages (counters, draft, changes bar) be processed too
    for _ in range(5):
        await asyncio.sleep(0.01)
    return time.process_time() - start


async def keystrokes(keys: int) -> tuple[float, float]:
    """(editor CPU seconds, bare Input CPU seconds) for `keys` characters typed."""
    from thread_tui.ui.screens.editor import EditorScreen
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    app = make_app(Emulator())
    async with app.run_test(size=(120, 40)) as pilot:
        resource = await app.client.get_resource("thread_empty")
        screen = EditorScreen(resource, None)
        await app.push_screen(screen)
        await pilot.press("ctrl+n")
        row = screen.query(MetadataRow).last()
        row.key_input.value = "k"
        await pilot.pause()
        editor_cpu = await _type_cpu_seconds(app, lambda: row.value_input, keys)

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    bare = Bare()
    async with bare.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bare_cpu = await _type_cpu_seconds(bare, lambda: bare.query_one(Input), keys)
    return editor_cpu, bare_cpu


async def picker(files: int, filter_runs: int) -> tuple[float, list[float]]:
    """(seconds until every page of `files` files is in, filter keystroke ms samples)."""
    from thread_tui.ui.screens.pickers import FilePickerScreen

    app = make_app(Emulator(extra_files=files))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        screen = FilePickerScreen([])
        await app.push_screen(screen)
        while not _loaded(screen):  # noqa: ASYNC110 - the picker exposes no event to await
            await asyncio.sleep(0.005)
        await _painted(screen)
        load_seconds = time.perf_counter() - start
        samples = []
        field = screen.query_one("#picker-filter", Input)
        for i in range(filter_runs):
            text = "report" if i % 2 == 0 else ""
            begin = time.perf_counter()
            field.value = text
            await _settled(screen)
            samples.append((time.perf_counter() - begin) * 1000)
    return load_seconds, samples


def _loaded(screen: Any) -> bool:
    return not getattr(screen, "loading", True)


async def _settled(screen: Any) -> None:
    await asyncio.sleep(0)
    await _painted(screen)


def median(values: list[float]) -> float:
    return statistics.median(values)


def run(coro: Callable[[], Awaitable[Any]]) -> Any:
    return asyncio.run(coro())
