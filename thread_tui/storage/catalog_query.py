"""What the catalog is asked (`CatalogQuery`) and the SQL that answers it, apart from
catalog.py: `thread-tui ls`'s quick path (commands/ls_quick.py) builds the same statement
without loading the catalog's writing side. Imports nothing at run time beyond the builtins,
so that path stays as cheap to start as a bare `python -c "import sqlite3"`.

Every SQL text here is made of fixed fragments (the order columns are ORDERS' values, chosen
by CatalogQuery's checked `order_by`); every value is a parameter.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` alone costs more start-up than ls's whole quick path
    from typing import Any, Final

KINDS: Final = ("thread", "conversation")
# The sort key of each order, never NULL: iter_query resumes by it (catalog_schema indexes
# the created_at key as written here).
ORDERS: Final = {
    "id": "o.id",
    "kind": "o.kind",
    "created_at": "coalesce(o.created_at, -1)",
    "last_seen": "o.last_seen",
}


class _Record:
    """A frozen record compared, hashed and shown by its fields, as a frozen dataclass is.
    Hand-written: `dataclasses` and the code it generates cost `ls` more start-up than the
    rest of its reading (bench/README.md)."""

    __slots__: tuple[str, ...] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)


_QUERY_FIELDS: Final = (
    "kind",
    "where",
    "has",
    "id_prefix",
    "text",
    "include_deleted",
    "order_by",
    "descending",
    "limit",
    "offset",
)


class CatalogQuery(_Record):
    """Which entries, in which order. Every condition given must hold."""

    __slots__ = _QUERY_FIELDS
    kind: str | None
    where: tuple[tuple[str, str], ...]  # metadata key == value, all must hold
    has: tuple[str, ...]  # metadata key present
    id_prefix: str | None
    # case-insensitive substring of any metadata key or value (SQLite folds ASCII letters only)
    text: str | None
    include_deleted: bool
    order_by: str  # "id" | "kind" | "created_at" | "last_seen"
    descending: bool
    limit: int | None
    offset: int

    def __init__(
        self,
        kind: str | None = None,
        where: tuple[tuple[str, str], ...] = (),
        has: tuple[str, ...] = (),
        id_prefix: str | None = None,
        text: str | None = None,
        include_deleted: bool = False,
        order_by: str = "last_seen",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> None:
        if kind is not None and kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        if order_by not in ORDERS:
            raise ValueError(f"order_by must be one of {', '.join(ORDERS)}, not {order_by!r}")
        self._set(
            kind=kind,
            where=where,
            has=has,
            id_prefix=id_prefix,
            text=text,
            include_deleted=include_deleted,
            order_by=order_by,
            descending=descending,
            limit=limit,
            offset=offset,
        )


def conditions(q: CatalogQuery) -> tuple[str, list[Any]]:
    """The WHERE clause of `q` over `objects o`, and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    if q.kind is not None:
        clauses.append("o.kind = ?")
        params.append(q.kind)
    if not q.include_deleted:
        clauses.append("o.deleted = 0")
    if q.id_prefix:
        # A range, not LIKE: it uses the index on id, and no character of the prefix is special.
        clauses.append("o.id >= ? AND o.id < ?")
        params += [q.id_prefix, q.id_prefix + "\U0010ffff"]
    for key, value in q.where:
        clauses.append("o.rid IN (SELECT rid FROM metadata WHERE key = ? AND value = ?)")
        params += [key, value]
    for key in q.has:
        clauses.append("o.rid IN (SELECT rid FROM metadata WHERE key = ?)")
        params.append(key)
    if q.text:
        needle = q.text.lower()
        match = (
            "o.rid IN (SELECT rid FROM metadata WHERE instr(lower(key), ?) > 0 "
            "OR instr(lower(value), ?) > 0)"
        )
        if needle.isprintable() and '"' not in needle and "\\" not in needle:
            # The metadata JSON holds such text as it is: a cheap test on one column first.
            match = f"instr(lower(o.metadata_json), ?) > 0 AND {match}"
            params.append(needle)
        clauses.append(match)
        params += [needle, needle]
    return (" AND ".join(clauses) or "1"), params


def ordered_select(
    q: CatalogQuery,
    columns: str,
    after: tuple[Any, Any] | None = None,
    *,
    resumable: bool = True,
) -> tuple[str, list[Any]]:
    """`SELECT columns, sort key, o.rid` of `q` in its order (`columns` alone when not
    `resumable`: two fewer values a row to build), and the parameters; `after` (a sort key
    and rid given before) resumes past that row, ignoring `q.offset`.

    LIMIT and OFFSET only when the query has them: with a LIMIT, even `LIMIT -1`, SQLite
    sorts into a b-tree it can cut (about twice the work of its plain sorter, which `ls
    --where` over 100,000 objects spends most of its query in)."""
    where, params = conditions(q)
    key = ORDERS[q.order_by]
    direction, beyond = ("DESC", "<") if q.descending else ("ASC", ">")
    selected = f"{columns}, {key}, o.rid" if resumable else columns
    sql = f"SELECT {selected} FROM objects o WHERE {where}"  # noqa: S608
    if after is not None:
        sql += f" AND ({key}, o.rid) {beyond} (?, ?)"
        params += after
    sql += f" ORDER BY {key} {direction}, o.rid {direction}"
    offset = 0 if after is not None else max(q.offset, 0)
    if q.limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if q.limit is None else max(q.limit, 0), offset]
    return sql, params
