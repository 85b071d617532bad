"""How the editor's widgets reach the draft: through one holder, never a copy of their own.

The editor's session holds the draft being edited and replaces it on a reload, submit,
rebase or restore; each widget reads `holder.draft` whenever it draws, so none is left
showing the old one and no code re-points the widgets one by one. No Textual here.
"""

from __future__ import annotations

from typing import Protocol

from thread_tui.core.draft import Draft


class DraftHolder(Protocol):
    """Anything that holds the current draft (the editor's `EditorSession`)."""

    @property
    def draft(self) -> Draft: ...


class FixedDraft:
    """A holder of one draft that is never replaced (a widget shown on its own)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft


def holder_of(source: Draft | DraftHolder) -> DraftHolder:
    """`source` itself when it is a holder; a draft given alone gets a fixed holder."""
    return FixedDraft(source) if isinstance(source, Draft) else source
