"""What the client is waiting for between tries, so a screen or the CLI can show it.

A wait is a pause the client chose (backoff, or the server's `retry-after`) before the next
try of the same request. The client calls the `on_wait` hook it was given once as each wait
starts; a TUI counts `seconds` down in its status line, the CLI prints one stderr line on a
terminal. The hook must not block: it runs on the client's event loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Wait:
    """One pause before a retry.

    `reason` is a short sentence for the user ("the server asked to wait (429 rate limited)",
    "connection reset; backing off"); `seconds` the length of the pause; `retry` the number of
    the try that follows it (1 for the first retry); `deadline_left` the seconds left of the
    whole command's deadline as the pause starts (None when there is no overall deadline).
    """

    reason: str
    seconds: float
    retry: int
    deadline_left: float | None = None


WaitHook = Callable[[Wait], None]
