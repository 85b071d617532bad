"""After a submit: does the returned object hold what the user intended?

The server merges metadata and its handling of tool_resources lists is undocumented, so the
returned object is compared with what the draft promised, and every difference is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from thread_tui.core.draft import Draft
from thread_tui.core.models import Resource, Thread


@dataclass(frozen=True)
class Expectation:
    metadata: dict[str, str]
    removed_keys: tuple[str, ...] = ()
    file_ids: tuple[str, ...] | None = None
    store_ids: tuple[str, ...] | None = None

    @classmethod
    def from_draft(cls, draft: Draft) -> Expectation:
        intended = draft.intended_metadata()
        removed = tuple(k for k in draft.loaded_metadata if k not in intended)
        sent_tools = draft.tool_resources_changed()
        return cls(
            metadata=draft.expected_metadata(),
            removed_keys=removed,
            file_ids=tuple(draft.file_ids) if sent_tools else None,
            store_ids=tuple(draft.store_ids) if sent_tools else None,
        )

    def check(self, resource: Resource) -> list[str]:
        """Plain sentences, one per difference; empty when everything matches."""
        problems: list[str] = []
        returned = resource.metadata or {}
        for key, value in self.metadata.items():
            if key not in returned:
                problems.append(
                    f"metadata {key!r}: expected {value!r}, the server has no such key."
                )
            elif returned[key] != value:
                problems.append(
                    f"metadata {key!r}: expected {value!r}, the server returned {returned[key]!r}."
                )
        for key in returned:
            if key not in self.metadata:
                problems.append(
                    f"metadata {key!r}: the server returned a key that was not expected."
                )
        if isinstance(resource, Thread):
            tools = resource.tool_resources
            got_files = tuple(tools.file_ids) if tools else ()
            got_stores = tuple(tools.vector_store_ids) if tools else ()
            if self.file_ids is not None and got_files != self.file_ids:
                problems.append(
                    f"code_interpreter file_ids: expected {len(self.file_ids)}, "
                    f"the server returned {len(got_files)} ({_delta(self.file_ids, got_files)})."
                )
            if self.store_ids is not None and got_stores != self.store_ids:
                problems.append(
                    f"file_search vector_store_ids: expected {list(self.store_ids)}, "
                    f"the server returned {list(got_stores)}."
                )
        return problems


def kept_key_notes(expectation: Expectation, resource: Resource) -> list[str]:
    """Keys removed in the draft that the server still holds, as it always does."""
    returned = resource.metadata or {}
    return [
        f"{key!r} is still on the server: keys cannot be deleted (blank the value to clear it)."
        for key in expectation.removed_keys
        if key in returned
    ]


def _delta(expected: tuple[str, ...], got: tuple[str, ...]) -> str:
    missing = [i for i in expected if i not in got]
    extra = [i for i in got if i not in expected]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing[:3])}{'…' if len(missing) > 3 else ''}")
    if extra:
        parts.append(f"unexpected {', '.join(extra[:3])}{'…' if len(extra) > 3 else ''}")
    return "; ".join(parts) or "different order"
