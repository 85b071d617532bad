"""A string that never shows itself: the API key's type.

Like pydantic's SecretStr (same method names), but importing it costs nothing, which keeps
pydantic off the start-up path of the TUI and of the headless commands.
"""

from __future__ import annotations

from typing import Final

MASK: Final = "**********"


class SecretStr:
    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """The only way to read the secret; only the HTTP client calls it."""
        return self._value

    def __repr__(self) -> str:
        return f"SecretStr('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretStr) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a SecretStr is not pickled, so the key never lands on disk")
