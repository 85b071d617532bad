"""The one reliance on aiohttp beyond its public API: the answer to a request it cannot parse.

aiohttp answers a request it cannot parse (a bad Content-Length, an unknown method token, an
oversized header or request line) from `RequestHandler.handle_error` in text/plain, and logs
the parser's traceback on stderr. No public setting changes that body, and a client of an
OpenAI-compatible server expects `{"error": {...}}` there, so the emulator's server uses a
`RequestHandler` subclass that answers in that shape and logs one debug line.
tests/emulator/test_aiohttp_compat.py fails as soon as the hook moves or changes shape.
"""

from __future__ import annotations

import asyncio
import json
import logging
from http import HTTPStatus
from typing import Any

from aiohttp import http_exceptions, web
from aiohttp.web_protocol import RequestHandler

log = logging.getLogger("thread_tui.emulator")

# The limits on what aiohttp reads before a request reaches the emulator (its defaults).
MAX_LINE = 8190
MAX_FIELD = 8190
MAX_HEADERS = 128
# An idle keep-alive connection is closed after this (the low-level server's default is an hour).
KEEPALIVE = 75.0


def error_body(message: str, error_type: str = "invalid_request_error") -> bytes:
    """An error in the API's shape."""
    error = {"message": message, "type": error_type, "param": None, "code": None}
    return json.dumps({"error": error}).encode()


def _explain(status: int, exc: BaseException | None) -> tuple[int, str, str]:
    """Status, message and type for an error aiohttp reports (a parse error, or a bug)."""
    if isinstance(exc, http_exceptions.BadHttpMethod):
        return 400, "Unsupported HTTP method.", "invalid_request_error"
    if isinstance(exc, http_exceptions.LineTooLong):
        message = f"Request line or header field too large (at most {MAX_FIELD} bytes)."
        return 431, message, "invalid_request_error"
    if isinstance(exc, http_exceptions.HttpProcessingError) and status < 500:
        # The parser's first line names the problem without echoing the request's bytes.
        first = (exc.message or "").strip().splitlines()
        reason = first[0].rstrip(":") if first else "malformed request"
        return status, f"Malformed HTTP request: {reason}.", "invalid_request_error"
    if status < 500:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "malformed request"
        return status, f"{phrase}.", "invalid_request_error"
    return 500, "The server had an error while processing your request.", "server_error"


class JsonErrorRequestHandler(RequestHandler):
    """aiohttp's connection handler, answering its own errors in the API's shape."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        status, text, error_type = _explain(status, exc)
        # One line, no traceback: a malformed request is the client's problem, not a crash.
        log.debug("answered %s to a request aiohttp could not handle: %r", status, exc)
        if request.writer.output_size > 0:
            # Part of a response is out already: the only honest answer left is a reset.
            raise ConnectionError("response already started")
        response = web.Response(
            status=status, body=error_body(text, error_type), content_type="application/json"
        )
        response.force_close()
        return response


class JsonErrorServer(web.Server):
    """`web.Server` (aiohttp's documented low-level server) with that connection handler."""

    def __init__(self, handler: Any) -> None:
        super().__init__(handler)

    def __call__(self) -> RequestHandler:
        return JsonErrorRequestHandler(
            self,
            loop=asyncio.get_running_loop(),
            max_line_size=MAX_LINE,
            max_field_size=MAX_FIELD,
            max_headers=MAX_HEADERS,
            keepalive_timeout=KEEPALIVE,
        )
