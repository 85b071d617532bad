"""The editor's two views: `Edit` (the metadata grid, tool resources and changes bar) and the
read-only `Messages` of a thread (`Items` of a conversation), switched by Ctrl+L (or `m`
outside a text field), a click on the tab strip, or the command palette.

A base class of EditorScreen, kept apart so the screen file holds the editing only. The
messages view is imported, built and fetched on the first switch to it: the editor's first
paint gains the one-line tab strip and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widget import Widget

from thread_tui.core.ids import ResourceKind
from thread_tui.ui.screens.editor_sync import SyncedScreen
from thread_tui.ui.widgets.view_tabs import ViewTabs

EDIT_VIEW = "edit"
MESSAGES_VIEW = "messages"
# Edits made where they cannot be seen would surprise: these wait for the Edit view.
EDIT_ONLY_ACTIONS = frozenset(
    {"submit", "add_row", "delete_row", "undo", "redo", "revert_row", "pick_files", "pick_store"}
)


class TabbedScreen(SyncedScreen):
    """The base of EditorScreen: the tab strip and the switch between the two views."""

    BINDINGS = [
        Binding("ctrl+l", "toggle_messages", "Messages", priority=True, show=False),
        Binding("m", "toggle_messages", "Messages", show=False),
    ]

    current_view = EDIT_VIEW
    _edit_focus: Widget | None = None

    @property
    def messages_label(self) -> str:
        return "Messages" if self.draft.kind is ResourceKind.THREAD else "Items"

    def view_tabs(self) -> ViewTabs:
        """The tab strip, for compose."""
        tabs = [(EDIT_VIEW, "Edit"), (MESSAGES_VIEW, self.messages_label)]
        return ViewTabs(tabs, "Ctrl+L switches", id="view-tabs")

    def action_toggle_messages(self) -> None:
        self.show_view(EDIT_VIEW if self.current_view == MESSAGES_VIEW else MESSAGES_VIEW)

    def action_show_view(self, name: str) -> None:
        self.show_view(name)

    def show_view(self, name: str) -> None:
        if name == self.current_view or name not in (EDIT_VIEW, MESSAGES_VIEW):
            return
        if name == MESSAGES_VIEW and self.draft.is_new:  # no ID to list them by yet
            noun = self.messages_label.lower()
            self.notify(
                f"This {self.draft.kind.value} is not created yet: it has no {noun}.",
                severity="warning",
            )
            return
        self.current_view = name
        messages = name == MESSAGES_VIEW
        for selector in ("#editor-body", "#changes"):
            self.query_one(selector).display = not messages
        if messages:
            self._edit_focus = self.focused
            self._open_messages()
        else:
            self.query_one("#messages-view").display = False
            if self._edit_focus is not None and self._edit_focus.is_attached:
                self._edit_focus.focus()
            else:
                self.focus_next()
        self.query_one(ViewTabs).active = name
        self.refresh_bindings()

    def _open_messages(self) -> None:
        from thread_tui.ui.widgets.messages_view import MessagesView

        found = self.query(MessagesView)
        if found:
            view = found.first()
            view.display = True
            view.focus_list()
            return
        # Built on first use; it focuses its list and fetches the first page once mounted.
        self.query_one("#editor").mount(
            MessagesView(self.draft.resource_id, self.draft.kind, id="messages-view")
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.current_view == MESSAGES_VIEW and action in EDIT_ONLY_ACTIONS:
            return False  # hidden and inert in the Messages view; Ctrl+L goes back
        if action in ("pick_files", "pick_store") and not self.draft.kind.has_tool_resources:
            return False  # a conversation has no tool resources: no key for them
        return super().check_action(action, parameters)

    def messages_command(self) -> tuple[str, str, Callable[[], object]]:
        """The command palette's entry."""
        noun = self.messages_label.lower()
        if self.current_view == MESSAGES_VIEW:
            return ("Back to editing", f"Leave the read-only {noun}", self.action_toggle_messages)
        return (
            f"Show {noun}",
            f"The {noun} of this {self.draft.kind.value}, read-only, newest first",
            self.action_toggle_messages,
        )
