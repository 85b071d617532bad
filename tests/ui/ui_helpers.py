"""Small helpers shared by the UI flow tests: reading a widget's text, the app's
notifications, and waiting until the workers a key started have finished."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList, Static


def text_of(screen: Any, selector: str) -> str:
    """The rendered text of the Static that `selector` names on `screen`."""
    return str(screen.query_one(selector, Static).render())


def rendered(screen: Any, selector: str) -> str:
    """The rendered text of any widget that `selector` names (a Static, a Counter, …)."""
    return str(screen.query_one(selector).render())


def notes(app: Any) -> list[str]:
    """The messages of the notifications the app shows now."""
    return [n.message for n in app._notifications]


def record_notes(app: Any) -> list[str]:
    """Every notification message the app is asked to show from now on, kept after it expires.

    `notes()` reads what is on screen now: on a loaded machine a test can outlast a
    notification's timeout before it looks, and a warning that was shown reads as none."""
    seen: list[str] = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        seen.append(message)
        show(message, **options)

    app.notify = notify
    return seen


def list_lines(screen: Any) -> list[str]:
    """The lines of the messages / items list, as shown."""
    options = screen.query_one("#messages-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def settle(app: Any, pilot: Any) -> None:
    """Let the keys be handled, the workers they started finish, and their results show."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# -- the editor's drawn parts (counters, notes and heads are drawn, not separate widgets) ---


def rows(editor: Any) -> list[Any]:
    """The editor's metadata rows, top to bottom."""
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    return list(editor.query(MetadataRow))


def row_counter(row: Any, field: str) -> tuple[str, str]:
    """(text, level) of a metadata row's key or value counter, checked to be drawn on the
    row's line."""
    count = row.key_count if field == "key" else row.value_count
    assert count.text in row.render_line(0).text
    return count.text, count.level


def head_counter(editor: Any, selector: str) -> tuple[str, str]:
    """(text, level) of the counter of a head line (#grid-head, #files-head, #stores-head),
    checked to be drawn."""
    from thread_tui.ui.widgets.head_line import HeadLine

    head = editor.query_one(selector, HeadLine)
    assert head.count.text in head.text
    return head.count.text, head.count.level


def status(editor: Any) -> str:
    """The editor header's status line."""
    from thread_tui.ui.widgets.editor_header import EditorHeader

    return str(editor.query_one(EditorHeader).status_text)


def header_title(editor: Any) -> str:
    """The editor header's first line: the ID (or New …), kind and creation time."""
    from thread_tui.ui.widgets.editor_header import EditorHeader

    return str(editor.query_one(EditorHeader).title)


def summary(editor: Any) -> str:
    """The changes bar's first line: what the draft changes."""
    from thread_tui.ui.widgets.changes_bar import ChangesBar

    return str(editor.query_one(ChangesBar).summary)


def reason(editor: Any) -> str:
    """The changes bar's second line: why Submit is blocked, or that it is ready."""
    from thread_tui.ui.widgets.changes_bar import ChangesBar

    return str(editor.query_one(ChangesBar).reason)
