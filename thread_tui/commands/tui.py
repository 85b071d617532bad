"""Start the Textual UI (the only place the CLI imports Textual), wired to the configured
server or, with `--demo`, to the built-in emulator."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient


def run(settings: Settings, initial_id: str | None) -> int:
    from thread_tui.commands.demo import build_client, shown_settings
    from thread_tui.ui.app import run_tui

    # One clock for the app and the demo's emulator, so their times agree.
    now = time.time

    def client_factory() -> ApiClient:
        # Called on the app's first use of the client: httpx is not on the start-up path.
        return build_client(settings, now=now)

    code: int = run_tui(
        shown_settings(settings), client_factory=client_factory, initial_id=initial_id, now=now
    )
    return code
