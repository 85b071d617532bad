"""The editor's two views: `Edit` (the metadata grid, tool resources and changes bar) and the
`Messages` of a thread (`Items` of a conversation), switched by Ctrl+L (or `m`
outside a text field), a click on the tab strip, or the command palette.

A collaborator of EditorScreen (it holds one and calls it), kept apart so the screen file
holds the editing only. The messages view is imported, built and fetched on the first switch
to it: the editor's first paint gains the one-line tab strip and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.widget import Widget

from thread_tui.core.ids import ResourceKind
from thread_tui.ui.draft_holder import DraftHolder
from thread_tui.ui.widgets.view_tabs import ViewTabs

if TYPE_CHECKING:
    from textual.screen import Screen

EDIT_VIEW = "edit"
MESSAGES_VIEW = "messages"
# Edits made where they cannot be seen would surprise: these wait for the Edit view.
EDIT_ONLY_ACTIONS = frozenset(
    {
        "submit",
        "add_row",
        "delete_row",
        "undo",
        "redo",
        "revert_row",
        "pick_files",
        "pick_store",
        "external_edit",
    }
)


class EditorTabs:
    """The tab strip of an editor screen and the switch between its two views."""

    # The screen's own bindings start with these (EditorScreen.BINDINGS).
    BINDINGS = [
        Binding(
            "ctrl+l", "toggle_messages", "Messages", priority=True, show=False, id="editor.messages"
        ),
        Binding("m", "toggle_messages", "Messages", show=False, id="editor.messages_alt"),
    ]

    def __init__(self, screen: Screen[None], holder: DraftHolder) -> None:
        self.screen = screen
        self.holder = holder
        self.current = EDIT_VIEW
        self._edit_focus: Widget | None = None

    @property
    def messages_label(self) -> str:
        return "Messages" if self.holder.draft.kind is ResourceKind.THREAD else "Items"

    def widget(self) -> ViewTabs:
        """The tab strip, for compose."""
        tabs = [(EDIT_VIEW, "Edit"), (MESSAGES_VIEW, self.messages_label)]
        return ViewTabs(tabs, "Ctrl+L switches", id="view-tabs")

    def toggle(self) -> None:
        self.show(EDIT_VIEW if self.current == MESSAGES_VIEW else MESSAGES_VIEW)

    def show(self, name: str) -> None:
        draft = self.holder.draft
        screen = self.screen
        if name == self.current or name not in (EDIT_VIEW, MESSAGES_VIEW):
            return
        if name == MESSAGES_VIEW and draft.is_new:  # no ID to list them by yet
            noun = self.messages_label.lower()
            screen.notify(
                f"This {draft.kind.value} is not created yet: it has no {noun}.",
                severity="warning",
            )
            return
        self.current = name
        messages = name == MESSAGES_VIEW
        for selector in ("#editor-body", "#changes"):
            screen.query_one(selector).display = not messages
        if messages:
            self._edit_focus = screen.focused
            self._open_messages()
        else:
            screen.query_one("#messages-view").display = False
            if self._edit_focus is not None and self._edit_focus.is_attached:
                self._edit_focus.focus()
            else:
                screen.focus_next()
        screen.query_one(ViewTabs).active = name
        screen.refresh_bindings()

    def _open_messages(self) -> None:
        from thread_tui.ui.widgets.messages_view import MessagesView

        found = self.screen.query(MessagesView)
        if found:
            view = found.first()
            view.display = True
            view.focus_list()
            return
        # Built on first use; it focuses its list and fetches the first page once mounted.
        draft = self.holder.draft
        self.screen.mount(
            MessagesView(draft.resource_id, draft.kind, id="messages-view"), after="#changes"
        )

    def allows(self, action: str) -> bool:
        """False for an action that is hidden and inert in the current view."""
        if self.current == MESSAGES_VIEW and action in EDIT_ONLY_ACTIONS:
            return False  # Ctrl+L goes back first
        # A conversation has no tool resources: no key for them.
        tools = self.holder.draft.kind.has_tool_resources
        return tools or action not in ("pick_files", "pick_store")

    def command(self, toggle: Callable[[], object]) -> tuple[str, str, Callable[[], object]]:
        """The command palette's entry."""
        noun = self.messages_label.lower()
        if self.current == MESSAGES_VIEW:
            return ("Back to editing", f"Leave the {noun}, back to the metadata", toggle)
        return (
            f"Show {noun}",
            f"The {noun} of this {self.holder.draft.kind.value}, newest first",
            toggle,
        )
