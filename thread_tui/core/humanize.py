"""Human-readable times and sizes. `now` is always passed in, so screens and snapshots are
deterministic under a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_time(timestamp: float) -> str:
    """`2023-11-03 12:21 UTC` for a Unix timestamp."""
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def ago(timestamp: float, now: float) -> str:
    """`just now`, `5 min ago`, `3 h ago`, `2 days ago`, `4 months ago`, `2 years ago`."""
    seconds = int(now - timestamp)
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
    """`2023-11-03 12:21 UTC (2 years ago)`."""
    return f"{utc_time(timestamp)} ({ago(timestamp, now)})"


def size(n_bytes: int | None) -> str:
    """`512 B`, `1.5 KB`, `12.0 MB` (powers of 1000, as the OpenAI dashboard shows sizes)."""
    if n_bytes is None:
        return "–"
    value = float(n_bytes)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"  # pragma: no cover - loop always returns
