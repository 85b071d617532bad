"""The catalog browser's filter language and index: what a filter matches, each order, and
rows that change, go, or come from a hostile server."""

from __future__ import annotations

from dataclasses import dataclass, field

from thread_tui.core.catalog_view import CatalogIndex, describe, parse_filter


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str = "thread"
    created_at: int | None = 100
    metadata: dict[str, str] = field(default_factory=dict)
    last_seen: float = 1000.0
    pinned: bool = False
    opened_at: float | None = None


def ids(index: CatalogIndex, text: str, column: str = "id", descending: bool = False) -> list[str]:
    return [index.id_at(at) for at in index.select(parse_filter(text), column, descending)]


def sample() -> CatalogIndex:
    return CatalogIndex.build(
        [
            Entry("thread_b", metadata={"team": "billing", "env": "prod"}, last_seen=3),
            Entry("thread_a", metadata={"team": "Support", "note": "Refund asked"}, last_seen=2),
            Entry("conv_c", "conversation", None, {"team": "billing"}, last_seen=5),
            Entry("thread_ab", metadata={}, created_at=50, last_seen=4, opened_at=9),
        ]
    )


def test_the_filter_language() -> None:
    flt = parse_filter('thread_ team=billing env= Refund "two words" note="a b"')
    assert flt.id_prefixes == ("thread_",)
    assert flt.pairs == (("team", "billing"), ("note", "a b"))
    assert flt.has == ("env",)
    assert flt.words == ("refund", "two words")
    assert flt.problem is None
    unclosed = parse_filter('team="billing')
    assert unclosed.problem and unclosed.pairs == (("team", '"billing'),)
    assert parse_filter("  ").empty
    assert "team=billing" in describe(parse_filter("team=billing"))


def test_each_kind_of_term_and_all_of_them_together() -> None:
    index = sample()
    assert ids(index, "thread_a") == ["thread_a", "thread_ab"]
    assert ids(index, "conv_ thread_ab") == ["conv_c", "thread_ab"]  # several IDs: any
    assert ids(index, "team=billing") == ["conv_c", "thread_b"]
    assert ids(index, "team=bill") == []  # a value is matched whole
    assert ids(index, "team=support") == []  # and exactly
    assert ids(index, "env=") == ["thread_b"]
    assert ids(index, "refund") == ["thread_a"]  # text: any case, part of a value
    assert ids(index, "SUPP") == ["thread_a"]
    assert ids(index, "note") == ["thread_a"]  # or of a key
    assert ids(index, "team=billing env=prod") == ["thread_b"]
    assert ids(index, "thread_ team=billing") == ["thread_b"]
    assert ids(index, "") == ["conv_c", "thread_a", "thread_ab", "thread_b"]


def test_an_id_prefix_among_many_rows_keeps_the_order_shown() -> None:
    entries = [Entry(f"thread_{n:05d}", last_seen=float(n % 97)) for n in range(3000)]
    index = CatalogIndex.build(entries)
    got = ids(index, "thread_001", "seen", True)
    expected = sorted(
        (e for e in entries if e.id.startswith("thread_001")), key=lambda e: (-e.last_seen, e.id)
    )
    assert got == [e.id for e in expected]
    assert len(ids(index, "thread_0")) == 3000


def test_orders_missing_values_last_ties_by_id() -> None:
    index = sample()
    assert ids(index, "", "seen", True) == ["conv_c", "thread_ab", "thread_b", "thread_a"]
    assert ids(index, "", "seen") == ["thread_a", "thread_b", "thread_ab", "conv_c"]
    assert ids(index, "", "created") == ["thread_ab", "thread_a", "thread_b", "conv_c"]
    assert ids(index, "", "created", True) == ["thread_a", "thread_b", "thread_ab", "conv_c"]
    assert ids(index, "", "meta:team") == ["conv_c", "thread_b", "thread_a", "thread_ab"]
    assert ids(index, "", "kind") == ["conv_c", "thread_a", "thread_ab", "thread_b"]


def test_the_recents_order_pinned_then_opened_then_seen() -> None:
    index = sample()
    index.set_pinned("thread_a", True)
    assert ids(index, "", "recent") == ["thread_a", "thread_ab", "conv_c", "thread_b"]


