"""The emulator's Azure OpenAI mode, in process and over a real 127.0.0.1 socket: endpoints
under /openai, the key in an `api-key` header, `api-version` required on every call, and
Azure's own answers when any of that is missing. The OpenAI mode stays as it was."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from thread_tui.emulator import DEMO_API_KEY, DEMO_API_VERSION, DEMO_AZURE_ENDPOINT, Emulator
from thread_tui.emulator.server import running_server

VERSION = {"api-version": DEMO_API_VERSION}
AZURE_HEADERS = {"api-key": DEMO_API_KEY, "OpenAI-Beta": "assistants=v2"}
NOT_FOUND = {"error": {"code": "404", "message": "Resource not found"}}


@pytest.fixture
def azure_emu() -> Emulator:
    return Emulator(azure=True)


@pytest.fixture(params=["transport", "socket"])
async def azure_http(
    request: pytest.FixtureRequest, azure_emu: Emulator
) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the Azure root (no /openai, no headers, no query): each test says what
    it sends. The same tests run in process and through a real server."""
    if request.param == "transport":
        async with httpx.AsyncClient(
            transport=azure_emu.transport(), base_url=DEMO_AZURE_ENDPOINT
        ) as client:
            yield client
        return
    with running_server(azure_emu) as base_url:
        assert base_url.endswith("/openai")
        root = base_url.removesuffix("/openai")
        async with httpx.AsyncClient(base_url=root) as client:
            yield client


async def test_an_azure_call_is_answered(azure_http: httpx.AsyncClient, schemas: Any) -> None:
    response = await azure_http.get(
        "/openai/threads/thread_abc123", params=VERSION, headers=AZURE_HEADERS
    )
    assert response.status_code == 200
    schemas.validate("ThreadObject", response.json())
    assert response.headers["x-request-id"].startswith("req_")
    response = await azure_http.post(
        "/openai/conversations/conv_abc123",
        params=VERSION,
        headers=AZURE_HEADERS,
        json={"metadata": {"via": "azure"}},
    )
    assert response.status_code == 200 and response.json()["metadata"]["via"] == "azure"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/openai/threads/thread_abc123"),
        ("POST", "/openai/threads/thread_abc123"),
        ("POST", "/openai/threads"),
        ("DELETE", "/openai/threads/thread_abc123"),
        ("GET", "/openai/threads/thread_abc123/messages"),
        ("GET", "/openai/conversations/conv_abc123"),
        ("POST", "/openai/conversations"),
        ("DELETE", "/openai/conversations/conv_abc123"),
        ("GET", "/openai/files"),
        ("GET", "/openai/vector_stores"),
    ],
)
async def test_every_call_without_api_version_is_azures_404(
    azure_http: httpx.AsyncClient, azure_emu: Emulator, method: str, path: str
) -> None:
    before = (dict(azure_emu.threads), dict(azure_emu.conversations))
    body = {"metadata": {"a": "b"}} if method == "POST" else None
    response = await azure_http.request(method, path, headers=AZURE_HEADERS, json=body)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    # An empty value is no version either.
    response = await azure_http.request(
        method, path, params={"api-version": ""}, headers=AZURE_HEADERS, json=body
    )
    assert response.status_code == 404
    assert (dict(azure_emu.threads), dict(azure_emu.conversations)) == before
    # The same call with the version goes through.
    response = await azure_http.request(
        method, path, params=VERSION, headers=AZURE_HEADERS, json=body
    )
    assert response.status_code == 200


async def test_a_bearer_header_alone_is_refused(azure_http: httpx.AsyncClient) -> None:
    response = await azure_http.get(
        "/openai/conversations/conv_abc123",
        params=VERSION,
        headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
    )
    assert response.status_code == 401
    body = response.json()
    assert body["statusCode"] == 401
    assert body["message"].startswith("Unauthorized. Access token is missing, invalid")


