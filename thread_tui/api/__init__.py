"""The async httpx client of the API: typed errors, retries, and exchanges for the inspector.

No Textual here; the UI talks to this package from workers.
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
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    UnprocessableEntityError,
)
from thread_tui.api.exchange import Exchange
from thread_tui.api.factory import build_client

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
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseFormatError",
    "ServerError",
    "UnprocessableEntityError",
    "build_client",
]
