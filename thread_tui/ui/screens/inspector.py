"""The response inspector: status, timing, request id, headers and the JSON body of an answer,
and, after a submit, whether the server holds what was intended."""

from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from thread_tui.api import Exchange
from thread_tui.core.ids import parse_id
from thread_tui.core.models import parse_resource
from thread_tui.core.verify import Expectation, kept_key_notes
from thread_tui.ui.widgets.json_view import CodeView, pretty_json


def _body_text(exchange: Exchange) -> str:
    try:
        return pretty_json(exchange.json())
    except ValueError:
        return exchange.response_text or "(empty body)"


class ResponseInspectorScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("c", "copy_body", "Copy body"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, exchange: Exchange, expected: Expectation | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.exchange = exchange
        self.expected = expected

    def compose(self) -> ComposeResult:
        ex = self.exchange
        with Vertical(id="inspector", classes="modal-box"):
            yield Static("Response", classes="modal-title")
            yield Static(self._summary(), id="inspector-summary")
            verdict = self._verdict()
            if verdict is not None:
                yield verdict
            with VerticalScroll(id="inspector-scroll"):
                yield Static(self._headers(), id="inspector-headers")
                if ex.request_body is not None:
                    yield Static("Request body", classes="section-title")
                    yield CodeView(pretty_json(ex.request_body), id="inspector-request")
                yield Static("Response body", classes="section-title")
                yield CodeView(_body_text(ex), id="inspector-body")
            yield Static("Esc close · c copy the body · ↑↓ PgUp PgDn scroll", classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#inspector-scroll").focus()

    def _summary(self) -> Text:
        ex = self.exchange
        text = Text()
        style = "bold green" if ex.ok else "bold red"
        text.append(f"HTTP {ex.status}", style=style)
        text.append(f"  {ex.method} {ex.url}\n")
        text.append(f"{ex.elapsed_ms:.0f} ms", style="bold")
        tries = f" · {ex.attempts} attempts" if ex.attempts > 1 else ""
        text.append(f"{tries} · request id {ex.request_id or '–'}", style="dim")
        return text

    def _headers(self) -> Table:
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for name, value in self.exchange.selected_headers().items():
            table.add_row(name, value)
        return table

    def _verdict(self) -> Static | None:
        if self.expected is None:
            return None
        try:
            kind, _ = parse_id(json.loads(self.exchange.response_text).get("id", ""))
            resource = parse_resource(kind, self.exchange.json())
        except (ValueError, AttributeError):
            return Static("⚠ The response is not a readable object.", id="verdict", classes="-bad")
        problems = self.expected.check(resource)
        notes = kept_key_notes(self.expected, resource)
        if problems:
            text = "⚠ The server returned something other than intended:\n" + "\n".join(
                f"  • {p}" for p in problems
            )
            return Static(Text(text), id="verdict", classes="-bad")
        lines = "✓ The returned metadata and tool resources match what was intended."
        if notes:
            lines += "\n" + "\n".join(f"  • {n}" for n in notes)
        return Static(Text(lines), id="verdict", classes="-good")

    def action_copy_body(self) -> None:
        self.app.copy_to_clipboard(_body_text(self.exchange))
        self.notify("Copied the response body")

    def action_close(self) -> None:
        self.dismiss(None)
