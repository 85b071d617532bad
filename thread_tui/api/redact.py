"""Keep the API key out of everything the client records or raises.

The server already masks keys in its messages (`sk-abc*****wxyz`), but an echoing proxy or a
misconfigured server might not; every text that leaves the client passes through `Redactor`.
"""

from __future__ import annotations

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
    for Azure) in texts, headers and JSON values."""

    def __init__(self, key: SecretStr | None, name: str = KEY_NAME) -> None:
        self._key = key.get_secret_value() if key is not None else ""
        self._name = name

    def __repr__(self) -> str:
        return "Redactor(key=***)"

    def text(self, value: str) -> str:
        return value.replace(self._key, self._name) if self._key else value

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

    def value(self, data: Any) -> Any:
        """A JSON value with the key replaced in every string, keys included."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, list):
            return [self.value(item) for item in data]
        if isinstance(data, dict):
            return {self.text(str(k)): self.value(v) for k, v in data.items()}
        return data

    def error(self, error: ErrorT) -> ErrorT:
        """Scrub an error's message and arguments in place; returns it for `raise`."""
        error.message = self.text(error.message)
        error.args = tuple(self.text(a) if isinstance(a, str) else a for a in error.args)
        return error
