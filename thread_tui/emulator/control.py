"""`/_emulator/faults`: arming the emulator's faults over HTTP, with any client; and
`/_emulator/stats`: how many requests it answered, by status (a bench counts its 429s).

    POST   /_emulator/faults   {"status": 503, "times": 2, "match": "GET /v1/threads"}  arm one
    GET    /_emulator/faults   the faults still armed
    DELETE /_emulator/faults   disarm them all
    GET    /_emulator/stats    {"requests": 4000, "by_status": {"200": 3990, "429": 10},
                                "seconds": 40.2}  since the start or the last reset
    DELETE /_emulator/stats    start counting again

The same faults the in-process hooks (`Emulator.faults.inject`) arm, so a fault behaves alike
however it was armed. Guarded by the emulator's own key (`Authorization: Bearer <key>` or
`api-key: <key>`), even when the emulator accepts any key for the API itself. Control requests
are neither logged, rate limited nor subject to the faults they arm.
"""

from __future__ import annotations

import json
import math
import re
from typing import TYPE_CHECKING, Any

from thread_tui.emulator.errors import ApiFailure, bad_request, invalid_type, json_type_name
from thread_tui.emulator.fault import Fault

if TYPE_CHECKING:
    from thread_tui.emulator.state import Emulator, EmuRequest

PREFIX = "/_emulator/"  # state.CONTROL_PREFIX, which routes here
FAULTS_PATH = "/_emulator/faults"
STATS_PATH = "/_emulator/stats"
MAX_DELAY = 600.0  # seconds
MAX_TIMES = 10_000
# The key is printed and the same for every demo: any local process may arm faults, so what
# they can make the emulator hold is bounded (100 faults of at most 64 KiB each).
MAX_ARMED = 100
MAX_FAULT_BODY = 64 * 1024  # characters
MALFORMED = ("not_json", "wrong_shape", "empty")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_EFFECTS = ("status", "delay", "drop", "connect_error", "connect_timeout", "malformed", "headers")
_FIELDS = frozenset((*_EFFECTS, "body", "match", "times"))


def answer(emu: Emulator, request: EmuRequest) -> tuple[int, dict[str, Any]]:
    """Answer a control request. Raises ApiFailure for every error answer."""
    _authenticate(emu, request)
    path = request.path.rstrip("/")
    if path == STATS_PATH:
        return _stats(emu, request)
    if path != FAULTS_PATH:
        raise ApiFailure(404, f"Invalid URL ({request.method} {request.path})")
    if request.method == "GET":
        faults = emu.faults.armed()
        return 200, {"object": "list", "data": [describe(f) for f in faults]}
    if request.method == "DELETE":
        cleared = len(emu.faults.clear())
        return 200, {"object": "emulator.faults.cleared", "cleared": cleared}
    if request.method == "POST":
        spec = _parse(request.body)
        if len(emu.faults.armed()) >= MAX_ARMED:
            raise bad_request(
                f"{MAX_ARMED} faults are armed already, the most the emulator holds: "
                f"DELETE {FAULTS_PATH} clears them."
            )
        fault = emu.faults.inject(**spec)
        return 200, describe(fault)
    raise ApiFailure(405, f"Method {request.method} is not allowed on {FAULTS_PATH}.")


def _stats(emu: Emulator, request: EmuRequest) -> tuple[int, dict[str, Any]]:
    with emu.lock:
        if request.method == "GET":
            return 200, emu.stats.describe()
        if request.method == "DELETE":
            emu.stats.reset()
            return 200, emu.stats.describe()
    raise ApiFailure(405, f"Method {request.method} is not allowed on {STATS_PATH}.")


def describe(fault: Fault) -> dict[str, Any]:
    """A fault as JSON (the body as text)."""
    return {
        "object": "emulator.fault",
        "status": fault.status,
        "delay": fault.delay,
        "drop": fault.drop,
        "connect_error": fault.connect_error,
        "connect_timeout": fault.connect_timeout,
        "malformed": fault.malformed,
        "headers": dict(fault.headers),
        "body": None if fault.body is None else fault.body.decode("utf-8", "replace"),
        "match": fault.match,
        "times": fault.times,
    }


