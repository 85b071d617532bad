"""The pace of a bulk run: how many requests go out a minute and how many at once.

Every try the client sends (GETs and POSTs, first tries and retries alike) first waits in
`Pacer.acquire` (the client's `before_send` hook), and every answer is shown to
`Pacer.on_response` (its `on_response` hook). Three things can hold a request back:

- `--rpm`: a client-side cap, requests spaced evenly (60/rpm seconds apart). Without
  `--rpm`, `DEFAULT_RPM` (below the 300 POST requests a minute OpenAI documented for the
  Assistants endpoints) applies until the server's own headers say what it allows.
- The server's `x-ratelimit-limit-requests` / `-remaining-requests` / `-reset-requests`:
  the pacer keeps a mirror of the server's bucket (what remains, refilled at the limit's
  rate) and never sends past it, so a run is driven by the headers instead of failing.
- A 429: its `retry-after-ms` / `retry-after` (or the reset time) pauses *every* worker, not
  only the one that got it, and the mirror is emptied.

`concurrency` is the number of workers a run starts (`api.bulk_runner`); the pacer only
spaces them. The clock and sleep are injectable so tests step time instead of waiting.
"""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Final

from thread_tui.api.retry import retry_after

DEFAULT_RPM: Final = 250.0
DEFAULT_CONCURRENCY: Final = 8
MAX_CONCURRENCY: Final = 64
# How late a request may be and still keep its place: without it, each wake-up a little
# after its slot would push every later slot back, and the rate would fall short of --rpm.
CATCH_UP: Final = 0.25
FALLBACK_PAUSE: Final = 1.0  # a 429 that says nothing about how long to wait
MAX_PAUSE: Final = 60.0  # as the client caps retry-after: a server cannot freeze the run
# Waits shorter than this are none: a refill computed in floats can leave a token at
# 0.9999999, and a clock a little past 1e6 s cannot add a wait that small at all.
_EPSILON: Final = 1e-6

LIMIT_HEADER: Final = "x-ratelimit-limit-requests"
REMAINING_HEADER: Final = "x-ratelimit-remaining-requests"
RESET_HEADER: Final = "x-ratelimit-reset-requests"

_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(h|ms|us|µs|ns|m|s)")
_UNIT_SECONDS: Final = {
    "h": 3600.0,
    "m": 60.0,
    "s": 1.0,
    "ms": 1e-3,
    "us": 1e-6,
    "µs": 1e-6,
    "ns": 1e-9,
}

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def parse_duration(text: str | None) -> float | None:
    """Seconds in a Go-style duration as OpenAI's headers write it (`1s`, `6m0s`, `20ms`,
    `1h2m3.5s`; a bare number is seconds), or None when absent or unreadable."""
    if text is None:
        return None
    raw = text.strip()
    if not raw or len(raw) > 64:
        return None
    try:
        value = float(raw)
    except ValueError:
        pass
    else:
        return value if math.isfinite(value) and value >= 0 else None
    total = 0.0
    position = 0
    for match in _DURATION_PART.finditer(raw):
        if match.start() != position:
            return None
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position != len(raw) or position == 0:
        return None
    return total


def _count(text: str | None) -> int | None:
    """A header's whole number (`x-ratelimit-remaining-requests: 59`), or None."""
    if text is None:
        return None
    raw = text.strip()
    if not raw.isdigit() or len(raw) > 12:
        return None
    return int(raw)


