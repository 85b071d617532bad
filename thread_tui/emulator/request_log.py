"""The emulator's request log: what each request looked like, bounded in count and size.

Tests read it (what was sent, how many tries); nothing in the app does. It keeps the last
`LOG_LIMIT` requests, each with its body cut to `BODY_LIMIT` bytes and its headers cut too, so
a long-running `thread-tui emulator` or a client sending huge requests cannot grow it without
bound. The key is redacted before anything is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thread_tui.emulator.state import EmuRequest

LOG_LIMIT = 1000  # requests kept
BODY_LIMIT = 16 * 1024  # bytes of a body kept (the API's largest real bodies are ~12 KB)
HEADER_LIMIT = 256  # characters of a header value kept
HEADERS_KEPT = 64


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the emulator saw it. The Authorization header is redacted."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any  # the parsed body; a cut-short body is kept as text, marked as cut
    status: int | None

    @property
    def is_mutating(self) -> bool:
        return self.method in ("POST", "DELETE", "PUT", "PATCH")


class RequestLog(list[RecordedRequest]):
    """A list of the last `limit` requests: appending past the limit drops the oldest.

    A list (not a deque) so tests keep comparing it with `[]` and unpacking it."""

    def __init__(self, limit: int = LOG_LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def append(self, item: RecordedRequest) -> None:
        super().append(item)
        if len(self) > self.limit:
            del self[: len(self) - self.limit]


def _body(raw: bytes) -> Any:
    if len(raw) > BODY_LIMIT:
        kept = raw[:BODY_LIMIT].decode("utf-8", "replace")
        return f"{kept}… (cut: {len(raw)} bytes in all)"
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return raw.decode("utf-8", "replace")


def _headers(headers: dict[str, str]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in list(headers.items())[:HEADERS_KEPT]:
        if name == "authorization":
            value = "Bearer ***"
        elif name == "api-key":
            value = "***"
        kept[name[:HEADER_LIMIT]] = value[:HEADER_LIMIT]
    return kept


def record(request: EmuRequest, status: int | None) -> RecordedRequest:
    """What the log keeps of `request`: redacted and cut to size."""
    return RecordedRequest(
        request.method,
        request.path[:BODY_LIMIT],
        {k[:HEADER_LIMIT]: v[:HEADER_LIMIT] for k, v in list(request.query.items())[:64]},
        _headers(request.headers),
        _body(request.body),
        status,
    )
