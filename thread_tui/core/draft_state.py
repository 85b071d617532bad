"""A draft as plain JSON data, for autosave: what was loaded and every edit.

`load_state` checks every field's type, so a damaged or foreign file is refused with a
ValueError instead of producing a draft that breaks later. The draft of a new resource (not
created yet) has no ID and is never saved.
"""

from __future__ import annotations

from typing import Any

from thread_tui.core.draft import Draft
from thread_tui.core.ids import parse_id
from thread_tui.core.limits import HARD_MAX_IDS, HARD_MAX_ROWS, HARD_MAX_TEXT

VERSION = 1

# What a saved draft may hold: far above the API's limits (16 pairs, 64 / 512 characters, 20
# files, 1 store), so an over-limit edit in progress is restored and shows its limit error,
# but a hand-made file of thousands of rows is refused instead of freezing the editor. The
# same hard caps as on a server's answer (`core.resources`).
MAX_SAVED_ROWS = HARD_MAX_ROWS
MAX_SAVED_TEXT = HARD_MAX_TEXT
MAX_SAVED_IDS = HARD_MAX_IDS


def dump_state(draft: Draft, saved_at: float) -> dict[str, Any]:
    """The draft as JSON data. A new, never created resource has no ID to file it under, so
    it is not autosaved: ValueError."""
    if draft.is_new:
        raise ValueError("a resource that was never created is not autosaved")
    return {
        "version": VERSION,
        "resource_id": draft.resource_id,
        "saved_at": saved_at,
        "loaded": {
            "metadata": dict(draft.loaded_metadata),
            "file_ids": list(draft.loaded_file_ids),
            "store_ids": list(draft.loaded_store_ids),
        },
        "rows": [
            {"key": r.key, "value": r.value, "origin": r.origin, "deleted": r.deleted}
            for r in draft.rows
        ],
        "file_ids": list(draft.file_ids),
        "store_ids": list(draft.store_ids),
    }


def load_state(state: Any) -> tuple[Draft, float]:
    """(the saved draft, when it was saved); ValueError when the data is not a saved draft."""
    if not isinstance(state, dict) or state.get("version") != VERSION:
        raise ValueError("not a saved draft of this version")
    kind, resource_id = parse_id(_str(state.get("resource_id")))
    loaded = state.get("loaded")
    if not isinstance(loaded, dict):
        raise ValueError("no loaded state")
    metadata = loaded.get("metadata")
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise ValueError("loaded metadata is not a map of strings")
    _cap(len(metadata), MAX_SAVED_ROWS, "loaded metadata pairs")
    for key, value in metadata.items():
        _cap(max(len(key), len(value)), MAX_SAVED_TEXT, "characters in a loaded key or value")
    draft = Draft(
        kind,
        resource_id,
        dict(metadata),
        _ids(loaded.get("file_ids")),
        _ids(loaded.get("store_ids")),
    )
    rows = state.get("rows")
    if not isinstance(rows, list):
        raise ValueError("no rows")
    _cap(len(rows), MAX_SAVED_ROWS, "rows")
    draft.rows = []
    for raw in rows:
        if not isinstance(raw, dict):
            raise ValueError("a row is not an object")
        origin = raw.get("origin")
        if origin is not None and (not isinstance(origin, str) or origin not in metadata):
            raise ValueError("a row names a key that was not loaded")
        # Left in an earlier run: an empty key is marked at once.
        row_id = draft.add_row(_str(raw.get("key")), _str(raw.get("value")), fresh=False)
        row = draft.row(row_id)
        row.origin = origin
        row.deleted = bool(raw.get("deleted", False))
    draft.file_ids = _ids(state.get("file_ids"))
    draft.store_ids = _ids(state.get("store_ids"))
    saved_at = state.get("saved_at")
    if not isinstance(saved_at, int | float) or isinstance(saved_at, bool):
        raise ValueError("no save time")
    return draft, float(saved_at)


def _cap(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise ValueError(f"{count:,} {what}, more than a saved draft may hold ({limit})")


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("a text field is not a string")
    _cap(len(value), MAX_SAVED_TEXT, "characters in a key or value")
    return value


def _ids(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        raise ValueError("an ID list is not a list of strings")
    _cap(len(value), MAX_SAVED_IDS, "IDs in a list")
    for item in value:
        _cap(len(item), MAX_SAVED_TEXT, "characters in an ID")
    return list(value)
