"""The catalog browser's view of the catalog: its filter language, and an in-memory index of
the catalog's rows that filters and sorts 100,000 of them within a keystroke.

No Textual, no sqlite: the lookup screen builds a `CatalogIndex` from the catalog's entries in
a worker, then asks it on each keystroke for the rows that match, in the chosen order. Each
order is one sort of the whole catalog, made once and kept; a keystroke only filters it.

Filter text: space-separated terms, all of which must hold (quotes group a term with spaces):
- `thread_…` / `conv_…`: an ID prefix (several: any of them, so a pasted list of IDs works);
- `key=value`: the metadata key has exactly this value; `key=`: the key is present;
- anything else: free text, a case-insensitive part of any metadata key or value.
"""

from __future__ import annotations

import bisect
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from thread_tui.core.catalog_columns import RECENT
from thread_tui.core.inert import visible

# A row's metadata is kept packed into one string, "\x1ek\x1fv\x1ek2\x1fv2\x1e": a `key=value`
# term is then one substring test, and 100,000 rows cost one string each, not one dict each.
# Keys and values are stored as `visible()` draws them, so neither separator can occur in them.
PAIR = "\x1e"
KV = "\x1f"
ID_PREFIXES = ("thread_", "conv_")
KEPT_RESULTS = 48  # filters whose rows are kept: a backspace, or a base to narrow


if TYPE_CHECKING:
    from typing import Protocol

    class EntryLike(Protocol):
        """What the index reads of a catalog entry (storage's CatalogEntry has it all)."""

        @property
        def id(self) -> str: ...
        @property
        def kind(self) -> str: ...
        @property
        def created_at(self) -> int | None: ...
        @property
        def metadata(self) -> Mapping[str, str]: ...
        @property
        def last_seen(self) -> float: ...
        @property
        def pinned(self) -> bool: ...
        @property
        def opened_at(self) -> float | None: ...


@dataclass(frozen=True)
class Filter:
    id_prefixes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    has: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # lower-cased
    problem: str | None = None  # e.g. an unclosed quote (the text is then split on spaces)

    @property
    def empty(self) -> bool:
        return not (self.id_prefixes or self.pairs or self.has or self.words)


def parse_filter(text: str) -> Filter:
    problem = None
    if '"' in text or "'" in text:
        import shlex  # only for quotes: not on the start path

        lexer = shlex.shlex(text, posix=True)
        lexer.whitespace_split = True
        lexer.commenters = ""
        lexer.escape = ""  # a backslash is text (a value may hold one), not an escape
        try:
            terms = list(lexer)
        except ValueError:
            terms = text.split()
            problem = "A quote is not closed: the filter is split at every space."
    else:
        terms = text.split()
    prefixes: list[str] = []
    pairs: list[tuple[str, str]] = []
    has: list[str] = []
    words: list[str] = []
    for term in terms:
        key, eq, value = term.partition("=")
        if eq and key:
            (pairs.append((key, value)) if value else has.append(key))
        elif term.startswith(ID_PREFIXES):
            prefixes.append(term)
        else:
            words.append(term.lower())
    return Filter(tuple(prefixes), tuple(pairs), tuple(has), tuple(words), problem)


def describe(flt: Filter) -> str:
    """The filter in words, for the line that says nothing matches."""
    parts = [f"ID starting {' or '.join(flt.id_prefixes)}"] if flt.id_prefixes else []
    parts += [f"{k}={v}" for k, v in flt.pairs]
    parts += [f"a key {k}" for k in flt.has]
    parts += [f"“{w}” in a key or value" for w in flt.words]
    return ", ".join(parts)


def narrows(new: Filter, old: Filter) -> bool:
    """Whether every row `new` matches is one `old` matches (so `new` may filter `old`'s
    rows instead of all): each of `old`'s terms follows from one of `new`'s."""
    if old.id_prefixes and not (
        new.id_prefixes and all(p.startswith(old.id_prefixes) for p in new.id_prefixes)
    ):
        return False
    pairs = set(new.pairs)
    if any(pair not in pairs for pair in old.pairs):
        return False
    keys = {*new.has, *(k for k, _v in new.pairs)}
    if any(key not in keys for key in old.has):
        return False
    # A row with the key (or the pair) holds that text in any case.
    texts = [*new.words, *(k.lower() for k in keys), *(v.lower() for _k, v in new.pairs)]
    return all(any(word in text for text in texts) for word in old.words)


