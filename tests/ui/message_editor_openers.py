"""The message metadata editor's screens and dialogs, each as one opener `async (pilot,
emulator) -> None` that leaves it shown and settled: the editor with an edit and a problem, its
confirm, its saved dialog (the server answering otherwise than intended) and its error after a
failed send. Used by its snapshots (test_snapshots_message_editor.py) and its contrast test."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.message_editor import MessageEditorScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow

THREAD = "thread_abc123"
Opener = Callable[[Pilot[Any], Emulator], Awaitable[None]]


def seeded(emulator: Emulator) -> dict[str, Any]:
    """The thread's second message (the assistant's), with three pairs of metadata."""
    message = emulator.messages[THREAD][1]
    message["metadata"] = {"intent": "refund", "order": "4411", "reviewed": "no"}
    return json.loads(json.dumps(message))


async def _settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def editor(pilot: Pilot[Any], emulator: Emulator) -> None:
    """A changed value, a new pair, and a key one character too long."""
    screen = MessageEditorScreen(THREAD, seeded(emulator))
    await pilot.app.push_screen(screen)
    await _settle(pilot)
    rows = list(screen.query(MetadataRow))
    rows[2].value_input.value = "yes"
    await pilot.press("ctrl+n", *"agent", "tab", *"ana")
    await pilot.press("ctrl+n")
    list(screen.query(MetadataRow))[-1].key_input.value = "k" * 65
    await _settle(pilot)


async def _edited(pilot: Pilot[Any], emulator: Emulator) -> MessageEditorScreen:
    screen = MessageEditorScreen(THREAD, seeded(emulator))
    await pilot.app.push_screen(screen)
    await _settle(pilot)
    list(screen.query(MetadataRow))[2].value_input.value = "yes"
    await pilot.press("ctrl+n", *"agent", "tab", *"ana")
    await _settle(pilot)
    return screen


async def confirm(pilot: Pilot[Any], emulator: Emulator) -> None:
    await _edited(pilot, emulator)
    await pilot.press("ctrl+s")
    await _settle(pilot)


async def saved_otherwise(pilot: Pilot[Any], emulator: Emulator) -> None:
    """The server answers with a value other than the one sent, and a key never sent."""
    answer = seeded(emulator)
    answer["metadata"] = {
        "intent": "refund",
        "order": "4411",
        "reviewed": "later",
        "agent": "ana",
        "queue": "billing",
    }
    emulator.faults.inject(200, body=json.dumps(answer), match=f"POST /v1/threads/{THREAD}/")
    await _edited(pilot, emulator)
    await pilot.press("ctrl+s")
    await _settle(pilot)
    await pilot.press("y")
    await _settle(pilot)


async def failed(pilot: Pilot[Any], emulator: Emulator) -> None:
    """The send fails (the server refuses with a 500, and again on each retry)."""
    emulator.faults.inject(500, times=5, match=f"POST /v1/threads/{THREAD}/")
    await _edited(pilot, emulator)
    await pilot.press("ctrl+s")
    await _settle(pilot)
    await pilot.press("y")
    await _settle(pilot)


OPENERS: dict[str, Opener] = {
    "editor": editor,
    "confirm": confirm,
    "saved-otherwise": saved_otherwise,
    "failed": failed,
}
