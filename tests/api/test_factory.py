"""build_client: the real server for normal settings, the in-process emulator for --demo; and
the import rule that keeps httpx out of `thread_tui` and `thread_tui.core`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import respx

from thread_tui.api import ApiClient, build_client
from thread_tui.api.factory import demo_settings
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


async def test_demo_never_sends_the_real_key(emu: Emulator) -> None:
    real = Settings(api_key=SecretStr("sk-real-key-from-env-000000"), demo=True)
    async with build_client(real, emulator=emu) as client:
        created = await client.create_resource(ResourceKind.CONVERSATION, {"metadata": {"a": "b"}})
    assert created.id in emu.conversations
    assert client.settings.api_key is not None
    assert client.settings.api_key.get_secret_value() == DEMO_API_KEY
    assert emu.requests[0].status == 200


async def test_demo_with_a_given_transport(emu: Emulator) -> None:
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


def test_importing_the_package_and_core_loads_no_httpx() -> None:
    code = (
        "import sys, thread_tui, thread_tui.core.models, thread_tui.core.settings, "
        "thread_tui.core.ids; "
        "print('httpx' in sys.modules, 'textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_the_api_package_loads_no_textual_and_no_emulator() -> None:
    code = (
        "import sys, thread_tui.api; "
        "print('textual' in sys.modules, 'thread_tui.emulator' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
