"""A requests-per-minute limit answered as OpenAI answers it: a 429 with `retry-after` (whole
seconds) and `retry-after-ms` (what OpenAI's own SDKs read first), and the
`x-ratelimit-*-requests` headers on every response.

A token bucket refilled continuously (one token every 60/RPM seconds). It holds `per_minute`
tokens unless given a smaller `burst`, so a burst of up to RPM requests passes and then
requests pass at the steady rate. OpenAI says it may enforce a limit over shorter periods
("60,000 requests/minute may be enforced as 1,000 requests/second"): `burst=RPM/60` is that.
The clock is injectable so tests step time instead of waiting for it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


def go_duration(seconds: float) -> str:
    """A duration as OpenAI's headers write it (Go's style): `12ms`, `1s`, `17.5s`, `6m0s`."""
    if seconds < 1:
        return f"{max(0, round(seconds * 1000))}ms"
    minutes, rest = divmod(round(seconds, 3), 60)
    text = f"{rest:.3f}".rstrip("0").rstrip(".")
    return f"{int(minutes)}m{text}s" if minutes else f"{text}s"


@dataclass(frozen=True)
class Decision:
    """Whether a request passes, and the headers that say where the bucket stands."""

    allowed: bool
    limit: int
    remaining: int
    reset: float  # seconds until the bucket is full again
    retry_after: float  # seconds until the next request would pass (0 when allowed)

    def headers(self) -> dict[str, str]:
        headers = {
            "x-ratelimit-limit-requests": str(self.limit),
            "x-ratelimit-remaining-requests": str(self.remaining),
            "x-ratelimit-reset-requests": go_duration(self.reset),
        }
        if not self.allowed:
            headers["retry-after"] = str(max(1, math.ceil(self.retry_after)))
            headers["retry-after-ms"] = str(max(1, math.ceil(self.retry_after * 1000)))
        return headers

    def error(self) -> dict[str, object]:
        """The 429 body, in OpenAI's words for a requests-per-minute limit."""
        message = (
            f"Rate limit reached for requests per min (RPM): Limit {self.limit}, "
            f"Used {self.limit}, Requested 1. Please try again in "
            f"{go_duration(self.retry_after)}."
        )
        return {
            "error": {
                "message": message,
                "type": "requests",
                "param": None,
                "code": "rate_limit_exceeded",
            }
        }


class RequestRateLimit:
    """At most `per_minute` requests a minute, at most `burst` at once (a token bucket of
    `burst` tokens, `per_minute` by default). Thread safe."""

    def __init__(
        self,
        per_minute: int,
        *,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 1:
            raise ValueError("a rate limit is at least 1 request per minute")
        if burst is not None and not 1 <= burst <= per_minute:
            raise ValueError("a burst is from 1 request to the limit a minute")
        self.per_minute = per_minute
        self.burst = per_minute if burst is None else burst
        self._clock = clock
        self._tokens = float(self.burst)
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> Decision:
        """Spend one request if the bucket allows it."""
        rate = self.per_minute / 60.0  # tokens a second
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._stamp)
            self._tokens = min(float(self.burst), self._tokens + elapsed * rate)
            self._stamp = now
            allowed = self._tokens >= 1.0
            if allowed:
                self._tokens -= 1.0
            tokens = self._tokens
        return Decision(
            allowed=allowed,
            limit=self.per_minute,
            remaining=math.floor(tokens),
            reset=(self.burst - tokens) / rate,
            retry_after=0.0 if allowed else (1.0 - tokens) / rate,
        )