class Pacer:
    """Client-side `--rpm` and `--concurrency`, slowed down by the server's headers and 429s.

    `rpm` None: DEFAULT_RPM until the server's headers are known, then the headers alone.
    Share one Pacer between all the workers of a run (one event loop)."""

    def __init__(
        self,
        *,
        rpm: float | None,
        concurrency: int,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rpm is not None and not (math.isfinite(rpm) and rpm > 0):
            raise ValueError("rpm is a number of requests a minute, more than 0")
        self.rpm = rpm
        self.concurrency = min(max(int(concurrency), 1), MAX_CONCURRENCY)
        self._clock = clock
        self._sleep = sleep
        self._next_slot = -math.inf
        self._paused_until = -math.inf
        self.server_limit: int | None = None
        self._tokens: float | None = None  # the mirror of the server's bucket, once known
        self._stamp = clock()
        self.sent = 0
        self.answered = 0
        self.throttled = 0  # answers that were a 429
        self.waited = 0.0  # seconds spent waiting in acquire, summed over workers

    # -- what holds a request back ---------------------------------------------------------

    @property
    def cap(self) -> float | None:
        """The client-side requests a minute in force: --rpm, else DEFAULT_RPM while the
        server has not said what it allows, else None (the server's headers decide)."""
        if self.rpm is not None:
            return self.rpm
        return DEFAULT_RPM if self._tokens is None else None

    @property
    def paused_for(self) -> float:
        """Seconds left of a pause a 429 started (0 when none)."""
        return max(self._paused_until - self._clock(), 0.0)

    def _refill_rate(self) -> float:
        """Tokens a second the server's bucket gains back: its limit over a minute."""
        limit = self.server_limit if self.server_limit else (self.rpm or DEFAULT_RPM)
        return limit / 60.0

    def _refill(self, now: float) -> None:
        if self._tokens is not None:
            gained = max(now - self._stamp, 0.0) * self._refill_rate()
            ceiling = float(self.server_limit) if self.server_limit else math.inf
            self._tokens = min(self._tokens + gained, ceiling)
        self._stamp = now

    def _wait_needed(self, now: float) -> float:
        wait = self._paused_until - now
        if self._tokens is not None and self._tokens < 1.0:
            wait = max(wait, (1.0 - self._tokens) / self._refill_rate())
        if self.cap is not None:
            wait = max(wait, self._next_slot - now)
        return wait

    async def acquire(self) -> None:
        """Wait until one more request may be sent, and count it as sent."""
        started = self._clock()
        while True:
            now = self._clock()
            self._refill(now)
            wait = self._wait_needed(now)
            if wait <= _EPSILON:
                break
            # Woken waiters look again: a 429 may have paused everyone meanwhile.
            await self._sleep(wait)
        if self._tokens is not None:
            self._tokens -= 1.0
        cap = self.cap
        if cap is not None:
            # A request a little late keeps its slot; after a longer gap the spacing starts
            # from now, with no burst to make up for the idle time.
            slot = self._next_slot if self._next_slot >= now - CATCH_UP else now
            self._next_slot = slot + 60.0 / cap
        self.sent += 1
        self.waited += now - started

    # -- what the server said -----------------------------------------------------------------

    def on_response(self, status: int, headers: Mapping[str, str]) -> None:
        """Read an answer's rate headers (and a 429's wait) to pace the next requests."""
        self.answered += 1
        now = self._clock()
        self._refill(now)
        limit = _count(headers.get(LIMIT_HEADER))
        if limit:
            self.server_limit = limit
        remaining = _count(headers.get(REMAINING_HEADER))
        if remaining is not None:
            # The lower of the two: answers come back out of order, and another client may
            # spend the same quota. The mirror refills on its own, so it never stays low.
            known = self._tokens if self._tokens is not None else math.inf
            self._tokens = min(known, float(remaining))
        if status == 429:
            self.throttled += 1
            wait = retry_after(headers)
            if wait is None:
                wait = parse_duration(headers.get(RESET_HEADER))
            if wait is None or wait <= 0:
                wait = FALLBACK_PAUSE
            self._pause(now + min(wait, MAX_PAUSE))
            self._tokens = 0.0 if self._tokens is None else min(self._tokens, 0.0)

    def _pause(self, until: float) -> None:
        if until > self._paused_until:
            self._paused_until = until
        # No catch-up burst after a pause: the even spacing starts again from its end.
        self._next_slot = max(self._next_slot, until)
