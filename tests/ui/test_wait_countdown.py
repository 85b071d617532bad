"""While a request the user waits on pauses before a retry, the screen says so and counts
down: "Waiting 12 s: the server asked to wait (429) · retry 1 of 2", cleared when the retry
starts or the request ends.

The emulator answers 429 with `retry-after`; the client's own retry loop waits through the
`sleep` it was given, which holds until the test opens the gate; the client itself tells its
`on_wait` hook (the app's countdown) of the wait first, as it does in use. Time is the app's
clock, moved by hand; `tick()` is what the app's one-second timer calls.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from ui_helpers import settle

from thread_tui.api import ApiClient
from thread_tui.core.settings import Settings
from thread_tui.emulator import FIXED_NOW, Emulator
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.wait_status import WaitLine

REASON = "the server asked to wait (HTTP 429 Too Many Requests)"  # the client's own words


class Held:
    """The client's sleep: hold until `gate` is set."""

    def __init__(self) -> None:
        self.client: Any = None
        self.gate = asyncio.Event()
        self.retries = 0

    async def sleep(self, seconds: float) -> None:
        self.retries += 1
        await self.gate.wait()


class Clock:
    def __init__(self) -> None:
        self.t = float(FIXED_NOW)

    def __call__(self) -> float:
        return self.t


def waiting_app(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> tuple[Any, Held, Clock]:
    from thread_tui.ui.app import ThreadTuiApp

    held, clock = Held(), Clock()
    held.client = ApiClient(demo_settings, transport=emulator.transport(), sleep=held.sleep)
    app = ThreadTuiApp(
        settings=demo_settings,
        client=held.client,
        now=clock,
        state_dir=tmp_path / "state",
        cursor_blink=False,
    )
    return app, held, clock


def line(app: Any, selector: str) -> str | None:
    """The countdown line `selector` names on the active screen, or None while hidden."""
    shown = app.screen.query_one(selector, WaitLine)
    return str(shown.render()) if shown.display else None


async def until_shown(app: Any, pilot: Any, selector: str) -> str:
    for _ in range(100):
        await pilot.pause()
        text = line(app, selector)
        if text is not None:
            return text
    raise AssertionError(f"{selector} never showed a countdown")


async def test_opening_an_id_counts_the_wait_down_and_clears_when_the_retry_starts(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    emulator.faults.inject(429, headers={"retry-after": "12"}, match="GET /v1/threads/")
    app, held, clock = waiting_app(emulator, demo_settings, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert line(app, "#lookup-wait") is None
        await pilot.press(*"thread_abc123", "enter")
        assert await until_shown(app, pilot, "#lookup-wait") == (
            f"Waiting 12 s: {REASON} · retry 1 of 2"
        )
        clock.t += 1
        app.wait_status.tick()
        await pilot.pause()
        assert line(app, "#lookup-wait") == f"Waiting 11 s: {REASON} · retry 1 of 2"
        clock.t += 10.5
        app.wait_status.tick()
        await pilot.pause()
        assert line(app, "#lookup-wait") == f"Waiting 1 s: {REASON} · retry 1 of 2"
        clock.t += 0.5  # the pause is over: the retry starts
        app.wait_status.tick()
        await pilot.pause()
        assert line(app, "#lookup-wait") is None
        held.gate.set()
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        assert line(app, "#editor-wait") is None


async def test_the_line_clears_when_the_request_ends_before_the_countdown(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    emulator.faults.inject(429, headers={"retry-after": "30"}, match="GET /v1/threads/")
    app, held, _clock = waiting_app(emulator, demo_settings, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        assert (await until_shown(app, pilot, "#lookup-wait")).startswith("Waiting 30 s")
        held.gate.set()  # the clock has not moved: 30 s still to go
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.wait_status.text is None
        assert line(app, "#editor-wait") is None
        app.pop_screen()
        await pilot.pause()
        assert line(app, "#lookup-wait") is None


async def test_a_reload_in_the_editor_shows_its_wait(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    app, held, _clock = waiting_app(emulator, demo_settings, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        emulator.faults.inject(429, headers={"retry-after": "5"}, match="GET /v1/threads/")
        await pilot.press("ctrl+r")
        assert await until_shown(app, pilot, "#editor-wait") == (
            f"Waiting 5 s: {REASON} · retry 1 of 2"
        )
        held.gate.set()
        await settle(app, pilot)
        assert line(app, "#editor-wait") is None


async def test_the_messages_tab_shows_the_wait_of_its_page(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    app, held, _clock = waiting_app(emulator, demo_settings, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        emulator.faults.inject(429, headers={"retry-after": "3"}, match="/messages")
        await pilot.press("ctrl+l")
        assert await until_shown(app, pilot, "#editor-wait") == (
            f"Waiting 3 s: {REASON} · retry 1 of 2"
        )
        held.gate.set()
        await settle(app, pilot)
        assert line(app, "#editor-wait") is None


async def test_the_file_picker_shows_the_wait_of_its_page(
    emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    app, held, _clock = waiting_app(emulator, demo_settings, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        emulator.faults.inject(429, headers={"retry-after": "7"}, match="GET /v1/files")
        await pilot.press("ctrl+f")
        assert await until_shown(app, pilot, "#picker-wait") == (
            f"Waiting 7 s: {REASON} · retry 1 of 2"
        )
        held.gate.set()
        await settle(app, pilot)
        assert line(app, "#picker-wait") is None


def test_snapshot_the_editor_counting_down(
    snap_compare: Any, emulator: Emulator, demo_settings: Settings, tmp_path: Path
) -> None:
    app, _held, _clock = waiting_app(emulator, demo_settings, tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.press(*"thread_abc123", "enter")
        await settle(pilot.app, pilot)
        emulator.faults.inject(429, headers={"retry-after": "12"}, match="GET /v1/threads/")
        await pilot.press("ctrl+r")
        await until_shown(pilot.app, pilot, "#editor-wait")

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)
