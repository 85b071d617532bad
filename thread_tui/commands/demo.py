"""The wiring of `--demo`: the client and the settings that point at the built-in emulator.

This is the one place outside the emulator itself that knows the emulator serves the demo, so
that `thread_tui.api` and `thread_tui.ui` never import it (the import contract in
pyproject.toml holds them to it). The emulator and httpx are imported only when a client is
built, so importing this module costs nothing on the way to the first screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import AZURE_PATH, Settings

if TYPE_CHECKING:
    import httpx

    from thread_tui.api import ApiClient
    from thread_tui.emulator import Emulator


def build_client(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    emulator: Emulator | None = None,
    now: Callable[[], float] = time.time,
) -> ApiClient:
    """A client for `settings`: the configured server, or in demo mode the emulator.

    In demo mode it talks in process to `emulator` (a fresh seeded one when not given),
    or to `transport` when one is passed, always with the emulator's base URL and demo key:
    a real key from the environment is never handed to the demo. A fresh emulator reads
    `now`, the app's clock: what it creates is "just now" on the app's screens, and its
    seeded ages ("3 days ago") are counted back from that clock.
    """
    from thread_tui.api import ApiClient

    def clock() -> int:
        return int(now())

    if settings.demo:
        from thread_tui.emulator import DEMO_API_KEY, DEMO_AZURE_ENDPOINT, DEMO_BASE_URL, Emulator
        from thread_tui.emulator.seed_fleet import DEMO_SEED_COUNT  # made as they are read

        if settings.azure:
            # The demo of Azure: an emulator that answers as Azure does, so the inspector shows
            # the api-key header and the api-version of every call, with no key needed.
            settings = demo_settings(
                settings, DEMO_API_KEY, DEMO_AZURE_ENDPOINT + AZURE_PATH, DEMO_AZURE_ENDPOINT
            )
            if transport is None:
                transport = (
                    emulator or Emulator(azure=True, now=clock, seed_count=DEMO_SEED_COUNT)
                ).transport()
        else:
            settings = demo_settings(settings, DEMO_API_KEY, DEMO_BASE_URL)
            if transport is None:
                transport = (
                    emulator or Emulator(now=clock, seed_count=DEMO_SEED_COUNT)
                ).transport()
    return ApiClient(settings, transport=transport)


def demo_settings(
    settings: Settings, key: str, base_url: str, azure_endpoint: str | None = None
) -> Settings:
    """`settings` pointed at the demo emulator (its Azure endpoint when one is given)."""
    changes: dict[str, object] = {"api_key": SecretStr(key), "base_url": base_url, "demo": True}
    if azure_endpoint is not None:
        changes["azure_endpoint"] = azure_endpoint
    return replace(settings, **changes)  # type: ignore[arg-type]


def shown_settings(settings: Settings) -> Settings:
    """The settings the TUI shows: in demo mode, the screens (confirm, inspector, copy-as)
    must name where the requests go, the emulator's base URL."""
    if not settings.demo:
        return settings
    from thread_tui.emulator.state import DEMO_BASE_URL

    return replace(settings, base_url=DEMO_BASE_URL)
