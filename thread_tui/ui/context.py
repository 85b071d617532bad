"""Typed access to the running ThreadTuiApp from any widget or screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from thread_tui.ui.app import ThreadTuiApp


def tui(node: DOMNode) -> ThreadTuiApp:
    return cast("ThreadTuiApp", node.app)
