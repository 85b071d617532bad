"""Typed errors of the API client; each can say what went wrong in one plain sentence.

An `ApiError` carries the HTTP status, the error body's type/code/param/message and the
`x-request-id`; a `NetworkError` says what failed on the wire; a `ResponseFormatError` says the
server answered 2xx with a body thread_tui cannot read (`ResponseTooLargeError`: one larger
than the cap). None of them ever holds the API key: the client scrubs every text it puts into
them. `message` keeps the server's text as it came; `user_message()` is drawn inert (every
control, escape or bidi character shown as a visible cell), ready for a terminal.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from urllib.parse import urlsplit

from thread_tui.core.inert import inert

if TYPE_CHECKING:
    from thread_tui.api.exchange import Exchange

THREADS_RETIRED = (
    "OpenAI retired the Assistants API, threads included, on 2026-08-26; on api.openai.com "
    "open a conversation (conv_… ID) instead."
)
# Where threads were retired. Not the demo's emulator (emulator.local): threads work there.
_RETIRED_HOSTS = frozenset({"api.openai.com"})
# A pattern, compiled (and cached by `re`) by the first 404 that needs it, not at start-up.
_THREAD_PATH = r"/threads/thread_[A-Za-z0-9_-]+$"

NetworkReason = Literal[
    "connect_timeout", "read_timeout", "connect", "reset", "dns", "timeout", "other"
]


def with_request_id(sentence: str, request_id: str | None) -> str:
    """Append ` (request id req_…)`, the part support needs to find the call in their logs."""
    return f"{sentence} (request id {request_id})" if request_id else sentence


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text.endswith((".", "!", "?")) else text + "."


class ClientError(Exception):
    """Base of every error the client raises; `user_message()` is what the UI shows.

    `not_retried` says why no further try was made although the policy allows one (the wait
    would pass the request's deadline); it ends the user message.
    """

    request_id: str | None = None
    exchange: Exchange | None = None
    not_retried: str = ""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def user_message(self) -> str:
        return self._shown(with_request_id(_sentence(self.message), self.request_id))

    def _shown(self, text: str) -> str:
        """The sentence as shown: with the reason no retry was made, and inert."""
        if self.not_retried:
            text = f"{text} {_sentence(self.not_retried)}"
        return inert(text)


class MissingApiKeyError(ClientError):
    """No API key is configured (and this is not the demo)."""

    def __init__(self, variable: str = "OPENAI_API_KEY") -> None:
        super().__init__(
            f"No API key: set {variable} (in the environment or a .env file) or pass "
            "--api-key; or try the built-in demo with --demo."
        )


class InsecureTransportError(ClientError):
    """The key would travel over plain http:// to a host that is not this machine."""


class ApiError(ClientError):
    """The server answered with an error status (or a redirect, which is never followed)."""

    title: ClassVar[str] = "The API answered with an error"

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str | None = None,
        code: str | None = None,
        param: str | None = None,
        request_id: str | None = None,
        method: str = "",
        url: str = "",
        body: Any = None,
        exchange: Exchange | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error_type = error_type
        self.code = code
        self.param = param
        self.request_id = request_id
        self.method = method
        self.url = url
        self.body = body
        self.exchange = exchange
        self.attempts = attempts

    @property
    def reason_phrase(self) -> str:
        """`Not Found`, `Too Many Requests`, …: what the official CLI prints after the status."""
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"

    @property
    def retries(self) -> int:
        return max(self.attempts - 1, 0)

    def user_message(self) -> str:
        retried = ""
        if self.retries:
            retried = f"; retried {self.retries} time{'s' if self.retries > 1 else ''}"
        detail = _sentence(self.message)
        if self.param and self.param not in detail:
            detail = f"{detail} (parameter: {self.param})"
        if self.note():
            detail = f"{detail} {self.note()}"
        return self._shown(
            with_request_id(
                f"{self.title} (HTTP {self.status}){retried}: {detail}", self.request_id
            )
        )

    def note(self) -> str:
        """A sentence of advice after the server's message; none by default."""
        return ""


class BadRequestError(ApiError):
    title = "The request was refused"


class AuthenticationError(ApiError):
    title = "The API key was rejected"


class PermissionDeniedError(ApiError):
    title = "Permission denied"


class NotFoundError(ApiError):
    title = "Not found"

    def note(self) -> str:
        # A thread that is not found may be one of the retired API's: say so, and what
        # replaced it. Only for reading a thread itself (the client sends well-formed IDs only).
        # Only where the retirement applies: OpenAI and Azure OpenAI (retired the same day); the
        # demo's emulator and a self-hosted /threads server still serve threads.
        parts = urlsplit(self.url)
        host = (parts.hostname or "").lower()
        retired_here = host in _RETIRED_HOSTS or host.endswith(".openai.azure.com")
        if retired_here and self.method == "GET" and re.search(_THREAD_PATH, parts.path):
            return THREADS_RETIRED
        return ""


class ConflictError(ApiError):
    title = "Conflict"


class GoneError(ApiError):
    title = "This endpoint is gone"


class UnprocessableEntityError(ApiError):
    title = "The request could not be processed"


class RateLimitError(ApiError):
    title = "Rate limited"


class ServerError(ApiError):
    title = "The server failed"


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class(status: int) -> type[ApiError]:
    """The ApiError subclass for an HTTP status (ApiError itself for the unlisted ones)."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


class NetworkError(ClientError):
    """The request got no HTTP answer: a timeout, a refused or reset connection, a DNS failure."""

    def __init__(
        self,
        reason: NetworkReason,
        message: str,
        *,
        method: str = "",
        url: str = "",
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.reason: NetworkReason = reason
        self.method = method
        self.url = url
        self.attempts = attempts

    def user_message(self) -> str:
        text = _sentence(self.message)
        if self.attempts > 1:
            text = f"{text[:-1]} (tried {self.attempts} times)."
        return self._shown(text)


class ResponseFormatError(ClientError):
    """A 2xx answer whose body is empty, not JSON, or not the expected object."""

    def __init__(
        self,
        message: str,
        *,
        request_id: str | None = None,
        exchange: Exchange | None = None,
    ) -> None:
        super().__init__(message)
        self.request_id = request_id
        self.exchange = exchange


class ResponseTooLargeError(ResponseFormatError):
    """An answer larger than the cap (`Settings.max_response_bytes`): refused unread."""

    def __init__(self, message: str, *, limit: int, request_id: str | None = None) -> None:
        super().__init__(message, request_id=request_id)
        self.limit = limit


def byte_size(count: int) -> str:
    """`4 MiB` for whole mebibytes, else `100000 bytes`: the cap as the user set it."""
    mib = 1024 * 1024
    return f"{count // mib} MiB" if count % mib == 0 else f"{count} bytes"
