"""SVG snapshots of the main screens: lookup (empty, with recents, with an error), the editor
(valid data, each kind of limit error, a conversation) and help.

Deterministic: fixed terminal size and clock, seeded emulator, no cursor blink, and the one
measured timing (elapsed ms of the load) pinned.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from catalog_seed import recents_catalog, with_catalog
from textual.pilot import Pilot
from textual.widgets import Input

from thread_tui.emulator import FIXED_NOW
from thread_tui.storage.catalog import Catalog
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow

SIZE = (120, 40)
Edit = Callable[[EditorScreen, Pilot[Any]], Awaitable[None]]


def with_recents(app: Any) -> Any:
    """Three objects opened before, one pinned: the catalog's recents order."""
    opened = {
        "thread_tools": FIXED_NOW - 3 * 86_400,
        "conv_abc123": FIXED_NOW - 2 * 3600,
        "thread_abc123": FIXED_NOW - 300,
    }
    return with_catalog(app, recents_catalog(opened, pinned=("thread_tools",)))


def editor(resource_id: str, edit: Edit | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        resource = await app.client.get_resource(resource_id)  # type: ignore[attr-defined]
        exchange = dataclasses.replace(app.client.last_exchange, elapsed_ms=12.0)  # type: ignore[attr-defined]
        screen = EditorScreen(resource, exchange)
        await app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()  # the tools panel's lookups: names, not IDs
        await pilot.pause()
        if edit is not None:
            await edit(screen, pilot)
        await pilot.pause()

    return run_before


def last_row(screen: EditorScreen) -> MetadataRow:
    return list(screen.query(MetadataRow))[-1]


async def long_key(screen: EditorScreen, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+n")
    last_row(screen).key_input.value = "customer_reference_" + "x" * 46  # 65 characters
    last_row(screen).value_input.value = "ok"


async def long_value(screen: EditorScreen, pilot: Pilot[Any]) -> None:
    row = list(screen.query(MetadataRow))[1]
    row.value_input.focus()
    row.value_input.value = "Customer asked about refunds. " * 18  # 540 characters


async def seventeenth_pair(screen: EditorScreen, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+n")
    last_row(screen).key_input.value = "key_17"
    last_row(screen).value_input.value = "one too many"


async def duplicate_and_empty(screen: EditorScreen, pilot: Pilot[Any]) -> None:
    await pilot.press("ctrl+n")
    last_row(screen).key_input.value = "user"
    last_row(screen).value_input.value = "again"
    await pilot.press("ctrl+n")
    last_row(screen).value_input.value = "no key"
    # As if the row had been left with its key empty (only then is that marked); the focus
    # stays where it was for the picture.
    screen.draft.leave_row(last_row(screen).row_id)
    last_row(screen).refresh_state()


async def valid_edits(screen: EditorScreen, pilot: Pilot[Any]) -> None:
    screen.query(MetadataRow).first().value_input.value = "false"
    await pilot.press("ctrl+n")
    last_row(screen).key_input.value = "env"
    last_row(screen).value_input.value = "prod"


def empty_catalog(app: Any) -> Any:
    return with_catalog(app, Catalog.open(None, now=lambda: float(FIXED_NOW)))


async def catalog_loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()  # the catalog loads after the first frame
    await pilot.pause()


def test_lookup_empty(snap_compare: Any, make_app: Any) -> None:
    app = empty_catalog(make_app())
    assert snap_compare(app, terminal_size=SIZE, run_before=catalog_loaded)


def test_lookup_with_recents(snap_compare: Any, make_app: Any) -> None:
    app = with_recents(make_app())
    assert snap_compare(app, terminal_size=SIZE, run_before=catalog_loaded)


def test_lookup_with_an_error(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await catalog_loaded(pilot)
        pilot.app.screen.query_one("#lookup-id", Input).value = "thread_missing"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(empty_catalog(make_app()), terminal_size=SIZE, run_before=run_before)


def test_editor_valid(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=editor("thread_abc123"))


def test_editor_with_edits(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=editor("thread_abc123", valid_edits)
    )


def test_editor_tools(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=editor("thread_tools"))


def test_editor_key_too_long(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=editor("thread_abc123", long_key)
    )


def test_editor_value_too_long(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=editor("thread_abc123", long_value)
    )


def test_editor_seventeen_pairs(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=editor("thread_full16", seventeenth_pair)
    )


def test_editor_duplicate_and_empty_keys(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(
        make_app(), terminal_size=SIZE, run_before=editor("thread_abc123", duplicate_and_empty)
    )


def test_editor_conversation(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=editor("conv_abc123"))


def test_help(snap_compare: Any, make_app: Any) -> None:
    app = empty_catalog(make_app())  # behind the help: the lookup, its catalog loaded
    assert snap_compare(app, terminal_size=SIZE, press=["f1"], run_before=catalog_loaded)


def test_editor_narrow_with_problems(snap_compare: Any, make_app: Any) -> None:
    # 80x24: the grid's columns beside the narrower tools panel, counters and notes.
    assert snap_compare(
        make_app(), terminal_size=(80, 24), run_before=editor("thread_abc123", duplicate_and_empty)
    )
