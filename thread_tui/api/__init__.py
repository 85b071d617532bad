"""The async httpx client of the API: typed errors, retries, and exchanges for the inspector.

No Textual here; the UI talks to this package from workers. `thread_tui` and `thread_tui.core`
never import it, so they stay free of httpx.
"""

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
from thread_tui.api.waits import Wait, WaitHook

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
