"""The async httpx client of the API: typed errors, retries, and exchanges for the inspector.

No Textual here; the UI talks to this package from workers. `thread_tui` and `thread_tui.core`
never import it, so they stay free of httpx.
"""

from typing import TYPE_CHECKING, Any

from thread_tui.api.client import ApiClient
from thread_tui.api.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    GoneError,
    InsecureTransportError,
    MissingApiKeyError,
    NetworkError,
    NetworkReason,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ResponseTooLargeError,
    ServerError,
    UnprocessableEntityError,
)
from thread_tui.api.exchange import Exchange
from thread_tui.api.retry import RetryPolicy

if TYPE_CHECKING:
    from thread_tui.api.waits import Wait, WaitHook


def __getattr__(name: str) -> Any:
    # A wait exists only before a retry: its module loads then, not with every client.
    if name in ("Wait", "WaitHook"):
        from thread_tui.api import waits

        return getattr(waits, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ApiClient",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ClientError",
    "ConflictError",
    "Exchange",
    "GoneError",
    "InsecureTransportError",
    "MissingApiKeyError",
    "NetworkError",
    "NetworkReason",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseFormatError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "UnprocessableEntityError",
    "Wait",
    "WaitHook",
]
