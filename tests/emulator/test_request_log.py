"""The request log is bounded: the last N requests, bodies and headers cut short, the key
redacted. (It kept every body: three 200 MB POSTs held 600 MB.)"""

from __future__ import annotations

import json

import httpx

from thread_tui.emulator import DEMO_API_KEY, Emulator, EmuRequest
from thread_tui.emulator.request_log import BODY_LIMIT, HEADER_LIMIT, LOG_LIMIT

HEADERS = {"Authorization": f"Bearer {DEMO_API_KEY}", "OpenAI-Beta": "assistants=v2"}

THREAD = "/v1/threads/thread_abc123"


def _get(emu: Emulator, n: int) -> None:
    emu.dispatch(
        EmuRequest("GET", THREAD, {"n": str(n)}, {k.lower(): v for k, v in HEADERS.items()})
    )


def test_the_log_keeps_the_last_requests_only() -> None:
    emu = Emulator()
    for n in range(LOG_LIMIT + 25):
        _get(emu, n)
    assert len(emu.requests) == LOG_LIMIT
    assert emu.requests[0].query["n"] == "25"
    assert emu.requests[-1].query["n"] == str(LOG_LIMIT + 24)


def test_a_smaller_limit_and_clear() -> None:
    emu = Emulator(log_limit=3)
    for n in range(5):
        _get(emu, n)
    assert [r.query["n"] for r in emu.requests] == ["2", "3", "4"]
    emu.requests.clear()
    assert emu.requests == []


def test_a_big_body_is_kept_cut_short() -> None:
    emu = Emulator()
    big = json.dumps({"metadata": {"a": "x" * (4 * BODY_LIMIT)}})
    with httpx.Client(transport=emu.sync_transport(), base_url="http://e/v1") as client:
        response = client.post(
            "/threads/thread_abc123",
            content=big,
            headers={**HEADERS, "X-Long": "y" * 10_000, "Content-Type": "application/json"},
        )
    assert response.status_code == 400  # the value is over the API's 512 characters
    [logged] = emu.requests
    assert isinstance(logged.json, str)
    assert len(logged.json) < BODY_LIMIT + 100 and f"{len(big)} bytes" in logged.json
    assert len(logged.headers["x-long"]) == HEADER_LIMIT
    assert logged.headers["authorization"] == "Bearer ***"
    assert DEMO_API_KEY not in repr(emu.requests)


def test_small_bodies_are_kept_parsed() -> None:
    emu = Emulator()
    with httpx.Client(transport=emu.sync_transport(), base_url="http://e/v1") as client:
        client.post("/threads/thread_abc123", json={"metadata": {"a": "b"}}, headers=HEADERS)
    assert emu.mutating_requests()[0].json == {"metadata": {"a": "b"}}
