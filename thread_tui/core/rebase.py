"""Carry a draft's edits over to a newer version of the same object.

Used twice: after a conflict (the object changed on the server since it was loaded) and when
an autosaved draft is restored. Only what the user changed moves: an untouched row takes the
server's current value, an edited one keeps the user's; files and stores are a three-way
merge of the lists (the user's additions and removals applied to the server's list).
"""

from __future__ import annotations

from dataclasses import dataclass

from thread_tui.core.draft import Draft
from thread_tui.core.resources import Resource, Thread


@dataclass(frozen=True)
class Drift:
    """What changed on the server between `loaded` and `now`."""

    metadata_keys: tuple[str, ...]
    files: bool
    stores: bool

    @property
    def any(self) -> bool:
        return bool(self.metadata_keys) or self.files or self.stores


def server_state(resource: Resource) -> tuple[dict[str, str], list[str], list[str]]:
    files: list[str] = []
    stores: list[str] = []
    if isinstance(resource, Thread) and resource.tool_resources is not None:
        files = resource.tool_resources.file_ids
        stores = resource.tool_resources.vector_store_ids
    return dict(resource.metadata or {}), files, stores


def drift(draft: Draft, now: Resource) -> Drift:
    metadata, files, stores = server_state(now)
    keys = sorted(set(draft.loaded_metadata) | set(metadata))
    changed = tuple(k for k in keys if draft.loaded_metadata.get(k) != metadata.get(k))
    return Drift(
        changed,
        sorted(files) != sorted(draft.loaded_file_ids),
        sorted(stores) != sorted(draft.loaded_store_ids),
    )


def rebase(draft: Draft, onto: Resource) -> Draft:
    """A new draft loaded from `onto` that carries every edit of `draft`."""
    new = Draft.from_resource(onto)
    by_origin = {row.origin: row for row in new.rows if row.origin is not None}
    for row in draft.rows:
        if row.origin is None:
            if not row.deleted:
                new.add_row(row.key, row.value)
            continue
        if not draft.row_is_edited(row.id):
            continue  # untouched: the server's current value wins
        target = by_origin.get(row.origin)
        if target is None:
            if not row.deleted:
                new.add_row(row.key, row.value)
            continue
        target.key, target.value, target.deleted = row.key, row.value, row.deleted
    if new.kind.has_tool_resources and draft.tool_resources_changed():
        new.set_files(_merge(draft.loaded_file_ids, draft.file_ids, new.loaded_file_ids))
        new.set_stores(_merge(draft.loaded_store_ids, draft.store_ids, new.loaded_store_ids))
    return new


def overwrite(draft: Draft, onto: Resource) -> Draft:
    """`rebase`, and then every key the user holds takes the user's value, even where the
    server changed it and the user did not touch it (a conflict's "overwrite with mine")."""
    mine = rebase(draft, onto)
    held = draft.intended_metadata()
    for row in mine.live_rows():
        if row.key in held:
            row.value = held[row.key]
    return mine


def _merge(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    removed = set(base) - set(mine)
    added = [item for item in mine if item not in base]
    kept = [item for item in theirs if item not in removed]
    return kept + [item for item in added if item not in kept]
