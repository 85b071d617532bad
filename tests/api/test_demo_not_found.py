"""A thread the demo does not hold is just not found: threads work in the demo, so its 404
says nothing of OpenAI retiring them (that note is for api.openai.com and Azure OpenAI)."""

from __future__ import annotations

import pytest

from thread_tui.api import ApiClient
from thread_tui.api.errors import NotFoundError
from thread_tui.core.settings import Settings
from thread_tui.emulator import Emulator


async def test_the_demos_404_for_a_thread_names_no_retirement(
    emulator: Emulator, demo_settings: Settings
) -> None:
    async with ApiClient(demo_settings, transport=emulator.transport()) as client:
        assert (await client.get_resource("thread_abc123")).id == "thread_abc123"
        with pytest.raises(NotFoundError) as info:
            await client.get_resource("thread_nope")
    message = info.value.user_message()
    assert message.startswith("Not found (HTTP 404): ")
    assert "thread_nope" in message
    assert "retired" not in message and "conv_" not in message