def test_rows_change_and_go() -> None:
    index = sample()
    assert index.common_keys(2) == ["team", "env"]
    index.upsert(Entry("thread_a", metadata={"owner": "ana"}, last_seen=9))
    assert ids(index, "team=Support") == []
    assert ids(index, "owner=ana") == ["thread_a"]
    assert ids(index, "", "seen", True)[0] == "thread_a"
    index.remove("conv_c")
    assert "conv_c" not in index and len(index) == 3
    assert ids(index, "team=billing") == ["thread_b"]
    assert ids(index, "") == ["thread_a", "thread_ab", "thread_b"]
    assert index.common_keys(3) == ["env", "owner", "team"]


def test_a_hostile_key_or_value_is_inert_and_cannot_forge_a_pair() -> None:
    # A value holding the packing's own separators must not read as another pair.
    sneaky = {"note": "x\x1e\x1fteam\x1fbilling\x1e", "title": "\x1b]0;pwned\x07"}
    index = CatalogIndex.build([Entry("thread_x", metadata=sneaky)])
    assert ids(index, "team=billing") == []
    row = index.row_of("thread_x")
    assert "\x1b" not in row.metadata["title"] and "␛" in row.metadata["title"]
    assert set(row.metadata) == {"note", "title"}


def test_narrowing_a_kept_filter_gives_what_a_fresh_index_gives() -> None:
    # Typing forward filters the kept rows of the shorter filter; a backspace finds its
    # filter kept. Each answer must be what the whole catalog gives for that filter.
    entries = [
        Entry(
            f"thread_{n:03d}" if n % 2 else f"conv_{n:03d}",
            metadata={"team": ("payments", "pay", "search")[n % 3], "env": ("prod", "dev")[n % 2]},
            last_seen=float(n % 11),
        )
        for n in range(300)
    ]
    typed = "pay team=payments env=prod thread_0"
    texts = [typed[:n] for n in range(1, len(typed) + 1)]
    texts += [*texts[::-1], "team=pay", "team=pa", "team=", "PAY", "conv_", "conv_1", "conv_"]
    index = CatalogIndex.build(entries)
    for text in texts:
        fresh = CatalogIndex.build(entries)
        assert ids(index, text, "seen", True) == ids(fresh, text, "seen", True), text
    index.remove("thread_001")
    index.upsert(Entry("thread_999", metadata={"team": "payments"}))
    fresh = CatalogIndex.build([e for e in entries if e.id != "thread_001"])
    fresh.upsert(Entry("thread_999", metadata={"team": "payments"}))
    for text in ("pay", "team=payments", "thread_", "thread_00", ""):
        assert ids(index, text, "seen", True) == ids(fresh, text, "seen", True), text


def test_looked_up_terms_match_a_plain_test_of_every_row_in_every_order() -> None:
    # key=value and key= come from a lookup of the key's values, a few rows then put in the
    # order shown: the same rows, in the same order, as testing each row in that order.
    entries = [
        Entry(
            f"thread_{n:03d}" if n % 2 else f"conv_{n:03d}",
            metadata={"team": ("payments", "search")[n % 2], "env": ("prod", "dev")[n % 3 > 0]}
            | ({"rare": f"r{n % 2}"} if n % 40 == 0 else {}),
            created_at=n % 7 or None,
            last_seen=float(n % 11),
            pinned=n % 50 == 0,
        )
        for n in range(400)
    ]

    def plain(index: CatalogIndex, text: str, column: str, descending: bool) -> list[str]:
        flt = parse_filter(text)
        got = []
        for at in index.order(column, descending):
            rid = index.id_at(at)
            if rid not in index:
                continue
            meta = index.row(at).metadata
            texts = [t.lower() for pair in meta.items() for t in pair]
            if (
                (not flt.id_prefixes or rid.startswith(flt.id_prefixes))
                and all(meta.get(k) == v for k, v in flt.pairs)
                and all(k in meta for k in flt.has)
                and all(any(w in t for t in texts) for w in flt.words)
            ):
                got.append(rid)
        return got

    index = CatalogIndex.build(entries)
    texts = ["rare=r0", "rare=", "rare= team=payments", "team=search", "thread_ rare=r1", "p rare="]
    texts += ["env=prod", "env=prod rare=", "rare=r2", "nokey=", "team=pay"]
    for step in range(3):
        for text in texts:
            for column, descending in (("recent", False), ("id", True), ("created", False)):
                want = plain(index, text, column, descending)
                assert ids(index, text, column, descending) == want, (step, text, column)
        index.remove(entries[80 + step].id)
        index.set_pinned(entries[40 + step].id, True)
        index.upsert(Entry(entries[3 + step].id, metadata={"rare": "r0", "team": "search"}))
