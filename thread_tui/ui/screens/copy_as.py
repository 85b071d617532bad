"""Copy the pending request as a curl command, an `openai` CLI command or Python code.

One tab per form; `c`, Enter or the Copy button puts the shown one on the clipboard (OSC 52,
through `App.copy_to_clipboard`). The key is never in a snippet: they read `$OPENAI_API_KEY`.
An empty resource ID (a new resource, not created yet) shows the create call.

The code is shown as it will be pasted, long lines unwrapped: Shift+←/→ scroll them sideways,
↑/↓ (PgUp/PgDn, Home/End) a tall snippet. `w` wraps the lines to the dialog's width and back;
the copy is the snippet itself either way, never the wrapped lines as drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TabbedContent, TabPane

from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import Settings
from thread_tui.ui.widgets.snippet_view import SNIPPET_KINDS, SnippetView, render_snippets

STYLES = Path(__file__).parent.parent / "styles"
# The tallest the code gets on a tall terminal; below that, what the terminal leaves it.
CODE_MAX_ROWS = 24


class CopyAsScreen(ModalScreen[None]):
    """Tabs of snippets for the same request; copies the active one."""

    CSS_PATH = STYLES / "copy_as.tcss"

    BINDINGS = [
        Binding("c", "copy", "Copy", id="copy_as.copy"),
        Binding("enter", "copy", "Copy", show=False, id="copy_as.copy_alt"),
        Binding("escape", "close", "Close", id="copy_as.close"),
        Binding("1", "show('curl')", "curl", show=False, id="copy_as.curl"),
        Binding("2", "show('cli')", "openai CLI", show=False, id="copy_as.cli"),
        Binding("3", "show('python')", "Python", show=False, id="copy_as.python"),
        Binding("left", "cycle(-1)", "Previous", show=False, id="copy_as.previous"),
        Binding("right", "cycle(1)", "Next", show=False, id="copy_as.next"),
        Binding("w", "toggle_wrap", "Wrap", id="copy_as.wrap"),
        # Whatever holds the focus (the tabs, a button), these move the shown snippet.
        Binding(
            "shift+left", "scroll_code(-8, 0)", "Scroll left", show=False, id="copy_as.scroll_left"
        ),
        Binding(
            "shift+right",
            "scroll_code(8, 0)",
            "Scroll right",
            show=False,
            id="copy_as.scroll_right",
        ),
        Binding("up", "scroll_code(0, -1)", "Scroll up", show=False, id="copy_as.scroll_up"),
        Binding("down", "scroll_code(0, 1)", "Scroll down", show=False, id="copy_as.scroll_down"),
        Binding("pageup", "scroll_page(-1)", "Page up", show=False, id="copy_as.page_up"),
        Binding("pagedown", "scroll_page(1)", "Page down", show=False, id="copy_as.page_down"),
        Binding("home", "code_edge(False)", "Top", show=False, id="copy_as.top"),
        Binding("end", "code_edge(True)", "Bottom", show=False, id="copy_as.bottom"),
    ]

    HINTS = {
        False: "←/→ or 1 2 3 switch · w wrap · Shift+←/→ scroll",
        True: "←/→ or 1 2 3 switch · w unwrap · ↑/↓ scroll",
    }

    def __init__(
        self,
        kind: ResourceKind,
        resource_id: str,
        body: dict[str, Any],
        base_url: str,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.resource_id = resource_id
        self.body = body
        # The settings say whether the snippets take Azure's form and which organization and
        # project headers they carry; the key never goes in.
        endpoint = settings.azure_endpoint if settings else None
        version = settings.api_version if settings else None
        self.key_variable = settings.key_env_name if settings else "OPENAI_API_KEY"
        self.wrap = False
        self.snippets = render_snippets(
            kind,
            resource_id,
            body,
            base_url,
            azure_endpoint=endpoint,
            api_version=version,
            organization=settings.organization if settings else None,
            project=settings.project if settings else None,
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-as-dialog"):
            if not self.resource_id:  # a new resource: the create call
                title = f"Copy the creation of a new {self.kind.value} as…"
                empty = f"Empty body: this request creates an empty {self.kind.value}."
            else:
                title = f"Copy the update of {self.resource_id} as…"
                empty = "No changes yet: this request sends an empty body and changes nothing."
            yield Static(title, id="copy-as-title")
            if not self.body:
                yield Static(empty, id="copy-as-empty")
            with TabbedContent(id="copy-as-tabs"):
                for snippet in SNIPPET_KINDS:
                    with TabPane(f"{snippet.title}", id=f"tab-{snippet.key}"):
                        yield SnippetView(
                            snippet, self.snippets[snippet.key], id=f"snippet-{snippet.key}"
                        )
            yield Static(
                f"The key is read from ${self.key_variable} when the snippet runs; it is never "
                "written into it.",
                id="copy-as-note",
            )
            with Horizontal(id="copy-as-footer"):
                yield Static(self.HINTS[self.wrap], id="copy-as-hint")
                yield Button("Copy (c)", id="copy-as-copy", variant="primary")
                yield Button("Close (Esc)", id="copy-as-close")

    @property
    def active_kind(self) -> str:
        active = self.query_one(TabbedContent).active or "tab-curl"
        return active.removeprefix("tab-")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "copy-as-copy":
            self.action_copy()
        else:
            self.action_close()

    def action_show(self, key: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{key}"

    def action_cycle(self, step: int) -> None:
        keys = [snippet.key for snippet in SNIPPET_KINDS]
        index = (keys.index(self.active_kind) + step) % len(keys)
        self.action_show(keys[index])

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_code)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_code)

    def _fit_code(self) -> None:
        """Cap the code's height so the whole dialog fits the terminal: the code scrolls
        (↑/↓), while the tabs, the note and the Copy / Close buttons stay in view."""
        dialog = self.query_one("#copy-as-dialog")
        pane = self._active_pane()
        max_height = dialog.styles.max_height
        if pane is None or max_height is None:
            return
        limit = int(max_height.resolve(self.size, self.app.size))
        # Every row of the dialog but the code's: its border and the other widgets' rows.
        border = dialog.outer_size.height - dialog.content_region.height
        others = dialog.virtual_size.height - pane.outer_size.height
        rows = max(3, min(CODE_MAX_ROWS, limit - border - others))
        for each in self.query(TabPane):
            each.styles.max_height = rows

    def _active_pane(self) -> TabPane | None:
        return self.query_one(TabbedContent).active_pane

    def action_toggle_wrap(self) -> None:
        self.wrap = not self.wrap
        self.query_one("#copy-as-dialog").set_class(self.wrap, "-wrap")
        self.query_one("#copy-as-hint", Static).update(self.HINTS[self.wrap])
        for pane in self.query(TabPane):
            pane.scroll_to(x=0, animate=False)

    def action_scroll_code(self, columns: int, rows: int) -> None:
        pane = self._active_pane()
        if pane is not None:
            pane.scroll_relative(x=columns or None, y=rows or None, animate=False)

    def action_scroll_page(self, pages: int) -> None:
        pane = self._active_pane()
        if pane is not None:
            step = max(1, pane.scrollable_content_region.height - 1)
            pane.scroll_relative(y=pages * step, animate=False)

    def action_code_edge(self, bottom: bool) -> None:
        pane = self._active_pane()
        if pane is not None:
            pane.scroll_to(y=pane.max_scroll_y if bottom else 0, animate=False)

    def action_copy(self) -> None:
        key = self.active_kind
        self.app.copy_to_clipboard(self.snippets[key])
        copied = next(s.copied for s in SNIPPET_KINDS if s.key == key)
        self.notify(copied)

    def action_close(self) -> None:
        self.dismiss(None)
