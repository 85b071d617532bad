"""Fault injection behaves alike in process and over the socket."""

from __future__ import annotations

import httpx
import pytest

from thread_tui.emulator import Emulator


async def test_status_fault_with_headers_then_recovers(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    emu.faults.inject(429, headers={"retry-after": "2"}, times=2)
    for _ in range(2):
        response = await http.get("/threads/thread_abc123")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "2"
    assert (await http.get("/threads/thread_abc123")).status_code == 200


@pytest.mark.parametrize("kind", ["not_json", "wrong_shape", "empty"])
async def test_malformed_bodies(http: httpx.AsyncClient, emu: Emulator, kind: str) -> None:
    emu.faults.inject(malformed=kind)
    response = await http.get("/threads/thread_abc123")
    assert response.status_code == 200
    if kind == "empty":
        assert response.content == b""
    elif kind == "not_json":
        with pytest.raises(ValueError):
            response.json()
    else:
        assert "id" not in response.json()


async def test_drop_resets_the_connection(http: httpx.AsyncClient, emu: Emulator) -> None:
    emu.faults.inject(drop=True)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        await http.get("/threads/thread_abc123")


async def test_match_limits_a_fault_to_some_requests(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    emu.faults.inject(500, match="POST /v1/threads")
    assert (await http.get("/threads/thread_abc123")).status_code == 200
    response = await http.post("/threads/thread_abc123", json={"metadata": {}})
    assert response.status_code == 500
    assert emu.faults.pending == 0


async def test_connect_faults_in_process(emu: Emulator) -> None:
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://e/v1") as client:
        emu.faults.inject(connect_error=True)
        with pytest.raises(httpx.ConnectError):
            await client.get("/threads/thread_abc123")
        emu.faults.inject(connect_timeout=True)
        with pytest.raises(httpx.ConnectTimeout):
            await client.get("/threads/thread_abc123")


async def test_delay_past_the_read_timeout(emu: Emulator) -> None:
    emu.faults.inject(delay=0.3)
    async with httpx.AsyncClient(
        transport=emu.transport(), base_url="http://e/v1", timeout=httpx.Timeout(5, read=0.05)
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/threads/thread_abc123")


def test_delay_over_the_socket(server: str, emu: Emulator) -> None:
    emu.faults.inject(delay=0.5)
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{server}/threads/thread_abc123", timeout=httpx.Timeout(5, read=0.1))
