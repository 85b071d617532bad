"""The command palette's commands, each shown with the key that runs it ("Submit changes
Ctrl+S"), the key read from the screen's bindings as they are now (a keymap moves it too).

Textual's SystemCommandsProvider with the key appended to what is drawn; the titles searched
stay the command names, so typing a name finds it as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits
from textual.content import Content
from textual.system_commands import SystemCommandsProvider

from thread_tui.ui.keys import key_label


def command_key(keymap: Mapping[str, str], callback: Callable[..., object]) -> str | None:
    """The key of the binding that runs `callback` (a bound `action_…` method), as written
    for people, or None when no key runs it. Read from the owner's declared bindings and the
    keymap in force, not from the active ones: there a focused field's own keys (↓ in the ID
    field) hide the screen's."""
    name = getattr(callback, "__name__", "")
    owner = getattr(callback, "__self__", None)
    if not name.startswith("action_") or owner is None:
        return None
    action = name.removeprefix("action_")
    found = [
        binding
        for cls in type(owner).__mro__
        for binding in vars(cls).get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.action == action
    ]
    if not found:
        return None
    # The key the key bar shows, else a priority one (Ctrl+F before the letter f).
    found.sort(key=lambda binding: (not binding.show, not binding.priority))
    best = found[0]
    keys = keymap.get(best.id, best.key) if best.id else best.key
    return key_label(keys.split(",")[0].strip())


def _with_key(display: Content, key: str | None) -> Content:
    return display if key is None else Content.assemble(display, "  ", (key, "bold"))


class KeyedCommandsProvider(SystemCommandsProvider):
    """The app's commands, as Textual's provider offers them, each with its key."""

    def _key(self, callback: Callable[..., object]) -> str | None:
        return command_key(getattr(self.app, "keymap", {}), callback)

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for command in commands:
            if command.discover:
                key = self._key(command.callback)
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
                key = self._key(command.callback)
                yield Hit(
                    match,
                    _with_key(matcher.highlight(command.title), key),
                    command.callback,
                    text=command.title,
                    help=command.help,
                )
