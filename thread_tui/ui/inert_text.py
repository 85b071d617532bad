"""Text from a server (or the disk) as the screens show it: never markup, never a control.

A `str` given to a Static, a Label or `notify()` is parsed as Textual markup (`[b]`,
`[link=…]`), and neither Rich nor Textual removes ESC, C1 controls or bidi overrides from
what they draw, so an error message could set the terminal's title or clear it. Every
screen builds the text it shows from a server through these helpers: a `Text` / `Content`
made of the `inert` form, which draws each such character as one visible cell.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content

from thread_tui.core.inert import inert


def plain(text: str, style: str | Style = "", *, lines: bool = True) -> Text:
    """`text` as a Rich `Text` (never markup), each control drawn; `lines=False` draws a
    newline too, for text that must stay on one line."""
    return Text(inert(text, keep_newlines=lines), style=style)


def content(text: str, *, lines: bool = True) -> Content:
    """As `plain`, for the places that take Textual `Content`."""
    return Content(inert(text, keep_newlines=lines))


def made_inert(text: Text) -> Text:
    """A built `Text` (styled parts, some from a server) with every control drawn; `inert`
    keeps the length, so the styles stay where they were."""
    shown = text.copy()
    shown.plain = inert(text.plain, keep_newlines=True)
    return shown


def inert_content(built: Content) -> Content:
    """A built `Content` (styled parts, some from a server) with every control drawn."""
    return Content(inert(built.plain, keep_newlines=True), list(built.spans))
