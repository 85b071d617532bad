"""Read answers: JSON bodies of 2xx answers, error bodies, and validation into models.

A body that is empty, not JSON, or not the expected object becomes a `ResponseFormatError`
whose message says what was wrong in words (never a pydantic traceback). Error bodies are
read leniently: a proxy's HTML page or a wrong-shaped JSON still yields a usable message.

Threads and conversations are read by `core.resources` (no pydantic, so that opening the
editor does not load it); everything else by the pydantic models. Both report problems in
the same shape, so both are worded by `format_error`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from thread_tui.api.errors import ResponseFormatError
from thread_tui.api.exchange import Exchange
from thread_tui.core import safejson
from thread_tui.core.ids import ResourceKind

if TYPE_CHECKING:
    from pydantic import BaseModel

    from thread_tui.core.resources import Resource

ModelT = TypeVar("ModelT", bound="BaseModel")
MAX_PROBLEMS = 3
# `core.resources.BEYOND_LIMITS`, not imported: loading core.resources is left to first use.
BEYOND_LIMITS = "beyond_limits"
_SNIPPET_CHARS = 120


def decode_json(exchange: Exchange) -> Any:
    """The JSON of a 2xx answer, or ResponseFormatError when there is none."""
    text = exchange.response_text
    if not text.strip():
        raise ResponseFormatError(
            f"The server answered HTTP {exchange.status} with an empty body; expected JSON.",
            request_id=exchange.request_id,
            exchange=exchange,
        )
    try:
        return safejson.loads(text)
    except safejson.JsonDepthError as exc:
        raise ResponseFormatError(
            f"The server answered HTTP {exchange.status} with JSON {exc}; no API object is, "
            "so it was not read.",
            request_id=exchange.request_id,
            exchange=exchange,
        ) from None
    except safejson.StrictJsonError as exc:
        raise ResponseFormatError(
            f"The server answered HTTP {exchange.status} with a body that is not valid JSON: "
            f"{exc}, so it was not read.",
            request_id=exchange.request_id,
            exchange=exchange,
        ) from None
    except ValueError:
        kind = exchange.response_headers.get("content-type", "no content type")
        raise ResponseFormatError(
            f"The server answered HTTP {exchange.status} with a body that is not JSON "
            f"({kind}): {snippet(text)}",
            request_id=exchange.request_id,
            exchange=exchange,
        ) from None


def validate(model: type[ModelT], data: Any, what: str, exchange: Exchange) -> ModelT:
    """`model.model_validate(data)`, or a ResponseFormatError naming the first problems."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = format_error(what, exc, exchange)
    raise error


def validate_resource(kind: ResourceKind, data: Any, exchange: Exchange) -> Resource:
    """`parse_resource(kind, data)`, or a ResponseFormatError naming the first problems."""
    # Loaded on first use, not with the client: the lookup screen is drawn before it.
    from thread_tui.core.resources import ResourceFormatError, parse_resource

    try:
        return parse_resource(kind, data)
    except ResourceFormatError as exc:
        error = format_error(kind.value, exc, exchange)
    raise error


def check_resource(kind: ResourceKind, data: Any, exchange: Exchange) -> None:
    """`validate_resource` without the object: for the headless commands, which print the
    server's JSON as it came. The same check and the same error, without `core.resources`
    (its dataclasses cost `thread-tui get` more than the reading itself)."""
    from thread_tui.core.resource_reader import ResourceFormatError, check_resource

    try:
        check_resource(kind, data)
        return
    except ResourceFormatError as exc:
        error = format_error(kind.value, exc, exchange)
    raise error


class ValidationProblems(Protocol):
    """What `format_error` reads of an error: pydantic's ValidationError, ResourceFormatError."""

    def errors(self) -> Sequence[Mapping[str, Any]]: ...

    def error_count(self) -> int: ...


def format_error(
    what: str, exc: ValidationProblems, exchange: Exchange | None
) -> ResponseFormatError:
    request_id = exchange.request_id if exchange else None
    beyond = [item for item in exc.errors() if item.get("type") == BEYOND_LIMITS]
    if beyond:
        # Thousands of pairs: the one problem worth a sentence (the rest were not read).
        return ResponseFormatError(
            f"The server's {what} has {beyond[0].get('msg')}, so it was not read.",
            request_id=request_id,
            exchange=exchange,
        )
    problems = [_problem(item) for item in exc.errors()[:MAX_PROBLEMS]]
    more = exc.error_count() - len(problems)
    tail = f" (and {more} more)" if more > 0 else ""
    return ResponseFormatError(
        f"The server's answer is not a valid {what}: {'; '.join(problems)}{tail}.",
        request_id=request_id,
        exchange=exchange,
    )


def _problem(item: Any) -> str:
    loc = item.get("loc", ())
    kind = item.get("type", "")
    if not loc:
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            return f"expected a JSON object, got {json_type(item.get('input'))}"
        return str(item.get("msg", "invalid"))
    where = _path(loc)
    if kind == "missing":
        return f"{where} is missing"
    message = str(item.get("msg", "invalid"))
    return f"{where}: {message[:1].lower()}{message[1:]}"


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return f"'{out}'"


def json_type(value: Any) -> str:
    """A JSON value's type in words, for a ResponseFormatError: "a list", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def snippet(text: str) -> str:
    """The start of a body on one line, for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _SNIPPET_CHARS else flat[: _SNIPPET_CHARS - 1] + "…"


def check_object_shape(data: Any, expected_object: str, exchange: Exchange) -> None:
    """The light check of a deletion result on the headless path: an object with a string
    `id` and the expected `object` type; anything else is a ResponseFormatError."""
    if not isinstance(data, dict):
        problem = f"expected a JSON object, got {type(data).__name__}"
    elif not isinstance(data.get("id"), str):
        problem = "it has no string 'id'"
    elif data.get("object") != expected_object:
        problem = f"'object' is {data.get('object')!r}, expected {expected_object!r}"
    else:
        return
    raise ResponseFormatError(
        f"The server's answer is not a valid {expected_object}: {problem}.",
        request_id=exchange.request_id,
        exchange=exchange,
    )
