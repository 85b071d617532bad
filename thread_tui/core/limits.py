"""The API's limits on metadata and tool_resources, and thread_tui's hard caps, in one place.

The server answers a 400 when one is broken; thread_tui checks them before it sends.
"""

import math
from typing import Final

MAX_METADATA_PAIRS: Final = 16
MAX_KEY_CHARS: Final = 64
MAX_VALUE_CHARS: Final = 512
MAX_FILE_IDS: Final = 20
MAX_VECTOR_STORE_IDS: Final = 1

# Hard caps, far above the API's limits, on what thread_tui reads into an editor: a saved
# draft and a server's answer alike. A slightly-over object is read, so the editor shows its
# limit errors; thousands of rows would freeze the editor, so such an object is refused.
HARD_MAX_ROWS: Final = 64  # metadata pairs (or a draft's rows)
HARD_MAX_TEXT: Final = 8192  # characters in one key, value or ID
HARD_MAX_IDS: Final = 64  # IDs in one list (file_ids, vector_store_ids)

# A counter turns to "warning" at this share of its limit, and to "error" past the limit.
WARN_RATIO: Final = 0.9


def count_chars(text: str) -> int:
    """Characters as the API counts them: code points, i.e. Python's len of the str."""
    return len(text)


def level(count: int, limit: int) -> str:
    """`ok`, `warning` (near the limit) or `error` (past it) for a live counter."""
    if count > limit:
        return "error"
    if count > 0 and count >= math.ceil(limit * WARN_RATIO):
        return "warning"
    return "ok"
