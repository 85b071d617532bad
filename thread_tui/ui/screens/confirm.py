"""Review before sending: the endpoint, the diff per key / file / vector store, and the exact
JSON body. Dismisses True to send, False to go back to editing. A new resource's draft is
reviewed the same way (diff from empty, `POST /threads`), and an empty create says so.

A draft that cannot be sent (nothing changed, only server-kept removals, or a broken limit)
gets the reason and a Close button only, so this screen never sends what it cannot show.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import inert_content, plain
from thread_tui.ui.widgets.diff_view import DiffView
from thread_tui.ui.widgets.json_view import JsonView

STYLES = Path(__file__).parent.parent / "styles"


def endpoint_path(base_url: str, draft: Draft) -> str:
    """`/v1/threads/thread_abc123`: the base URL's path plus the resource's (`/v1/threads`
    for a new resource: the create call)."""
    base = urlsplit(base_url).path.rstrip("/")
    if draft.is_new:
        return f"{base}/{draft.kind.collection}"
    return f"{base}/{draft.kind.collection}/{quote(draft.resource_id, safe='')}"


def summary_line(draft: Draft) -> str:
    """The diff's summary; of a create call, what it creates (and so when it is empty)."""
    if not draft.is_new:
        return draft.diff().summary()
    noun = draft.kind.value
    if draft.creates_empty:
        nothing = "no metadata"
        if draft.kind.has_tool_resources:
            nothing += " and no tool resources"
        return f"The body is empty: this creates an empty {noun}, with {nothing}."
    return f"Creates a new {noun}: {draft.diff().summary()}"


def tool_warnings(screen: ModalScreen[bool], draft: Draft) -> ComposeResult:
    """A warning per chosen file or store that may not work (expired, not processed, gone)."""
    from thread_tui.core.resource_details import warnings
    from thread_tui.ui.resource_lookup import detail_cache

    cache = detail_cache(screen.app)
    found = warnings(cache, draft.file_ids, draft.store_ids, tui(screen).now())
    if found:
        text = Content.assemble(("\n".join(f"⚠ {line}" for line in found), "$text-warning"))
        yield Static(inert_content(text), id="confirm-warnings")  # names are the server's


class ConfirmScreen(ModalScreen[bool]):
    """The last look at a modify call before it is sent."""

    CSS_PATH = STYLES / "confirm.tcss"
    AUTO_FOCUS = "#confirm-details"

    BINDINGS = [
        Binding("y", "answer(True)", "Send", id="confirm.send"),
        Binding("enter", "answer(True)", "Send", show=False, id="confirm.send_alt"),
        Binding("n", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="confirm.cancel_alt"),
    ]

    def __init__(self, draft: Draft, *, endpoint: str | None = None) -> None:
        """`endpoint` is the path shown when it is not the draft's own (a message's update)."""
        super().__init__()
        self.draft = draft
        self.endpoint = endpoint
        self.block_reason = draft.submit_block_reason()

    @property
    def can_send(self) -> bool:
        return self.block_reason is None

    def compose(self) -> ComposeResult:
        draft = self.draft
        settings = tui(self).settings
        with Vertical(id="confirm-dialog"):
            title = "Review and send" if self.can_send else "Nothing to send"
            if draft.is_new and self.can_send:
                title = f"Review and create a new {draft.kind.value}"
            yield Static(title, id="confirm-title")
            yield Static(
                Content.assemble(
                    ("POST ", "bold $text-accent"),
                    (self.endpoint or endpoint_path(settings.base_url, draft), "bold"),
                    (f"  on {urlsplit(settings.base_url).netloc}", "$text-muted"),
                ),
                id="confirm-endpoint",
            )
            yield Static(plain(summary_line(draft)), id="confirm-summary")
            if self.block_reason is not None:
                yield Static(plain(self.block_reason), id="confirm-blocked")
            if draft.kind.has_tool_resources:
                yield from tool_warnings(self, draft)
            with VerticalScroll(id="confirm-details"):
                if not draft.creates_empty:
                    yield DiffView(draft.diff(), id="confirm-diff")
                if self.can_send:
                    yield Static("Request body", classes="confirm-section")
                    yield JsonView(draft.request_body(), id="confirm-body")
            with Horizontal(id="confirm-footer"):
                if self.can_send:
                    yield Static("y / Enter send · n / Esc cancel", id="confirm-hint")
                    label = "Create (y)" if draft.is_new else "Send (y)"
                    yield Button(label, id="confirm-send", variant="success")
                    yield Button("Cancel (n)", id="confirm-cancel")
                else:
                    yield Static("Esc closes", id="confirm-hint")
                    yield Button("Close (Esc)", id="confirm-cancel", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "confirm-send")

    def action_answer(self, send: bool) -> None:
        self.dismiss(bool(send) and self.can_send)
