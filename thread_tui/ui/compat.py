"""Where thread_tui relies on Textual or textual-serve beyond what their docs promise.

Everything else in the package uses their public API. Each reliance is a small, clearly
separated section here, and a test fails as soon as a hook it uses is missing or changes shape
(tests/ui/test_compat.py for Textual, tests/web/test_compat_serve.py for textual-serve), so an
upgrade cannot silently take a safeguard away: the escaping of control characters in a field,
or web mode's same-origin check. textual-serve, aiohttp and jinja2 are imported inside the
functions that need them, so the TUI never loads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final

from rich.cells import cell_len, get_character_cell_size
from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from thread_tui.core.inert import visible

if TYPE_CHECKING:
    from aiohttp import web
    from aiohttp.typedefs import Handler, Middleware
    from textual_serve.server import Server


# -- Textual Input: drawing the value inert, and the cursor following the drawn text -------
#
# An Input draws `highlighter(Text(value))` (public: Input's `highlighter` argument), so a
# highlighter that turns each unprintable character into its one visible cell makes the drawn
# text inert while `value` keeps the exact text. Relied on: that Input draws (and measures its
# content width by) the Text the highlighter returns, not only its styles. Rich's Text drops
# BEL, BS, VT, FF and CR as it is built, so the highlighter draws from the value itself.
#
# Input's cursor and mouse arithmetic (index in the value <-> cell on screen) count the cells
# of the *value*, where a control character takes 0 cells and a tab 4; the drawn text has one
# cell for each. Textual has no public hook for this mapping, so the two private methods it
# goes through are overridden here, and only here.


# -- Textual Input: no style node for a suggestion it never draws ------------------------------
#
# Textual keeps one hidden style node per COMPONENT_CLASSES entry of every widget, made again
# each time the widget is restyled (about 17 KiB of peak RSS each with the garbage of the
# restyle a screen gets when it is shown). Input declares "input--suggestion", drawn only with
# a suggester; no Input of thread_tui has one. DOMNode takes `inherit_component_classes=False`
# to drop inherited classes, but Widget.__init_subclass__ does not pass the keyword on, so the
# class attribute that keyword sets is set here directly, once the class exists. Relied on:
# `_get_component_classes` stops at a class whose own `_inherit_component_classes` is False.

_INPUT_PARTS_DRAWN = frozenset({"input--cursor", "input--placeholder", "input--selection"})


class LeanInput(Input):
    """An Input without a suggester, and without the style node of the suggestion it never
    draws (every Input of thread_tui is one)."""

    COMPONENT_CLASSES = set(_INPUT_PARTS_DRAWN)

    def on_mount(self) -> None:
        # Checked here, not in __init__, so that Input's typed arguments stay checked by mypy.
        if self.suggester is not None:
            raise TypeError("LeanInput draws no suggestion: use Input for a suggester")


# After the class is made: DOMNode.__init_subclass__ sets it to True in the new class.
LeanInput._inherit_component_classes = False


class VisibleHighlighter(Highlighter):
    """Draws `source()` (an Input's value) with every character a terminal would act on as
    one visible cell (core.inert.visible).

    `visible` keeps the text's length, so the selection and the cursor (drawn by index) stay
    on the characters they belong to.
    """

    def __init__(self, source: Callable[[], str]) -> None:
        self._source = source

    def highlight(self, text: Text) -> None:
        text.plain = visible(self._source())


class DrawnCellsInput(LeanInput):
    """An Input whose cursor and mouse positions follow the text as `VisibleHighlighter`
    draws it: one cell per character, wide characters two."""

    def _position_to_cell(self, position: int) -> int:
        return cell_len(visible(self.value[:position]))

    def _cell_offset_to_index(self, offset: int) -> int:
        cell_offset = 0
        offset += self.scroll_offset.x
        for index, char in enumerate(visible(self.value)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))


# ---- textual-serve -------------------------------------------------------------------------
# textual-serve's Server builds its aiohttp application in a private method (`_make_app`) and
# runs it inside `serve()`, with no public hook for a middleware or a handler of one's own.
# Web mode needs both (the same-origin check and the session limit), so it builds the same
# application from Server's public handlers and attributes and runs it itself. What that
# relies on beyond Server's public names: the route names `Server.handle_index` resolves to
# build the page ("websocket" and "static"), and that the page's template is rendered through
# aiohttp_jinja2 from `Server.templates_path`. tests/web/test_compat_serve.py holds these
# routes to textual-serve's own, and checks every Server member used here.

INDEX_ROUTE: Final = "index"
WEBSOCKET_ROUTE: Final = "websocket"
DOWNLOAD_ROUTE: Final = "download"
STATIC_ROUTE: Final = "static"


def textual_serve_app(
    server: Server,
    *,
    middlewares: Iterable[Middleware] = (),
    index: Handler | None = None,
    websocket: Handler | None = None,
) -> web.Application:
    """textual-serve's web application for `server`, with `middlewares` around every route,
    and `index` (the page) and `websocket` (the app session) in place of Server's own
    handlers when given (they would usually call those)."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web

    app = web.Application(middlewares=list(middlewares))
    aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(server.templates_path))
    app.add_routes(
        [
            web.get("/", index or server.handle_index, name=INDEX_ROUTE),
            web.get("/ws", websocket or server.handle_websocket, name=WEBSOCKET_ROUTE),
            web.get("/download/{key}", server.handle_download, name=DOWNLOAD_ROUTE),
            # textual-serve lists the directory too; the page needs only the files.
            web.static("/static", server.statics_path, name=STATIC_ROUTE),
        ]
    )
    app.on_startup.append(server.on_startup)
    app.on_shutdown.append(server.on_shutdown)
    return app