async def test_no_key_and_a_wrong_key(azure_http: httpx.AsyncClient) -> None:
    response = await azure_http.get("/openai/conversations/conv_abc123", params=VERSION)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "401"
    assert "missing subscription key" in response.json()["error"]["message"]
    response = await azure_http.get(
        "/openai/conversations/conv_abc123",
        params=VERSION,
        headers={"api-key": "not-the-key-0000000000"},
    )
    assert response.status_code == 401
    assert "invalid subscription key" in response.json()["error"]["message"]
    assert "not-the-key" not in response.text


async def test_openai_paths_and_unknown_paths_are_not_found(azure_http: httpx.AsyncClient) -> None:
    for path in ("/v1/threads/thread_abc123", "/openai/assistants", "/openai/threads/a/b/c"):
        response = await azure_http.get(path, params=VERSION, headers=AZURE_HEADERS)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path


async def test_the_beta_header_is_still_required_on_threads(
    azure_http: httpx.AsyncClient,
) -> None:
    response = await azure_http.get(
        "/openai/threads/thread_abc123", params=VERSION, headers={"api-key": DEMO_API_KEY}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_beta"


async def test_pages_follow_the_cursor_with_the_version(
    azure_http: httpx.AsyncClient, azure_emu: Emulator
) -> None:
    seen: list[str] = []
    after: str | None = None
    while True:
        params = {**VERSION, "limit": "2"}
        if after:
            params["after"] = after
        response = await azure_http.get(
            "/openai/vector_stores", params=params, headers=AZURE_HEADERS
        )
        assert response.status_code == 200
        page = response.json()
        seen += [item["id"] for item in page["data"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    assert sorted(seen) == sorted(azure_emu.vector_stores)
    assert all(r.query["api-version"] == DEMO_API_VERSION for r in azure_emu.requests)


async def test_the_request_log_never_keeps_the_key(
    azure_http: httpx.AsyncClient, azure_emu: Emulator
) -> None:
    await azure_http.get("/openai/files", params=VERSION, headers=AZURE_HEADERS)
    [logged] = azure_emu.requests
    assert logged.headers["api-key"] == "***"
    assert DEMO_API_KEY not in repr(azure_emu.requests)


async def test_accept_any_key_takes_any_api_key() -> None:
    emu = Emulator(azure=True, accept_any_key=True)
    async with httpx.AsyncClient(transport=emu.transport(), base_url=DEMO_AZURE_ENDPOINT) as http:
        response = await http.get(
            "/openai/conversations/conv_abc123",
            params=VERSION,
            headers={"api-key": "whatever-key"},
        )
    assert response.status_code == 200


async def test_the_openai_mode_is_unchanged() -> None:
    emu = Emulator()
    assert emu.base_path == "/v1"
    root = "http://emulator.local"
    async with httpx.AsyncClient(transport=emu.transport(), base_url=root) as http:
        azure_path = await http.get(
            "/openai/conversations/conv_abc123", params=VERSION, headers=AZURE_HEADERS
        )
        api_key_only = await http.get("/v1/conversations/conv_abc123", headers=AZURE_HEADERS)
        bearer = await http.get(
            "/v1/conversations/conv_abc123", headers={"Authorization": f"Bearer {DEMO_API_KEY}"}
        )
    assert azure_path.status_code == 404
    assert azure_path.json()["error"]["message"].startswith("Invalid URL")
    assert api_key_only.status_code == 401
    assert "You didn't provide an API key" in api_key_only.json()["error"]["message"]
    assert bearer.status_code == 200


async def test_faults_still_apply_in_azure_mode(azure_emu: Emulator) -> None:
    azure_emu.faults.inject(503, match="GET /openai/files")
    async with httpx.AsyncClient(
        transport=azure_emu.transport(), base_url=DEMO_AZURE_ENDPOINT
    ) as http:
        first = await http.get("/openai/files", params=VERSION, headers=AZURE_HEADERS)
        second = await http.get("/openai/files", params=VERSION, headers=AZURE_HEADERS)
    assert (first.status_code, second.status_code) == (503, 200)
