"""The --demo wiring in `thread_tui.commands`: build_client talks to the real server for
normal settings and to the in-process emulator for --demo; the TUI is started with the
emulator's base URL shown and a factory for that client."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import respx

from thread_tui.api import ApiClient
from thread_tui.commands import tui
from thread_tui.commands.demo import build_client, demo_settings, shown_settings
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resources import Thread
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator


async def test_demo_uses_a_fresh_seeded_emulator() -> None:
    async with build_client(Settings(demo=True)) as client:
        assert client.settings.base_url == DEMO_BASE_URL
        thread = await client.get_resource("thread_abc123")
    assert isinstance(thread, Thread)
    assert thread.metadata == {"modified": "true", "user": "abc123"}


async def test_demo_never_sends_the_real_key(emulator: Emulator) -> None:
    emu = emulator
    real = Settings(api_key=SecretStr("sk-real-key-from-env-000000"), demo=True)
    async with build_client(real, emulator=emu) as client:
        created = await client.create_resource(ResourceKind.CONVERSATION, {"metadata": {"a": "b"}})
    assert created.id in emu.conversations
    assert client.settings.api_key is not None
    assert client.settings.api_key.get_secret_value() == DEMO_API_KEY
    assert emu.requests[0].status == 200


async def test_demo_with_a_given_transport(emulator: Emulator) -> None:
    emu = emulator
    async with build_client(Settings(demo=True), emu.transport()) as client:
        await client.get_resource("conv_abc123")
    assert [r.path for r in emu.requests] == ["/v1/conversations/conv_abc123"]


async def test_normal_settings_talk_to_the_base_url() -> None:
    settings = Settings(
        api_key=SecretStr("sk-x-000000000000"), base_url="https://api.example.test/v1"
    )
    with respx.mock(base_url="https://api.example.test/v1") as mock:
        route = mock.get("/conversations/conv_a").respond(
            200, json={"id": "conv_a", "object": "conversation", "created_at": 1}
        )
        async with build_client(settings) as client:
            assert isinstance(client, ApiClient)
            await client.get_resource("conv_a")
    assert route.called


def test_demo_settings_keeps_the_other_fields() -> None:
    base = Settings(read_only=True, max_retries=5, demo=False)
    demo = demo_settings(base, "k", "http://x/v1")
    assert demo == replace(base, api_key=SecretStr("k"), base_url="http://x/v1", demo=True)


def test_only_the_demo_shows_the_emulator_s_base_url() -> None:
    real = Settings(base_url="https://api.example.test/v1")
    assert shown_settings(real) is real
    demo = shown_settings(Settings(demo=True, read_only=True))
    assert demo == Settings(demo=True, read_only=True, base_url=DEMO_BASE_URL)


@pytest.mark.parametrize("demo", [True, False])
async def test_the_tui_command_wires_the_shown_settings_and_a_client_factory(
    monkeypatch: pytest.MonkeyPatch, demo: bool
) -> None:
    seen: dict[str, Any] = {}

    def fake_run_tui(settings: Settings, **kwargs: Any) -> int:
        seen.update(kwargs, settings=settings)
        return 7

    monkeypatch.setattr("thread_tui.ui.app.run_tui", fake_run_tui)
    given = Settings(api_key=SecretStr("sk-real-000000000000"), demo=demo)
    assert tui.run(given, "thread_abc123") == 7
    assert seen["initial_id"] == "thread_abc123"
    assert seen["settings"] == shown_settings(given)
    async with seen["client_factory"]() as client:
        assert isinstance(client, ApiClient)
        assert client.settings == (
            demo_settings(given, DEMO_API_KEY, DEMO_BASE_URL) if demo else given
        )
        if demo:
            thread = await client.get_resource("thread_abc123")
            assert thread.id == "thread_abc123"
