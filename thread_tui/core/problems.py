"""Structured limit violations, and the checks that find them.

One `Problem` per violated rule: where (row and field), what was counted and the limit,
and a sentence a person understands. The draft, the CLI and the emulator's mirror of
the server all speak in these terms.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from thread_tui.core import limits


class ProblemCode(StrEnum):
    TOO_MANY_PAIRS = "too_many_pairs"
    KEY_EMPTY = "key_empty"
    KEY_TOO_LONG = "key_too_long"
    KEY_DUPLICATE = "key_duplicate"
    VALUE_TOO_LONG = "value_too_long"
    INVALID_TEXT = "invalid_text"
    TOO_MANY_FILES = "too_many_files"
    DUPLICATE_FILE = "duplicate_file"
    TOO_MANY_STORES = "too_many_stores"
    DUPLICATE_STORE = "duplicate_store"
    NOT_A_STRING = "not_a_string"
    WRONG_SHAPE = "wrong_shape"
    NOT_SUPPORTED = "not_supported"


class Field(StrEnum):
    KEY = "key"
    VALUE = "value"
    PAIRS = "pairs"
    FILE_IDS = "file_ids"
    VECTOR_STORE_IDS = "vector_store_ids"
    TOOL_RESOURCES = "tool_resources"


@dataclass(frozen=True)
class Problem:
    """A violated limit or rule. `row` is the draft row id (or None for a whole-list problem)."""

    code: ProblemCode
    field: Field
    message: str
    row: int | None = None
    count: int | None = None
    limit: int | None = None
    pending: bool = False
    """True for an empty key of a new row the user has not left yet: it blocks Submit, but
    the row does not mark it (it is being filled in)."""


def has_lone_surrogate(text: str) -> bool:
    """True when the text cannot be encoded as UTF-8 (and so cannot be sent as JSON)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_key(key: str, row: int | None = None, *, pending: bool = False) -> list[Problem]:
    """The rules of one key; `pending` marks an empty one as not shown yet (see Problem)."""
    found: list[Problem] = []
    n = limits.count_chars(key)
    if n == 0:
        found.append(
            Problem(ProblemCode.KEY_EMPTY, Field.KEY, "A key cannot be empty.", row, 0, 1, pending)
        )
    elif n > limits.MAX_KEY_CHARS:
        found.append(
            Problem(
                ProblemCode.KEY_TOO_LONG,
                Field.KEY,
                f"Key {_short(key)} is {n} characters; at most {limits.MAX_KEY_CHARS}.",
                row,
                n,
                limits.MAX_KEY_CHARS,
            )
        )
    if has_lone_surrogate(key):
        found.append(
            Problem(
                ProblemCode.INVALID_TEXT,
                Field.KEY,
                "A key holds a character that is not valid Unicode text (a lone surrogate).",
                row,
            )
        )
    return found


def check_value(key: str, value: str, row: int | None = None) -> list[Problem]:
    found: list[Problem] = []
    n = limits.count_chars(value)
    if n > limits.MAX_VALUE_CHARS:
        found.append(
            Problem(
                ProblemCode.VALUE_TOO_LONG,
                Field.VALUE,
                f"The value of {_short(key)} is {n} characters; at most {limits.MAX_VALUE_CHARS}.",
                row,
                n,
                limits.MAX_VALUE_CHARS,
            )
        )
    if has_lone_surrogate(value):
        found.append(
            Problem(
                ProblemCode.INVALID_TEXT,
                Field.VALUE,
                f"The value of {_short(key)} holds a character that is not valid Unicode text "
                "(a lone surrogate).",
                row,
            )
        )
    return found


def check_pair_count(count: int, *, merged: bool) -> list[Problem]:
    if count <= limits.MAX_METADATA_PAIRS:
        return []
    why = " (counting the keys the server keeps: a key cannot be deleted)" if merged else ""
    return [
        Problem(
            ProblemCode.TOO_MANY_PAIRS,
            Field.PAIRS,
            f"{count} metadata pairs{why}; at most {limits.MAX_METADATA_PAIRS}.",
            None,
            count,
            limits.MAX_METADATA_PAIRS,
        )
    ]


def check_id_list(ids: Sequence[str], field: Field) -> list[Problem]:
    """The count and uniqueness rules of file_ids / vector_store_ids."""
    if field is Field.FILE_IDS:
        limit, what, too_many, dup = (
            limits.MAX_FILE_IDS,
            "code_interpreter files",
            ProblemCode.TOO_MANY_FILES,
            ProblemCode.DUPLICATE_FILE,
        )
    else:
        limit, what, too_many, dup = (
            limits.MAX_VECTOR_STORE_IDS,
            "file_search vector stores",
            ProblemCode.TOO_MANY_STORES,
            ProblemCode.DUPLICATE_STORE,
        )
    found: list[Problem] = []
    if len(ids) > limit:
        found.append(
            Problem(too_many, field, f"{len(ids)} {what}; at most {limit}.", None, len(ids), limit)
        )
    seen: set[str] = set()
    for item in ids:
        if has_lone_surrogate(item):
            found.append(
                Problem(
                    ProblemCode.INVALID_TEXT,
                    field,
                    f"The ID {item!r} holds a character that is not valid Unicode text "
                    "(a lone surrogate).",
                )
            )
        if item in seen:
            found.append(Problem(dup, field, f"{item} is listed twice.", None))
        seen.add(item)
    return found


def check_metadata_map(metadata: Mapping[str, object]) -> list[Problem]:
    """Check a whole metadata map as sent (the CLI's case): types, lengths, count."""
    found = check_pair_count(len(metadata), merged=False)
    for key, value in metadata.items():
        found.extend(check_key(key))
        if not isinstance(value, str):
            found.append(
                Problem(
                    ProblemCode.NOT_A_STRING,
                    Field.VALUE,
                    f"The value of {_short(key)} must be a string, not {_not_a_string(value)}",
                )
            )
        else:
            found.extend(check_value(key, value))
    return found


def _not_a_string(value: object) -> str:
    """The reason and the fix for a non-string metadata value, as the end of a sentence."""
    if value is None:
        return 'null (a key cannot be deleted; use "" to blank its value).'
    if isinstance(value, dict | list):
        kind = "a map" if isinstance(value, dict) else "a list"
        return f"{kind}: metadata values are flat strings."
    kind = "a boolean" if isinstance(value, bool) else "a number"
    return f'{kind} (quote it: "{json.dumps(value)}").'


def _short(key: str, width: int = 24) -> str:
    shown = key if len(key) <= width else key[: width - 1] + "…"
    return repr(shown)
