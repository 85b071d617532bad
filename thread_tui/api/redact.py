"""Keep the API key out of everything the client records or raises.

The server already masks keys in its messages (`sk-abc*****wxyz`), but an echoing proxy or a
misconfigured server might not; every text that leaves the client passes through `Redactor`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from thread_tui.api.errors import ClientError
from thread_tui.api.exchange import KEY_PLACEHOLDER
from thread_tui.core.secret import SecretStr

KEY_NAME = "$OPENAI_API_KEY"
AZURE_KEY_NAME = "$AZURE_OPENAI_API_KEY"
ErrorT = TypeVar("ErrorT", bound=ClientError)


class Redactor:
    """Replaces the raw key by `$OPENAI_API_KEY` (or the name given, `$AZURE_OPENAI_API_KEY`
    for Azure) in texts, headers, JSON values and errors."""

    def __init__(self, key: SecretStr | None, name: str = KEY_NAME) -> None:
        self._key = key.get_secret_value() if key is not None else ""
        self._name = name
        # Compiled on the first text that holds a JSON escape (rare): a group per key
        # character takes ~1.3 ms for the demo's 32-character key, more for a long real one,
        # and every headless command builds a redactor.
        self._escaped_pattern: re.Pattern[str] | None = None

    @property
    def _escaped(self) -> re.Pattern[str]:
        # The key with any of its characters written as a JSON escape (`\u0073k-…`): a body
        # can carry it so, and it becomes the key again once parsed.
        if self._escaped_pattern is None:
            self._escaped_pattern = re.compile(
                "".join(f"(?:{re.escape(c)}|\\\\u(?i:{ord(c):04x}))" for c in self._key)
            )
        return self._escaped_pattern

    def __repr__(self) -> str:
        return "Redactor(key=***)"

    def text(self, value: str) -> str:
        if not self._key:
            return value
        value = value.replace(self._key, self._name)
        if "\\u" in value:
            value = self._escaped.sub(lambda _: self._name, value)
        return value

    def headers(self, items: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Lower-cased request headers with Authorization and Azure's api-key shown as
        placeholders, whatever they hold."""
        out: dict[str, str] = {}
        for name, value in items:
            lowered = name.lower()
            if lowered == "authorization":
                out[lowered] = KEY_PLACEHOLDER
            elif lowered == "api-key":
                out[lowered] = AZURE_KEY_NAME
            else:
                out[lowered] = self.text(value)
        return out

    def response_headers(self, items: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Lower-cased response headers, scrubbed in names and values. A name is compared
        without case: lower-casing it must not let an echoed key through as a header name."""
        hidden = self._name.lower()  # header names stay lower-case
        any_case = re.compile(re.escape(self._key), re.IGNORECASE) if self._key else None
        out: dict[str, str] = {}
        for name, value in items:
            lowered = name.lower()
            if any_case is not None:
                lowered = any_case.sub(lambda _: hidden, lowered)
            out[lowered] = self.text(value)
        return out

    def optional(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def value(self, data: Any) -> Any:
        """A copy of a JSON-like value (dicts, lists, tuples) with the key replaced in every
        string, object keys included; other values are kept as they are.

        Iterative, not recursive: a parsed body may be as deep as the JSON parser allows, and
        scrubbing it must not be what fails.
        """
        root: list[Any] = [None]
        # (value to scrub, container its copy goes into, index or key there)
        todo: list[tuple[Any, Any, Any]] = [(data, root, 0)]
        tuples: list[tuple[list[Any], Any, Any]] = []
        while todo:
            item, parent, slot = todo.pop()
            copy: Any
            if isinstance(item, str):
                copy = self.text(item)
            elif isinstance(item, list | tuple):
                copy = [None] * len(item)
                todo.extend((child, copy, i) for i, child in enumerate(item))
                if isinstance(item, tuple):
                    tuples.append((copy, parent, slot))
            elif isinstance(item, dict):
                copy = {}
                for key, child in item.items():
                    new_key = self.text(key) if isinstance(key, str) else key
                    copy[new_key] = None
                    todo.append((child, copy, new_key))
            else:
                copy = item
            parent[slot] = copy
        # Tuples are rebuilt once their items are filled in, innermost first.
        for items, parent, slot in reversed(tuples):
            parent[slot] = tuple(items)
        return root[0]

    def error(self, error: ErrorT) -> ErrorT:
        """Scrub an error in place, returned for `raise`: its arguments, its notes and every
        attribute that holds text or JSON (message, url, request_id, param, code, body, …)."""
        if not self._key:
            return error
        error.args = tuple(self.value(arg) for arg in error.args)
        for name, attribute in vars(error).items():
            if isinstance(attribute, str | list | tuple | dict):
                setattr(error, name, self.value(attribute))
        return error
