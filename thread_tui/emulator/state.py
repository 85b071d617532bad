"""The emulator itself: in-memory state, the request log, and request dispatch.

`Emulator.dispatch` takes a plain request (method, path, query, headers, body bytes) and
returns an `Outcome`: the response plus what the fault plan asks the adapter to do (wait,
drop the connection, refuse to connect). The httpx transport and the socket server are thin
adapters around it, so both behave alike.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from thread_tui.emulator import routes, seed, seed_fleet
from thread_tui.emulator.errors import ApiFailure
from thread_tui.emulator.faults import FaultPlan
from thread_tui.emulator.request_log import LOG_LIMIT, RecordedRequest, RequestLog, record

if TYPE_CHECKING:
    import httpx

    from thread_tui.emulator.fault import Fault
    from thread_tui.emulator.ratelimit import RequestRateLimit

# control.PREFIX: the control routes (control.py) load on the first request to them.
CONTROL_PREFIX = "/_emulator/"
DEMO_API_KEY = "sk-demo-thread-tui-emulator-0000"
DEMO_BASE_URL = "http://emulator.local/v1"
BASE_PATH = "/v1"
# Azure mode: the endpoint a client is given (it adds /openai itself, as AzureOpenAI does), and
# an api-version that served Assistants v2, for banners and examples (any version is accepted).
DEMO_AZURE_ENDPOINT = "http://emulator.local"
AZURE_BASE_PATH = "/openai"
DEMO_API_VERSION = "2024-05-01-preview"


@dataclass(frozen=True)
class EmuRequest:
    """A request as the emulator reads it, from either adapter."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""


