"""The editor's header: the object's id, kind and creation time, and a status line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from thread_tui.core.humanize import when
from thread_tui.core.models import Resource, resource_kind


class EditorHeader(Vertical):
    def __init__(self, resource: Resource, now: float, status: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.resource = resource
        self.now = now
        self.initial_status = status

    def compose(self) -> ComposeResult:
        # Composed with its text, so showing the header costs no second layout.
        yield Static(self._title(self.resource, self.now), id="header-id")
        yield Static(Text(self.initial_status), id="status")

    def show_resource(self, resource: Resource, now: float) -> None:
        self.resource = resource
        self.query_one("#header-id", Static).update(self._title(resource, now))

    @staticmethod
    def _title(resource: Resource, now: float) -> str:
        kind = resource_kind(resource).value
        if not resource.id:  # a new resource: no id nor creation time until it is created
            return f"[b]New {kind}[/b]  [dim]not created yet[/dim]"
        return f"[b]{resource.id}[/b]  [dim]{kind} · created {when(resource.created_at, now)}[/dim]"

    def status(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#status", Static)
        label.update(Text(text))
        label.set_class(error, "-error")
