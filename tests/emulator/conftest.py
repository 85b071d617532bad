"""An emulator and an httpx client on it, in process and over a real loopback socket."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator
from thread_tui.emulator.server import running_server

HEADERS = {"Authorization": f"Bearer {DEMO_API_KEY}", "OpenAI-Beta": "assistants=v2"}


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture(params=["transport", "socket"])
async def http(request: pytest.FixtureRequest, emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """The same tests run in process and through a real 127.0.0.1 server."""
    if request.param == "transport":
        async with httpx.AsyncClient(
            transport=emu.transport(), base_url=DEMO_BASE_URL, headers=HEADERS
        ) as client:
            yield client
        return
    with running_server(emu) as base_url:
        async with httpx.AsyncClient(base_url=base_url, headers=HEADERS) as client:
            yield client


@pytest.fixture
def server(emu: Emulator) -> Iterator[str]:
    with running_server(emu) as base_url:
        yield base_url
