"""After a submit: does the returned object hold what the user intended?

The server merges metadata (a removed key is kept) and its handling of tool_resources lists
is undocumented, so the returned object is compared with what the draft promised and every
difference is named in one plain sentence. The response inspector lists them; the editor
quotes the first one in its status line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from thread_tui.core.draft import Draft
from thread_tui.core.resources import Resource, Thread

# Values can be 512 characters long; a sentence quotes only the start of one.
QUOTE_CHARS = 60


@dataclass(frozen=True)
class Expectation:
    """What the server should hold after a modify call.

    `metadata` is the merged map (what was loaded, updated with what was sent);
    `removed_keys` are keys the user removed, which the server is expected to keep;
    `file_ids` / `store_ids` are None when the tool_resources lists were not sent.
    """

    metadata: dict[str, str]
    removed_keys: tuple[str, ...] = ()
    file_ids: tuple[str, ...] | None = None
    store_ids: tuple[str, ...] | None = None
    resource_id: str | None = field(default=None, compare=False)

    @classmethod
    def from_draft(cls, draft: Draft) -> Expectation:
        intended = draft.intended_metadata()
        sent_tools = draft.tool_resources_changed()
        return cls(
            metadata=draft.expected_metadata(),
            removed_keys=tuple(key for key in draft.loaded_metadata if key not in intended),
            file_ids=tuple(draft.file_ids) if sent_tools else None,
            store_ids=tuple(draft.store_ids) if sent_tools else None,
            # A create call's answer carries an id the draft did not have.
            resource_id=None if draft.is_new else draft.resource_id,
        )

    def check(self, resource: Resource) -> list[str]:
        """One sentence per difference from what was intended; empty when all match.

        A removed key the server kept is reported too: it is the documented merge
        behaviour, but it is still not what the user asked for.
        """
        problems: list[str] = []
        if self.resource_id is not None and resource.id != self.resource_id:
            problems.append(f"the server returned object {resource.id!r}, not {self.resource_id!r}")
        problems.extend(self._metadata_problems(resource.metadata or {}))
        if self.file_ids is not None or self.store_ids is not None:
            files, stores = _tool_lists(resource)
            if self.file_ids is not None:
                problems.extend(_list_problems("file", self.file_ids, files))
            if self.store_ids is not None:
                problems.extend(_list_problems("vector store", self.store_ids, stores))
        return problems

    def matches(self, resource: Resource) -> bool:
        return not self.check(resource)

    def kept_keys(self, resource: Resource) -> list[str]:
        """Removed keys that are still on the server, as the merge rule says they will be."""
        returned = resource.metadata or {}
        return [key for key in self.removed_keys if key in returned]

    def _metadata_problems(self, returned: dict[str, str]) -> list[str]:
        problems: list[str] = []
        removed = set(self.removed_keys)
        for key, value in self.metadata.items():
            if key in removed:
                if key in returned:
                    problems.append(kept_sentence(key))
            elif key not in returned:
                problems.append(
                    f"metadata {key!r}: expected {_quote(value)}, the server has no such key"
                )
            elif returned[key] != value:
                problems.append(
                    f"metadata {key!r}: expected {_quote(value)}, "
                    f"server returned {_quote(returned[key])}"
                )
        for key, value in returned.items():
            if key not in self.metadata:
                problems.append(
                    f"the server returned key {key!r} = {_quote(value)} that was never sent"
                )
        return problems


def kept_sentence(key: str) -> str:
    """How `check` words a removed key that the server kept."""
    return (
        f"the server kept key {key!r} that was removed "
        "(keys cannot be deleted; blank the value to clear it)"
    )


def _tool_lists(resource: Resource) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if isinstance(resource, Thread) and resource.tool_resources is not None:
        tools = resource.tool_resources
        return tuple(tools.file_ids), tuple(tools.vector_store_ids)
    return (), ()


def _list_problems(noun: str, expected: tuple[str, ...], got: tuple[str, ...]) -> list[str]:
    """Order is not compared: the server may return the ids in its own order."""
    problems = [
        f"{noun} {item!r} was sent but the server did not attach it"
        for item in expected
        if item not in got
    ]
    problems.extend(
        f"the server attached {noun} {item!r} that was not sent"
        for item in got
        if item not in expected
    )
    return problems


def _quote(value: str) -> str:
    if len(value) > QUOTE_CHARS:
        value = value[: QUOTE_CHARS - 1] + "…"
    return repr(value)
