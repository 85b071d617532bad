"""Whether a create or delete that failed may still have been applied by the server.

Kept free of Textual so the editor's session (and the delete dialog) share one rule.
"""

from __future__ import annotations

from thread_tui.api import ApiError, ClientError, NetworkError, ResponseFormatError

# A request that got no answer for one of these reasons may have reached the server and been
# applied; connect failures (connect, connect_timeout, dns) never left this machine.
_LOST_ANSWER = frozenset({"read_timeout", "timeout", "reset", "other"})


def outcome_unknown(exc: ClientError) -> bool:
    """Whether a failed create or delete may nevertheless have been applied by the server.

    True for a 2xx whose body cannot be read (it was applied), an answer lost after sending
    (read timeout, reset connection) and a 5xx (the server may have failed after applying it);
    False when the request never left or the server said it refused it (4xx)."""
    if isinstance(exc, ResponseFormatError):
        return True
    if isinstance(exc, NetworkError):
        return exc.reason in _LOST_ANSWER
    if isinstance(exc, ApiError):
        return exc.status >= 500
    return False
