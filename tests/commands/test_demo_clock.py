"""In the demo the app and its emulator read one clock: a thread created a second ago shows
"just now" (it showed "1 year ago": the emulator counted from its fixed seed time, the app
from the wall clock), and the seeded ages ("3 days ago") are counted from that clock too.

The clock is pinned (time.time patched), so nothing here depends on when the test runs."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from thread_tui.commands import tui
from thread_tui.core.humanize import ago
from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import Settings
from thread_tui.emulator import FIXED_NOW, Emulator
from thread_tui.ui.app import ThreadTuiApp

PINNED = 2_000_000_000.25  # 2033-05-18: far from the emulator's fixed seed time


async def test_the_demo_app_and_its_emulator_share_one_clock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    apps: list[ThreadTuiApp] = []

    def fake_run_tui(settings: Settings, **kwargs: Any) -> int:
        # What run_tui does, minus running it.
        apps.append(ThreadTuiApp(settings=settings, state_dir=tmp_path, **kwargs))
        return 0

    monkeypatch.setattr("thread_tui.ui.app.run_tui", fake_run_tui)
    monkeypatch.setattr(time, "time", lambda: PINNED)
    assert tui.run(Settings(demo=True), None) == 0
    [app] = apps
    async with app.client as client:
        created = await client.create_resource(ResourceKind.THREAD, {})
        tools = await client.get_resource("thread_tools")
        conversation = await client.create_resource(ResourceKind.CONVERSATION, {})
        messages = await client.list_messages("thread_tools")
    now = app.now()
    assert ago(created.created_at, now) == "just now"
    assert ago(conversation.created_at, now) == "just now"
    assert ago(tools.created_at, now) == "3 days ago"
    # Every seeded message as old, against the app's clock, as under the fixed one.
    fixed = Emulator(now=FIXED_NOW).messages["thread_tools"]
    assert sorted(m.created_at - int(now) for m in messages.data) == sorted(
        m["created_at"] - FIXED_NOW for m in fixed
    )


def test_the_emulator_command_reads_the_wall_clock(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`thread-tui emulator` serves an app that reads the wall clock: so does the emulator."""
    from thread_tui.commands.serve import run_emulator

    served: list[Emulator] = []

    @contextlib.contextmanager
    def fake_server(emulator: Emulator, host: str, port: int) -> Iterator[str]:
        served.append(emulator)
        yield f"http://{host}:{port}/v1"

    class Interrupted:
        def wait(self) -> None:
            raise KeyboardInterrupt

    monkeypatch.setattr("thread_tui.emulator.server.running_server", fake_server)
    monkeypatch.setattr(threading, "Event", Interrupted)
    monkeypatch.setattr(time, "time", lambda: PINNED)
    assert run_emulator("127.0.0.1", 8765) == 0
    [emulator] = served
    assert emulator.now() == int(PINNED)
    assert emulator.threads["thread_tools"]["created_at"] == int(PINNED) - 3 * 86_400
    assert "emulator stopped" in capsys.readouterr().err
