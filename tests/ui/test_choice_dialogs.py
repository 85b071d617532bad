"""The conflict and server-keeps-key dialogs answer as the one ChoiceScreen does: a letter
or a button gives its answer, Enter the default, Escape (or Cancel / Keep) None; and the
editor's widgets read the draft the session holds after it is replaced."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Button
from ui_helpers import settle

from thread_tui.core.rebase import drift
from thread_tui.ui.screens.conflict import ConflictScreen
from thread_tui.ui.screens.dialogs import ChoiceScreen
from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen
from thread_tui.ui.widgets.changes_bar import ChangesBar
from thread_tui.ui.widgets.metadata_grid import MetadataGrid
from thread_tui.ui.widgets.tool_resources import ToolResourcesPanel


async def answer_of(app: Any, pilot: Any, dialog: ChoiceScreen[Any], *keys: str) -> list[Any]:
    answers: list[Any] = []
    app.push_screen(dialog, answers.append)
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    return answers


async def conflict_dialog(app: Any) -> ConflictScreen:
    from thread_tui.core.draft import Draft

    resource = await app.client.get_resource("thread_abc123")
    draft = Draft.from_resource(resource)
    return ConflictScreen(draft, resource, drift(draft, resource))


@pytest.mark.parametrize(
    ("keys", "expected"),
    [(("r",), "rebase"), (("o",), "overwrite"), (("enter",), "rebase"), (("escape",), None)],
)
async def test_the_conflict_dialog_answers(
    make_app: Any, keys: tuple[str, ...], expected: str | None
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await conflict_dialog(app)
        assert await answer_of(app, pilot, dialog, *keys) == [expected]


async def test_the_conflict_dialogs_cancel_button_answers_none(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        answers: list[Any] = []
        app.push_screen(await conflict_dialog(app), answers.append)
        await pilot.pause()
        app.screen.query_one("#choice-cancel", Button).press()
        await pilot.pause()
        assert answers == [None]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("b",), "blank"),
        (("r",), "remove"),
        (("k",), None),
        (("escape",), None),
        (("enter",), "blank"),
        (("tab", "enter"), "remove"),
    ],
)
async def test_the_server_keeps_key_dialog_answers(
    make_app: Any, keys: tuple[str, ...], expected: str | None
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = ServerKeepsKeyScreen("user", "abc123")
        assert await answer_of(app, pilot, dialog, *keys) == [expected]


async def test_after_a_reload_every_widget_shows_the_new_draft(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        loaded = editor.draft
        editor.reload()
        await settle(app, pilot)
        draft = editor.session.draft
        assert draft is not loaded and editor.draft is draft
        assert editor.query_one(MetadataGrid).draft is draft
        assert editor.query_one(ChangesBar).draft is draft
        assert editor.query_one(ToolResourcesPanel).draft is draft
