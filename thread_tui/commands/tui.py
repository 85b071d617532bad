"""Start the Textual UI (the only place the CLI imports Textual)."""

from __future__ import annotations

from thread_tui.core.settings import Settings


def run(settings: Settings, initial_id: str | None) -> int:
    from thread_tui.ui.app import run_tui

    code: int = run_tui(settings, initial_id=initial_id)
    return code
