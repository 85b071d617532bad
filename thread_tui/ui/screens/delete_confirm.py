"""Delete a thread or conversation: the dialog says it cannot be undone and asks the user to
type the ID; Delete stays disabled until the typed text equals the ID exactly.

The dialog sends the DELETE itself, in a worker, and stays open on an error (the sentence and
the request id are shown; nothing else changes), so the user can retry or cancel. It dismisses
True once the server confirmed the deletion, or answered 404 (already deleted:
`already_deleted` is then set), and False when cancelled (Escape).

An answer that leaves the outcome unknown (a 2xx body that cannot be read, a lost answer, a 5xx
after the request was sent) is never reported as "Not deleted": the object may be gone, so the
dialog says so and how to check; deleting again is safe, since a 404 then confirms it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from thread_tui.api import ClientError, NotFoundError
from thread_tui.core.ids import ResourceKind
from thread_tui.ui.compat import LeanInput
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.lost_answer import outcome_unknown
from thread_tui.ui.widgets.wait_status import WaitLine
from thread_tui.ui.workers import safe_work

STYLES = Path(__file__).parent.parent / "styles"


def consequence(kind: ResourceKind, unsaved_edits: bool) -> str:
    """What deleting takes away, in plain sentences."""
    if kind is ResourceKind.THREAD:
        what = "The thread, its messages, its metadata and its tool resources are deleted"
    else:
        what = "The conversation, its items and its metadata are deleted"
    edits = " Your unsubmitted edits are discarded too." if unsaved_edits else ""
    return f"{what} on the server. This cannot be undone.{edits}"


class DeleteConfirmScreen(ModalScreen[bool]):
    """Type the ID, then Delete (or Enter) sends `DELETE /{collection}/{id}`."""

    CSS_PATH = STYLES / "delete_confirm.tcss"
    AUTO_FOCUS = "#delete-typed"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="delete.cancel")]

    def __init__(self, kind: ResourceKind, resource_id: str, *, unsaved_edits: bool = False):
        super().__init__()
        self.kind = kind
        self.resource_id = resource_id
        self.unsaved_edits = unsaved_edits
        self.busy = False
        self.already_deleted = False  # the server answered 404: nothing left to delete

    def compose(self) -> ComposeResult:
        base_url = tui(self).settings.base_url
        path = f"{urlsplit(base_url).path.rstrip('/')}/{self.kind.collection}/"
        path += quote(self.resource_id, safe="")
        with Vertical(id="delete-dialog"):
            yield Static(plain(f"Delete {self.kind.value} {self.resource_id}?"), id="delete-title")
            yield Static(
                Content.assemble(
                    ("DELETE ", "bold $text-error"),
                    (path, "bold"),
                    (f"  on {urlsplit(base_url).netloc}", "$text-muted"),
                ),
                id="delete-endpoint",
            )
            yield Static(consequence(self.kind, self.unsaved_edits), id="delete-warning")
            yield Static(Text(f"Type the {self.kind.value}'s ID to confirm:"), id="delete-ask")
            yield LeanInput(placeholder=self.resource_id, id="delete-typed", select_on_focus=False)
            yield Static(self._check_text(""), id="delete-check")
            yield Static("", id="delete-error")
            yield WaitLine(tui(self).wait_status, id="delete-wait")
            with Horizontal(id="delete-footer"):
                yield Static("Enter deletes · Esc cancels", id="delete-hint")
                yield Button("Delete", id="delete-confirm", variant="error", disabled=True)
                yield Button("Cancel (Esc)", id="delete-cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#delete-typed", Input).cursor_blink = tui(self).cursor_blink

    @property
    def typed(self) -> str:
        return self.query_one("#delete-typed", Input).value

    @property
    def matches(self) -> bool:
        return self.typed == self.resource_id

    def _check_text(self, typed: str) -> Text:
        if typed == self.resource_id:
            return Text("The ID matches: Delete (or Enter) deletes it.")
        if not typed:
            return plain(f"Type {self.resource_id} exactly; Delete is disabled until then.")
        if self.resource_id.startswith(typed):
            return Text("Keep typing: the ID is not complete yet.")
        return Text("That is not the ID of this object.")

    @on(Input.Changed, "#delete-typed")
    def _typed_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#delete-check", Static).update(self._check_text(event.value))
        self._sync_button()

    def _sync_button(self) -> None:
        self.query_one("#delete-confirm", Button).disabled = self.busy or not self.matches

    @on(Input.Submitted, "#delete-typed")
    def _typed_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_delete()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "delete-confirm":
            self.action_delete()
        else:
            self.action_cancel()

    def action_delete(self) -> None:
        # The button is disabled until the ID matches; Enter must not get around that.
        if self.busy or not self.matches or tui(self).read_only:
            return
        self.send_delete()

    def action_cancel(self) -> None:
        if self.busy:
            self.notify("Deleting… wait for the server's answer.", severity="warning")
            return
        self.dismiss(False)

    @safe_work(exclusive=True, group="delete")
    async def send_delete(self) -> None:
        error = self.query_one("#delete-error", Static)
        self.busy = True
        self._sync_button()
        error.update(Text("Deleting…"))
        error.remove_class("-error")
        try:
            result = await tui(self).client.delete_resource(self.resource_id)
        except NotFoundError:
            # Gone already (deleted by an earlier try whose answer was lost, or elsewhere):
            # the same outcome as a deletion.
            self.already_deleted = True
            self.dismiss(True)
            return
        except ClientError as exc:
            if outcome_unknown(exc):
                noun = self.kind.value
                self._failed(
                    f"The {noun} may have been deleted — reload to check: {exc.user_message()} "
                    f"Esc, then Ctrl+R reloads it; or Delete again: if the {noun} is gone, "
                    "the server's 404 confirms it."
                )
            else:
                self._failed(f"Not deleted: {exc.user_message()}")
            return
        if not result.deleted:
            self._failed(f"Not deleted: the server answered but did not delete {result.id}.")
            return
        self.dismiss(True)

    def _failed(self, message: str) -> None:
        self.busy = False
        error = self.query_one("#delete-error", Static)
        error.update(plain(message))
        error.add_class("-error")
        self._sync_button()
