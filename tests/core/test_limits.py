"""Counter levels: ok, warning near the limit (90 %), error past it; characters are code points."""

from __future__ import annotations

import pytest

from thread_tui.core import limits
from thread_tui.core.limits import count_chars, level


def test_the_api_limits() -> None:
    assert limits.MAX_METADATA_PAIRS == 16
    assert limits.MAX_KEY_CHARS == 64
    assert limits.MAX_VALUE_CHARS == 512
    assert limits.MAX_FILE_IDS == 20
    assert limits.MAX_VECTOR_STORE_IDS == 1


@pytest.mark.parametrize(
    ("count", "limit", "expected"),
    [
        (0, 16, "ok"),
        (14, 16, "ok"),
        (15, 16, "warning"),  # ceil(16 * 0.9) = 15
        (16, 16, "warning"),
        (17, 16, "error"),
        (57, 64, "ok"),
        (58, 64, "warning"),  # ceil(57.6) = 58
        (64, 64, "warning"),
        (65, 64, "error"),
        (460, 512, "ok"),
        (461, 512, "warning"),  # ceil(460.8) = 461
        (512, 512, "warning"),
        (513, 512, "error"),
        (0, 1, "ok"),  # an empty list is never a warning, even with a limit of 1
        (1, 1, "warning"),
        (2, 1, "error"),
        (17, 20, "ok"),
        (18, 20, "warning"),
        (20, 20, "warning"),
        (21, 20, "error"),
        (1000, 20, "error"),
    ],
)
def test_level(count: int, limit: int, expected: str) -> None:
    assert level(count, limit) == expected


@pytest.mark.parametrize("limit", [1, 16, 20, 64, 512])
def test_levels_are_monotonic(limit: int) -> None:
    order = {"ok": 0, "warning": 1, "error": 2}
    seen = [order[level(n, limit)] for n in range(limit + 3)]
    assert seen == sorted(seen)
    assert level(limit, limit) != "error"
    assert level(limit + 1, limit) == "error"


def test_characters_are_code_points() -> None:
    assert count_chars("") == 0
    assert count_chars("abc") == 3
    assert count_chars("é") == 1
    assert count_chars("🙂") == 1  # one code point, 4 UTF-8 bytes, 2 UTF-16 units
    assert count_chars("e\u0301") == 2  # a combining sequence counts each code point
    assert count_chars("👩‍💻") == 3  # ZWJ sequence: woman, joiner, laptop
    assert count_chars("🇫🇷") == 2  # a flag is two regional indicators
    assert count_chars("\ud800") == 1  # a lone surrogate still counts (and is refused elsewhere)
