"""The retry policy: which failures are retried and how long to wait before each try.

Like the official SDK: 408, 409, 429 and 5xx, and failures to connect, are retried (twice by
default) with exponential backoff from 0.5 s, capped at 8 s, with jitter; a `retry-after` or
`retry-after-ms` header from the server wins when it is sensible.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Final

RETRY_STATUSES: Final = frozenset({408, 409, 429})
INITIAL_DELAY: Final = 0.5
MAX_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0


def is_retryable_status(status: int) -> bool:
    return status in RETRY_STATUSES or status >= 500


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = INITIAL_DELAY
    max_delay: float = MAX_DELAY

    def backoff(self, retry_number: int, rng: random.Random) -> float:
        """Delay before retry `retry_number` (1-based): doubling, capped, minus up to 25 %."""
        base = min(self.initial_delay * 2.0 ** (retry_number - 1), self.max_delay)
        return base * (1 - 0.25 * rng.random())

    def delay(
        self, retry_number: int, headers: Mapping[str, str] | None, rng: random.Random
    ) -> float:
        server = retry_after(headers) if headers is not None else None
        if server is not None:
            return server
        return self.backoff(retry_number, rng)


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, or None when absent or unreasonable."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            seconds = float(raw_ms) / 1000
        except ValueError:
            seconds = -1
        if 0 <= seconds <= MAX_RETRY_AFTER:
            return seconds
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        try:
            moment = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        import time

        seconds = moment.timestamp() - (time.time() if now is None else now)
    if 0 <= seconds <= MAX_RETRY_AFTER:
        return seconds
    return None
