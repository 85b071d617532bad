"""run_bulk: streamed items, per-object outcomes, dry runs, stopping, and rate limits.

Most tests run against the seeded emulator in process. The rate-limit ones use a small fake
server (httpx.MockTransport) and virtual time, so a 429's pause is checked on the pacer's
clock without waiting for it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from thread_tui.api import ApiClient
from thread_tui.api.bulk_runner import Outcome, run_bulk
from thread_tui.api.pacer import Pacer
from thread_tui.core.bulk_plan import BulkChange
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator

from .virtual_time import VirtualTime, vtime

__all__ = ["vtime"]  # the fixture, imported for pytest

OWNER = BulkChange({"owner": "ana"})


def emu_client(emu: Emulator, **kwargs: Any) -> ApiClient:
    settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)
    return ApiClient(settings, transport=emu.transport(), **kwargs)


async def run(
    client: ApiClient, items: Any, *, concurrency: int = 4, **kwargs: Any
) -> tuple[list[Outcome], Any]:
    seen: list[Outcome] = []
    pacer = kwargs.pop("pacer", None) or Pacer(rpm=None, concurrency=concurrency)
    totals = await run_bulk(client, items, pacer=pacer, on_outcome=seen.append, **kwargs)
    return seen, totals


async def test_each_object_gets_its_own_outcome() -> None:
    emu = Emulator()
    ids = ["thread_abc123", "thread_full16", "thread_empty", "conv_abc123", "thread_nothere"]
    emu.threads["thread_empty"]["metadata"] = {"owner": "ana"}
    async with emu_client(emu) as client:
        seen, totals = await run(client, [(i, OWNER) for i in ids])
    status = {o.id: o.status for o in seen}
    assert status == {
        "thread_abc123": "updated",
        "thread_full16": "refused",  # 16 keys already: a 17th would be over the limit
        "thread_empty": "unchanged",
        "conv_abc123": "updated",
        "thread_nothere": "not_found",
    }
    assert emu.threads["thread_abc123"]["metadata"]["owner"] == "ana"
    assert "owner" not in emu.threads["thread_full16"]["metadata"]
    updated = next(o for o in seen if o.id == "thread_abc123")
    assert updated.request_id and updated.request_id.startswith("req_")
    assert updated.resource is not None and updated.resource["metadata"]["owner"] == "ana"
    posts = [r.path for r in emu.mutating_requests()]
    assert sorted(posts) == ["/v1/conversations/conv_abc123", "/v1/threads/thread_abc123"]
    assert (totals["updated"], totals["refused"], totals["unchanged"], totals["not_found"]) == (
        2,
        1,
        1,
        1,
    )
    assert totals.problems == 2


async def test_a_dry_run_sends_gets_only() -> None:
    emu = Emulator()
    async with emu_client(emu) as client:
        seen, _totals = await run(
            client, [("thread_abc123", OWNER), ("thread_full16", OWNER)], dry_run=True
        )
    assert emu.mutating_requests() == []
    assert {o.id: o.status for o in seen} == {
        "thread_abc123": "would_update",
        "thread_full16": "refused",
    }
    planned = next(o for o in seen if o.status == "would_update").plan
    assert planned is not None and planned.diff == ('+ owner: "ana"',)


async def test_items_are_pulled_as_workers_free_up_never_all_at_once() -> None:
    emu = Emulator()
    pulled = 0
    done: list[Outcome] = []
    most_ahead = 0

    def items() -> Iterator[tuple[str, BulkChange]]:
        nonlocal pulled, most_ahead
        for n in range(60):
            most_ahead = max(most_ahead, pulled - len(done))
            pulled += 1
            yield ("thread_abc123" if n % 2 else "thread_tools", BulkChange({"n": str(n)}))

    async with emu_client(emu) as client:
        await run_bulk(
            client, items(), pacer=Pacer(rpm=None, concurrency=3), on_outcome=done.append
        )
    assert pulled == len(done) == 60
    assert most_ahead <= 3  # one item per worker in hand, no more


async def test_async_items_and_skipped_ids() -> None:
    emu = Emulator()

    async def items() -> Any:
        for rid in ("thread_abc123", "thread_tools"):
            yield rid, OWNER

    async with emu_client(emu) as client:
        seen, _ = await run(client, items(), skip=lambda rid, change: rid == "thread_tools")
    assert {o.id: o.status for o in seen} == {"thread_abc123": "updated", "thread_tools": "skipped"}
    assert "owner" not in emu.threads["thread_tools"]["metadata"]


async def test_stop_finishes_what_is_in_flight_and_starts_nothing_new() -> None:
    emu = Emulator()
    stop = asyncio.Event()
    pulled = 0
    seen: list[Outcome] = []

    def items() -> Iterator[tuple[str, BulkChange]]:
        nonlocal pulled
        for n in range(1000):
            pulled += 1
            yield "thread_abc123", BulkChange({"n": str(n)})

    def on_outcome(outcome: Outcome) -> None:
        seen.append(outcome)
        stop.set()

    async with emu_client(emu) as client:
        totals = await run_bulk(
            client, items(), pacer=Pacer(rpm=None, concurrency=4), on_outcome=on_outcome, stop=stop
        )
    assert totals.stopped
    assert 1 <= len(seen) <= pulled <= 4  # no item pulled after the stop
    # Each object whose GET went out was finished (POSTed, reported); no other was started.
    gets = [r for r in emu.requests if r.method == "GET"]
    assert len(gets) == len(emu.mutating_requests()) == len(seen)
    assert all(o.status == "updated" for o in seen)


async def test_a_failing_record_stops_the_run_and_is_raised() -> None:
    emu = Emulator()

    def on_outcome(outcome: Outcome) -> None:
        raise OSError("disk full")

    items = (("thread_abc123", BulkChange({"n": str(n)})) for n in range(1000))
    async with emu_client(emu) as client:
        with pytest.raises(OSError, match="disk full"):
            await run_bulk(
                client, items, pacer=Pacer(rpm=None, concurrency=2), on_outcome=on_outcome
            )
    assert len(emu.mutating_requests()) <= 2


async def test_an_invalid_id_is_refused_without_a_request() -> None:
    emu = Emulator()
    async with emu_client(emu) as client:
        seen, _ = await run(client, [("../etc/passwd", OWNER)])
    assert seen[0].status == "refused" and seen[0].error
    assert list(emu.requests) == []


async def test_the_pacers_hooks_are_removed_after_the_run() -> None:
    emu = Emulator()
    async with emu_client(emu) as client:
        await run(client, [("thread_abc123", OWNER)])
        assert client.before_send is None and client.on_response is None


# -- a fake server for rate limits and odd answers ---------------------------------------------


class FakeServer:
    """Threads in a dict, merged on POST; `refuse` answers 429 to the first N requests;
    `times` records the virtual time each request arrived."""

    def __init__(self, time: VirtualTime, count: int, refuse: int = 0, **headers: str) -> None:
        self.time = time
        self.threads = {
            f"thread_{n:04d}": {
                "id": f"thread_{n:04d}",
                "object": "thread",
                "created_at": 1,
                "metadata": {},
                "tool_resources": {},
            }
            for n in range(count)
        }
        self.refuse = refuse
        self.headers_429 = headers
        self.log: list[tuple[float, str, int]] = []
        self.replace_metadata = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        rid = request.url.path.rsplit("/", 1)[-1]
        if self.refuse > 0:
            self.refuse -= 1
            self.log.append((self.time.now, request.method, 429))
            body = {
                "error": {
                    "message": "Rate limit reached",
                    "type": "requests",
                    "param": None,
                    "code": "rate_limit_exceeded",
                }
            }
            return httpx.Response(429, json=body, headers=self.headers_429)
        self.log.append((self.time.now, request.method, 200))
        obj = self.threads[rid]
        if request.method == "POST":
            sent = json.loads(request.content)
            if self.replace_metadata:
                obj["metadata"] = dict(sent["metadata"])
            else:
                obj["metadata"].update(sent["metadata"])
        headers = {"x-request-id": f"req_{len(self.log)}"}
        return httpx.Response(200, json=obj, headers=headers)


def fake_client(server: FakeServer, time: VirtualTime, retries: int = 2) -> ApiClient:
    settings = Settings(
        api_key=SecretStr("sk-test-0123456789"),
        base_url="https://api.example.test/v1",
        max_retries=retries,
    )
    return ApiClient(
        settings, transport=httpx.MockTransport(server.handler), sleep=time.sleep, clock=time.clock
    )


async def test_a_429_pauses_every_worker_and_no_object_fails(time: VirtualTime) -> None:
    server = FakeServer(time, 12, refuse=1, **{"retry-after-ms": "500"})
    pacer = Pacer(rpm=100_000, concurrency=4, clock=time.clock, sleep=time.sleep)
    items = [(rid, OWNER) for rid in server.threads]
    async with fake_client(server, time) as client:
        _seen, totals = await run(client, items, pacer=pacer)
    assert totals["updated"] == 12 and totals["failed"] == 0
    refused_at = next(t for t, _, status in server.log if status == 429)
    after = server.log[server.log.index((refused_at, "GET", 429)) + 1 :]
    # Not only the worker that got the 429 waited: every request after it came 0.5 s later.
    assert after and all(t >= refused_at + 0.5 for t, _, _ in after)
    assert pacer.throttled == 1


async def test_a_rate_limit_that_outlasts_the_clients_retries_is_waited_out(
    time: VirtualTime,
) -> None:
    # One retry per call in the client; five 429s in a row: the runner waits, never fails.
    server = FakeServer(time, 1, refuse=5, **{"retry-after": "1"})
    pacer = Pacer(rpm=None, concurrency=1, clock=time.clock, sleep=time.sleep)
    async with fake_client(server, time, retries=1) as client:
        seen, _totals = await run(client, [("thread_0000", OWNER)], pacer=pacer)
    assert [o.status for o in seen] == ["updated"]
    assert server.threads["thread_0000"]["metadata"] == {"owner": "ana"}


async def test_an_answer_that_differs_from_the_plan_is_a_failure(time: VirtualTime) -> None:
    server = FakeServer(time, 1)
    server.threads["thread_0000"]["metadata"] = {"team": "core"}
    server.replace_metadata = True  # a server that drops the keys it was not sent
    pacer = Pacer(rpm=None, concurrency=1, clock=time.clock, sleep=time.sleep)
    async with fake_client(server, time) as client:
        seen, _ = await run(client, [("thread_0000", OWNER)], pacer=pacer)
    assert seen[0].status == "failed"
    assert seen[0].error is not None and "team" in seen[0].error
    assert seen[0].request_id == "req_2"


async def test_stop_leaves_the_objects_still_waiting_for_a_slot_unstarted(
    time: VirtualTime,
) -> None:
    server = FakeServer(time, 20)
    pacer = Pacer(rpm=60, concurrency=4, clock=time.clock, sleep=time.sleep)  # one a second
    stop = asyncio.Event()
    seen: list[Outcome] = []

    def on_outcome(outcome: Outcome) -> None:
        seen.append(outcome)
        stop.set()

    items = [(rid, OWNER) for rid in server.threads]
    async with fake_client(server, time) as client:
        totals = await run_bulk(client, items, pacer=pacer, on_outcome=on_outcome, stop=stop)
    gets = sum(1 for _, method, _ in server.log if method == "GET")
    sent = sum(1 for _, method, _ in server.log if method == "POST")
    assert totals.stopped
    # Four workers each took an object; those whose GET had gone out were finished (POSTed
    # and reported), the others, still waiting for a slot, sent nothing.
    assert gets == sent == len(seen) < 4
    assert all(o.status == "updated" for o in seen)
