"""Build the client the settings ask for: the real server, or the in-process demo emulator."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from thread_tui.api.client import ApiClient
from thread_tui.core.settings import Settings

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator


def build_client(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    emulator: Emulator | None = None,
) -> ApiClient:
    """A client for `settings`. In demo mode it talks to `emulator` (a fresh seeded one when
    not given) in process, with the emulator's base URL and demo key."""
    if settings.demo and transport is None:
        from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator

        settings = demo_settings(settings, DEMO_API_KEY, DEMO_BASE_URL)
        transport = (emulator or Emulator()).transport()
    return ApiClient(settings, transport=transport)


def demo_settings(settings: Settings, key: str, base_url: str) -> Settings:
    return replace(settings, api_key=SecretStr(key), base_url=base_url, demo=True)
