"""Every screen and dialog of the app, each as one opener: the contrast test and the dialog
snapshots iterate over these, so a new screen or dialog is one line here.

An opener is `async (pilot, emulator) -> None` and leaves the screen shown and settled.
Screens are opened the way the snapshot tests open them (tests/ui/test_snapshots_main.py,
test_snapshots_messages.py); dialogs are pushed over an empty backdrop
(tests/ui/test_snapshots_modals.py), so they look the same whatever is under them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bulk_openers import confirm as bulk_confirm
from bulk_openers import ids_dialog as bulk_ids
from bulk_openers import progress as bulk_progress
from bulk_openers import review as bulk_review
from bulk_openers import with_change as bulk_editor
from clone_openers import confirm as clone_confirm
from clone_openers import failure as clone_failure
from clone_openers import progress as clone_progress
from clone_openers import result as clone_result
from test_snapshots_items import keys, on_tab, typed
from test_snapshots_main import editor, with_recents
from test_snapshots_messages import messages_tab
from test_snapshots_modals import Backdrop, edited_draft, newest_files, over_backdrop
from textual.pilot import Pilot

from thread_tui.core.resources import ResourceKind
from thread_tui.emulator import DEMO_BASE_URL, Emulator
from thread_tui.ui.app import ThreadTuiApp

Opener = Callable[[Pilot[Any], Emulator], Awaitable[None]]
ModalOpener = Callable[[ThreadTuiApp, Emulator], Awaitable[None]]


def dialog(open_modal: ModalOpener) -> Opener:
    """An opener that pushes the dialog `open_modal` builds over an empty backdrop."""

    async def opener(pilot: Pilot[Any], emulator: Emulator) -> None:
        async def open_it(app: ThreadTuiApp) -> None:
            await open_modal(app, emulator)

        await over_backdrop(open_it)(pilot)

    return opener


def screen(run_before: Callable[[Pilot[Any]], Awaitable[None]]) -> Opener:
    async def opener(pilot: Pilot[Any], emulator: Emulator) -> None:
        await run_before(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return opener


# -- screens -----------------------------------------------------------------------------------


async def _lookup(pilot: Pilot[Any]) -> None:
    await pilot.pause()


async def _lookup_recents_focused(pilot: Pilot[Any]) -> None:
    with_recents(pilot.app)
    # The lookup was composed before the recents were recorded: open a fresh one.
    from thread_tui.ui.screens.lookup import LookupScreen

    await pilot.app.push_screen(LookupScreen())
    await pilot.pause()
    await pilot.press("down")


async def _read_only_editor(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ThreadTuiApp)
    app.read_only = True  # as --read-only sets it; the editor reads it when it opens
    await editor("thread_tools")(pilot)


# -- dialogs -----------------------------------------------------------------------------------


class UnsavedBackdrop(Backdrop):
    """A backdrop with unsaved edits, so the app's own quit asks before quitting."""

    def has_unsaved_edits(self) -> bool:
        return True


async def _quit(app: ThreadTuiApp, emulator: Emulator) -> None:
    await app.push_screen(UnsavedBackdrop())
    await app.action_quit()


