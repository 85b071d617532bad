"""A destructive button's label is drawn in a colour of its own, not in its background's.

A global `.-error` rule (meant for error text) matched Button's `-error` variant class, so
"Quit (y)", "Discard them" and "Delete" were drawn error-red on error-red: invisible.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Button

from thread_tui.ui.screens.dialogs import ChoiceScreen, YesNoScreen


def _label_is_visible(button: Button) -> bool:
    styles = button.styles
    return styles.color.rgb != styles.background.rgb


async def test_the_yes_of_a_yes_no_question_is_readable(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.push_screen(YesNoScreen("Quit?", "Edits are unsaved.", yes="Quit"))
        await pilot.pause()
        yes = app.screen.query_one("#yes", Button)
        assert yes.variant == "error"
        assert _label_is_visible(yes)


async def test_every_choice_of_a_choice_dialog_is_readable(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        choices = [("restore", "Restore", "primary"), ("discard", "Discard them", "error")]
        await app.push_screen(
            ChoiceScreen("Restore unsubmitted edits?", "Saved earlier.", choices, "restore")
        )
        await pilot.pause()
        buttons = list(app.screen.query(Button))
        assert {b.variant for b in buttons} >= {"error"}
        assert all(_label_is_visible(b) for b in buttons)
