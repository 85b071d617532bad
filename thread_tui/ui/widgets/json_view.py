"""Syntax-highlighted code blocks: JSON bodies (confirm, inspector) and snippets (copy-as).

Highlighting goes through `textual.highlight`, whose styles are theme variables, so the
colours follow the app's theme and snapshots do not depend on the terminal's palette.
"""

from __future__ import annotations

import json
from typing import Any

from textual.content import Content
from textual.highlight import highlight
from textual.widgets import Static

from thread_tui.core import safejson
from thread_tui.core.inert import inert

# Past this size a body is shown plain: highlighting megabytes would stall the UI.
MAX_HIGHLIGHT_CHARS = 200_000


def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def pretty_body(text: str) -> str:
    """A response body pretty-printed when it is JSON, as received when it is not."""
    if not text.strip():
        return "(empty body)"
    try:
        # Depth-checked first (a JsonDepthError is a ValueError): json.loads recurses per level.
        return pretty_json(safejson.loads(text))
    except ValueError:
        return text


def highlighted(code: str, language: str) -> Content:
    # A body is the server's (and JSON keeps C1 controls and bidi overrides as they are):
    # each is drawn. Only what is shown; `CodeView.code`, copied, stays as received.
    code = inert(code, keep_newlines=True)
    if len(code) > MAX_HIGHLIGHT_CHARS:
        return Content(code)
    return highlight(code, language=language)


class CodeView(Static):
    """A block of highlighted code; `code` keeps the plain text for copying."""

    DEFAULT_CSS = """
    CodeView {
        height: auto;
    }
    """

    def __init__(
        self,
        code: str,
        language: str = "json",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(highlighted(code, language), id=id, classes=classes)
        self.code = code
        self.language = language

    def show(self, code: str) -> None:
        self.code = code
        self.update(highlighted(code, self.language))


class JsonView(CodeView):
    """A JSON value, pretty-printed and highlighted."""

    def __init__(self, value: Any, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(pretty_json(value), "json", id=id, classes=classes)
