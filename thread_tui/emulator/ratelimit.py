"""A requests-per-minute limit answered as OpenAI answers it: a 429 with `retry-after` and the
`x-ratelimit-*-requests` headers on every response.

A token bucket of `per_minute` tokens, refilled continuously (one every 60/RPM seconds), so a
burst of up to RPM requests passes and then requests pass at the steady rate. The clock is
injectable so tests step time instead of waiting for it.
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
    """At most `per_minute` requests a minute (a token bucket). Thread safe."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("a rate limit is at least 1 request per minute")
        self.per_minute = per_minute
        self._clock = clock
        self._tokens = float(per_minute)
        self._stamp = clock()
        self._lock = threading.Lock()

    def take(self) -> Decision:
        """Spend one request if the bucket allows it."""
        rate = self.per_minute / 60.0  # tokens a second
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._stamp)
            self._tokens = min(float(self.per_minute), self._tokens + elapsed * rate)
            self._stamp = now
            allowed = self._tokens >= 1.0
            if allowed:
                self._tokens -= 1.0
            tokens = self._tokens
        return Decision(
            allowed=allowed,
            limit=self.per_minute,
            remaining=math.floor(tokens),
            reset=(self.per_minute - tokens) / rate,
            retry_after=0.0 if allowed else (1.0 - tokens) / rate,
        )
