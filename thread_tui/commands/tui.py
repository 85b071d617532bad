"""Start the Textual UI (the only place the CLI imports Textual), wired to the configured
server or, with `--demo`, to the built-in emulator."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog


def run(settings: Settings, initial_id: str | None) -> int:
    from thread_tui.commands.demo import build_client, shown_settings
    from thread_tui.ui.app import run_tui

    # One clock for the app and the demo's emulator, so their times agree.
    now = time.time
    # The demo's one emulator, built on first use: the client talks to it, and the demo's
    # in-memory catalog is pre-recorded with what it holds.
    demo: list[Emulator] = []

    def emulator() -> Emulator | None:
        if not settings.demo:
            return None
        if not demo:
            from thread_tui.commands.catalog_access import demo_emulator

            demo.append(demo_emulator(settings, now))
        return demo[0]

    def client_factory() -> ApiClient:
        # Called on the app's first use of the client: httpx is not on the start-up path.
        return build_client(settings, emulator=emulator(), now=now)

    def catalog_factory() -> Catalog:
        from thread_tui.commands.catalog_access import open_catalog

        return open_catalog(settings, emulator=emulator(), now=now)

    code: int = run_tui(
        shown_settings(settings),
        client_factory=client_factory,
        initial_id=initial_id,
        now=now,
        catalog_factory=catalog_factory if settings.demo else None,
    )
    return code
