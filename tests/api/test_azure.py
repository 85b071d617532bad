"""The client on Azure OpenAI: the key in an `api-key` header (never `Authorization`), the
`api-version` query parameter on every call including every page of a list, the OpenAI-Beta
header kept on /threads, and the key scrubbed from exchanges and errors.

respx gives exact control of what is sent; the Azure-mode emulator checks the same end to end.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import (
    ApiClient,
    ApiError,
    AuthenticationError,
    MissingApiKeyError,
    NotFoundError,
)
from thread_tui.commands.demo import build_client
from thread_tui.core.ids import ResourceKind
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_API_VERSION, DEMO_AZURE_ENDPOINT, Emulator

ENDPOINT = "https://res.openai.azure.com"
BASE = ENDPOINT + "/openai"
VERSION = "2024-05-01-preview"
AZURE_SECRET = "0123456789abcdefAZURESECRET98765"

THREAD = {
    "id": "thread_abc123",
    "object": "thread",
    "created_at": 1,
    "metadata": {},
    "tool_resources": {},
}
CONVERSATION = {"id": "conv_abc123", "object": "conversation", "created_at": 1, "metadata": {}}


async def _no_sleep(_seconds: float) -> None:
    return None


def azure_settings(**changes: Any) -> Settings:
    options: dict[str, Any] = {
        "api_key": SecretStr(AZURE_SECRET),
        "base_url": BASE,
        "azure_endpoint": ENDPOINT,
        "api_version": VERSION,
    }
    options.update(changes)
    return Settings(**options)


@pytest.fixture
def azure_router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock


@pytest.fixture
async def azure_client() -> AsyncIterator[ApiClient]:
    async with ApiClient(azure_settings(), sleep=_no_sleep) as api:
        yield api


def _list(ids: list[str], kind: str, *, has_more: bool) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for item_id in ids:
        if kind == "file":
            items.append({"id": item_id, "object": "file", "created_at": 1, "filename": item_id})
        elif kind == "vector_store":
            items.append({"id": item_id, "object": "vector_store", "created_at": 1, "name": "s"})
        else:
            items.append(
                {
                    "id": item_id,
                    "object": "thread.message",
                    "created_at": 1,
                    "thread_id": "thread_abc123",
                    "role": "user",
                    "content": [],
                }
            )
    return {
        "object": "list",
        "data": items,
        "first_id": ids[0],
        "last_id": ids[-1],
        "has_more": has_more,
    }


def _assert_azure_request(request: httpx.Request, *, beta: bool) -> None:
    assert request.headers["api-key"] == AZURE_SECRET
    assert "authorization" not in request.headers
    assert request.url.params["api-version"] == VERSION
    assert request.url.host == "res.openai.azure.com"
    assert request.url.path.startswith("/openai/")
    if beta:
        assert request.headers["openai-beta"] == "assistants=v2"
    else:
        assert "openai-beta" not in request.headers


async def test_every_single_call_kind_sends_api_key_and_api_version(
    azure_router: respx.MockRouter, azure_client: ApiClient
) -> None:
    thread_get = azure_router.get("/threads/thread_abc123").respond(200, json=THREAD)
    thread_post = azure_router.post("/threads/thread_abc123").respond(200, json=THREAD)
    thread_create = azure_router.post("/threads").respond(200, json=THREAD)
    thread_delete = azure_router.delete("/threads/thread_abc123").respond(
        200, json={"id": "thread_abc123", "object": "thread.deleted", "deleted": True}
    )
    conv_get = azure_router.get("/conversations/conv_abc123").respond(200, json=CONVERSATION)
    conv_post = azure_router.post("/conversations/conv_abc123").respond(200, json=CONVERSATION)
    conv_create = azure_router.post("/conversations").respond(200, json=CONVERSATION)
    conv_delete = azure_router.delete("/conversations/conv_abc123").respond(
        200, json={"id": "conv_abc123", "object": "conversation.deleted", "deleted": True}
    )

    await azure_client.get_resource("thread_abc123")
    await azure_client.modify_resource("thread_abc123", {"metadata": {"a": "b"}})
    await azure_client.create_resource(ResourceKind.THREAD, {"metadata": {"a": "b"}})
    await azure_client.delete_resource("thread_abc123")
    await azure_client.get_resource("conv_abc123")
    await azure_client.modify_resource("conv_abc123", {"metadata": {"a": "b"}})
    await azure_client.create_resource(ResourceKind.CONVERSATION)
    await azure_client.delete_resource("conv_abc123")
    # The headless path (call_json) too, for each method.
    await azure_client.call_json("GET", "thread_abc123")
    await azure_client.call_json("POST", "conv_abc123", {"metadata": {"a": "b"}})
    await azure_client.call_json("POST", None, {}, kind=ResourceKind.THREAD)
    await azure_client.call_json("DELETE", "conv_abc123")

    thread_routes = [thread_get, thread_post, thread_create, thread_delete]
    conversation_routes = [conv_get, conv_post, conv_create, conv_delete]
    for route in thread_routes + conversation_routes:
        assert route.called
    for route in thread_routes:
        for call in route.calls:
            _assert_azure_request(call.request, beta=True)
    for route in conversation_routes:
        for call in route.calls:
            _assert_azure_request(call.request, beta=False)
    # The body is still exactly what the caller built: api-version goes in the query only.
    assert json.loads(thread_post.calls.last.request.content) == {"metadata": {"a": "b"}}


@pytest.mark.parametrize("kind", ["file", "vector_store", "message"])
async def test_every_page_of_a_list_carries_api_version(
    azure_router: respx.MockRouter, azure_client: ApiClient, kind: str
) -> None:
    path = {
        "file": "/files",
        "vector_store": "/vector_stores",
        "message": "/threads/thread_abc123/messages",
    }[kind]
    route = azure_router.get(path).mock(
        side_effect=[
            httpx.Response(200, json=_list(["x-1", "x-2"], kind, has_more=True)),
            httpx.Response(200, json=_list(["x-3", "x-4"], kind, has_more=True)),
            httpx.Response(200, json=_list(["x-5"], kind, has_more=False)),
        ]
    )
    if kind == "file":
        ids = [f.id for f in await azure_client.list_all_files(page_size=2)]
    elif kind == "vector_store":
        ids = [s.id for s in await azure_client.list_all_vector_stores(page_size=2)]
    else:
        page = await azure_client.list_messages("thread_abc123", limit=2)
        page2 = await azure_client.list_messages("thread_abc123", limit=2, after=page.last_id)
        page3 = await azure_client.list_messages("thread_abc123", limit=2, after=page2.last_id)
        ids = [m.id for p in (page, page2, page3) for m in p.data]
    assert ids == ["x-1", "x-2", "x-3", "x-4", "x-5"]
    assert route.call_count == 3
    afters = [call.request.url.params.get("after") for call in route.calls]
    assert afters == [None, "x-2", "x-4"]
    for call in route.calls:
        _assert_azure_request(call.request, beta=kind == "message")
        # Exactly one api-version, even on pages built from the previous query.
        assert call.request.url.params.get_list("api-version") == [VERSION]


async def test_every_page_of_conversation_items_carries_api_version(
    azure_router: respx.MockRouter, azure_client: ApiClient
) -> None:
    def items(ids: list[str], *, has_more: bool) -> dict[str, Any]:
        data = [{"type": "message", "id": i, "role": "user", "content": []} for i in ids]
        return {
            "object": "list",
            "data": data,
            "first_id": ids[0],
            "last_id": ids[-1],
            "has_more": has_more,
        }

    route = azure_router.get("/conversations/conv_abc123/items").mock(
        side_effect=[
            httpx.Response(200, json=items(["msg_1", "msg_2"], has_more=True)),
            httpx.Response(200, json=items(["msg_3"], has_more=False)),
            httpx.Response(200, json=items(["msg_9"], has_more=False)),
        ]
    )
    pages = azure_client.iter_conversation_item_pages("conv_abc123", page_size=2)
    ids = [item.id async for page in pages for item in page.data]
    single = await azure_client.list_conversation_items("conv_abc123", limit=1)
    assert ids == ["msg_1", "msg_2", "msg_3"] and single.data[0].id == "msg_9"
    assert [c.request.url.params.get("after") for c in route.calls] == [None, "msg_2", None]
    for call in route.calls:
        _assert_azure_request(call.request, beta=False)


async def test_the_exchange_shows_a_placeholder_not_the_key(
    azure_router: respx.MockRouter, azure_client: ApiClient
) -> None:
    azure_router.post("/threads/thread_abc123").respond(
        200, json=THREAD, headers={"x-request-id": "req_1"}
    )
    await azure_client.modify_resource("thread_abc123", {"metadata": {"k": "v"}})
    exchange = azure_client.last_exchange
    assert exchange is not None
    assert exchange.request_headers["api-key"] == "$AZURE_OPENAI_API_KEY"
    assert "authorization" not in exchange.request_headers
    assert exchange.url == f"{BASE}/threads/thread_abc123?api-version={VERSION}"
    everything = repr(exchange) + repr(azure_client) + repr(vars(azure_client))
    assert AZURE_SECRET not in everything


async def test_a_server_echoing_the_key_is_scrubbed_from_the_error(
    azure_router: respx.MockRouter, azure_client: ApiClient
) -> None:
    echoed = {"error": {"code": "401", "message": f"Access denied for key {AZURE_SECRET}."}}
    azure_router.get("/threads/thread_abc123").respond(
        401, json=echoed, headers={"x-echo": AZURE_SECRET}
    )
    with pytest.raises(AuthenticationError) as info:
        await azure_client.get_resource("thread_abc123")
    error = info.value
    assert "Access denied for key $AZURE_OPENAI_API_KEY." in error.user_message()
    assert error.exchange is not None
    texts = [
        error.user_message(),
        str(error),
        repr(error.args),
        json.dumps(error.body),
        error.exchange.response_text,
        json.dumps(error.exchange.response_headers),
        json.dumps(error.exchange.request_headers),
    ]
    assert all(AZURE_SECRET not in text for text in texts)


async def test_azures_error_shapes_still_give_a_sentence(
    azure_router: respx.MockRouter, azure_client: ApiClient
) -> None:
    azure_router.get("/threads/thread_abc123").respond(
        404, json={"error": {"code": "404", "message": "Resource not found"}}
    )
    azure_router.get("/conversations/conv_abc123").respond(
        401, json={"statusCode": 401, "message": "Unauthorized. Access token is missing."}
    )
    with pytest.raises(NotFoundError) as not_found:
        await azure_client.get_resource("thread_abc123")
    assert "Resource not found" in not_found.value.user_message()
    assert not_found.value.code == "404"
    with pytest.raises(AuthenticationError) as unauthorized:
        await azure_client.get_resource("conv_abc123")
    assert "Access token is missing" in unauthorized.value.user_message()


async def test_no_key_names_the_azure_variable() -> None:
    async with ApiClient(azure_settings(api_key=None)) as client:
        with pytest.raises(MissingApiKeyError) as info:
            await client.get_resource("conv_abc123")
    assert "AZURE_OPENAI_API_KEY" in info.value.user_message()


async def test_openai_settings_still_send_bearer_without_api_version() -> None:
    # Azure must stay opt-in: the default client is untouched.
    settings = Settings(api_key=SecretStr("sk-plain-000000000000"), base_url="https://a.test/v1")
    with respx.mock(base_url="https://a.test/v1") as mock:
        route = mock.get("/files").respond(200, json={"object": "list", "data": []})
        async with ApiClient(settings) as client:
            await client.list_all_files()
    request = route.calls.last.request
    assert request.headers["authorization"] == "Bearer sk-plain-000000000000"
    assert "api-key" not in request.headers
    assert "api-version" not in request.url.params


# -- against the Azure-mode emulator ------------------------------------------------------


async def test_end_to_end_on_the_azure_emulator() -> None:
    emu = Emulator(azure=True)
    settings = azure_settings(
        api_key=SecretStr(DEMO_API_KEY),
        base_url=DEMO_AZURE_ENDPOINT + "/openai",
        azure_endpoint=DEMO_AZURE_ENDPOINT,
        api_version=DEMO_API_VERSION,
        demo=True,  # the emulator's host is plain http: allowed for the demo only
    )
    async with ApiClient(settings, transport=emu.transport(), sleep=_no_sleep) as client:
        thread = await client.modify_resource("thread_abc123", {"metadata": {"via": "azure"}})
        files = await client.list_all_files(page_size=10)
        stores = await client.list_all_vector_stores(page_size=2)
        messages = await client.list_messages("thread_abc123", limit=5)
    assert thread.metadata is not None and thread.metadata["via"] == "azure"
    assert len(files) > 10 and len(stores) == 5 and len(messages.data) == 5
    assert len(emu.requests) > 3
    for request in emu.requests:
        assert request.status == 200, request
        assert request.path.startswith("/openai/")
        assert request.query["api-version"] == DEMO_API_VERSION
        assert request.headers["api-key"] == "***"  # the emulator's log never keeps a key
        assert "authorization" not in request.headers


async def test_demo_with_an_azure_endpoint_answers_as_azure() -> None:
    user = Settings(
        api_key=SecretStr("real-azure-key-from-the-env-0000"),
        azure_endpoint="https://mine.openai.azure.com",
        base_url="https://mine.openai.azure.com/openai",
        api_version=VERSION,
        demo=True,
    )
    async with build_client(user) as client:
        assert client.settings.azure_endpoint == DEMO_AZURE_ENDPOINT
        assert client.settings.base_url == DEMO_AZURE_ENDPOINT + "/openai"
        assert client.settings.api_version == VERSION
        assert client.settings.api_key is not None
        assert client.settings.api_key.get_secret_value() == DEMO_API_KEY
        conversation = await client.get_resource("conv_abc123")
        exchange = client.last_exchange
    assert conversation.id == "conv_abc123"
    assert exchange is not None
    assert (
        exchange.url
        == f"{DEMO_AZURE_ENDPOINT}/openai/conversations/conv_abc123?api-version={VERSION}"
    )
    assert exchange.request_headers["api-key"] == "$AZURE_OPENAI_API_KEY"


async def test_an_openai_client_on_the_azure_emulator_is_refused() -> None:
    # A Bearer header and a /v1 path both miss: the Azure emulator does not answer as OpenAI.
    emu = Emulator(azure=True)
    settings = Settings(
        api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_AZURE_ENDPOINT + "/openai", demo=True
    )
    async with ApiClient(settings, transport=emu.transport(), sleep=_no_sleep) as client:
        with pytest.raises(ApiError) as info:
            await client.get_resource("conv_abc123")
    assert info.value.status == 401
    assert "Access token is missing" in info.value.user_message()
