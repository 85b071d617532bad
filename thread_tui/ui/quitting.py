"""What Ctrl+Q does: quit at once, or ask first when quitting would lose or cut something short.

Two things make a quit ask. Edits not submitted (`has_unsaved_edits()` on a screen; a screen
whose edits are not kept on this machine says so in its `quit_note`), and work in flight: a
screen that is a `BusyScreen` (the bulk progress view) with a `busy_note()`. With work in
flight, the question is "Stop and quit?", and its yes stops that work, waits for the requests
in flight (each has its deadline, so what was sent is known) and quits with their report as
the message Textual prints on the terminal after the app has closed.

While a question is open, or a stop is under way, another Ctrl+Q asks nothing more: a second
question could offer "Keep going" after the stop had begun, and two stops would print twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

KEPT_HERE = (
    "Your edits have not been submitted. They stay saved on this machine and are offered back "
    "when you open the same ID again."
)
NEVER_CREATED = (
    "A new thread or conversation you started was never created: quitting discards it (only "
    "edits to existing IDs are saved on this machine)."
)
STOPPING = "Stopping: thread_tui quits once the requests in flight have answered."


@runtime_checkable
class BusyScreen(Protocol):
    """A screen with work in flight (the bulk progress view): Ctrl+Q asks before stopping it."""

    def busy_note(self) -> str | None:
        """What quitting now would cut short; None when nothing is in flight."""

    async def stop_for_quit(self) -> str:
        """Stop, wait for what is in flight, and say how far it got."""


def unsaved_screens(stack: list[Screen[object]]) -> list[Screen[object]]:
    return [
        s for s in stack if callable(unsaved := getattr(s, "has_unsaved_edits", None)) and unsaved()
    ]


def unsaved_message(unsaved: list[Screen[object]]) -> str:
    """What quitting does to the edits of `unsaved` (at least one screen)."""
    notes = [n for s in unsaved if isinstance(n := getattr(s, "quit_note", None), str)]
    if notes:  # a screen whose edits are not kept on this machine says so itself
        return notes[0]
    # A new thread / conversation that was never created has no ID to save it under.
    if any(getattr(getattr(s, "draft", None), "is_new", False) for s in unsaved):
        return NEVER_CREATED
    return KEPT_HERE


class QuitFlow:
    """The app's quit: `request()` on Ctrl+Q. `report` is what a stop printed on leaving."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.asking = False
        self.stopping = False
        self.report: str | None = None

    def busy_screens(self) -> list[BusyScreen]:
        stack = self.app.screen_stack
        return [s for s in stack if isinstance(s, BusyScreen) and s.busy_note()]

    def request(self) -> None:
        app = self.app
        if self.stopping:
            app.notify(STOPPING, timeout=5)
            return
        if self.asking:
            return  # the question is on screen already
        busy = self.busy_screens()
        unsaved = unsaved_screens(app.screen_stack)
        if not busy and not unsaved:
            app.exit(0)
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        notes = [note for s in busy if (note := s.busy_note())]
        if unsaved:
            notes.append(unsaved_message(unsaved))
        if busy:
            question = YesNoScreen(
                "Stop and quit?", " ".join(notes), yes="Stop and quit", no="Keep going"
            )
        else:
            question = YesNoScreen(
                "Quit with unsubmitted edits?", notes[0], yes="Quit", no="Keep editing"
            )

        def answer(yes: bool | None) -> None:
            self.asking = False
            if not yes:
                return
            if busy:
                self.stopping = True
                app.run_worker(self._stop_then_quit(busy), exit_on_error=False)
            else:
                app.exit(0)

        self.asking = True
        app.push_screen(question, answer)

    async def _stop_then_quit(self, busy: list[BusyScreen]) -> None:
        reports: list[str] = []
        try:
            for screen in busy:
                reports.append(await screen.stop_for_quit())
        finally:
            # Quit even if a stop went wrong: the user asked to, and said yes to stopping.
            self.report = " ".join(reports) or None
            self.app.exit(0, message=self.report)
