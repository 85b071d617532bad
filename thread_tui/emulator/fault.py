"""One queued fault of the emulator's fault plan (`emulator.faults`): what the next matching
requests get instead of their answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Malformed = Literal["not_json", "wrong_shape", "empty"]


@dataclass
class Fault:
    """One queued fault. `times` counts down with each matching request."""

    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    connect_error: bool = False
    connect_timeout: bool = False
    malformed: Malformed | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    match: str | None = None
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return self.match is None or self.match in f"{method} {path}"
