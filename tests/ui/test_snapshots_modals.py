"""SVG snapshots of the modal dialogs: pickers (filled, at the limit), confirm, inspector
(matching and mismatching), copy-as.

Each modal is pushed over a blank screen, so these snapshots change only when the modals
do. The clock is fixed, the emulator seeded, the cursor does not blink, and the one timing
that a real call measures (elapsed ms) is pinned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from thread_tui.core.draft import Draft
from thread_tui.core.verify import Expectation
from thread_tui.emulator import DEMO_BASE_URL, Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.screens.copy_as import CopyAsScreen
from thread_tui.ui.screens.inspector import ResponseInspectorScreen
from thread_tui.ui.screens.pickers import FilePickerScreen, VectorStorePickerScreen
from thread_tui.ui.widgets.picker_table import PickerTable

SIZE = (120, 40)
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


class Backdrop(Screen[None]):
    """An empty screen under the modal, independent of the app's other screens."""


def over_backdrop(open_modal: Callable[[ThreadTuiApp], Awaitable[None]]) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, ThreadTuiApp)
        await app.push_screen(Backdrop())
        await open_modal(app)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def newest_files(emulator: Emulator, count: int) -> list[str]:
    files = [f for f in emulator.files.values() if f["purpose"] == "assistants"]
    files.sort(key=lambda f: f["created_at"], reverse=True)
    return [f["id"] for f in files[:count]]


async def edited_draft(app: ThreadTuiApp, emulator: Emulator) -> Draft:
    draft = Draft.from_resource(await app.client.get_resource("thread_abc123"))
    draft.set_value(0, "false")
    draft.add_row("team", "research")
    draft.delete_row(1)
    draft.set_files(newest_files(emulator, 2))
    return draft


def test_file_picker_filled(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        app.push_screen(FilePickerScreen([newest_files(emulator, 3)[1], "file-gone0000"]))

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def test_vector_store_picker_filled(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        app.push_screen(VectorStorePickerScreen([]))

    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal), press=["down"]
    )


def test_file_picker_at_its_limit_explains_why(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        app.push_screen(FilePickerScreen(newest_files(emulator, 20)))

    async def pick_a_21st(pilot: Pilot[Any]) -> None:
        await over_backdrop(open_modal)(pilot)
        table = pilot.app.screen.query_one(PickerTable)
        table.focus()
        table.cursor = 21
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=pick_a_21st)


def test_vector_store_picker_replaces_the_chosen_one(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    first = sorted(emulator.vector_stores)[0]

    async def open_modal(app: ThreadTuiApp) -> None:
        app.push_screen(VectorStorePickerScreen([first]))

    assert snap_compare(
        make_app(),
        terminal_size=SIZE,
        run_before=over_backdrop(open_modal),
        press=["down", "down", "enter"],
    )


def test_confirm_shows_the_diff_and_body(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        app.push_screen(ConfirmScreen(await edited_draft(app, emulator)))

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def test_confirm_with_nothing_to_send(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp]
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        draft = Draft.from_resource(await app.client.get_resource("thread_abc123"))
        draft.delete_row(1)
        app.push_screen(ConfirmScreen(draft))

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def inspector_after_submit(
    emulator: Emulator, expectation_for: Callable[[Draft], Expectation]
) -> Callable[[ThreadTuiApp], Awaitable[None]]:
    async def open_modal(app: ThreadTuiApp) -> None:
        draft = await edited_draft(app, emulator)
        draft.restore_row(1)  # keep the "user" key: no kept-key note in these two snapshots
        await app.client.modify_resource(draft.resource_id, draft.request_body())
        exchange = app.client.last_exchange
        assert exchange is not None
        pinned = dataclasses.replace(exchange, elapsed_ms=42.0)
        app.push_screen(ResponseInspectorScreen(pinned, expectation_for(draft)))

    return open_modal


def test_inspector_when_the_response_matches(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    open_modal = inspector_after_submit(emulator, Expectation.from_draft)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def test_inspector_when_the_response_differs(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    def different(draft: Draft) -> Expectation:
        intended = Expectation.from_draft(draft)
        metadata = {**intended.metadata, "team": "platform", "region": "eu"}
        return dataclasses.replace(intended, metadata=metadata, file_ids=("file-missing",))

    open_modal = inspector_after_submit(emulator, different)
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def test_copy_as_curl(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        draft = await edited_draft(app, emulator)
        app.push_screen(
            CopyAsScreen(draft.kind, draft.resource_id, draft.request_body(), DEMO_BASE_URL)
        )

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal))


def test_copy_as_python(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    async def open_modal(app: ThreadTuiApp) -> None:
        draft = await edited_draft(app, emulator)
        app.push_screen(
            CopyAsScreen(draft.kind, draft.resource_id, draft.request_body(), DEMO_BASE_URL)
        )

    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=over_backdrop(open_modal), press=["3"]
    )


def test_yes_no_question_with_a_destructive_yes(
    snap_compare: Any, make_app: Callable[..., ThreadTuiApp]
) -> None:
    # No snapshot showed a yes/no dialog, so an invisible "Quit (y)" went unseen.
    from thread_tui.ui.screens.dialogs import YesNoScreen

    async def open_question(app: ThreadTuiApp) -> None:
        await app.push_screen(
            YesNoScreen(
                "Quit with unsubmitted edits?",
                "Your edits have not been submitted.",
                yes="Quit",
                no="Keep editing",
            )
        )

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=over_backdrop(open_question))
