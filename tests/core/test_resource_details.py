"""The details of files and stores: warnings, the rows a list shows, the bounded cache."""

from __future__ import annotations

from thread_tui.core.resource_details import (
    Detail,
    DetailCache,
    Failed,
    Missing,
    list_rows,
    warnings,
)

NOW = 1_800_000_000
DAY = 86_400


def test_a_file_not_processed_is_warned_and_a_processed_one_is_not() -> None:
    assert Detail("file-1", "file", "a.csv", 10, "processed").warning(NOW) is None
    assert Detail("file-1", "file", "a.csv", 10, None).warning(NOW) is None
    assert Detail("file-1", "file", "a.csv", 10, "uploaded").warning(NOW) == (
        "not processed (status uploaded)"
    )
    assert "error" in (Detail("file-1", "file", status="error").warning(NOW) or "")


def test_a_store_expired_or_expiring_within_a_week_is_warned() -> None:
    assert "expired" in (Detail("vs_1", "store", status="expired").warning(NOW) or "")
    assert "expired" in (
        Detail("vs_1", "store", status="completed", expires_at=NOW - 1).warning(NOW) or ""
    )
    soon = Detail("vs_1", "store", status="completed", expires_at=NOW + 2 * DAY + 5)
    assert soon.warning(NOW) == "expires in 2 days"
    hours = Detail("vs_1", "store", status="completed", expires_at=NOW + 5 * 3_600)
    assert hours.warning(NOW) == "expires in 5 h"
    later = Detail("vs_1", "store", status="completed", expires_at=NOW + 30 * DAY)
    assert later.warning(NOW) is None


def test_removed_ids_keep_their_place_and_added_ones_follow() -> None:
    assert list_rows(["a", "b", "c"], ["c", "a", "d"]) == [
        ("a", "kept"),
        ("b", "removed"),
        ("c", "kept"),
        ("d", "added"),
    ]
    assert list_rows([], []) == []


def test_the_cache_is_bounded_but_keeps_what_was_looked_up() -> None:
    cache = DetailCache(max_entries=2)
    cache.put_all(Detail(f"file-{n}", "file") for n in range(5))
    assert len(cache) == 2 and cache.get("file-4") is None
    cache.put(Missing("file-4", "file"), looked_up=True)
    assert isinstance(cache.get("file-4"), Missing)


def test_unknown_ids_are_those_not_known_or_failed() -> None:
    cache = DetailCache()
    cache.put(Detail("a", "file"))
    cache.put(Missing("b", "file"))
    cache.put(Failed("c", "file", "timeout"))
    assert cache.unknown(["a", "b", "c", "d", "d"]) == ["c", "d"]


def test_the_review_warns_of_every_chosen_one_that_may_not_work() -> None:
    cache = DetailCache()
    cache.put(Detail("file-1", "file", "a.csv", status="uploaded"))
    cache.put(Detail("file-2", "file", "b.csv", status="processed"))
    cache.put(Missing("file-3", "file"))
    cache.put(Detail("vs_1", "store", "docs", status="expired"))
    found = warnings(cache, ["file-1", "file-2", "file-3", "file-4"], ["vs_1"], NOW)
    assert found == [
        "File file-1 (a.csv): not processed (status uploaded).",
        "File file-3: not found on the server.",
        "Vector store vs_1 (docs): expired: file_search cannot use it.",
    ]
