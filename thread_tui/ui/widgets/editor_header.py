"""The editor's header: the object's id, kind and creation time, and a status line."""

from __future__ import annotations

from rich.text import Text

from thread_tui.core.humanize import when
from thread_tui.core.resources import Resource, resource_kind
from thread_tui.ui.widgets.text_pair import TextPair


class EditorHeader(TextPair):
    def __init__(self, resource: Resource, now: float, status: str = "", **kwargs: object) -> None:
        # Built with its text, so showing the header costs no second layout.
        super().__init__(self._title(resource, now), status, **kwargs)  # type: ignore[arg-type]
        self.resource = resource

    def show_resource(self, resource: Resource, now: float) -> None:
        self.resource = resource
        self.show(first=self._title(resource, now))

    @staticmethod
    def _title(resource: Resource, now: float) -> Text:
        kind = resource_kind(resource).value
        if not resource.id:  # a new resource: no id nor creation time until it is created
            return Text.from_markup(f"[b]New {kind}[/b]  [dim]not created yet[/dim]")
        return Text.assemble(
            (resource.id, "bold"),
            "  ",
            (f"{kind} · created {when(resource.created_at, now)}", "dim"),
        )

    @property
    def title(self) -> str:
        return self.first.plain

    @property
    def status_text(self) -> str:
        return self.second

    def status(self, text: str, *, error: bool = False) -> None:
        self.show(second=text, error=error)
