"""Fault injection: make the next N requests fail in a chosen way.

Tests of the fault matrix (and the demo, if you like) queue faults here; both the in-process
transport and the socket server consult the same plan, so a fault behaves alike on either.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from thread_tui.emulator.fault import Fault, Malformed


def __getattr__(name: str) -> Any:
    # A fault's dataclass is created when the first fault is queued: the demo and the
    # headless commands run with none (each dataclass costs start-up time, bench/README.md).
    if name in ("Fault", "Malformed"):
        from thread_tui.emulator import fault

        return getattr(fault, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FaultPlan:
    """The queue of faults, consumed in order by matching requests. Thread safe."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def inject(
        self,
        status: int | None = None,
        *,
        delay: float = 0.0,
        drop: bool = False,
        connect_error: bool = False,
        connect_timeout: bool = False,
        malformed: Malformed | None = None,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: bytes | str | None = None,
        match: str | None = None,
    ) -> Fault:
        from thread_tui.emulator.fault import Fault

        raw = body.encode() if isinstance(body, str) else body
        fault = Fault(
            status,
            delay,
            drop,
            connect_error,
            connect_timeout,
            malformed,
            dict(headers or {}),
            raw,
            match,
            times,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> list[Fault]:
        """Disarm every fault; returns the ones that were armed."""
        with self._lock:
            cleared, self._faults = self._faults, []
        return cleared

    def armed(self) -> list[Fault]:
        """Copies of the faults still armed, in the order they apply."""
        with self._lock:
            return [replace(fault, headers=dict(fault.headers)) for fault in self._faults]

    def take(self, method: str, path: str) -> Fault | None:
        """The fault that applies to this request, consuming one of its `times`."""
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.matches(method, path):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(f.times for f in self._faults)
