"""Build the client the settings ask for: the real server, or the in-process demo emulator.

The emulator is imported only in demo mode, so a normal run never loads it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import httpx

from thread_tui.api.client import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import AZURE_PATH, Settings

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator


def build_client(
    settings: Settings,
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    emulator: Emulator | None = None,
) -> ApiClient:
    """A client for `settings`.

    In demo mode it talks in process to `emulator` (a fresh seeded one when not given),
    or to `transport` when one is passed, always with the emulator's base URL and demo key:
    a real key from the environment is never handed to the demo.
    """
    if settings.demo:
        from thread_tui.emulator import DEMO_API_KEY, DEMO_AZURE_ENDPOINT, DEMO_BASE_URL, Emulator

        if settings.azure:
            # The demo of Azure: an emulator that answers as Azure does, so the inspector shows
            # the api-key header and the api-version of every call, with no key needed.
            settings = demo_settings(
                settings, DEMO_API_KEY, DEMO_AZURE_ENDPOINT + AZURE_PATH, DEMO_AZURE_ENDPOINT
            )
            if transport is None:
                transport = (emulator or Emulator(azure=True)).transport()
        else:
            settings = demo_settings(settings, DEMO_API_KEY, DEMO_BASE_URL)
            if transport is None:
                transport = (emulator or Emulator()).transport()
    return ApiClient(settings, transport=transport)


def demo_settings(
    settings: Settings, key: str, base_url: str, azure_endpoint: str | None = None
) -> Settings:
    """`settings` pointed at the demo emulator (its Azure endpoint when one is given)."""
    changes: dict[str, object] = {"api_key": SecretStr(key), "base_url": base_url, "demo": True}
    if azure_endpoint is not None:
        changes["azure_endpoint"] = azure_endpoint
    return replace(settings, **changes)  # type: ignore[arg-type]
