"""A requests-per-minute limit answered as OpenAI does: `x-ratelimit-*-requests` headers on
every response and, once exceeded, a 429 with `retry-after`, in process and over the socket.
Time is a fake clock stepped by the tests."""

from __future__ import annotations

import httpx
import pytest

from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator, RequestRateLimit
from thread_tui.emulator.ratelimit import go_duration
from thread_tui.emulator.server import running_server

HEADERS = {"Authorization": f"Bearer {DEMO_API_KEY}", "OpenAI-Beta": "assistants=v2"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _client(emu: Emulator) -> httpx.Client:
    return httpx.Client(transport=emu.sync_transport(), base_url=DEMO_BASE_URL, headers=HEADERS)


def _limits(response: httpx.Response) -> tuple[str, str, str]:
    h = response.headers
    return (
        h["x-ratelimit-limit-requests"],
        h["x-ratelimit-remaining-requests"],
        h["x-ratelimit-reset-requests"],
    )


def test_the_limit_is_answered_with_429_and_retry_after(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(2, clock=clock))
    with _client(emu) as client:
        first = client.get("/threads/thread_abc123")
        second = client.get("/threads/thread_abc123")
        assert (first.status_code, second.status_code) == (200, 200)
        assert _limits(first) == ("2", "1", "30s")
        assert _limits(second) == ("2", "0", "1m0s")
        third = client.post("/threads/thread_abc123", json={"metadata": {"a": "b"}})
        assert third.status_code == 429
        assert third.headers["retry-after"] == "30"
        assert _limits(third) == ("2", "0", "1m0s")
        error = third.json()["error"]
        assert (error["type"], error["code"], error["param"]) == (
            "requests",
            "rate_limit_exceeded",
            None,
        )
        assert "Limit 2" in error["message"] and "30s" in error["message"]
        assert "a" not in emu.threads["thread_abc123"]["metadata"]  # a 429 changes nothing

        clock.now += 29.0
        assert client.get("/threads/thread_abc123").headers["retry-after"] == "1"
        clock.now += 1.0
        assert client.get("/threads/thread_abc123").status_code == 200
    assert [r.status for r in emu.requests] == [200, 200, 429, 429, 200]


def test_a_burst_up_to_the_limit_then_the_steady_rate(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(60, clock=clock))
    with _client(emu) as client:
        statuses = [client.get("/files").status_code for _ in range(61)]
        assert statuses == [200] * 60 + [429]
        clock.now += 1.0  # one request a second refills
        assert [client.get("/files").status_code for _ in range(2)] == [200, 429]
        clock.now += 3600.0  # never more than the limit banked
        assert [client.get("/files").status_code for _ in range(61)] == [200] * 60 + [429]


def test_a_fault_armed_takes_precedence_and_keeps_its_headers(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(1, clock=clock))
    emu.faults.inject(503, headers={"x-ratelimit-remaining-requests": "77"})
    with _client(emu) as client:
        response = client.get("/threads/thread_abc123")
    assert response.status_code == 503
    assert response.headers["x-ratelimit-remaining-requests"] == "77"


def test_without_a_limit_the_usual_headers() -> None:
    with _client(Emulator()) as client:
        statuses = {client.get("/files").status_code for _ in range(30)}
        response = client.get("/files")
    assert statuses == {200}
    assert _limits(response) == ("5000", "4999", "12ms")


def test_a_whole_number_is_a_limit_on_the_wall_clock() -> None:
    emu = Emulator(rate_limit=3)
    assert emu.rate_limit is not None and emu.rate_limit.per_minute == 3
    with _client(emu) as client:
        assert _limits(client.get("/files"))[:2] == ("3", "2")


def test_the_limit_over_the_socket(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(1, clock=clock))
    with running_server(emu) as base_url, httpx.Client(headers=HEADERS) as client:
        assert client.get(f"{base_url}/threads/thread_abc123").status_code == 200
        limited = client.get(f"{base_url}/threads/thread_abc123")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"
    assert _limits(limited) == ("1", "0", "1m0s")


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.012, "12ms"), (0, "0ms"), (1, "1s"), (17.5, "17.5s"), (360, "6m0s"), (59.9999, "1m0s")],
)
def test_durations_as_openai_writes_them(seconds: float, text: str) -> None:
    assert go_duration(seconds) == text


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError):
        RequestRateLimit(0)


def test_a_429_says_when_to_retry_in_milliseconds_too(clock: Clock) -> None:
    # OpenAI's SDKs read retry-after-ms first: at 6,000 a minute the next request passes in
    # 10 ms, which `retry-after: 1` (whole seconds) would make a client wait 100 times over.
    emu = Emulator(rate_limit=RequestRateLimit(6000, clock=clock))
    emu.rate_limit._tokens = 0.0  # type: ignore[union-attr]  # the bucket just emptied
    with _client(emu) as client:
        limited = client.get("/threads/thread_abc123")
    assert limited.status_code == 429
    assert limited.headers["retry-after-ms"] == "10"
    assert limited.headers["retry-after"] == "1"


def test_a_burst_smaller_than_the_limit_enforces_it_per_second(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(6000, burst=100, clock=clock))
    with _client(emu) as client:
        statuses = [client.get("/files").status_code for _ in range(101)]
        assert statuses == [200] * 100 + [429]
        limited = client.get("/files")
        assert _limits(limited) == ("6000", "0", "1s")
        assert (limited.headers["retry-after"], limited.headers["retry-after-ms"]) == ("1", "10")
        clock.now += 0.011  # one request every 10 ms
        assert [client.get("/files").status_code for _ in range(2)] == [200, 429]
        clock.now += 3600.0  # never more than the burst banked
        assert [client.get("/files").status_code for _ in range(101)] == [200] * 100 + [429]


def test_every_answer_carries_the_headers(clock: Clock) -> None:
    emu = Emulator(rate_limit=RequestRateLimit(10, clock=clock))
    with _client(emu) as client:
        answers = [
            client.get("/threads/thread_missing"),  # 404
            client.post("/threads/thread_abc123", json={"metadata": {"a": 1}}),  # 400
            client.get("/threads/thread_abc123"),  # 200
        ]
    assert [a.status_code for a in answers] == [404, 400, 200]
    assert [_limits(a)[:2] for a in answers] == [("10", "9"), ("10", "8"), ("10", "7")]
    assert all("retry-after" not in a.headers for a in answers)


@pytest.mark.parametrize("burst", [0, 3])
def test_a_burst_beyond_the_limit_or_below_one_is_refused(burst: int) -> None:
    with pytest.raises(ValueError):
        RequestRateLimit(2, burst=burst)
