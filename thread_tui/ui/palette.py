"""The command palette's commands, each shown with the key that runs it ("Submit changes
Ctrl+S"), the key read from the screen's bindings as they are now (a keymap moves it too).

Textual's SystemCommandsProvider with the key appended to what is drawn; the titles searched
stay the command names, so typing a name finds it as before.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from thread_tui.ui.keys import key_label


def command_key(screen: Screen[object], callback: Callable[..., object]) -> str | None:
    """The key of the binding that runs `callback` (a bound `action_…` method), as written
    for people, or None when no key runs it."""
    name = getattr(callback, "__name__", "")
    owner = getattr(callback, "__self__", None)
    if not name.startswith("action_") or owner is None:
        return None
    action = name.removeprefix("action_")
    found = [
        active.binding
        for active in screen.active_bindings.values()
        if active.node is owner and active.binding.action == action
    ]
    if not found:
        return None
    # The key the key bar shows, else a priority one (Ctrl+F before the letter f).
    found.sort(key=lambda binding: (not binding.show, not binding.priority))
    return key_label(found[0].key)


def _with_key(display: Content, key: str | None) -> Content:
    return display if key is None else Content.assemble(display, "  ", (key, "bold"))


class KeyedCommandsProvider(SystemCommandsProvider):
    """The app's commands, as Textual's provider offers them, each with its key."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                key = command_key(self.screen, command.callback)
                yield DiscoveryHit(
                    _with_key(Content(command.title), key),
                    command.callback,
                    text=command.title,
                    help=command.help,
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.app.get_system_commands(self.screen):
            if (match := matcher.match(command.title)) > 0:
                key = command_key(self.screen, command.callback)
                yield Hit(
                    match,
                    _with_key(matcher.highlight(command.title), key),
                    command.callback,
                    text=command.title,
                    help=command.help,
                )
