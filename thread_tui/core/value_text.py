"""The text logic of the value editor (ui/screens/value_editor.py), kept free of Textual.

- `over_from`: where, line by line, the part past the limit begins (the editor marks it);
- `editable_exactly`: whether the multi-line editor can hold a text and give it back as it
  was (its document splits lines on CR, VT, FF, NEL, U+2028 … and would join them with one
  newline; a control character would reach the terminal raw), else it is only shown;
- `pretty_json` / `compact_json`: a value holding a JSON object or array laid out for editing
  and compacted back; read strictly (core.safejson), so no key named twice silently loses
  one of its values, and written with every character a terminal acts on as a `\\uXXXX`
  escape (core.inert.inert_json): the same data, inert;
- `apply_text`: what applying an edit gives the row, or ApplyRefused saying why not.
"""

from __future__ import annotations

import json
from typing import Any, Final

from thread_tui.core import safejson
from thread_tui.core.inert import inert_json, visible

# Kept as they are in the editor: the newline is its line break, and a tab is drawn as spaces.
_KEPT: Final = frozenset("\n\t")


class ApplyRefused(ValueError):
    """An edit that cannot be applied as it stands; the message says why and what to do."""


def over_from(lines: list[str], limit: int) -> dict[int, int]:
    """For each line (of a text split on "\\n") holding characters past the `limit`-th, the
    column where they begin. The newline between two lines counts as one character."""
    marked: dict[int, int] = {}
    offset = 0
    for index, line in enumerate(lines):
        end = offset + len(line)
        if end > limit and line:
            marked[index] = max(limit - offset, 0)
        offset = end + 1
    return marked


def editable_exactly(text: str) -> bool:
    """Whether the multi-line editor holds `text` as it is: only characters drawn as
    themselves, newlines and tabs."""
    return all(char in _KEPT or visible(char) == char for char in set(text))


def one_line(text: str) -> str:
    """`text` without its line breaks (a key is one line)."""
    return text.replace("\r", "").replace("\n", "")


def _load(text: str) -> Any:
    try:
        return safejson.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    except ValueError as error:
        raise ValueError(f"not JSON that can be laid out and taken back exactly: {error}") from None


def _structured(text: str) -> Any:
    data = _load(text)
    if not isinstance(data, dict | list):
        raise ValueError("valid JSON, but only an object or an array is laid out")
    return data


def pretty_json(text: str) -> str:
    """`text` (a JSON object or array) laid out with two-space indents; ValueError saying why
    when it is not such JSON."""
    return inert_json(json.dumps(_structured(text), indent=2, ensure_ascii=False))


def compact_json(text: str) -> str:
    """`text` (JSON) in its shortest form, as a value holds it; ValueError when invalid."""
    return inert_json(json.dumps(_load(text), separators=(",", ":"), ensure_ascii=False))


def json_counted(text: str) -> tuple[int | None, str | None]:
    """(length of the compact form, None), or (None, why it is not valid JSON)."""
    try:
        return len(compact_json(text)), None
    except ValueError as error:
        return None, str(error)


def apply_text(original: str, edited: str, *, json_mode: bool, limit: int) -> str:
    """What applying `edited` puts into the row. Plain text goes as typed (a row shows its
    own limit error). JSON goes compacted, or as `original` when it holds the same data
    laid out the same way (unchanged: not rewritten); ApplyRefused when invalid or when
    its compact form is over `limit`."""
    if not json_mode:
        return edited
    try:
        unchanged = edited == pretty_json(original)
    except ValueError:
        unchanged = False
    if unchanged:
        return original
    try:
        compact = compact_json(edited)
    except ValueError as error:
        raise ApplyRefused(
            f"Nothing applied: {error}. Fix it, or Ctrl+J to edit it as plain text."
        ) from None
    if len(compact) > limit:
        raise ApplyRefused(
            f"Nothing applied: compacted, the JSON is {len(compact)}/{limit} characters, "
            f"{len(compact) - limit} over the limit. Shorten it."
        )
    return compact