@dataclass
class EmuResponse:
    """The emulator's answer: status, body bytes and headers."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """A response, and the fault actions the adapter must carry out before or instead of it."""

    response: EmuResponse
    delay: float = 0.0
    drop: bool = False
    connect_error: bool = False
    connect_timeout: bool = False


class Emulator:
    """An in-memory, thread-safe stand-in for the endpoints thread_tui uses.

    With `azure=True` it answers as Azure OpenAI instead: under `/openai/...` rather than
    `/v1/...`, with the key in an `api-key` header, and `?api-version=` required on every call.
    `rate_limit` (requests a minute, or a `RequestRateLimit` with its own clock) answers 429 as
    OpenAI does once it is exceeded. `requests` keeps the last `log_limit` requests; `stats`
    counts them all. `seed_count` adds a fleet of that many threads and as many conversations
    (seed_fleet.py), made as they are read.
    """

    def __init__(
        self,
        *,
        seed_data: bool = True,
        seed: bool | None = None,
        api_keys: set[str] | frozenset[str] | None = None,
        now: int | Callable[[], int] = seed.FIXED_NOW,
        extra_files: int = 0,
        accept_any_key: bool = False,
        azure: bool = False,
        rate_limit: int | RequestRateLimit | None = None,
        log_limit: int = LOG_LIMIT,
        seed_count: int = 0,
    ) -> None:
        if seed is not None:
            seed_data = seed
        self.api_keys = frozenset(api_keys if api_keys is not None else {DEMO_API_KEY})
        self.accept_any_key = accept_any_key
        self.azure = azure
        self._now = now
        self.faults = FaultPlan()
        if isinstance(rate_limit, int):
            from thread_tui.emulator.ratelimit import RequestRateLimit

            rate_limit = RequestRateLimit(rate_limit)
        self.rate_limit = rate_limit
        self.requests = RequestLog(log_limit)
        self.stats = RequestStats()
        self.lock = threading.RLock()
        self._counter = 0
        count = seed_count if seed_data else 0
        fleet_now = self.now()
        self.threads: MutableMapping[str, dict[str, Any]] = seed_fleet.SeededObjects(
            {},
            count=count,
            prefix=seed_fleet.THREAD_PREFIX,
            make=lambda index: seed_fleet.make_thread(index, fleet_now),
        )
        self.conversations: MutableMapping[str, dict[str, Any]] = seed_fleet.SeededObjects(
            {},
            count=count,
            prefix=seed_fleet.CONVERSATION_PREFIX,
            make=lambda index: seed_fleet.make_conversation(index, fleet_now),
        )
        self.files: dict[str, dict[str, Any]] = {}
        self.vector_stores: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.items: dict[str, list[dict[str, Any]]] = {}  # conversation items, oldest first
        if seed_data:
            self._seed(extra_files)

    def _seed(self, extra_files: int) -> None:
        # Every age is counted back from the clock as it reads now (see seed's docstring).
        now = self.now()
        files = seed.make_files(64 + extra_files, now=now)
        stores = seed.make_vector_stores(now)
        for item in files + seed.other_purpose_files(now):
            self.files[item["id"]] = item
        for store in stores:
            self.vector_stores[store["id"]] = store
        for thread in seed.make_threads(files, stores, now):
            self.threads[thread["id"]] = thread
            self.messages[thread["id"]] = []
        self.messages["thread_abc123"] = seed.make_messages(
            "thread_abc123",
            40,
            1699014100,
            attachments={25: [files[7]["id"]], 32: [files[3]["id"], files[11]["id"]]},
            metadata=seed.message_metadata(),
        )
        self.messages["thread_full16"] = seed.make_messages(
            "thread_full16", 6, now - 40 * seed.DAY + 120
        )
        self.messages["thread_tools"] = seed.make_messages("thread_tools", 4, now - 3 * seed.DAY)
        for conversation in seed.make_conversations(now):
            self.conversations[conversation["id"]] = conversation
            self.items[conversation["id"]] = []
        self.items["conv_abc123"] = seed.make_conversation_items("conv_abc123", 10, files)

    # -- helpers for handlers --------------------------------------------------------------

    @property
    def base_path(self) -> str:
        """Where the endpoints live: `/v1`, or `/openai` in Azure mode."""
        return AZURE_BASE_PATH if self.azure else BASE_PATH

    def now(self) -> int:
        return self._now() if callable(self._now) else self._now

    def next_number(self) -> int:
        with self.lock:
            self._counter += 1
            return self._counter

    def new_id(self, prefix: str) -> str:
        n = self.next_number()
        return f"{prefix}{n:04d}{seed._token(10_000 + n, 20)}"

    def transport(self) -> httpx.AsyncBaseTransport:
        """An httpx transport answering from this emulator, in process."""
        from thread_tui.emulator.transport import EmulatorTransport

        return EmulatorTransport(self)

    def sync_transport(self) -> httpx.BaseTransport:
        from thread_tui.emulator.transport import SyncEmulatorTransport

        return SyncEmulatorTransport(self)

    def mutating_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.is_mutating]

    # -- dispatch ----------------------------------------------------------------------------

    def dispatch(self, request: EmuRequest) -> Outcome:
        if request.path.startswith(CONTROL_PREFIX):
            return Outcome(_control(self, request))
        fault = self.faults.take(request.method, request.path)
        request_id = f"req_{self.next_number() * 2654435761 % 16**32:032x}"
        if fault is not None and (fault.connect_error or fault.connect_timeout):
            self._record(request, None)
            return Outcome(
                EmuResponse(0, b""),
                connect_error=fault.connect_error,
                connect_timeout=fault.connect_timeout,
            )
        decision = self.rate_limit.take() if self.rate_limit is not None else None
        if decision is not None and not decision.allowed and (fault is None or not fault.status):
            response = EmuResponse(429, json.dumps(decision.error()).encode())
        else:
            response = self._answer(request, fault)
        if decision is not None:
            for name, value in decision.headers().items():
                response.headers.setdefault(name, value)  # an injected fault's headers win
        response.headers.setdefault("content-type", "application/json")
        response.headers["x-request-id"] = request_id
        response.headers.setdefault("openai-processing-ms", str(3 + len(request.body) % 40))
        response.headers.setdefault("x-ratelimit-limit-requests", "5000")
        response.headers.setdefault("x-ratelimit-remaining-requests", "4999")
        response.headers.setdefault("x-ratelimit-reset-requests", "12ms")
        dropped = fault is not None and fault.drop
        self._record(request, None if dropped else response.status)
        return Outcome(response, delay=fault.delay if fault else 0.0, drop=dropped)

    def _answer(self, request: EmuRequest, fault: Fault | None) -> EmuResponse:
        if fault is not None and fault.status is not None:
            body = fault.body
            if body is None:
                body = json.dumps(_fault_error(fault.status)).encode()
            return EmuResponse(fault.status, body, dict(fault.headers))
        try:
            status, payload = routes.route(self, request)
        except ApiFailure as failure:
            status, payload = failure.status, failure.body()
        headers = dict(fault.headers) if fault else {}
        if fault is not None and fault.malformed is not None and status < 400:
            return EmuResponse(status, _malformed(fault.malformed, fault.body), headers)
        return EmuResponse(status, json.dumps(payload).encode(), headers)

    def _record(self, request: EmuRequest, status: int | None) -> None:
        entry = record(request, status)
        with self.lock:
            self.requests.append(entry)
            self.stats.count(status)


class RequestStats:
    """Every request answered since the start (or the last reset), by status, and when the
    first and the last came: the log keeps only the last ones, a bulk run is longer."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.by_status: Counter[int | None] = Counter()
        self.first_at: float | None = None
        self.last_at: float | None = None

    def count(self, status: int | None) -> None:
        now = self._clock()
        if self.first_at is None:
            self.first_at = now
        self.last_at = now
        self.by_status[status] += 1

    def reset(self) -> None:
        self.by_status.clear()
        self.first_at = self.last_at = None

    def describe(self) -> dict[str, Any]:
        """As JSON; `dropped` counts the connections reset without an answer."""
        span = (
            self.last_at - self.first_at
            if self.first_at is not None and self.last_at is not None
            else 0.0
        )
        return {
            "object": "emulator.stats",
            "requests": sum(self.by_status.values()),
            "by_status": {
                "dropped" if k is None else str(k): n
                for k, n in sorted(self.by_status.items(), key=str)
            },
            "seconds": round(span, 6),
        }


def _control(emu: Emulator, request: EmuRequest) -> EmuResponse:
    from thread_tui.emulator import control

    try:
        status, payload = control.answer(emu, request)
    except ApiFailure as failure:
        status, payload = failure.status, failure.body()
    return EmuResponse(status, json.dumps(payload).encode(), {"content-type": "application/json"})


def _fault_error(status: int) -> dict[str, Any]:
    messages = {
        400: ("Invalid request (injected fault).", "invalid_request_error"),
        401: ("Incorrect API key provided (injected fault).", "invalid_request_error"),
        403: ("You are not allowed to access this resource.", "invalid_request_error"),
        404: ("Not found (injected fault).", "invalid_request_error"),
        409: ("The object is being modified by another request.", "invalid_request_error"),
        410: ("This endpoint has been retired.", "invalid_request_error"),
        422: ("Unprocessable entity.", "invalid_request_error"),
        429: ("Rate limit reached for requests.", "requests"),
    }
    message, error_type = messages.get(
        status, ("The server had an error while processing your request.", "server_error")
    )
    param = "metadata" if status == 400 else None
    return {"error": {"message": message, "type": error_type, "param": param, "code": None}}


def _malformed(kind: str, body: bytes | None) -> bytes:
    if kind == "empty":
        return b""
    if kind == "not_json":
        return body or b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    return body or json.dumps({"unexpected": True, "data": [1, 2, 3]}).encode()
