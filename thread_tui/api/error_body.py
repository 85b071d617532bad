"""What an error answer says about itself: the message, type, code and param of the API's
`{"error": {...}}` body, read leniently (a proxy's HTML page or a wrong-shaped JSON still
gives a message).

Apart from `api.parsing` because only an error answer needs it: a command that succeeds does
not create its dataclass (each costs `thread-tui get` start-up time, bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thread_tui.api.parsing import snippet
from thread_tui.core import safejson


@dataclass(frozen=True)
class ErrorInfo:
    """What an error answer says about itself; every field may be missing."""

    message: str
    error_type: str | None = None
    code: str | None = None
    param: str | None = None
    body: Any = None


def read_error(text: str) -> ErrorInfo:
    """Read `{"error": {"message", "type", "param", "code"}}`, tolerating anything else."""
    too_deep: safejson.JsonDepthError | None = None
    try:
        body: Any = safejson.loads(text) if text.strip() else None
    except safejson.JsonDepthError as exc:
        body, too_deep = None, exc
    except ValueError:
        body = None
    detail: dict[str, Any] = {}
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict):
            detail = inner
        elif isinstance(inner, str):
            detail = {"message": inner}
        elif isinstance(body.get("message"), str):
            detail = body
    message = detail.get("message")
    if too_deep is not None:
        message = f"no error message (the body is JSON {too_deep}, so it was not read)"
    elif not isinstance(message, str) or not message.strip():
        shown = snippet(text)
        message = f"no error message (body: {shown})" if shown else "no error message"
    return ErrorInfo(
        message=message,
        error_type=_str_or_none(detail.get("type")),
        code=_str_or_none(detail.get("code")),
        param=_str_or_none(detail.get("param")),
        body=body,
    )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None
