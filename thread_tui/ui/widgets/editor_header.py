"""The editor's header: the object's id, kind and creation time, and a status line."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from thread_tui.core.humanize import when
from thread_tui.core.models import Resource, resource_kind


class EditorHeader(Vertical):
    def __init__(self, resource: Resource, now: float, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.resource = resource
        self.now = now

    def compose(self) -> ComposeResult:
        yield Static("", id="header-id")
        yield Static("", id="status")

    def on_mount(self) -> None:
        self.show_resource(self.resource, self.now)

    def show_resource(self, resource: Resource, now: float) -> None:
        self.resource = resource
        kind = resource_kind(resource).value
        self.query_one("#header-id", Static).update(
            f"[b]{resource.id}[/b]  [dim]{kind} · created {when(resource.created_at, now)}[/dim]"
        )

    def status(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#status", Static)
        label.update(Text(text))
        label.set_class(error, "-error")