@dataclass(frozen=True)
class Row:
    """One catalog row as shown (metadata unpacked, already drawn inert)."""

    id: str
    kind: str
    created_at: int | None
    last_seen: float
    pinned: bool
    opened_at: float | None
    metadata: dict[str, str]


class CatalogIndex:
    """The catalog's rows, columnar, with each sort order made once and kept.

    Rows are numbered; a removed row keeps its number (marked dead) so kept orders stay valid.
    """

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._kinds: list[str] = []
        self._created: list[int | None] = []
        self._seen: list[float] = []
        self._opened: list[float | None] = []
        self._pinned: list[bool] = []
        self._packed: list[str] = []
        self._lower: list[str] = []  # the packed text lower-cased (the same object if equal)
        self._where: dict[str, int] = {}
        self._dead: set[int] = set()
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._place_of: dict[tuple[str, bool], list[int]] = {}
        self._sorted_id_text: list[str] | None = None
        self._by_key: dict[str, dict[str, set[int]]] = {}  # key -> value -> row numbers
        self._with_key: dict[str, set[int]] = {}
        self._results: OrderedDict[tuple[Filter, str, bool], list[int]] = OrderedDict()
        self.key_counts: Counter[str] = Counter()
        self.longest_id = 0

    @classmethod
    def build(cls, entries: Iterable[EntryLike]) -> CatalogIndex:
        index = cls()
        index.extend(entries)
        return index

    def __len__(self) -> int:
        return len(self._ids) - len(self._dead)

    def __contains__(self, resource_id: object) -> bool:
        return resource_id in self._where

    def extend(self, entries: Iterable[EntryLike]) -> None:
        for entry in entries:
            self.upsert(entry)

    def upsert(self, entry: EntryLike) -> None:
        """Add the entry, or replace the row with its ID."""
        packed, keys = _pack(entry.metadata)
        lower = packed.lower()
        if lower == packed:
            lower = packed
        at = self._where.get(entry.id)
        if at is None:
            self.longest_id = max(self.longest_id, len(entry.id))
            self._where[entry.id] = len(self._ids)
            self._ids.append(entry.id)
            self._kinds.append(entry.kind)
            self._created.append(entry.created_at)
            self._seen.append(entry.last_seen)
            self._opened.append(entry.opened_at)
            self._pinned.append(entry.pinned)
            self._packed.append(packed)
            self._lower.append(lower)
        else:
            self.key_counts.subtract(_keys_of(self._packed[at]))
            self._kinds[at] = entry.kind
            self._created[at] = entry.created_at
            self._seen[at] = entry.last_seen
            self._opened[at] = entry.opened_at
            self._pinned[at] = entry.pinned
            self._packed[at] = packed
            self._lower[at] = lower
        self.key_counts.update(keys)
        self._forget_orders()

    def remove(self, resource_id: str) -> None:
        at = self._where.pop(resource_id, None)
        if at is not None:
            self._dead.add(at)
            self._results.clear()
            self._forget_keys()
            self.key_counts.subtract(_keys_of(self._packed[at]))
            self._packed[at] = self._lower[at] = PAIR

    def set_pinned(self, resource_id: str, pinned: bool) -> None:
        at = self._where.get(resource_id)
        if at is not None and self._pinned[at] != pinned:
            self._pinned[at] = pinned
            self._results.clear()
            for kept in (self._orders, self._place_of):
                kept.pop((RECENT, False), None)
                kept.pop((RECENT, True), None)

    def _forget_orders(self) -> None:
        self._results.clear()
        self._orders.clear()
        self._place_of.clear()
        self._sorted_id_text = None
        self._forget_keys()

    def _forget_keys(self) -> None:
        self._by_key.clear()
        self._with_key.clear()

    def common_keys(self, limit: int) -> list[str]:
        """The metadata keys most rows have, most common first (ties by name)."""
        ranked = sorted(((-n, k) for k, n in self.key_counts.items() if n > 0))
        return [k for _n, k in ranked[:limit]]

    def row(self, at: int) -> Row:
        return Row(
            self._ids[at],
            self._kinds[at],
            self._created[at],
            self._seen[at],
            self._pinned[at],
            self._opened[at],
            _unpack(self._packed[at]),
        )

    def row_of(self, resource_id: str) -> Row:
        return self.row(self._where[resource_id])

    def id_at(self, at: int) -> str:
        return self._ids[at]

    # -- filter and sort ------------------------------------------------------------------------

    def select(self, flt: Filter, column: str = RECENT, descending: bool = False) -> list[int]:
        """The numbers of the rows that match `flt`, sorted by `column` (the list may be kept
        and given again: do not change it).

        Typing mostly narrows a filter ("p", "pa", "pay"): the rows of a kept filter that the
        new one narrows are filtered again, not the whole catalog; a backspace finds its
        filter kept. Any change to a row forgets what was kept."""
        key = (flt, column, descending)
        kept = self._results.get(key)
        if kept is not None:
            self._results.move_to_end(key)
            return kept
        full = self.order(column, descending)
        rows = full
        for (old, old_column, old_descending), old_rows in self._results.items():
            same_order = old_column == column and old_descending == descending
            if same_order and len(old_rows) < len(rows) and narrows(flt, old):
                rows = old_rows
        lower = self._lower
        from_full = rows is full  # else from kept rows, which hold no removed row
        every_row = from_full  # `rows` is every row: a term may give its own rows, ordered
        if flt.id_prefixes:
            rows = self._with_prefix(rows, flt.id_prefixes, column, descending, every_row)
            every_row = False
        # key=value and key= look their rows up (a value typed a letter at a time is a new
        # value each time, which narrows nothing: each was a test of every row).
        for pair_key, value in flt.pairs:
            found = self._values_of(pair_key).get(value, set())
            rows = self._among(rows, found, column, descending, every_row)
            every_row = False
        for has_key in flt.has:
            rows = self._among(rows, self._rows_with(has_key), column, descending, every_row)
            every_row = False
        for word in flt.words:
            rows = [i for i in rows if word in lower[i]]
        if self._dead and from_full and not (flt.pairs or flt.has):  # those hold none
            dead = self._dead
            rows = [i for i in rows if i not in dead]
        if rows is full or any(rows is r for r in self._results.values()):
            rows = list(rows)
        self._results[key] = rows
        if len(self._results) > KEPT_RESULTS:
            self._results.popitem(last=False)
        return rows

    def prepare(self) -> None:
        """Make the orders and lookups the first keystroke needs (in the loader's thread)."""
        self.order(RECENT, False)
        self._sorted_ids()
        for key in self.common_keys(3):
            self._rows_with(key)

    def _among(
        self, rows: list[int], found: set[int], column: str, descending: bool, every_row: bool
    ) -> list[int]:
        """The rows of `rows` (in its order) that are in `found` (no removed row)."""
        if not found:
            return []
        if not every_row or len(found) * 8 > len(rows):
            return [i for i in rows if i in found]
        place = self._places(column, descending)
        return sorted(found, key=place.__getitem__)

    def _values_of(self, key: str) -> dict[str, set[int]]:
        """Each value of the metadata key, with the rows that have it (kept until a row
        changes)."""
        kept = self._by_key.get(key)
        if kept is None:
            kept = self._by_key[key] = {}
            needle = f"{PAIR}{key}{KV}"
            for i, text in enumerate(self._packed):  # a removed row's text is PAIR alone
                start = text.find(needle)
                if start >= 0:
                    start += len(needle)
                    kept.setdefault(text[start : text.index(PAIR, start)], set()).add(i)
        return kept

    def _rows_with(self, key: str) -> set[int]:
        kept = self._with_key.get(key)
        if kept is None:
            kept = self._with_key[key] = set().union(*self._values_of(key).values())
        return kept

    def _with_prefix(
        self,
        rows: list[int],
        prefixes: tuple[str, ...],
        column: str,
        descending: bool,
        every_row: bool,
    ) -> list[int]:
        # A bisection in the IDs sorted, not a test of each of 100,000 IDs (25 ms); the few
        # matches are then put in the shown order by each one's place in it.
        by_id = self.order("id", False)
        sorted_ids = self._sorted_ids()
        found: set[int] = set()
        for prefix in prefixes:
            lo = bisect.bisect_left(sorted_ids, prefix)
            hi = bisect.bisect_left(sorted_ids, prefix + "\U0010ffff", lo)
            found.update(by_id[lo:hi])
        if not every_row or len(found) * 8 > len(rows):
            return [i for i in rows if i in found]
        place = self._places(column, descending)
        return sorted(found, key=place.__getitem__)

    def _sorted_ids(self) -> list[str]:
        kept = self._sorted_id_text
        if kept is None:
            ids = self._ids
            kept = self._sorted_id_text = [ids[i] for i in self.order("id", False)]
        return kept

    def _places(self, column: str, descending: bool) -> list[int]:
        """Each row number's place in an order (the inverse permutation), kept with it."""
        kept = self._place_of.get((column, descending))
        if kept is None:
            kept = [0] * len(self._ids)
            for place, i in enumerate(self.order(column, descending)):
                kept[i] = place
            self._place_of[(column, descending)] = kept
        return kept

    def order(self, column: str, descending: bool) -> list[int]:
        """Every row number sorted by `column` (kept until a row changes). Missing values
        (no created_at, no such key) come last either way; ties go by ID."""
        kept = self._orders.get((column, descending))
        if kept is not None:
            return kept
        ids = self._ids
        present: list[int]
        missing: list[int] = []
        if column == RECENT:
            # Pinned first, then most recently opened, then most recently seen.
            opened, seen, pinned = self._opened, self._seen, self._pinned
            present = sorted(
                range(len(ids)),
                key=lambda i: (not pinned[i], -(opened[i] or 0.0), -seen[i], ids[i]),
            )
            made = present[::-1] if descending else present
        elif column == "id":
            made = sorted(range(len(ids)), key=ids.__getitem__, reverse=descending)
        else:
            values = self._column_values(column)
            # A stable sort of the rows in ID order: ties stay in ID order either way.
            base = self.order("id", False)
            present = [i for i in base if values[i] is not None]
            missing = [i for i in base if values[i] is None]
            present.sort(key=values.__getitem__, reverse=descending)
            made = present + missing
        self._orders[(column, descending)] = made
        return made

    def _column_values(self, column: str) -> list[Any]:
        if column == "kind":
            return list(self._kinds)
        if column == "created":
            return list(self._created)
        if column == "seen":
            return list(self._seen)
        key = column.removeprefix("meta:")
        needle = f"{PAIR}{key}{KV}"
        values: list[Any] = []
        for text in self._packed:
            start = text.find(needle)
            if start < 0:
                values.append(None)
            else:
                start += len(needle)
                # In any case: "billing" before "Support".
                values.append(text[start : text.index(PAIR, start)].lower())
        return values


def _pack(metadata: Mapping[str, str]) -> tuple[str, list[str]]:
    if not metadata:
        return PAIR, []
    keys = [visible(str(k)) for k in metadata]
    values = [visible(str(v)) for v in metadata.values()]
    body = PAIR.join(f"{k}{KV}{v}" for k, v in zip(keys, values, strict=True))
    return f"{PAIR}{body}{PAIR}", keys


def _keys_of(packed: str) -> list[str]:
    return [pair.split(KV, 1)[0] for pair in packed.split(PAIR) if pair]


def _unpack(packed: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for pair in packed.split(PAIR):
        if pair:
            key, _sep, value = pair.partition(KV)
            found[key] = value
    return found
