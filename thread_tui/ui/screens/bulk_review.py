"""The review of a bulk change: the change, then how many objects get which diff, which are
refused and why, which hold it already, and which could not be checked. Dismisses True to go
on to the confirm, False to go back to editing. Send and Cancel are docked at the bottom, so
they show however long the summary (at 80x24 too).
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.core.bulk_plan import BulkChange
from thread_tui.ui.bulk_session import Review
from thread_tui.ui.inert_text import plain

STYLES = Path(__file__).parent.parent / "styles"
SHOWN_IDS = 20  # IDs listed under "not found" / "could not be fetched"; the rest are counted
SHOWN_REFUSALS = 3  # refused objects shown per reason, with the sentence of each


def change_text(change: BulkChange) -> Text:
    text = Text()
    for key, value in change.metadata.items():
        text.append("+ ", style="bold")
        text.append_text(plain(f"{key}: {json.dumps(value, ensure_ascii=False)}", lines=False))
        text.append("\n")
    tools = change.tool_resources
    if tools is not None:
        files = tools.get("code_interpreter", {}).get("file_ids")
        stores = tools.get("file_search", {}).get("vector_store_ids")
        if files is not None:
            text.append_text(plain(f"= code_interpreter files: {', '.join(files) or 'none'}\n"))
        if stores is not None:
            text.append_text(plain(f"= file_search vector store: {', '.join(stores) or 'none'}\n"))
    text.rstrip()
    return text


def details_text(review: Review) -> Text:
    """The groups in full: each diff with its count, each refusal, the IDs left out."""
    text = Text()

    def section(title: str) -> None:
        if text:
            text.append("\n\n")
        text.append(title, style="bold")

    if review.sends:
        section(f"Will change ({review.sending})")
        for count, diff in review.sends:
            text.append(f"\n  {count} get  ")
            text.append_text(plain(" · ".join(diff) or "(tool resources only)", lines=False))
    for group in review.refused:
        section(f"Refused, not sent: {group.count} {group.reason}")
        for resource_id, why in group.objects[:SHOWN_REFUSALS]:
            text.append("\n  ")
            text.append_text(plain(f"{resource_id}: {why}", lines=False))
        if group.count > SHOWN_REFUSALS:
            text.append(f"\n  … and {group.count - SHOWN_REFUSALS} more")
    if review.noop:
        section(f"Already hold the change, nothing to send ({review.noop})")
    if review.skipped_tools:
        section(f"Conversations: the tool resources part is skipped ({review.skipped_tools})")
    if review.not_found:
        section(f"Not found ({len(review.not_found)})")
        _ids(text, list(review.not_found))
    if review.unreadable:
        section(f"Could not be fetched ({len(review.unreadable)}); sent only if they answer then")
        for resource_id, why in review.unreadable[:SHOWN_IDS]:
            text.append("\n  ")
            text.append_text(plain(f"{resource_id}: {why}", lines=False))
        if len(review.unreadable) > SHOWN_IDS:
            text.append(f"\n  … and {len(review.unreadable) - SHOWN_IDS} more")
    return text


def _ids(text: Text, ids: list[str]) -> None:
    for resource_id in ids[:SHOWN_IDS]:
        text.append("\n  ")
        text.append_text(plain(resource_id, lines=False))
    if len(ids) > SHOWN_IDS:
        text.append(f"\n  … and {len(ids) - SHOWN_IDS} more")


class BulkReviewScreen(ModalScreen[bool]):
    CSS_PATH = STYLES / "bulk_editor.tcss"
    AUTO_FOCUS = "#bulk-review-details"
    BINDINGS = [
        Binding("y", "answer(True)", "Send", id="bulk_review.send"),
        Binding("enter", "answer(True)", "Send", show=False, id="bulk_review.send_alt"),
        Binding("n", "answer(False)", "Cancel", id="bulk_review.cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="bulk_review.cancel_alt"),
    ]

    def __init__(self, change: BulkChange, review: Review) -> None:
        super().__init__()
        self.change = change
        self.review = review

    @property
    def can_send(self) -> bool:
        return self.review.sending > 0

    def compose(self) -> ComposeResult:
        review = self.review
        with Vertical(id="bulk-review-dialog"):
            title = "Review the bulk change" if self.can_send else "Nothing to send"
            yield Static(title, id="bulk-review-title")
            yield Static(change_text(self.change), id="bulk-review-change")
            yield Static(plain(" · ".join(review.lines())), id="bulk-review-summary")
            with VerticalScroll(id="bulk-review-details"):
                yield Static(details_text(review), id="bulk-review-groups")
            with Horizontal(id="bulk-review-footer"):
                if self.can_send:
                    yield Static("y / Enter go on · n / Esc cancel", id="bulk-review-hint")
                    yield Button(
                        f"Send to {review.sending} (y)", id="bulk-review-send", variant="success"
                    )
                    yield Button("Cancel (n)", id="bulk-review-cancel")
                else:
                    yield Static("Esc closes", id="bulk-review-hint")
                    yield Button("Close (Esc)", id="bulk-review-cancel", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer(event.button.id == "bulk-review-send")

    def action_answer(self, send: bool) -> None:
        self.dismiss(bool(send) and self.can_send)
