"""One change planned against many objects: what each would be sent, or why it is refused.

A bulk change (`BulkChange`) is the same for every object, but whether it is valid is not:
the API merges metadata into what an object already holds and a key can never be removed,
so `{owner: ana}` is fine on an object with 15 keys and over the 16-pair limit on one that
has 16 others. `plan_change` therefore checks the change against each object's own current
state, with the editor's rules (`core.draft.Draft`): the merged pair count, key and value
lengths, file and vector store counts, tool_resources on threads only. A change that leaves
an object as it is is a `noop`, and nothing is sent for it.

`summarise` counts the plans for a review: "3 of 120 would exceed 16 pairs".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from thread_tui.core import limits
from thread_tui.core.draft import Draft
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.problems import Field, Problem, ProblemCode, check_id_list
from thread_tui.core.resources import ResourceFormatError, parse_resource
from thread_tui.core.verify import Expectation

SHOWN_VALUE_CHARS = 80  # a diff line quotes the start of a long value

# What a refusal is, in the words of a summary line ("3 of 120 would exceed 16 pairs").
REASON_PAIRS = f"would exceed {limits.MAX_METADATA_PAIRS} pairs"
REASON_FILES = f"would exceed {limits.MAX_FILE_IDS} code_interpreter files"
REASON_STORES = f"would exceed {limits.MAX_VECTOR_STORE_IDS} file_search vector store"
REASON_CONVERSATION = "are conversations, which have no tool_resources"
REASON_INVALID = "break another rule"
REASON_UNREADABLE = "could not be read"

_REASONS: Mapping[ProblemCode, str] = {
    ProblemCode.TOO_MANY_PAIRS: REASON_PAIRS,
    ProblemCode.TOO_MANY_FILES: REASON_FILES,
    ProblemCode.TOO_MANY_STORES: REASON_STORES,
}


@dataclass(frozen=True)
class BulkChange:
    """The change applied to every object of a bulk edit.

    `metadata` is merged into each object's metadata (the API merges; keys can never be
    removed). `tool_resources` is `{code_interpreter?: {file_ids?: [...]}, file_search?:
    {vector_store_ids?: [...]}}` as `core.flowvalue.parse_tool_resources` reads it: a list
    given is the new complete list, a section without its list keeps the list. Threads only.
    """

    metadata: dict[str, str] = field(default_factory=dict)
    tool_resources: dict[str, Any] | None = None

    @property
    def file_ids(self) -> list[str] | None:
        """The new code_interpreter list, or None when the change keeps it."""
        return _section_list(self.tool_resources, "code_interpreter", "file_ids")

    @property
    def store_ids(self) -> list[str] | None:
        """The new file_search list, or None when the change keeps it."""
        return _section_list(self.tool_resources, "file_search", "vector_store_ids")

    @property
    def is_empty(self) -> bool:
        """True when the change could change nothing on any object."""
        return not self.metadata and self.file_ids is None and self.store_ids is None


@dataclass(frozen=True)
class ObjectPlan:
    """What one object would be sent. `body` is None when refused or when nothing changes."""

    id: str
    body: dict[str, Any] | None
    refusal: str | None  # e.g. "17 metadata pairs (counting the keys the server keeps…)"
    noop: bool
    diff: tuple[str, ...]  # "+ owner: \"ana\"", "~ team: \"a\" → \"b\"", "+ file file-1"
    reason: str | None = None  # the refusal's kind, as a summary counts it (REASON_…)
    expected: Expectation | None = field(default=None, compare=False, repr=False)
    """What the object should hold after the body is sent (to check the server's answer)."""

    @property
    def sends(self) -> bool:
        return self.body is not None


def plan_change(change: BulkChange, current: Mapping[str, Any]) -> ObjectPlan:
    """Plan `change` against `current`, the object as the server returned it (a GET).

    Never raises for a bad object: an unreadable one is refused with the reason."""
    raw_id = current.get("id")
    resource_id = raw_id if isinstance(raw_id, str) else ""
    try:
        kind, _ = parse_id(resource_id)
    except InvalidIdError as exc:
        return _refused(resource_id, f"not a thread or conversation ID: {exc}", REASON_UNREADABLE)
    if change.tool_resources is not None and not kind.has_tool_resources:
        return _refused(
            resource_id,
            "a conversation has no tool_resources (--tool-resources is for threads only)",
            REASON_CONVERSATION,
        )
    try:
        resource = parse_resource(kind, dict(current))
    except ResourceFormatError as exc:
        return _refused(resource_id, f"the object could not be read: {exc}", REASON_UNREADABLE)
    own = _change_problems(change, kind)
    if own:
        return _refused(resource_id, _sentence(own), _reason(own))
    draft = Draft.from_resource(resource)
    _apply(draft, change)
    problems = draft.problems()
    lines = _diff_lines(draft)
    if problems:
        return _refused(resource_id, _sentence(problems), _reason(problems), lines)
    body = draft.request_body()
    if not body:
        return ObjectPlan(resource_id, None, None, True, ())
    return ObjectPlan(resource_id, body, None, False, lines, None, Expectation.from_draft(draft))


def _refused(resource_id: str, why: str, reason: str, diff: tuple[str, ...] = ()) -> ObjectPlan:
    return ObjectPlan(resource_id, None, why, False, diff, reason)


def _change_problems(change: BulkChange, kind: ResourceKind) -> list[Problem]:
    """What is wrong with the change itself, whatever the object (duplicate IDs in a list:
    the draft would quietly drop the second)."""
    found: list[Problem] = []
    if kind.has_tool_resources:
        if change.file_ids is not None:
            found.extend(check_id_list(change.file_ids, Field.FILE_IDS))
        if change.store_ids is not None:
            found.extend(check_id_list(change.store_ids, Field.VECTOR_STORE_IDS))
    return found


def _apply(draft: Draft, change: BulkChange) -> None:
    by_key = {row.key: row.id for row in draft.rows}
    for key, value in change.metadata.items():
        if key in by_key:
            draft.set_value(by_key[key], value)
        else:
            by_key[key] = draft.add_row(key, value, fresh=False)
    if draft.kind.has_tool_resources:
        if change.file_ids is not None:
            draft.set_files(change.file_ids)
        if change.store_ids is not None:
            draft.set_stores(change.store_ids)


def _sentence(problems: list[Problem]) -> str:
    first = problems[0].message.rstrip(".")
    more = len(problems) - 1
    return first + (f" (and {more} more {'problem' if more == 1 else 'problems'})" if more else "")


def _reason(problems: list[Problem]) -> str:
    return _REASONS.get(problems[0].code, REASON_INVALID)


def _diff_lines(draft: Draft) -> tuple[str, ...]:
    """The change as the editor's diff shows it: `+` a new key, `~` a changed value (old →
    new), `+` / `-` a file or vector store attached or detached. Values JSON-quoted, so an
    empty string and spaces show."""
    diff = draft.diff()
    lines: list[str] = []
    for change in diff.metadata:
        if change.kind == "added":
            lines.append(f"+ {change.key}: {_quote(change.new)}")
        elif change.kind == "changed":
            lines.append(f"~ {change.key}: {_quote(change.old)} → {_quote(change.new)}")
    for changes, noun in ((diff.files, "file"), (diff.stores, "vector store")):
        for item in changes:
            lines.append(f"{'+' if item.kind == 'added' else '-'} {noun} {item.item}")
    return tuple(lines)


def _quote(value: str | None) -> str:
    text = value or ""
    if len(text) > SHOWN_VALUE_CHARS:
        text = text[: SHOWN_VALUE_CHARS - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def _section_list(
    tool_resources: dict[str, Any] | None, section: str, name: str
) -> list[str] | None:
    if not tool_resources:
        return None
    sub = tool_resources.get(section)
    if not isinstance(sub, dict) or name not in sub:
        return None
    ids = sub[name]
    return list(ids) if isinstance(ids, list) else None


# -- the summary of many plans -----------------------------------------------------------------


@dataclass
class BulkSummary:
    """Counts over the plans of one bulk change."""

    total: int = 0
    to_send: int = 0
    noop: int = 0
    refused: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def add(self, plan: ObjectPlan) -> None:
        self.total += 1
        if plan.refusal is not None:
            self.refused += 1
            self.reasons[plan.reason or REASON_INVALID] += 1
        elif plan.noop:
            self.noop += 1
        else:
            self.to_send += 1

    def lines(self) -> list[str]:
        """E.g. `117 of 120 would change`, `3 of 120 would exceed 16 pairs`."""
        of = f"of {self.total}"
        found = [f"{self.to_send} {of} would change"]
        if self.noop:
            found.append(f"{self.noop} {of} already hold the change (nothing to send)")
        for reason, count in sorted(self.reasons.items(), key=lambda item: (-item[1], item[0])):
            found.append(f"{count} {of} {reason}")
        return found


def summarise(plans: Iterable[ObjectPlan]) -> BulkSummary:
    summary = BulkSummary()
    for plan in plans:
        summary.add(plan)
    return summary
