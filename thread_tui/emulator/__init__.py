"""A faithful local emulator of the API endpoints thread_tui uses.

It backs `--demo`, the tests (as an in-process httpx transport) and socket-level tests (as a
real 127.0.0.1 server), with the server's checks and merge semantics, list pagination,
seeded demo data and fault injection.
"""

from typing import TYPE_CHECKING, Any

from thread_tui.emulator.request_log import RecordedRequest
from thread_tui.emulator.seed import FIXED_NOW
from thread_tui.emulator.state import (
    DEMO_API_KEY,
    DEMO_API_VERSION,
    DEMO_AZURE_ENDPOINT,
    DEMO_BASE_URL,
    Emulator,
    EmuRequest,
    EmuResponse,
)

if TYPE_CHECKING:
    from thread_tui.emulator.ratelimit import RequestRateLimit


def __getattr__(name: str) -> Any:
    # RequestRateLimit loads only when asked for: the demo and the editor run without a limit.
    if name == "RequestRateLimit":
        from thread_tui.emulator.ratelimit import RequestRateLimit

        return RequestRateLimit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEMO_API_KEY",
    "DEMO_API_VERSION",
    "DEMO_AZURE_ENDPOINT",
    "DEMO_BASE_URL",
    "FIXED_NOW",
    "EmuRequest",
    "EmuResponse",
    "Emulator",
    "RecordedRequest",
    "RequestRateLimit",
]
