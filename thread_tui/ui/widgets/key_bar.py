"""The key bar at the bottom of a screen: the bindings that apply where the focus is.

It does what Textual's Footer does for this app, as one widget drawing one line. The Footer
mounts a widget per key and re-mounts them all whenever the focus moves; on the editor that
was a fifth of the widgets and of the CSS work of its first paint. Each key is still
clickable: a click presses it (`app.simulate_key`), as on the Footer.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

# Actions whose keys a narrow bar never drops (with any key bound to Escape).
ESSENTIAL_ACTIONS = frozenset({"quit", "app.quit", "help", "app.help"})


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--disabled {
            color: $text-disabled;
        }
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--disabled"}
    # The keys carry click actions; without this every key would be drawn as a link.
    auto_links = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[tuple[Binding, bool]] = []
        self._signature: tuple[tuple[str, str, bool], ...] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self._rebuild()

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings drawn, in order: one per action, as the Footer groups them."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled))
        return shown

    def _rebuild(self) -> None:
        shown = self.shown()
        signature = tuple((b.key, b.description, enabled) for b, enabled in shown)
        if signature != self._signature:
            # Only a change of keys repaints: the focus moving inside a screen mostly
            # leaves them as they were.
            self._shown = shown
            self._signature = signature
            self.refresh()

    def _palette_binding(self) -> Binding | None:
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return found[1] if found else None

    def _key(self, binding: Binding, enabled: bool = True) -> Content:
        # Styles are read here, at paint time, so a theme change shows on the next paint.
        key_style = self.get_visual_style("key-bar--key")
        disabled_style = self.get_visual_style("key-bar--disabled")
        part = Content.assemble(
            (f" {self.app.get_key_display(binding)} ", key_style if enabled else disabled_style),
            (f"{binding.description} ", "" if enabled else disabled_style),
        )
        # A click presses the key itself, so a disabled action explains itself as when typed.
        return part.stylize(f"@click=app.simulate_key({binding.key!r})")

    @staticmethod
    def is_essential(binding: Binding) -> bool:
        """Back / close (Esc), Quit and Help: the keys a narrow bar keeps to the last."""
        keys = {key.strip() for key in binding.key.split(",")}
        return "escape" in keys or binding.action in ESSENTIAL_ACTIONS

    def render(self) -> RenderResult:
        if self._signature is None:
            self._rebuild()
        width = self.size.width
        palette = self._palette_binding()
        tail = self._key(palette) if palette is not None else Content("")
        parts = [(self._key(b, enabled), self.is_essential(b)) for b, enabled in self._shown]
        # The essential keys and the palette are always drawn; the others take the room
        # left, in order, whole keys only (F1 lists them all), and drop from the last.
        room = width - tail.cell_length - sum(p.cell_length for p, essential in parts if essential)
        kept: list[Content] = []
        for part, essential in parts:
            if not essential:
                if part.cell_length > room:
                    room = -1  # the next ones drop too, so the order of the keys stays
                    continue
                room -= part.cell_length
            kept.append(part)
        content = Content("").join(kept)
        gap = width - content.cell_length - tail.cell_length
        if palette is not None and gap >= 0:
            content = Content.assemble(content, " " * gap, tail)
        return content
