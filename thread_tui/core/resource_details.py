"""What is known of the files and vector stores a thread's tool_resources name.

The editor shows each chosen file and store by its name, size and status instead of a bare ID.
Those details come from the pickers' list pages or from a lookup of the one object, and are
kept in a `DetailCache` for the app's life. A lookup that found nothing (404) or failed is kept
as such, so the row can say "not found" or "unknown file" rather than look empty.

Plain data and a hand-written shape check (no pydantic, no httpx): opening the editor must
not load either, and the check refuses a hostile body field by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from thread_tui.core.humanize import size

Kind = Literal["file", "store"]
MAX_ENTRIES = 50_000  # a hostile list of millions of files must not grow the cache forever
SOON = 7 * 86_400  # a store that expires within a week is warned about
_TEXT_CAP = 512  # characters kept of a name or status (a row shows far fewer)


class DetailShapeError(ValueError):
    """A file or vector store body that is not one (the message says what is wrong)."""


@dataclass(frozen=True)
class Detail:
    """A file's or a store's details as the server sent them (size: bytes or usage_bytes)."""

    id: str
    kind: Kind
    name: str | None = None
    size: int | None = None
    status: str | None = None
    expires_at: int | None = None

    def label(self) -> str:
        """The row's name: the file name or store name, else the ID."""
        return self.name or self.id

    def size_text(self) -> str:
        return size(self.size) if self.size is not None else ""

    def warning(self, now: float) -> str | None:
        """Why this file or store may not work, as a short phrase; None when it is fine."""
        if self.kind == "file":
            if self.status is not None and self.status != "processed":
                return f"not processed (status {self.status})"
            return None
        if self.status == "expired":
            return "expired: file_search cannot use it"
        if self.expires_at is not None:
            left = self.expires_at - now
            if left <= 0:
                return "expired: file_search cannot use it"
            if left < SOON:
                return f"expires in {_duration(left)}"
        return None


@dataclass(frozen=True)
class Missing:
    """The server answered 404 for this ID: the file or store is gone."""

    id: str
    kind: Kind


@dataclass(frozen=True)
class Failed:
    """The lookup failed (network, server error, a wrong body); `reason` says why."""

    id: str
    kind: Kind
    reason: str


Entry = Detail | Missing | Failed


def _duration(seconds: float) -> str:
    hours = int(seconds // 3_600)
    if hours < 24:
        return f"{hours} h" if hours else "less than an hour"
    days = hours // 24
    return f"{days} {'day' if days == 1 else 'days'}"


class DetailCache:
    """Details by ID, filled from list pages and single lookups; bounded in size."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[str, Entry] = {}
        self.max_entries = max_entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, item_id: str) -> Entry | None:
        return self._entries.get(item_id)

    def put(self, entry: Entry, *, looked_up: bool = False) -> None:
        """Keep `entry`; past the cap only a lookup's answer (never another page's) is kept."""
        if looked_up or entry.id in self._entries or len(self._entries) < self.max_entries:
            self._entries[entry.id] = entry

    def put_all(self, entries: Iterable[Detail]) -> None:
        for entry in entries:
            self.put(entry)

    def unknown(self, ids: Iterable[str]) -> list[str]:
        """The IDs worth a lookup: not known yet, or whose last lookup failed."""
        wanted: list[str] = []
        for item_id in dict.fromkeys(ids):
            entry = self._entries.get(item_id)
            if entry is None or isinstance(entry, Failed):
                wanted.append(item_id)
        return wanted


# -- reading a body -----------------------------------------------------------------------------


def _text(data: Mapping[str, Any], field: str) -> str | None:
    value = data.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DetailShapeError(f"'{field}' is {type(value).__name__}, expected a string")
    return value[:_TEXT_CAP]


def _number(data: Mapping[str, Any], field: str) -> int | None:
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DetailShapeError(f"'{field}' is {type(value).__name__}, expected an integer")
    return value


def parse_detail(kind: Kind, data: Any, expected_id: str | None = None) -> Detail:
    """The details in a file or vector store body; DetailShapeError when it is not one."""
    if not isinstance(data, Mapping):
        raise DetailShapeError(f"expected a JSON object, got {type(data).__name__}")
    item_id = data.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise DetailShapeError("it has no string 'id'")
    if expected_id is not None and item_id != expected_id:
        raise DetailShapeError(f"it is {item_id[:64]!r}, not the {expected_id!r} asked for")
    expected_object = "file" if kind == "file" else "vector_store"
    if data.get("object", expected_object) != expected_object:
        raise DetailShapeError(
            f"'object' is {str(data.get('object'))[:64]!r}, expected {expected_object!r}"
        )
    if kind == "file":
        return Detail(
            item_id,
            "file",
            _text(data, "filename"),
            _number(data, "bytes"),
            _text(data, "status"),
            _number(data, "expires_at"),
        )
    return Detail(
        item_id,
        "store",
        _text(data, "name"),
        _number(data, "usage_bytes"),
        _text(data, "status"),
        _number(data, "expires_at"),
    )


def detail_of_object(kind: Kind, item: Any) -> Detail:
    """The details of a list page's model (FileObject, VectorStore) without re-reading it."""
    expires = getattr(item, "expires_at", None)  # not a model field: kept as an extra
    if kind == "file":
        name, amount = getattr(item, "filename", None), getattr(item, "bytes", None)
    else:
        name, amount = getattr(item, "name", None), getattr(item, "usage_bytes", None)
    status = getattr(item, "status", None)
    return Detail(
        str(item.id),
        kind,
        name[:_TEXT_CAP] if isinstance(name, str) else None,
        amount if isinstance(amount, int) and not isinstance(amount, bool) else None,
        status[:_TEXT_CAP] if isinstance(status, str) else None,
        expires if isinstance(expires, int) and not isinstance(expires, bool) else None,
    )


# -- the rows of the panel -------------------------------------------------------------------

RowMark = Literal["added", "removed", "kept"]


def list_rows(loaded: list[str], current: list[str]) -> list[tuple[str, RowMark]]:
    """The IDs a list shows: each loaded one in its place (removed ones kept, marked), then
    the added ones in the order they were picked."""
    now = set(current)
    before = set(loaded)
    rows: list[tuple[str, RowMark]] = [
        (item, "kept" if item in now else "removed") for item in dict.fromkeys(loaded)
    ]
    rows += [(item, "added") for item in dict.fromkeys(current) if item not in before]
    return rows


def warnings(
    cache: DetailCache, file_ids: Iterable[str], store_ids: Iterable[str], now: float
) -> list[str]:
    """One sentence per chosen file or store that may not work (for the review)."""
    found: list[str] = []
    for noun, ids in (("File", file_ids), ("Vector store", store_ids)):
        for item_id in ids:
            entry = cache.get(item_id)
            if isinstance(entry, Detail):
                warning = entry.warning(now)
                if warning:
                    found.append(f"{noun} {item_id} ({entry.label()}): {warning}.")
            elif isinstance(entry, Missing):
                found.append(f"{noun} {item_id}: not found on the server.")
    return found
