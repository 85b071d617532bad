"""Fixtures of the API client tests.

Two worlds: the seeded emulator on its in-process transport (`emu`, `settings`, `client`) for
behaviour end to end, and respx (`router`, `rx_settings`, `rx_client`) for exact control of
headers, statuses and transport exceptions. Retries never really wait: `sleep` records the
delays, and `FixedRandom` pins the jitter.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import respx

from thread_tui.api import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, FIXED_NOW, Emulator

BASE = "https://api.example.test/v1"
SECRET = "sk-test-SUPERSECRET-0123456789abcdef"


class RecordingSleep:
    """Stands in for asyncio.sleep: records each requested delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class FixedRandom(random.Random):
    """A random source whose `random()` is always `value`, to pin the jitter."""

    def __init__(self, value: float) -> None:
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def _rx_settings(**changes: Any) -> Settings:
    options: dict[str, Any] = {"api_key": SecretStr(SECRET), "base_url": BASE}
    options.update(changes)
    return Settings(**options)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def fixed_random() -> type[FixedRandom]:
    return FixedRandom


@pytest.fixture
def secret() -> str:
    """The raw key of `rx_settings`: tests assert it never shows up anywhere."""
    return SECRET


# -- the emulator ---------------------------------------------------------------------------


@pytest.fixture
def emu() -> Emulator:
    return Emulator(seed=True, api_keys={DEMO_API_KEY}, now=FIXED_NOW)


@pytest.fixture
def settings() -> Settings:
    return Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)


@pytest.fixture
async def client(
    emu: Emulator, settings: Settings, sleep: RecordingSleep
) -> AsyncIterator[ApiClient]:
    async with ApiClient(settings, transport=emu.transport(), sleep=sleep) as api:
        yield api


# -- respx ----------------------------------------------------------------------------------


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings for the respx BASE with the SECRET key; keyword arguments override fields."""
    return _rx_settings


@pytest.fixture
def rx_settings() -> Settings:
    return _rx_settings()


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
async def rx_client(rx_settings: Settings, sleep: RecordingSleep) -> AsyncIterator[ApiClient]:
    """A client on respx (use with `router`); no jitter (random() == 0)."""
    async with ApiClient(rx_settings, sleep=sleep, rng=FixedRandom(0.0)) as api:
        yield api
