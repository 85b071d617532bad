"""Human-readable times and sizes. `now` is always passed in, so screens and snapshots are
deterministic under a fixed clock.

Every function here is total: a number the server sent that is no time (a timestamp in
milliseconds, one past the year 9999, a negative one, NaN) or no size is shown as the number
itself, marked as such, never raised as an error while a screen is being drawn.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

MAX_TIMESTAMP = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last second datetime can show
MAX_RAW = 24  # characters of a number shown as it is; a longer one is cut with "…"
NOT_A_TIME = "not a valid time"


def is_valid_timestamp(timestamp: object) -> bool:
    """Whether `timestamp` is a Unix time in seconds that can be shown as a date: a finite,
    non-negative number no later than the year 9999 (a bool is no time)."""
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        return False
    if isinstance(timestamp, float) and not math.isfinite(timestamp):
        return False
    return 0 <= timestamp <= MAX_TIMESTAMP


def raw_number(value: object) -> str:
    """`value` as it came: `1764000000000`, `1.5e+300`, `nan`; never longer than MAX_RAW."""
    try:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            text = str(int(value)) if abs(value) < 1e16 else repr(value)
        else:
            text = str(value)
    except (ValueError, OverflowError):  # an int too long to print (sys.int_info digits)
        text = "a very long number"
    return text if len(text) <= MAX_RAW else text[: MAX_RAW - 1] + "…"


def invalid_time(timestamp: object) -> str:
    """`1764000000000 (not a valid time)`."""
    return f"{raw_number(timestamp)} ({NOT_A_TIME})"


def utc_time(timestamp: float) -> str:
    """`2023-11-03 12:21 UTC` for a Unix timestamp (see `invalid_time` for one that is not)."""
    if not is_valid_timestamp(timestamp):
        return invalid_time(timestamp)
    try:
        return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, OverflowError, OSError):  # pragma: no cover - the range is checked
        return invalid_time(timestamp)


def ago(timestamp: float, now: float) -> str:
    """`just now`, `5 min ago`, `3 h ago`, `2 days ago`, `4 months ago`, `2 years ago`."""
    if not is_valid_timestamp(timestamp):
        return invalid_time(timestamp)
    try:
        seconds = int(now - timestamp)
    except (ValueError, OverflowError, TypeError):  # `now` is NaN or infinite
        return "at an unknown time"
    if seconds < 0:
        return "in the future"
    if seconds < 45:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{max(minutes, 1)} min ago"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h ago"
    days = hours // 24
    if days < 31:
        return f"{days} {'day' if days == 1 else 'days'} ago"
    months = days // 30
    if months < 12:
        return f"{months} {'month' if months == 1 else 'months'} ago"
    years = days // 365
    return f"{years} {'year' if years == 1 else 'years'} ago"


def when(timestamp: float, now: float) -> str:
    """`2023-11-03 12:21 UTC (2 years ago)`, or `1764000000000 (not a valid time)`."""
    if not is_valid_timestamp(timestamp):
        return invalid_time(timestamp)
    return f"{utc_time(timestamp)} ({ago(timestamp, now)})"


def size(n_bytes: int | None) -> str:
    """`512 B`, `1.5 KB`, `12.0 MB` (powers of 1000, as the OpenAI dashboard shows sizes)."""
    if n_bytes is None:
        return "–"
    try:
        value = float(n_bytes)
    except (ValueError, OverflowError, TypeError):
        value = math.nan
    if isinstance(n_bytes, bool) or not math.isfinite(value) or value < 0:
        return f"{raw_number(n_bytes)} (not a valid size)"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # pragma: no cover - loop always returns
