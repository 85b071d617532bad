"""The editor's side of a clone with exact metadata: when it may start, and what follows it.

The editor offers the clone wherever it knows a removed row would be kept by the server (the
server-keeps-key question, the review of a diff with kept keys, a Submit blocked by them) and
always as an action (F9, the palette). This opens `CloneScreen` on the draft's intended
metadata, refuses first in read-only mode or before the object exists, and after the dialog:
an old object deleted there leaves its editor (forgotten as a delete is), and "open the new
one" shows the new conversation in an editor of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from thread_tui.ui.screens.editor import EditorScreen

READ_ONLY = "Read-only mode: nothing can be cloned (started with --read-only)."


def open_clone(editor: EditorScreen) -> None:
    """Open the clone dialog for the editor's object and draft (or say why not)."""
    session = editor.session
    draft = session.draft
    if session.read_only:
        editor.notify(READ_ONLY, severity="warning")
        return
    if draft.is_new:
        editor.notify(
            f"This {draft.kind.value} is not created yet: there is nothing to clone. "
            "Ctrl+S creates it.",
            severity="warning",
        )
        return
    from thread_tui.ui.screens.clone_dialog import CloneScreen

    rows = [(row.key, row.value) for row in draft.counted_rows()]
    dialog = CloneScreen(
        draft.resource_id, draft.loaded_metadata, draft.intended_metadata(), rows=rows
    )

    def closed(new_id: str | None) -> None:
        after_clone(editor, dialog, new_id)

    editor.app.push_screen(dialog, closed)


def after_clone(editor: EditorScreen, dialog: object, new_id: str | None) -> None:
    from thread_tui.ui.screens.clone_dialog import CloneScreen

    assert isinstance(dialog, CloneScreen)
    app = editor.app
    if dialog.old_deleted:
        editor.actions.after_deletion()
    if dialog.opened is not None:
        from thread_tui.ui.screens.editor import EditorScreen

        resource, exchange = dialog.opened
        app.push_screen(EditorScreen(resource, exchange))
    elif new_id is not None and not dialog.old_deleted:
        from thread_tui.core.inert import inert

        app.notify(
            inert(f"The clone is {new_id}; this editor still shows the old one."),
            timeout=6,
            markup=False,
        )
