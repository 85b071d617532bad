"""Small helpers shared by the UI flow tests: reading a widget's text, the app's
notifications, and waiting until the workers a key started have finished."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList, Static


def text_of(screen: Any, selector: str) -> str:
    """The rendered text of the Static that `selector` names on `screen`."""
    return str(screen.query_one(selector, Static).render())


def rendered(screen: Any, selector: str) -> str:
    """The rendered text of any widget that `selector` names (a Static, a Counter, …)."""
    return str(screen.query_one(selector).render())


def notes(app: Any) -> list[str]:
    """The messages of the notifications the app shows now."""
    return [n.message for n in app._notifications]


def list_lines(screen: Any) -> list[str]:
    """The lines of the messages / items list, as shown."""
    options = screen.query_one("#messages-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def settle(app: Any, pilot: Any) -> None:
    """Let the keys be handled, the workers they started finish, and their results show."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
