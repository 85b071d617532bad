"""Turn httpx's transport exceptions into a `NetworkError` with a reason and a plain sentence.

The sentence names the server (scheme, host and port — never a path or query) and what the
user can check; the reason (`connect_timeout`, `dns`, …) lets the retry policy and the tests
tell the failures apart.
"""

from __future__ import annotations

import httpx

from thread_tui.api.errors import NetworkError, NetworkReason

# What resolvers say when a host name does not resolve (glibc, musl, macOS, Windows).
_DNS_HINTS = (
    "name or service not known",
    "temporary failure in name resolution",
    "nodename nor servname",
    "no address associated with hostname",
    "getaddrinfo failed",
    "name resolution",
    "name does not resolve",
    "no such host",
)


# What h11 says when a header block passes its limit (16 KiB) without ending.
_HEADERS_TOO_LARGE = "Receive buffer too long"
# What h11 and httpcore say when the peer closed the connection mid-answer.
_CLOSED_HINTS = ("closed", "disconnected", "reset")


def _closed(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(hint in text for hint in _CLOSED_HINTS)


def origin(url: str) -> str:
    """`https://api.openai.com` from a full URL: where we tried to connect."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return url
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host or url
    except httpx.InvalidURL:
        return url


def is_dns_failure(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(hint in text for hint in _DNS_HINTS)


def network_error(
    exc: httpx.RequestError,
    *,
    method: str,
    url: str,
    connect_timeout: float,
    read_timeout: float,
) -> NetworkError:
    """The NetworkError for a request that got no HTTP answer."""
    where = origin(url)
    reason: NetworkReason
    if isinstance(exc, httpx.ConnectTimeout):
        reason = "connect_timeout"
        message = f"Could not connect to {where}: connection timed out after {connect_timeout:g} s."
    elif isinstance(exc, httpx.ReadTimeout):
        reason = "read_timeout"
        message = f"{where} did not answer in time (read timeout after {read_timeout:g} s)."
    elif isinstance(exc, httpx.WriteTimeout):
        reason = "timeout"
        message = f"Sending the request to {where} timed out after {read_timeout:g} s."
    elif isinstance(exc, httpx.TimeoutException):
        reason = "timeout"
        message = f"The request to {where} timed out waiting for a free connection."
    elif isinstance(exc, httpx.ConnectError):
        if is_dns_failure(exc):
            reason = "dns"
            message = (
                f"Could not find the host {_host(url)} (DNS lookup failed); check the base URL."
            )
        else:
            reason = "connect"
            refused = "refused" in str(exc).lower()
            what = "connection refused" if refused else "the connection failed"
            message = f"Could not connect to {where}: {what}."
    elif isinstance(exc, httpx.RemoteProtocolError) and not _closed(exc):
        # h11 refused what the server sent: not a closed connection, and not worth a retry.
        reason = "other"
        if _HEADERS_TOO_LARGE in str(exc):
            message = (
                f"The answer from {where} was not read: the server's headers were too large "
                "(or never ended); check the base URL."
            )
        else:
            # h11's text quotes the server's bytes: left out.
            message = (
                f"The server at {where} sent an answer that is not valid HTTP (malformed "
                "status line or headers); check the base URL."
            )
    elif isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError):
        reason = "reset"
        message = f"The connection to {where} was closed before a complete answer arrived."
    elif isinstance(exc, httpx.DecodingError):
        reason = "other"
        message = (
            f"The server's answer from {where} could not be decoded (its content-encoding is "
            "broken)."
        )
    else:
        reason = "other"
        message = f"The request to {where} failed ({type(exc).__name__})."
    return NetworkError(reason, message, method=method, url=url)
