"""The editor's tab strip, `Edit` and `Messages` (or `Items`), drawn as one line.

One widget rather than Textual's Tabs (a widget per tab, an underline and their CSS): the
strip is on the editor's first paint, whose time is a benchmarked target. A click on a tab
switches to it (`screen.show_view`), as the key does.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class ViewTabs(Widget):
    DEFAULT_CSS = """
    ViewTabs {
        height: 1;
        width: 1fr;
        padding: 0 1;
        color: $text-muted;
        & > .view-tabs--active {
            color: $text;
            background: $primary 35%;
            text-style: bold;
        }
    }
    """

    COMPONENT_CLASSES = {"view-tabs--active"}
    auto_links = False  # the tabs carry click actions; not drawn as links

    active: reactive[str] = reactive("edit")

    def __init__(
        self,
        tabs: list[tuple[str, str]],
        hint: str = "",
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.tabs = tabs
        self.hint = hint

    def render(self) -> RenderResult:
        active_style = self.get_visual_style("view-tabs--active")
        parts: list[Content] = []
        for name, label in self.tabs:
            tab = Content(f" {label} ")
            if name == self.active:
                tab = tab.stylize(active_style)
            parts.append(tab.stylize(f"@click=screen.show_view({name!r})"))
        strip = Content("│").join(parts)
        if self.hint:
            strip = Content.assemble(strip, "  ", (self.hint, "italic"))
        return strip
