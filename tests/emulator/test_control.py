"""`/_emulator/faults`: faults armed over HTTP behave as the in-process hooks' do, in process
and over a real 127.0.0.1 socket; the route wants the emulator's own key and checks its body."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator
from thread_tui.emulator.server import running_server

KEY = {"Authorization": f"Bearer {DEMO_API_KEY}"}
ROOT_FAULTS = DEMO_BASE_URL.removesuffix("/v1") + "/_emulator/faults"


def _faults_url(http: httpx.AsyncClient) -> str:
    return str(http.base_url.copy_with(path="/_emulator/faults"))


def _is_api_error(response: httpx.Response) -> bool:
    error = response.json().get("error")
    return isinstance(error, dict) and set(error) == {"message", "type", "param", "code"}


async def test_an_armed_status_fault_answers_then_wears_off(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    spec = {"status": 503, "times": 2, "match": "GET /v1/threads", "headers": {"Retry-After": "3"}}
    armed = await http.post(_faults_url(http), json=spec, headers=KEY)
    assert armed.status_code == 200, armed.text
    assert armed.json()["status"] == 503 and armed.json()["times"] == 2
    assert emu.faults.pending == 2
    assert (await http.get("/files")).status_code == 200  # not matched
    for _ in range(2):
        response = await http.get("/threads/thread_abc123")
        assert response.status_code == 503 and response.headers["retry-after"] == "3"
    assert (await http.get("/threads/thread_abc123")).status_code == 200


async def test_list_and_clear(http: httpx.AsyncClient, emu: Emulator) -> None:
    url = _faults_url(http)
    await http.post(url, json={"drop": True, "match": "POST"}, headers=KEY)
    await http.post(url, json={"malformed": "not_json"}, headers=KEY)
    listed = (await http.get(url, headers=KEY)).json()
    assert listed["object"] == "list"
    assert [(f["drop"], f["malformed"]) for f in listed["data"]] == [
        (True, None),
        (False, "not_json"),
    ]
    cleared = await http.delete(url, headers=KEY)
    assert cleared.json() == {"object": "emulator.faults.cleared", "cleared": 2}
    assert emu.faults.pending == 0
    assert (await http.get("/threads/thread_abc123")).json()["id"] == "thread_abc123"


async def test_a_reset_armed_over_the_socket_resets(server: str, emu: Emulator) -> None:
    root = server.removesuffix("/v1")
    async with httpx.AsyncClient() as client:
        armed = await client.post(f"{root}/_emulator/faults", json={"drop": True}, headers=KEY)
        assert armed.status_code == 200
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            await client.get(f"{server}/threads/thread_abc123", headers=KEY)


async def test_control_requests_are_not_logged_nor_hit_by_faults(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    emu.faults.inject(500, times=10)  # matches every request
    url = _faults_url(http)
    assert (await http.get(url, headers=KEY)).status_code == 200
    assert (await http.delete(url, headers=KEY)).status_code == 200
    assert emu.requests == []
    assert (await http.get("/threads/thread_abc123")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer sk-not-the-emulators"}, {"api-key": "sk-nope"}],
    ids=["none", "wrong bearer", "wrong api-key"],
)
async def test_the_route_wants_the_emulators_own_key(headers: dict[str, str]) -> None:
    emu = Emulator(accept_any_key=True)  # the API takes any key; the control route does not
    async with httpx.AsyncClient(transport=emu.transport(), base_url=DEMO_BASE_URL) as client:
        for method in ("GET", "POST", "DELETE"):
            response = await client.request(
                method, ROOT_FAULTS, json={"status": 500}, headers=headers
            )
            assert response.status_code == 401 and _is_api_error(response)
        assert emu.faults.pending == 0
        accepted = await client.get(ROOT_FAULTS, headers={"api-key": DEMO_API_KEY})
        assert accepted.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"times": 3}',
        b'{"status": "503"}',
        b'{"status": 700}',
        b'{"status": true}',
        b'{"delay": -1}',
        b'{"delay": 1e9}',
        b'{"drop": "yes"}',
        b'{"drop": true, "times": 0}',
        b'{"drop": true, "times": 1.5}',
        b'{"malformed": "weird"}',
        b'{"headers": {"bad name": "x"}}',
        b'{"headers": {"x-a": "one\\r\\nx-b: two"}}',
        b'{"headers": {"x-a": 1}}',
        b'{"status": 500, "body": 3}',
        b'{"status": 500, "surprise": 1}',
        b"[" * 50_000,
    ],
)
async def test_a_bad_fault_is_a_400_and_arms_nothing(
    http: httpx.AsyncClient, emu: Emulator, body: bytes
) -> None:
    response = await http.post(_faults_url(http), content=body, headers=KEY)
    assert response.status_code == 400 and _is_api_error(response), response.text
    assert emu.faults.pending == 0


@pytest.mark.parametrize(("method", "path", "status"), [("PUT", "faults", 405), ("GET", "x", 404)])
async def test_other_control_requests(
    http: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    url = str(http.base_url.copy_with(path=f"/_emulator/{path}"))
    response = await http.request(method, url, headers=KEY)
    assert response.status_code == status and _is_api_error(response)


def test_armed_faults_apply_to_any_client(emu: Emulator) -> None:
    spec: dict[str, Any] = {"status": 429, "headers": {"retry-after": "7"}}
    with running_server(emu) as base_url:
        root = base_url.removesuffix("/v1")
        assert httpx.post(f"{root}/_emulator/faults", json=spec, headers=KEY).status_code == 200
        response = httpx.get(
            f"{base_url}/threads/thread_abc123", headers={**KEY, "OpenAI-Beta": "assistants=v2"}
        )
    assert response.status_code == 429 and response.headers["retry-after"] == "7"
    assert _is_api_error(response)


async def test_armed_faults_are_bounded_in_number_and_size(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    # Any local process knows the printed key: 3,000 faults of 100 KB each held 800 MB.
    from thread_tui.emulator.control import MAX_ARMED, MAX_FAULT_BODY

    url = _faults_url(http)
    for _ in range(MAX_ARMED):
        assert (await http.post(url, json={"status": 500}, headers=KEY)).status_code == 200
    refused = await http.post(url, json={"status": 500}, headers=KEY)
    assert refused.status_code == 400 and _is_api_error(refused)
    assert f"{MAX_ARMED} faults" in refused.json()["error"]["message"]
    assert len(emu.faults.armed()) == MAX_ARMED

    await http.delete(url, headers=KEY)
    big = await http.post(
        url, json={"status": 500, "body": "x" * (MAX_FAULT_BODY + 1)}, headers=KEY
    )
    assert big.status_code == 400 and big.json()["error"]["param"] == "body"
    fits = await http.post(url, json={"status": 500, "body": "x" * MAX_FAULT_BODY}, headers=KEY)
    assert fits.status_code == 200
