"""Syntax-highlighted JSON (and other code) as a scrollable, selectable block."""

from __future__ import annotations

import json
from typing import Any

from rich.syntax import Syntax
from textual.widgets import Static


def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class CodeView(Static):
    """Highlighted code; the theme-independent 'ansi_dark' palette keeps snapshots stable."""

    def __init__(self, code: str, lexer: str = "json", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.code = code
        self.lexer = lexer

    def on_mount(self) -> None:
        self.show(self.code)

    def show(self, code: str) -> None:
        self.code = code
        self.update(
            Syntax(code, self.lexer, theme="ansi_dark", word_wrap=True, background_color="default")
        )
