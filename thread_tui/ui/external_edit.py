"""`e` in the editor: the current draft as YAML in `$VISUAL` / `$EDITOR`, the app suspended.

The same document and checks as `thread-tui edit` (core/edit_document.py, storage/editor_file.py).
A file whose shape is wrong (not YAML, a value not a string, a removed key, an unknown field)
opens again with the problems written on top, until it is right or left unchanged (or saved
empty), which changes nothing. A right one replaces the draft's rows and lists as one undoable
step; its limit problems (too long, too many pairs, a duplicate key) then show in the grid as
any edit's do, and Submit says why it is disabled. Nothing is sent from here: Ctrl+S still
reviews and sends.

`App.suspend()` is public API; where the driver cannot suspend (the browser of `thread-tui
serve`, a headless run) it raises SuspendNotSupported and the user is told so.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

from textual.app import App, SuspendNotSupported

from thread_tui.core import edit_document as ed
from thread_tui.core.draft import Draft

MAX_ROUNDS: Final = 20
CANCELLED: Final = "Edit in $EDITOR cancelled: nothing changed."
NOT_HERE: Final = (
    "Editing in $EDITOR needs the app's own terminal: not available here (in a browser, "
    "for one). Edit in the grid instead."
)


async def edit_draft(
    app: App[object],
    draft: Draft,
    *,
    before: Callable[[], None],
    show: Callable[[], Awaitable[None]],
) -> bool:
    """Edit `draft` in the user's editor; True when it changed. `before` records any edit
    not yet an undo step (so the external edit is one step of its own), `show` redraws the
    editor for the changed draft (which records the step)."""
    from thread_tui.storage.editor_file import EditorError, EditSession, editor_command

    try:
        editor = editor_command()
    except EditorError as exc:
        app.notify(str(exc), title="No editor", severity="error", timeout=10)
        return False
    written = ed.render(draft)
    with EditSession(draft.resource_id or f"new-{draft.kind.value}", editor) as session:
        for _ in range(MAX_ROUNDS):
            try:
                with app.suspend():
                    saved = session.edit(written)
            except SuspendNotSupported:
                app.notify(NOT_HERE, title="Not available", severity="warning", timeout=8)
                return False
            except EditorError as exc:
                app.notify(f"{exc} Nothing changed.", title="Editor", severity="error")
                return False
            if ed.is_unchanged(saved, written):
                app.notify(CANCELLED, timeout=4)
                return False
            checked = ed.check(saved, draft)
            if checked.empty:
                app.notify(CANCELLED, timeout=4)
                return False
            if not checked.well_formed:
                written = ed.with_errors(saved, checked.problems)
                continue
            before()
            if not _apply(draft, saved):
                app.notify("No changes.", timeout=4)
                return False
            await show()
            problems = len(checked.problems)
            note = f"; {problems} problem{'s' if problems != 1 else ''} marked" if problems else ""
            app.notify(f"Edited in $EDITOR: {draft.diff().summary()}{note}. Ctrl+Z undoes it.")
            return True
    app.notify(f"The editor was opened {MAX_ROUNDS} times without a valid file. {CANCELLED}")
    return False


def _apply(draft: Draft, saved: str) -> bool:
    """Put the saved document into the draft in place (its own row ids); False when that
    changes nothing."""
    before = draft.snapshot()
    fields = ed.read(ed.strip_errors(saved)[0], draft).fields
    if fields is not None:
        ed.apply(draft, fields)
    return draft.snapshot() != before
