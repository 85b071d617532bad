"""A record of one request and its answer, kept for the response inspector.

Request headers are recorded with the Authorization value replaced by a placeholder, so an
Exchange can be shown, logged or snapshotted without revealing the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thread_tui.core import safejson

KEY_PLACEHOLDER = "Bearer $OPENAI_API_KEY"
SELECTED_HEADERS = (
    "x-request-id",
    "openai-processing-ms",
    "openai-version",
    "openai-organization",
    "content-type",
    "retry-after",
    "retry-after-ms",
    "x-ratelimit-limit-requests",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-reset-requests",
)


@dataclass(frozen=True)
class Exchange:
    """One answered request. Header names are lower-case; `elapsed_ms` times the last try.

    `attempts` counts the tries (1 when the first one was answered for good); `started_at` is
    the wall-clock time (epoch seconds) of the first try.
    """

    method: str
    url: str
    status: int
    elapsed_ms: float
    request_id: str | None
    request_headers: dict[str, str]
    response_headers: dict[str, str]
    request_body: Any
    response_text: str
    attempts: int = 1
    started_at: float = 0.0

    def json(self) -> Any:
        """The response body parsed as JSON (raises ValueError when it is not JSON, or is
        nested too deep to read safely: `core.safejson.JsonDepthError`)."""
        return safejson.loads(self.response_text)

    def selected_headers(self) -> dict[str, str]:
        """The response headers worth showing first, in a stable order."""
        return {
            name: self.response_headers[name]
            for name in SELECTED_HEADERS
            if name in self.response_headers
        }

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300
