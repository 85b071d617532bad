"""The client against the emulator: typed results, errors with request ids, key hygiene."""

from __future__ import annotations

import pytest

from thread_tui.api import (
    ApiClient,
    AuthenticationError,
    BadRequestError,
    MissingApiKeyError,
    NotFoundError,
    ResponseFormatError,
)
from thread_tui.api.errors import InsecureTransportError
from thread_tui.core.ids import InvalidIdError, ResourceKind
from thread_tui.core.resources import Conversation, Thread
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import Emulator
from thread_tui.emulator.faults import Malformed
from thread_tui.emulator.server import running_server

PLANTED = "sk-planted-secret-key-DO-NOT-SHOW-1234"


async def test_get_modify_by_prefix(client: ApiClient) -> None:
    thread = await client.get_resource("thread_abc123")
    assert isinstance(thread, Thread) and thread.metadata == {"modified": "true", "user": "abc123"}
    conv = await client.modify_resource("conv_abc123", {"metadata": {"topic": "x"}})
    assert isinstance(conv, Conversation) and conv.metadata and conv.metadata["topic"] == "x"


async def test_headers(client: ApiClient, emu: Emulator) -> None:
    await client.get_resource("thread_abc123")
    await client.get_resource("conv_abc123")
    thread_req, conv_req = emu.requests
    assert thread_req.headers["openai-beta"] == "assistants=v2"
    assert "openai-beta" not in conv_req.headers
    assert thread_req.headers["user-agent"].startswith("thread-tui/")
    exchange = client.last_exchange
    assert exchange is not None
    assert exchange.request_headers["authorization"] == "Bearer $OPENAI_API_KEY"


async def test_org_and_project_headers(emu: Emulator, settings: Settings) -> None:
    from dataclasses import replace

    with_ids = replace(settings, organization="org-1", project="proj_1")
    async with ApiClient(with_ids, transport=emu.transport()) as api:
        await api.get_resource("conv_abc123")
    assert emu.requests[0].headers["openai-organization"] == "org-1"
    assert emu.requests[0].headers["openai-project"] == "proj_1"


async def test_not_found_carries_request_id(client: ApiClient) -> None:
    with pytest.raises(NotFoundError) as info:
        await client.get_resource("thread_missing")
    error = info.value
    assert error.status == 404 and error.request_id and error.request_id.startswith("req_")
    message = error.user_message()
    assert "No thread found with id 'thread_missing'." in message
    assert f"(request id {error.request_id})" in message


async def test_bad_request_names_the_param(client: ApiClient) -> None:
    with pytest.raises(BadRequestError) as info:
        await client.modify_resource("thread_abc123", {"metadata": {"a": None}})
    assert info.value.param == "metadata.a"
    assert "metadata.a" in info.value.user_message()


@pytest.mark.parametrize(
    "bad", ["thread_../files", "thread_a?b=1", "thread_a#b", "thread_a b", "conv_%2e%2e"]
)
async def test_ids_with_path_characters_never_reach_the_server(
    client: ApiClient, emu: Emulator, bad: str
) -> None:
    with pytest.raises(InvalidIdError):
        await client.get_resource(bad)
    assert emu.requests == []


async def test_wrong_key_is_401_and_never_shown(emu: Emulator) -> None:
    settings = Settings(api_key=SecretStr(PLANTED), base_url="http://emulator.local/v1", demo=True)
    async with ApiClient(settings, transport=emu.transport()) as api:
        with pytest.raises(AuthenticationError) as info:
            await api.get_resource("thread_abc123")
        message = info.value.user_message()
        assert "API key was rejected" in message
        assert PLANTED not in message and PLANTED not in repr(info.value)
        assert all(PLANTED not in str(x) for x in api.history)


async def test_missing_key_and_plain_http_are_refused_before_sending(emu: Emulator) -> None:
    async with ApiClient(Settings(api_key=None), transport=emu.transport()) as api:
        with pytest.raises(MissingApiKeyError):
            await api.get_resource("thread_abc123")
    insecure = Settings(api_key=SecretStr(PLANTED), base_url="http://example.com/v1")
    async with ApiClient(insecure, transport=emu.transport()) as api:
        with pytest.raises(InsecureTransportError):
            await api.get_resource("thread_abc123")
    assert emu.requests == []


@pytest.mark.parametrize(
    ("kind", "fragment"),
    [("not_json", "not JSON"), ("empty", "empty body"), ("wrong_shape", "not a valid thread")],
)
async def test_unreadable_2xx_bodies(
    client: ApiClient, emu: Emulator, kind: Malformed, fragment: str
) -> None:
    emu.faults.inject(malformed=kind)
    with pytest.raises(ResponseFormatError) as info:
        await client.get_resource("thread_abc123")
    assert fragment in info.value.user_message()
    assert "request id req_" in info.value.user_message()


async def test_pagination_streams_pages(settings: Settings) -> None:
    emu = Emulator(extra_files=250)
    async with ApiClient(settings, transport=emu.transport()) as api:
        sizes = [len(page.data) async for page in api.iter_file_pages(page_size=100)]
        assert sizes == [100, 100, 100, 14]
        stores = await api.list_all_vector_stores()
        assert len(stores) == 5


async def test_pagination_stops_on_a_repeated_cursor(settings: Settings) -> None:
    import httpx

    page = {
        "object": "list",
        "data": [{"id": "vs_1", "object": "vector_store", "created_at": 1}],
        "first_id": "vs_1",
        "last_id": "vs_1",
        "has_more": True,
    }
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(200, json=page)

    async with ApiClient(settings, transport=httpx.MockTransport(handler)) as api:
        stores = await api.list_all_vector_stores()
    assert calls == 2 and len(stores) == 2


async def test_create_delete_and_messages(client: ApiClient) -> None:
    created = await client.create_resource(ResourceKind.THREAD, {"metadata": {"a": "b"}})
    messages = await client.list_messages("thread_abc123", limit=5)
    assert len(messages.data) == 5 and messages.has_more
    deleted = await client.delete_resource(created.id)
    assert deleted.deleted


async def test_over_a_real_socket(settings: Settings) -> None:
    from dataclasses import replace

    emu = Emulator()
    with running_server(emu) as base_url:
        async with ApiClient(replace(settings, base_url=base_url, demo=False)) as api:
            thread = await api.modify_resource("thread_abc123", {"metadata": {"via": "socket"}})
            assert thread.metadata and thread.metadata["via"] == "socket"
            exchange = api.last_exchange
            assert exchange is not None and exchange.url.startswith("http://127.0.0.1:")
            assert float(exchange.response_headers["openai-processing-ms"]) >= 0
