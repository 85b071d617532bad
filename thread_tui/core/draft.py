"""The editable draft of one thread or conversation.

`Draft` holds what was loaded and what the user changed, and answers the questions the
editor and the CLI ask: is it valid (every violated limit as a `Problem`), what changed
(`DraftDiff`), is it a no-op, and the exact request body to send.

Metadata is *merged* by the server: keys left out are kept and a key cannot be deleted.
So the body carries only the pairs that differ from what was loaded, a deleted server row
is reported as "kept by the server", and the pair limit counts the merged result.

A draft of a *new* resource (`Draft.new`, or `from_resource` of `unsaved_resource(kind)`)
is the body of a create call instead: nothing was loaded, so its request body is the full
metadata map and the tool_resources lists, every row is a new row (deleting one just removes
it), and an empty draft is a valid request (it creates an empty thread or conversation).

A *blank* row (new, with neither key nor value: the one a new object opens on, or one just
added) is nothing yet: it is not sent, not counted and not an error. A new row the user has not
left yet is *fresh*: its empty key blocks Submit but is not marked on the row until it is left
(`leave_row`), so a row being filled in is not shown as wrong.

`snapshot` / `restore` give the draft's whole editable state as plain data, for undo.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from thread_tui.core import limits
from thread_tui.core.diff import DraftDiff, ListChange, MetadataChange
from thread_tui.core.ids import ResourceKind
from thread_tui.core.problems import (
    Field,
    Problem,
    ProblemCode,
    check_id_list,
    check_key,
    check_pair_count,
    check_value,
)
from thread_tui.core.resources import Resource, Thread, resource_kind, unsaved_resource


class DraftError(ValueError):
    """An edit the draft cannot take (unknown row, tool resources on a conversation)."""


@dataclass
class Row:
    """One metadata row. `origin` is the key it had on the server, or None for a new row."""

    id: int
    key: str
    value: str
    origin: str | None = None
    deleted: bool = False
    fresh: bool = False
    """A new row the user has not left yet (see the module's docstring). Not part of a
    snapshot: it follows the focus, not the edits."""

    @property
    def is_new(self) -> bool:
        return self.origin is None

    @property
    def is_blank(self) -> bool:
        """A new row with neither key nor value: not sent, not counted, not an error."""
        return self.origin is None and not self.key and not self.value


RowSnapshot = tuple[int, str, str, str | None, bool]
"""(id, key, value, origin, deleted) of one row."""


@dataclass(frozen=True)
class DraftSnapshot:
    """The draft's whole editable state (rows, values, files, stores) as immutable data."""

    rows: tuple[RowSnapshot, ...]
    file_ids: tuple[str, ...]
    store_ids: tuple[str, ...]


@dataclass
class Draft:
    """A loaded resource plus the user's edits to its metadata and tool_resources."""

    kind: ResourceKind
    resource_id: str
    loaded_metadata: dict[str, str]
    loaded_file_ids: list[str]
    loaded_store_ids: list[str]
    rows: list[Row] = field(default_factory=list)
    file_ids: list[str] = field(default_factory=list)
    store_ids: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    is_new: bool = False
    """True for a resource that is not created yet: the body is a create call's."""

    # -- construction -----------------------------------------------------------------

    @classmethod
    def new(cls, kind: ResourceKind) -> Draft:
        """An empty draft of a thread or conversation to create."""
        return cls.from_resource(unsaved_resource(kind))

    @classmethod
    def from_resource(cls, resource: Resource) -> Draft:
        """The draft of a loaded resource; of a new one when it has no id yet."""
        kind = resource_kind(resource)
        metadata = dict(resource.metadata or {})
        files: list[str] = []
        stores: list[str] = []
        if isinstance(resource, Thread) and resource.tool_resources is not None:
            files = resource.tool_resources.file_ids
            stores = resource.tool_resources.vector_store_ids
        draft = cls(kind, resource.id, metadata, list(files), list(stores))
        draft.is_new = not resource.id
        draft.reset()
        return draft

    def reset(self) -> None:
        """Drop every edit: the draft equals what was loaded."""
        self._ids = itertools.count()
        self.rows = [
            Row(next(self._ids), key, value, origin=key)
            for key, value in self.loaded_metadata.items()
        ]
        self.file_ids = list(self.loaded_file_ids)
        self.store_ids = list(self.loaded_store_ids)

    # -- metadata edits ---------------------------------------------------------------

    def row(self, row_id: int) -> Row:
        for row in self.rows:
            if row.id == row_id:
                return row
        raise DraftError(f"There is no metadata row {row_id}.")

    def add_row(self, key: str = "", value: str = "", *, fresh: bool = True) -> int:
        """A new row at the end; `fresh` until the user leaves it (see `leave_row`)."""
        row = Row(next(self._ids), key, value, fresh=fresh)
        self.rows.append(row)
        return row.id

    def leave_row(self, row_id: int) -> None:
        """The user left the row: from now on its empty key is marked as a problem."""
        self.row(row_id).fresh = False

    def set_key(self, row_id: int, key: str) -> None:
        self.row(row_id).key = key

    def set_value(self, row_id: int, value: str) -> None:
        self.row(row_id).value = value

    def delete_row(self, row_id: int) -> bool:
        """Delete a row. A new row disappears; a server row is marked deleted and kept
        for display, because the server keeps its key. Returns True when the server keeps it."""
        row = self.row(row_id)
        if row.is_new:
            self.rows.remove(row)
            return False
        row.deleted = True
        return True

    def blank_row(self, row_id: int) -> None:
        """The honest stand-in for deleting a server key: keep it with an empty value."""
        row = self.row(row_id)
        row.deleted = False
        if row.origin is not None:
            row.key = row.origin
        row.value = ""

    def restore_row(self, row_id: int) -> None:
        """Undo every edit of one row (a new row is removed)."""
        row = self.row(row_id)
        if row.origin is None:
            self.rows.remove(row)
            return
        row.key = row.origin
        row.value = self.loaded_metadata[row.origin]
        row.deleted = False

    def live_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.deleted]

    def counted_rows(self) -> list[Row]:
        """The live rows that mean a pair: all but the deleted and the blank ones."""
        return [row for row in self.rows if not row.deleted and not row.is_blank]

    # -- undo support -------------------------------------------------------------------

    def snapshot(self) -> DraftSnapshot:
        return DraftSnapshot(
            tuple((r.id, r.key, r.value, r.origin, r.deleted) for r in self.rows),
            tuple(self.file_ids),
            tuple(self.store_ids),
        )

    def restore(self, snapshot: DraftSnapshot) -> None:
        """Put back a snapshot's state. A row still here keeps its `fresh` flag; the row ids
        of later rows stay unique (the id counter never goes back)."""
        fresh = {row.id for row in self.rows if row.fresh}
        self.rows = [
            Row(row_id, key, value, origin, deleted, fresh=row_id in fresh)
            for row_id, key, value, origin, deleted in snapshot.rows
        ]
        self.file_ids = list(snapshot.file_ids)
        self.store_ids = list(snapshot.store_ids)

    def row_is_edited(self, row_id: int) -> bool:
        row = self.row(row_id)
        if row.origin is None or row.deleted:
            return True
        return row.key != row.origin or row.value != self.loaded_metadata[row.origin]

    # -- tool resources edits ---------------------------------------------------------

    def _require_tool_resources(self) -> None:
        if not self.kind.has_tool_resources:
            raise DraftError("A conversation has no tool_resources.")

    def add_file(self, file_id: str) -> None:
        self._require_tool_resources()
        if file_id not in self.file_ids:
            self.file_ids.append(file_id)

    def remove_file(self, file_id: str) -> None:
        self._require_tool_resources()
        if file_id in self.file_ids:
            self.file_ids.remove(file_id)

    def set_files(self, file_ids: list[str]) -> None:
        self._require_tool_resources()
        self.file_ids = list(dict.fromkeys(file_ids))

    def add_store(self, store_id: str) -> None:
        self._require_tool_resources()
        if store_id not in self.store_ids:
            self.store_ids.append(store_id)

    def remove_store(self, store_id: str) -> None:
        self._require_tool_resources()
        if store_id in self.store_ids:
            self.store_ids.remove(store_id)

    def set_stores(self, store_ids: list[str]) -> None:
        self._require_tool_resources()
        self.store_ids = list(dict.fromkeys(store_ids))

    # -- questions --------------------------------------------------------------------

    def intended_metadata(self) -> dict[str, str]:
        """The metadata the user means: the counted rows (last row wins on a duplicate key)."""
        return {row.key: row.value for row in self.counted_rows()}

    def expected_metadata(self) -> dict[str, str]:
        """What the server will hold after merging the body into what was loaded."""
        merged = dict(self.loaded_metadata)
        merged.update(self.metadata_body())
        return merged

    def pair_count(self) -> int:
        """Pairs on the server after the merge: loaded keys are never removed.

        A live row whose key is still empty counts as one pair of its own: once named it
        will be one, so two unnamed rows count two (not one shared `""` key). A blank row
        (no key, no value) counts nothing."""
        live = self.counted_rows()
        keys = set(self.loaded_metadata)
        keys.update(row.key for row in live if row.key)
        return len(keys) + sum(1 for row in live if not row.key)

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        live = self.counted_rows()
        counts = Counter(row.key for row in live)
        for row in live:
            found.extend(check_key(row.key, row.id, pending=row.fresh))
            if row.key and counts[row.key] > 1:
                found.append(
                    Problem(
                        ProblemCode.KEY_DUPLICATE,
                        Field.KEY,
                        f"Key {row.key!r} appears {counts[row.key]} times; keys must be unique.",
                        row.id,
                        counts[row.key],
                        1,
                    )
                )
            found.extend(check_value(row.key, row.value, row.id))
        found.extend(check_pair_count(self.pair_count(), merged=not self.is_new))
        if self.kind.has_tool_resources:
            found.extend(check_id_list(self.file_ids, Field.FILE_IDS))
            found.extend(check_id_list(self.store_ids, Field.VECTOR_STORE_IDS))
        return found

    def problems_for_row(self, row_id: int) -> list[Problem]:
        return [p for p in self.problems() if p.row == row_id]

    @property
    def is_valid(self) -> bool:
        return not self.problems()

    def metadata_body(self) -> dict[str, str]:
        """The pairs to send: those that differ from what was loaded."""
        return {
            key: value
            for key, value in self.intended_metadata().items()
            if self.loaded_metadata.get(key) != value
        }

    def tool_resources_changed(self) -> bool:
        """True when a list gained or lost an ID. The order alone is no change: a picker may
        return the same selection in another order, and the diff would show nothing."""
        return self.kind.has_tool_resources and (
            Counter(self.file_ids) != Counter(self.loaded_file_ids)
            or Counter(self.store_ids) != Counter(self.loaded_store_ids)
        )

    def tool_resources_body(self) -> dict[str, Any]:
        """Both lists in full: a sent list is the new complete list, whatever the server's rule.
        A sub-object absent before and empty now is left out."""
        body: dict[str, Any] = {}
        if self.file_ids or self.loaded_file_ids:
            body["code_interpreter"] = {"file_ids": list(self.file_ids)}
        if self.store_ids or self.loaded_store_ids:
            body["file_search"] = {"vector_store_ids": list(self.store_ids)}
        return body

    def request_body(self) -> dict[str, Any]:
        """The exact JSON body of the modify call; `{}` when there is nothing to send.

        Of a new resource: the create call's body, the full metadata map and the lists that
        are not empty; `{}` for an empty one (which is still sent: it creates an empty one).
        """
        body: dict[str, Any] = {}
        metadata = self.metadata_body()
        if metadata:
            body["metadata"] = metadata
        if self.tool_resources_changed():
            body["tool_resources"] = self.tool_resources_body()
        return body

    @property
    def is_noop(self) -> bool:
        """Nothing to send. Never of a new resource: an empty create is still a create."""
        return not self.is_new and not self.request_body()

    @property
    def creates_empty(self) -> bool:
        """A new resource with no metadata and no tool resources."""
        return self.is_new and not self.request_body()

    def diff(self) -> DraftDiff:
        intended = self.intended_metadata()
        changes: list[MetadataChange] = []
        for key, value in intended.items():
            old = self.loaded_metadata.get(key)
            if old is None:
                changes.append(MetadataChange("added", key, None, value))
            elif old != value:
                changes.append(MetadataChange("changed", key, old, value))
        for key, old in self.loaded_metadata.items():
            if key not in intended:
                changes.append(MetadataChange("kept", key, old, old))
        if not self.kind.has_tool_resources:
            return DraftDiff(tuple(changes), (), ())  # a conversation sends no lists
        files = _list_changes(self.loaded_file_ids, self.file_ids)
        stores = _list_changes(self.loaded_store_ids, self.store_ids)
        return DraftDiff(tuple(changes), files, stores)

    def submit_block_reason(
        self, problems: list[Problem] | None = None, diff: DraftDiff | None = None
    ) -> str | None:
        """Why Submit is disabled, in one sentence, or None when it can be pressed.

        `problems` and `diff`, when the caller has just computed them, are not computed again.
        """
        if problems is None:
            problems = self.problems()
        if problems:
            extra = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            return f"Fix first: {problems[0].message}{extra}"
        if self.is_noop:
            if diff is None:
                diff = self.diff()
            if any(c.kind == "kept" for c in diff.metadata):
                return (
                    "Nothing to send: the server keeps removed keys. "
                    "Blank the value instead to clear it."
                )
            return "Nothing to send: no changes yet."
        return None

    def counters(self) -> dict[str, tuple[int, int, str]]:
        """The grid's live counters as (count, limit, level)."""
        result = {"pairs": _counter(self.pair_count(), limits.MAX_METADATA_PAIRS)}
        if self.kind.has_tool_resources:
            result["file_ids"] = _counter(len(self.file_ids), limits.MAX_FILE_IDS)
            result["vector_store_ids"] = _counter(len(self.store_ids), limits.MAX_VECTOR_STORE_IDS)
        return result


def _counter(count: int, limit: int) -> tuple[int, int, str]:
    return count, limit, limits.level(count, limit)


def _list_changes(before: list[str], after: list[str]) -> tuple[ListChange, ...]:
    removed = [ListChange("removed", item) for item in before if item not in after]
    added = [ListChange("added", item) for item in after if item not in before]
    return tuple(removed + added)
