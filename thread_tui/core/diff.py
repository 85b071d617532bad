"""What a draft changes, per metadata key and per file / vector store, and its one-line summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MetadataChangeKind = Literal["added", "changed", "kept"]


@dataclass(frozen=True)
class MetadataChange:
    """One key's change. `kept`: removed in the draft, but the server keeps the key."""

    kind: MetadataChangeKind
    key: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ListChange:
    kind: Literal["added", "removed"]
    item: str


@dataclass(frozen=True)
class DraftDiff:
    metadata: tuple[MetadataChange, ...]
    files: tuple[ListChange, ...]
    stores: tuple[ListChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.metadata or self.files or self.stores)

    def summary(self) -> str:
        """E.g. `+1 key, ~1 value, -1 file`; `no changes` when empty."""
        parts: list[str] = []
        added = sum(1 for c in self.metadata if c.kind == "added")
        changed = sum(1 for c in self.metadata if c.kind == "changed")
        kept = sum(1 for c in self.metadata if c.kind == "kept")
        if added:
            parts.append(f"+{added} {_plural('key', added)}")
        if changed:
            parts.append(f"~{changed} {_plural('value', changed)}")
        if kept:
            parts.append(f"{kept} removed {_plural('key', kept)} kept by server")
        for changes, noun in ((self.files, "file"), (self.stores, "vector store")):
            plus = sum(1 for c in changes if c.kind == "added")
            minus = sum(1 for c in changes if c.kind == "removed")
            if plus:
                parts.append(f"+{plus} {_plural(noun, plus)}")
            if minus:
                parts.append(f"-{minus} {_plural(noun, minus)}")
        return ", ".join(parts) if parts else "no changes"


def _plural(noun: str, n: int) -> str:
    return noun if n == 1 else noun + "s"