def _authenticate(emu: Emulator, request: EmuRequest) -> None:
    header = request.headers.get("authorization", "")
    bearer = header[len("Bearer ") :].strip() if header.startswith("Bearer ") else ""
    key = bearer or request.headers.get("api-key", "").strip()
    if key and key in emu.api_keys:
        return
    raise ApiFailure(
        401,
        "The emulator's control routes need the emulator's own key (the one it printed) in "
        "an Authorization: Bearer or api-key header.",
        code="invalid_api_key",
    )


def _parse(body: bytes) -> dict[str, Any]:
    try:
        spec = json.loads(body) if body.strip() else None
    except (ValueError, RecursionError):
        spec = None
    if not isinstance(spec, dict):
        raise bad_request("The body must be a JSON object naming the fault.")
    unknown = sorted(set(spec) - _FIELDS)
    if unknown:
        raise bad_request(f"Unrecognized request argument supplied: {unknown[0]}", unknown[0])
    if not any(spec.get(name) not in (None, False, 0, {}) for name in _EFFECTS):
        raise bad_request(
            f"Name at least one effect of the fault: {', '.join(_EFFECTS)}.",
            code="missing_required_parameter",
        )
    return {
        "status": _status(spec.get("status")),
        "delay": _number(spec, "delay", 0.0, MAX_DELAY),
        "drop": _flag(spec, "drop"),
        "connect_error": _flag(spec, "connect_error"),
        "connect_timeout": _flag(spec, "connect_timeout"),
        "malformed": _malformed(spec.get("malformed")),
        "headers": _headers(spec.get("headers")),
        "body": _body(spec),
        "match": _text(spec, "match"),
        "times": _times(spec.get("times", 1)),
    }


def _status(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_type("status", "an integer", json_type_name(value))
    if not 200 <= value <= 599:
        raise bad_request("'status' must be an HTTP status from 200 to 599.", "status")
    return value


def _number(spec: dict[str, Any], name: str, low: float, high: float) -> float:
    value = spec.get(name, 0)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise invalid_type(name, "a number", json_type_name(value))
    if not (math.isfinite(value) and low <= value <= high):
        raise bad_request(f"'{name}' must be from {low:g} to {high:g} seconds.", name)
    return float(value)


def _flag(spec: dict[str, Any], name: str) -> bool:
    value = spec.get(name, False)
    if not isinstance(value, bool):
        raise invalid_type(name, "a boolean", json_type_name(value))
    return value


def _malformed(value: Any) -> Any:
    if value is None or value in MALFORMED:
        return value
    raise bad_request(f"'malformed' must be one of {', '.join(MALFORMED)}.", "malformed")


def _headers(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid_type("headers", "an object", json_type_name(value))
    headers: dict[str, str] = {}
    for name, text in value.items():
        if not isinstance(text, str):
            raise invalid_type(f"headers.{name}", "a string", json_type_name(text))
        # A header that cannot be sent must fail here, not when the fault fires.
        if not _TOKEN.fullmatch(name) or any(c in text for c in "\r\n\0"):
            raise bad_request(f"'headers.{name}' is not a header that can be sent.", "headers")
        headers[name.lower()] = text
    return headers


def _text(spec: dict[str, Any], name: str) -> str | None:
    value = spec.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid_type(name, "a string", json_type_name(value))
    return value


def _body(spec: dict[str, Any]) -> str | None:
    body = _text(spec, "body")
    if body is not None and len(body) > MAX_FAULT_BODY:
        raise bad_request(f"'body' is longer than {MAX_FAULT_BODY} characters.", "body")
    return body


def _times(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid_type("times", "an integer", json_type_name(value))
    if not 1 <= value <= MAX_TIMES:
        raise bad_request(f"'times' must be from 1 to {MAX_TIMES}.", "times")
    return value
