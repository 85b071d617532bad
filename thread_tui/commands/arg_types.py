"""argparse types the sub-commands share (cli.py builds every parser with them).

Only argparse is imported: cli.py loads this module on every run, `get` included.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Final


def whole_number(low: int, high: int, noun: str, out_of_range: str) -> Callable[[str], int]:
    """An argparse type: a whole number from low to high, with messages naming `noun`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: {out_of_range}")
        return value

    return parse


MAX_CONCURRENCY: Final = 64
# --concurrency of get, import and the bulk commands: requests in flight at once.
concurrency = whole_number(
    1, MAX_CONCURRENCY, "a whole number", f"give 1 to {MAX_CONCURRENCY} requests"
)
