"""JSON from elsewhere read without recursion blowing up: too deep a body is refused first.

`json.loads` recurses once per level of nesting, and `json.dumps(indent=...)` does too: a body
nested 1,000 levels deep raises RecursionError in one and crashes the other. Here the depth is
measured first, by a scan that does not recurse and runs in linear time, and anything deeper
than `MAX_DEPTH` is refused with a `JsonDepthError` (a ValueError, as for any unreadable JSON).
No API object thread_tui reads is nested more than about 8 levels deep.

Python's json also takes what JSON is not: an object naming a key twice (the last one wins,
silently: `{"id": "thread_abc123", "id": "thread_zzz"}`), and NaN, Infinity or a number too
big for a float (`1e99999` becomes inf), which `json.dumps` then writes back as no JSON
parser reads it. Both are refused here, each with its own `StrictJsonError` (a ValueError).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any, Final

MAX_DEPTH: Final = 64

# A JSON string, or its unterminated start: matching never fails once it has begun, so no
# start is scanned twice (a failing `"…"` pattern would rescan from every later quote).
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?')
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_STEP: Final = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonDepthError(ValueError):
    """JSON nested deeper than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"nested deeper than {limit} levels")
        self.limit = limit


class StrictJsonError(ValueError):
    """Text Python's json module reads but JSON does not allow (or not unambiguously)."""


class DuplicateKeyError(StrictJsonError):
    """An object naming the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the key {_shown(key)} appears more than once in one object")
        self.key = key


class NonFiniteNumberError(StrictJsonError):
    """NaN, Infinity, -Infinity, or a number beyond a float's range (1e99999)."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{_shown(text, quote=False)} is not a finite number")
        self.text = text


_SHOWN_CHARS: Final = 40


def _shown(text: str, *, quote: bool = True) -> str:
    cut = text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"
    return repr(cut) if quote else cut


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return out


def _refuse_constant(name: str) -> Any:
    raise NonFiniteNumberError(name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NonFiniteNumberError(text)
    return value


def text_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings aside)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads(text)`, but JsonDepthError (a ValueError) when nested deeper than
    `max_depth`, and a StrictJsonError (a ValueError) for a key named twice in one object or
    a number that is not finite; any other unreadable text raises ValueError as json.loads
    does."""
    # Most bodies have fewer brackets than the limit in all: they cannot nest that deep.
    if text.count("[") + text.count("{") > max_depth and text_depth(text) > max_depth:
        raise JsonDepthError(max_depth)
    try:
        return json.loads(
            text,
            object_pairs_hook=_unique_pairs,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except RecursionError:  # a Python with a low recursion limit
        raise JsonDepthError(max_depth) from None


def value_depth(value: Any) -> int:
    """How deep lists and dicts nest in a value, measured without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list | tuple):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend((child, depth) for child in item)
    return deepest
