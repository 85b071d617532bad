"""Add message items to a conversation: a role, a multi-line text, "add another" to queue
several, then a review and one `POST /conversations/{id}/items` with all of them.

The queue (core/item_queue.py) belongs to the Items tab, not to this dialog: Escape closes
the dialog and keeps what was queued and typed for the next time; a check that fails or a
send that fails keeps it too and says why. At most 20 are queued (the most one call adds);
the 21st is refused with a sentence, never split into a second call.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Select, Static, TextArea

from thread_tui.core.item_input import ROLES
from thread_tui.core.item_queue import AddQueue, QueuedMessage
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.screens.dialogs import ChoiceScreen
from thread_tui.ui.workers import safe_work

STYLES = Path(__file__).parent.parent / "styles"
PREVIEW = 64  # characters of a queued message's text in the lists
REVIEW_LINES = 8  # queued messages listed in the review; the rest are counted


def preview(entry: QueuedMessage, width: int = PREVIEW) -> str:
    """`user: the text on one line…`, cut to `width` characters of text."""
    text = " ".join(entry.text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return f"{entry.role}: {text}"


def review_text(entries: list[QueuedMessage]) -> str:
    lines = [f"{n}. {preview(entry)}" for n, entry in enumerate(entries[:REVIEW_LINES], 1)]
    if len(entries) > REVIEW_LINES:
        lines.append(f"… and {len(entries) - REVIEW_LINES} more")
    lines.append("They are added in this order, after the conversation's newest item.")
    return "\n".join(lines)


class AddItemsScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the server's list of the created items, or None when closed."""

    CSS_PATH = STYLES / "item_dialogs.tcss"
    AUTO_FOCUS = "#add-text"

    BINDINGS = [
        Binding("ctrl+n", "add_another", "Add another", priority=True, id="add_items.another"),
        Binding("ctrl+s", "review", "Review and send", priority=True, id="add_items.review"),
        Binding("escape", "close", "Close (kept)", id="add_items.close"),
        Binding("delete", "remove_queued", "Remove", show=False, id="add_items.remove"),
    ]

    def __init__(self, conversation_id: str, queue: AddQueue) -> None:
        super().__init__()
        self.conversation_id = conversation_id
        self.queue = queue
        self.sending = False

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            yield Static(
                plain(f"Add message items to {self.conversation_id}", lines=False),
                id="add-title",
            )
            with Horizontal(id="add-role-line"):
                yield Static("Role", id="add-role-label")
                yield Select(
                    [(role, role) for role in ROLES],
                    value=self.queue.role,
                    allow_blank=False,
                    compact=True,
                    id="add-role",
                )
                yield Static("", id="add-counter")
            text = TextArea(self.queue.text, id="add-text", soft_wrap=True)
            text.cursor_blink = tui(self).cursor_blink
            text.border_title = "Text"
            text.border_subtitle = "Esc closes; what is typed and queued is kept"
            yield text
            queue = OptionList(id="add-queue")
            queue.border_title = "Queued (Del removes one)"
            yield queue
            yield Static("", id="add-problem")
            with Horizontal(id="add-footer"):
                yield Button("Add another (Ctrl+N)", id="add-another", compact=True)
                yield Button(
                    "Review and send (Ctrl+S)", id="add-review", variant="primary", compact=True
                )

    def on_mount(self) -> None:
        self._show_queue()

    # -- what is typed --------------------------------------------------------------------

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#add-text", TextArea)

    @on(TextArea.Changed, "#add-text")
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.queue.text = event.text_area.text
        self._show_counter()

    @on(Select.Changed, "#add-role")
    def _role(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.queue.role = event.value

    def _load_draft(self) -> None:
        """The field and the role as the queue holds them (after queueing or removing)."""
        self.query_one("#add-role", Select).value = self.queue.role
        if self.text_area.text != self.queue.text:
            self.text_area.load_text(self.queue.text)

    # -- the queue ------------------------------------------------------------------------

    def action_add_another(self) -> None:
        if self.sending:
            return
        problems = self.queue.queue_draft()
        if problems:
            self._problem(problems)
            return
        self._problem([])
        self._load_draft()
        self._show_queue()
        self.text_area.focus()

    def action_remove_queued(self) -> None:
        options = self.query_one("#add-queue", OptionList)
        if self.sending or self.focused is not options or options.highlighted is None:
            return
        self.queue.remove(options.highlighted)
        self._load_draft()
        self._show_queue()

    def _show_queue(self) -> None:
        options = self.query_one("#add-queue", OptionList)
        options.clear_options()
        options.add_options(
            plain(f"{n}. {preview(entry)}", lines=False)
            for n, entry in enumerate(self.queue.entries, 1)
        )
        options.display = bool(self.queue.entries)
        self._show_counter()

    def _show_counter(self) -> None:
        counter = self.query_one("#add-counter", Static)
        typed = " + 1 typed" if self.queue.text.strip() else ""
        counter.update(f"Queued {self.queue.counter()}{typed}")
        counter.set_class(self.queue.full, "-full")

    def _problem(self, lines: list[str], *, error: bool = True) -> None:
        problem = self.query_one("#add-problem", Static)
        problem.update(plain("\n".join(lines)))
        problem.set_class(error and bool(lines), "-error")

    # -- review and send ------------------------------------------------------------------

    def action_review(self) -> None:
        if self.sending:
            return
        if tui(self).read_only:  # the tab refuses first; never send from here either
            self._problem(["Read-only mode: nothing can be sent (started with --read-only)."])
            return
        problems = self.queue.send_problems()
        if problems:
            self._problem(problems)
            return
        self._problem([])
        entries = self.queue.pending()
        noun = "item" if len(entries) == 1 else "items"
        self.app.push_screen(
            ChoiceScreen(
                f"Add {len(entries)} {noun} to {self.conversation_id}?",
                review_text(entries),
                [("send", f"Add {len(entries)} {noun}", "primary"), ("back", "Back", "default")],
                "send",
                cancel="back",
            ),
            self._reviewed,
        )

    def _reviewed(self, answer: str | None) -> None:
        if answer == "send":
            self._start_send()

    def _start_send(self) -> None:
        self.sending = True
        for button in self.query(Button):
            button.disabled = True
        count = len(self.queue.pending())
        self._problem([f"Adding {count} item{'' if count == 1 else 's'}…"], error=False)
        self._send()

    @safe_work(group="add_items")
    async def _send(self) -> None:
        from thread_tui.api import ApiError, ClientError

        items = self.queue.items()
        try:
            result = await tui(self).client.add_items(self.conversation_id, items)
        except (ClientError, ValueError) as exc:
            why = exc.user_message() if isinstance(exc, ClientError) else str(exc)
            lines = [f"Could not add the items: {why}"]
            if isinstance(exc, ApiError) and (exc.status == 409 or exc.status >= 500):
                # Not repeated by the client: the server may have added them all the same.
                lines.append(
                    "The server may have added them anyway: check the list before sending again."
                )
            lines.append("Nothing is lost: the queue and the text are kept.")
            self._failed(lines)
            return
        self.queue.sent()
        self.dismiss(result)

    def _failed(self, lines: list[str]) -> None:
        self.sending = False
        for button in self.query(Button):
            button.disabled = False
        self._problem(lines)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add-another":
            self.action_add_another()
        elif event.button.id == "add-review":
            self.action_review()

    def action_close(self) -> None:
        if not self.sending:  # a send under way finishes here, with its answer shown
            self.dismiss(None)
