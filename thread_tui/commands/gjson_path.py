"""A small subset of GJSON paths, for the official CLI's `--transform` / `--transform-error`.

Supported: dotted keys (`metadata.owner`), array indexes (`data.0`), `#` for an array's length
(`data.#`), `#.rest` for `rest` of every element (`data.#.id`), and `\\.` for a dot inside a
key. Not supported, refused by `transform_value` before anything is sent: wildcards (`*`, `?`),
queries (`#(…)`), modifiers (`@…`), pipes (`|`), multipaths (`[…]`, `{…}`).

As in the official CLI, a path that matches nothing leaves the value whole.
"""

from __future__ import annotations

import argparse
from typing import Any, Final

_UNSUPPORTED: Final = ("*", "?", "@", "|", "#(", "[", "]", "{", "}", "!", "=")


class _Missing:
    """No value at the path (unlike null, which is a value)."""


MISSING: Final = _Missing()


def transform_value(text: str) -> str:
    """argparse type of `--transform`: the path, or a clear refusal of what is not supported."""
    if not text:
        raise argparse.ArgumentTypeError("an empty path; give a GJSON path such as data.#.id")
    unescaped = text.replace("\\\\", "").replace("\\.", "")
    for mark in _UNSUPPORTED:
        if mark in unescaped:
            raise argparse.ArgumentTypeError(
                f"{text!r}: thread-tui supports GJSON paths of keys, indexes and # "
                f"(metadata.owner, data.0.id, data.#, data.#.id), not {mark!r}"
            )
    if any(not part for part in split_path(text)):
        raise argparse.ArgumentTypeError(f"{text!r}: an empty step between dots")
    return text


def split_path(path: str) -> list[str]:
    """The steps of `path`: split at dots not escaped by a backslash."""
    steps: list[str] = []
    current: list[str] = []
    chars = iter(path)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ".":
            steps.append("".join(current))
            current = []
        else:
            current.append(char)
    steps.append("".join(current))
    return steps


def pick(value: Any, path: str) -> Any:
    """The part of `value` at `path`, or `value` itself when the path matches nothing."""
    found = _walk(value, split_path(path))
    return value if found is MISSING else found


def _walk(value: Any, steps: list[str]) -> Any:
    for index, step in enumerate(steps):
        if isinstance(value, list):
            if step == "#":
                rest = steps[index + 1 :]
                if not rest:
                    return len(value)
                found = [_walk(item, rest) for item in value]
                return [item for item in found if item is not MISSING]
            if not step.isdigit() or int(step) >= len(value):
                return MISSING
            value = value[int(step)]
        elif isinstance(value, dict):
            if step not in value:
                return MISSING
            value = value[step]
        else:
            return MISSING
    return value
