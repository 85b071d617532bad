"""What goes out on the wire: auth, beta, organization/project, user agent; what is recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import respx

import thread_tui
from thread_tui.api import ApiClient
from thread_tui.core.ids import InvalidIdError, ResourceKind
from thread_tui.core.settings import Settings

THREAD = {"id": "thread_abc123", "object": "thread", "created_at": 1, "metadata": {}}
CONV = {"id": "conv_abc123", "object": "conversation", "created_at": 1, "metadata": {}}
EMPTY_LIST: dict[str, Any] = {"object": "list", "data": [], "has_more": False}


async def test_thread_request_headers(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    route = router.get("/threads/thread_abc123").respond(200, json=THREAD)
    await rx_client.get_resource("thread_abc123")
    sent = route.calls.last.request.headers
    assert sent["authorization"] == f"Bearer {secret}"
    assert sent["openai-beta"] == "assistants=v2"
    assert sent["user-agent"] == f"thread-tui/{thread_tui.__version__}"
    assert sent["accept"] == "application/json"
    assert "openai-organization" not in sent
    assert "openai-project" not in sent


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c: c.get_resource("thread_abc123"), "/threads/thread_abc123"),
        (lambda c: c.modify_resource("thread_abc123", {"metadata": {}}), "/threads/thread_abc123"),
        (lambda c: c.create_resource(ResourceKind.THREAD), "/threads"),
        (lambda c: c.list_messages("thread_abc123"), "/threads/thread_abc123/messages"),
    ],
)
async def test_beta_header_on_every_threads_call(
    router: respx.MockRouter, rx_client: ApiClient, call: Callable[[ApiClient], Any], path: str
) -> None:
    body = EMPTY_LIST if path.endswith("messages") else THREAD
    route = router.route(path=path).respond(200, json=body)
    await call(rx_client)
    assert route.calls.last.request.headers["openai-beta"] == "assistants=v2"


async def test_no_beta_header_elsewhere(router: respx.MockRouter, rx_client: ApiClient) -> None:
    conv = router.get("/conversations/conv_abc123").respond(200, json=CONV)
    files = router.get("/files").respond(200, json=EMPTY_LIST)
    await rx_client.get_resource("conv_abc123")
    await rx_client.list_all_files()
    assert "openai-beta" not in conv.calls.last.request.headers
    assert "openai-beta" not in files.calls.last.request.headers
    assert conv.calls.last.request.headers["authorization"].startswith("Bearer sk-")


async def test_organization_and_project_headers(
    router: respx.MockRouter, make_settings: Callable[..., Settings]
) -> None:
    route = router.get("/conversations/conv_abc123").respond(200, json=CONV)
    settings = make_settings(organization="org-123", project="proj_456")
    async with ApiClient(settings) as client:
        await client.get_resource("conv_abc123")
    sent = route.calls.last.request.headers
    assert sent["openai-organization"] == "org-123"
    assert sent["openai-project"] == "proj_456"


async def test_modify_sends_the_body_exactly(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    route = router.post("/threads/thread_abc123").respond(200, json=THREAD)
    body = {
        "metadata": {"a": "1", "b": ""},
        "tool_resources": {"code_interpreter": {"file_ids": []}},
    }
    await rx_client.modify_resource("thread_abc123", body)
    request = route.calls.last.request
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == body


async def test_exchange_records_headers_without_the_key(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    router.post("/threads/thread_abc123").respond(
        200, json=THREAD, headers={"x-request-id": "req_1", "openai-processing-ms": "12"}
    )
    await rx_client.modify_resource("thread_abc123", {"metadata": {"k": "v"}})
    exchange = rx_client.last_exchange
    assert exchange is not None
    assert exchange.method == "POST"
    assert exchange.url == "https://api.example.test/v1/threads/thread_abc123"
    assert exchange.status == 200
    assert exchange.request_id == "req_1"
    assert exchange.request_headers["authorization"] == "Bearer $OPENAI_API_KEY"
    assert exchange.request_headers["openai-beta"] == "assistants=v2"
    assert exchange.response_headers["openai-processing-ms"] == "12"
    assert exchange.selected_headers()["x-request-id"] == "req_1"
    assert exchange.request_body == {"metadata": {"k": "v"}}
    assert exchange.json() == THREAD
    assert exchange.attempts == 1
    assert exchange.elapsed_ms >= 0
    assert exchange.ok
    assert secret not in repr(exchange)
    assert secret not in repr(rx_client)
    assert secret not in repr(vars(rx_client))


async def test_history_is_bounded_newest_last(
    router: respx.MockRouter, rx_settings: Settings
) -> None:
    router.get("/threads/thread_abc123").respond(200, json=THREAD)
    router.get("/conversations/conv_abc123").respond(200, json=CONV)
    async with ApiClient(rx_settings, history_size=3) as client:
        assert client.last_exchange is None
        for _ in range(3):
            await client.get_resource("thread_abc123")
        await client.get_resource("conv_abc123")
        history = client.history
    assert len(history) == 3
    assert history[-1].url.endswith("/conversations/conv_abc123")
    assert client.last_exchange is history[-1]


@pytest.mark.parametrize(
    "bad_id", ["thread_../x", "thread_a?b", "thread_a#b", "thread_a b", "conv_%2e%2e", "x", ""]
)
async def test_invalid_ids_are_refused_before_any_request(
    router: respx.MockRouter, rx_client: ApiClient, bad_id: str
) -> None:
    catch_all = router.route().respond(200, json=THREAD)
    for call in (
        rx_client.get_resource(bad_id),
        rx_client.modify_resource(bad_id, {"metadata": {}}),
        rx_client.delete_resource(bad_id),
        rx_client.list_messages(bad_id),
    ):
        with pytest.raises(InvalidIdError):
            await call
    assert not catch_all.called
    assert rx_client.last_exchange is None


async def test_timeouts_come_from_settings(make_settings: Callable[..., Settings]) -> None:
    async with ApiClient(make_settings(connect_timeout=2.5, total_timeout=30.0)) as client:
        timeout = client._http.timeout
    assert timeout.connect == 2.5
    assert timeout.read == 30.0
    assert isinstance(timeout, httpx.Timeout)
