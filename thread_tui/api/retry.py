"""The retry policy: which failures are retried and how long to wait before each try.

Like the official SDK: 408, 409, 429 and 5xx, and failures to connect, are retried (twice by
default) with exponential backoff from 0.5 s, doubling, capped at 8 s, minus up to 25 % jitter.
A `retry-after-ms` or `retry-after` header from the server wins, capped at 60 s so a
misconfigured server cannot freeze the app; an `x-should-retry` header overrides the status.
The client makes a wait only when it ends before the request's deadline (`Settings.deadline`);
otherwise it fails at once, saying what the server asked for.

Answers that are not errors of the moment (400, 401, 403, 404, 422, …) are never retried: the
same request would fail the same way. After a read timeout or a reset connection only a GET is
retried, because a POST or DELETE may already have been applied.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Final

from thread_tui.api.errors import NetworkReason

RETRY_STATUSES: Final = frozenset({408, 409, 429})
CREATE_RETRY_STATUSES: Final = frozenset({408, 429})
INITIAL_DELAY: Final = 0.5
MAX_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0
JITTER: Final = 0.25

_ALWAYS_RETRIED: Final = frozenset({"connect", "connect_timeout", "dns"})
_RETRIED_FOR_GET: Final = frozenset({"read_timeout", "timeout", "reset"})


def is_retryable_status(
    status: int, headers: Mapping[str, str] | None = None, *, creates: bool = False
) -> bool:
    """Whether an answer with this status (and these headers) is worth another try.

    A call that creates an object is retried only on the answers that say it was not
    processed (408, 429): after a 409 or a 5xx it may have been, and a second try could
    make a second object. The server's own `x-should-retry` wins either way.
    """
    if headers is not None:
        hint = headers.get("x-should-retry", "").strip().lower()
        if hint == "true":
            return True
        if hint == "false":
            return False
    if creates:
        return status in CREATE_RETRY_STATUSES
    return status in RETRY_STATUSES or status >= 500


def is_retryable_network(reason: NetworkReason, method: str) -> bool:
    """Whether a request that got no answer may be sent again.

    Connecting failed: nothing reached the server, so any method is safe. The answer got
    lost: only an idempotent GET is repeated.
    """
    if reason in _ALWAYS_RETRIED:
        return True
    return method.upper() == "GET" and reason in _RETRIED_FOR_GET


@dataclass(frozen=True)
class RetryPolicy:
    """How many retries, and how long to wait before each (backoff and retry-after)."""

    max_retries: int = 2
    initial_delay: float = INITIAL_DELAY
    max_delay: float = MAX_DELAY
    max_retry_after: float = MAX_RETRY_AFTER

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """Delay before retry `retry_number` (1-based): doubling, capped, minus up to 25 %."""
        base = min(self.initial_delay * 2.0 ** (retry_number - 1), self.max_delay)
        return base * (1 - JITTER * rng.random())

    def delay(
        self,
        retry_number: int,
        headers: Mapping[str, str] | None,
        rng: random.Random,
        now: float | None = None,
    ) -> float:
        """The server's wish when it states one, else the backoff."""
        wanted = retry_after(headers, now) if headers is not None else None
        if wanted is not None:
            return min(wanted, self.max_retry_after)
        return self.backoff(retry_number, rng)


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, or None when absent or unreadable.

    `retry-after-ms` (OpenAI's, more precise) wins over `retry-after`, which is either
    seconds or an HTTP date.
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        ms = _number(raw_ms)
        if ms is not None:
            return ms / 1000
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds = _number(raw)
    if seconds is not None:
        return seconds
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max(moment.timestamp() - (time.time() if now is None else now), 0.0)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    # nan and inf parse as floats but are no waiting time.
    if not math.isfinite(value) or value < 0:
        return None
    return value
