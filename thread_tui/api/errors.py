"""Typed errors of the API client; each can say what went wrong in one plain sentence.

An `ApiError` carries the HTTP status, the error body's type/code/param/message and the
`x-request-id`; a `NetworkError` says what failed on the wire; a `ResponseFormatError` says the
server answered 2xx with a body thread_tui cannot read. None of them ever holds the API key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from thread_tui.api.exchange import Exchange


class ClientError(Exception):
    """Base of every error the client raises."""

    def user_message(self) -> str:
        return str(self)


class MissingApiKeyError(ClientError):
    def __init__(self) -> None:
        super().__init__(
            "No API key: set OPENAI_API_KEY (or put it in .env, or pass --api-key), "
            "or try the built-in demo with --demo."
        )


class InsecureTransportError(ClientError):
    """The key would travel over plain http to a non-loopback host."""


def _with_request_id(sentence: str, request_id: str | None) -> str:
    return f"{sentence} (request id {request_id})" if request_id else sentence


class ApiError(ClientError):
    """The server answered with an error status."""

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
        self.message = message
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
        from http import HTTPStatus

        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"

    def user_message(self) -> str:
        detail = self.message.rstrip()
        if detail and not detail.endswith((".", "!", "?")):
            detail += "."
        param = f" [param: {self.param}]" if self.param else ""
        retried = f" Retried {self.attempts - 1} times." if self.attempts > 1 else ""
        sentence = f"{self.title} (HTTP {self.status}): {detail}{param}{retried}"
        return _with_request_id(sentence, self.request_id)


class BadRequestError(ApiError):
    title = "The request was refused"


class AuthenticationError(ApiError):
    title = "The API key was rejected"


class PermissionDeniedError(ApiError):
    title = "Permission denied"


class NotFoundError(ApiError):
    title = "Not found"


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
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ApiError)


class NetworkError(ClientError):
    """The request did not get an HTTP answer: timeout, refused, reset, DNS."""

    def __init__(
        self, reason: str, message: str, *, method: str = "", url: str = "", attempts: int = 1
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.method = method
        self.url = url
        self.attempts = attempts

    def user_message(self) -> str:
        retried = f" (tried {self.attempts} times)" if self.attempts > 1 else ""
        return f"{self.message}{retried}"


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
        self.message = message
        self.request_id = request_id
        self.exchange = exchange

    def user_message(self) -> str:
        return _with_request_id(self.message, self.request_id)