async def _discard(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    question = "Reload thread_abc123 and discard your edits?"
    await app.push_screen(
        YesNoScreen(question, "Your edits have not been submitted.", yes="Discard edits")
    )


async def _restore(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.dialogs import ChoiceScreen

    choices = [("restore", "Restore my edits", "primary"), ("discard", "Discard them", "error")]
    message = (
        "Edits to thread_abc123 saved 5 minutes ago were never submitted (1 changed, 1 added). "
        "Put them back on top of what the server holds now?"
    )
    await app.push_screen(
        ChoiceScreen("Restore unsubmitted edits?", message, choices, default="restore")
    )


async def _delete(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen

    await app.push_screen(
        DeleteConfirmScreen(ResourceKind.THREAD, "thread_abc123", unsaved_edits=True)
    )


async def _server_keeps_key(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

    await app.push_screen(ServerKeepsKeyScreen("user", "abc123"))


async def _conflict(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.core.rebase import drift
    from thread_tui.ui.screens.conflict import ConflictScreen

    draft = await edited_draft(app, emulator)
    # Someone else changes a key the user also changed, and adds one.
    await app.client.modify_resource(
        draft.resource_id, {"metadata": {"modified": "maybe", "owner": "someone else"}}
    )
    now = await app.client.get_resource(draft.resource_id)
    await app.push_screen(ConflictScreen(draft, now, drift(draft, now)))


async def _confirm(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.confirm import ConfirmScreen

    await app.push_screen(ConfirmScreen(await edited_draft(app, emulator)))


async def _copy_as(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.copy_as import CopyAsScreen

    draft = await edited_draft(app, emulator)
    await app.push_screen(
        CopyAsScreen(draft.kind, draft.resource_id, draft.request_body(), DEMO_BASE_URL)
    )


async def _file_picker(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.pickers import FilePickerScreen

    await app.push_screen(FilePickerScreen([newest_files(emulator, 3)[1], "file-gone0000"]))


async def _store_picker(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.pickers import VectorStorePickerScreen

    await app.push_screen(VectorStorePickerScreen([sorted(emulator.vector_stores)[0]]))


async def _help(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.help import HelpScreen

    await app.push_screen(HelpScreen())


async def _inspector(app: ThreadTuiApp, emulator: Emulator) -> None:
    import dataclasses

    from thread_tui.core.verify import Expectation
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    draft = await edited_draft(app, emulator)
    await app.client.modify_resource(draft.resource_id, draft.request_body())
    exchange = app.client.last_exchange
    assert exchange is not None
    pinned = dataclasses.replace(exchange, elapsed_ms=42.0)
    expectation = Expectation.from_draft(draft)
    await app.push_screen(ResponseInspectorScreen(pinned, expectation))


async def _value_editor(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.value_editor import ValueEditorScreen

    resource = await app.client.get_resource("thread_longvalues")
    pairs = list((resource.metadata or {}).items())
    await app.push_screen(ValueEditorScreen([pairs[1]]))


async def _value_viewer(app: ThreadTuiApp, emulator: Emulator) -> None:
    from thread_tui.ui.screens.value_editor import ValueEditorScreen

    resource = await app.client.get_resource("thread_longvalues")
    await app.push_screen(
        ValueEditorScreen(list((resource.metadata or {}).items()), 2, read_only=True)
    )


# The dialogs of issue 11's snapshot list.
DIALOGS: dict[str, Opener] = {
    "discard": dialog(_discard),
    "quit": dialog(_quit),
    "delete": dialog(_delete),
    "restore": dialog(_restore),
    "server-keeps-key": dialog(_server_keeps_key),
    "conflict": dialog(_conflict),
    "confirm": dialog(_confirm),
    "copy-as": dialog(_copy_as),
    "file-picker": dialog(_file_picker),
    "store-picker": dialog(_store_picker),
    "help": dialog(_help),
    "value-editor": dialog(_value_editor),
    "value-viewer": dialog(_value_viewer),
    "clone-confirm": clone_confirm,
    "clone-progress": clone_progress,
    "clone-result": clone_result,
    "clone-failure": clone_failure,
}

SCREENS: dict[str, Opener] = {
    "lookup": screen(_lookup),
    "lookup-recents-focused": screen(_lookup_recents_focused),
    "editor-thread": screen(editor("thread_tools")),
    "editor-conversation": screen(editor("conv_abc123")),
    "editor-read-only": screen(_read_only_editor),
    "messages-view": screen(messages_tab("thread_abc123", "down", "down")),
    "items-view": screen(messages_tab("conv_abc123", "down")),
    **DIALOGS,
    "inspector": dialog(_inspector),
    "bulk-editor": screen(bulk_editor(("owner", "ana"))),
    "bulk-review": screen(bulk_review),
    "bulk-confirm": screen(bulk_confirm),
    "bulk-progress": screen(bulk_progress),
    "bulk-ids": screen(bulk_ids),
    "item-detail": screen(on_tab("conv_abc123", keys("end"), keys("up", "up", "up", "enter"))),
    "add-items": screen(
        on_tab("conv_abc123", keys("a"), typed("system", "Be brief.", "ctrl+n"), keys("ctrl+n"))
    ),
    "item-delete": screen(on_tab("thread_abc123", keys("down", "d"))),
}

THEMES = ("textual-dark", "textual-light")
