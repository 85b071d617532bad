"""The response inspector: the status, timing, attempts, request id and useful headers of one
exchange, its request line and body, and the pretty JSON response body.

Opened after a submit with an `Expectation`, it also says whether the returned object holds
what was intended, or lists each difference (see `thread_tui.core.verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from thread_tui.api import Exchange
from thread_tui.core.ids import parse_id
from thread_tui.core.resources import parse_resource
from thread_tui.core.verify import Expectation, kept_sentence
from thread_tui.ui.inert_text import content, inert_content, plain
from thread_tui.ui.widgets.json_view import CodeView, JsonView, pretty_body

STYLES = Path(__file__).parent.parent / "styles"

RESPONSE_HEADERS = (
    "x-request-id",
    "openai-processing-ms",
    "openai-version",
    "openai-organization",
    "openai-project",
    "content-type",
    "retry-after",
    "retry-after-ms",
)
REQUEST_HEADERS = ("content-type", "openai-beta", "openai-organization", "openai-project")
# Shown instead of whatever an Authorization / api-key header holds: never a key.
KEY_HEADERS = {"authorization": "Bearer $OPENAI_API_KEY", "api-key": "$AZURE_OPENAI_API_KEY"}


def response_headers(headers: dict[str, str]) -> list[tuple[str, str]]:
    lower = {name.lower(): value for name, value in headers.items()}
    picked = [(name, lower[name]) for name in RESPONSE_HEADERS if name in lower]
    picked += sorted((n, v) for n, v in lower.items() if n.startswith("x-ratelimit-"))
    return picked


def request_headers(headers: dict[str, str]) -> list[tuple[str, str]]:
    lower = {name.lower(): value for name, value in headers.items()}
    picked = [(name, KEY_HEADERS[name]) for name in KEY_HEADERS if name in lower]
    picked += [(name, lower[name]) for name in REQUEST_HEADERS if name in lower]
    return picked


def status_line(exchange: Exchange) -> Content:
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = ""
    status = exchange.status
    style = (
        "$text-success"
        if status < 300
        else "$text-warning"
        if status < 500 and status != 0
        else "$text-error"
    )
    return inert_content(
        Content.assemble(
            (f" HTTP {status} {phrase} ".replace("  ", " "), f"bold reverse {style}"),
            "  ",
            (exchange.method, "bold"),
            " ",
            exchange.url,
        )
    )


def timing_line(exchange: Exchange) -> Content:
    attempts = exchange.attempts
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts ({attempts - 1} retried)"
    return inert_content(  # the request id is the server's
        Content.assemble(
            (f"{exchange.elapsed_ms:.0f} ms", "bold"),
            (f" · {tries} · request id ", "$text-muted"),
            (exchange.request_id or "–", "bold"),
        )
    )


def header_block(pairs: list[tuple[str, str]]) -> Content:
    if not pairs:
        return Content("(none)")
    width = max(len(name) for name, _ in pairs)
    lines = [
        inert_content(Content.assemble((name.ljust(width), "$text-muted"), "  ", value))
        for name, value in pairs
    ]
    return Content("\n").join(lines)


@dataclass(frozen=True)
class Verdict:
    """The outcome of comparing a response with an Expectation."""

    surprises: list[str]
    kept: list[str]

    @property
    def ok(self) -> bool:
        return not self.surprises and not self.kept


def verify_exchange(exchange: Exchange, expected: Expectation) -> Verdict:
    """Split the differences into surprises and removed keys the server kept, as it does."""
    if not exchange.ok:
        return Verdict([f"Nothing was saved: the server answered HTTP {exchange.status}."], [])
    try:
        data: Any = exchange.json()
        kind, _ = parse_id(str(data.get("id", "")))
        resource = parse_resource(kind, data)
    except (ValueError, AttributeError):
        return Verdict(["The response is not a readable thread or conversation."], [])
    kept = expected.kept_keys(resource)
    known = {kept_sentence(key) for key in kept}
    surprises = [problem for problem in expected.check(resource) if problem not in known]
    return Verdict(surprises, kept)


class ResponseInspectorScreen(ModalScreen[None]):
    """Everything about one request and its answer, scrollable; Escape closes."""

    CSS_PATH = STYLES / "inspector.tcss"
    AUTO_FOCUS = "#inspector-details"

    BINDINGS = [
        Binding("escape", "close", "Close", id="inspector.close"),
        Binding("q", "close", "Close", show=False, id="inspector.close_alt"),
        Binding("c", "copy_body", "Copy body", id="inspector.copy_body"),
    ]

    def __init__(self, exchange: Exchange, expected: Expectation | None = None) -> None:
        super().__init__()
        self.exchange = exchange
        self.expected = expected
        self.body_text = pretty_body(exchange.response_text)

    def compose(self) -> ComposeResult:
        ex = self.exchange
        with Vertical(id="inspector-dialog"):
            yield Static("Response", id="inspector-title")
            yield Static(status_line(ex), id="inspector-status")
            yield Static(timing_line(ex), id="inspector-timing")
            if self.expected is not None:
                yield from self._verdict(self.expected)
            with VerticalScroll(id="inspector-details"):
                yield Static("Response headers", classes="inspector-section")
                yield Static(header_block(response_headers(ex.response_headers)))
                yield Static("Request headers", classes="inspector-section")
                yield Static(header_block(request_headers(ex.request_headers)))
                if ex.request_body is not None:
                    yield Static("Request body", classes="inspector-section")
                    yield JsonView(ex.request_body, id="inspector-request")
                yield Static("Response body", classes="inspector-section")
                yield CodeView(self.body_text, id="inspector-body")
            with Horizontal(id="inspector-footer"):
                yield Static(
                    "↑↓ PgUp PgDn scroll · c copy the body · Esc close", id="inspector-hint"
                )
                yield Button("Copy body (c)", id="inspector-copy")
                yield Button("Close (Esc)", id="inspector-close", variant="primary")

    def _verdict(self, expected: Expectation) -> ComposeResult:
        verdict = verify_exchange(self.exchange, expected)
        if verdict.ok:
            what = "metadata" if expected.file_ids is None else "metadata and tool_resources"
            yield Static(
                f"✓ The returned {what} match what was intended.",
                id="inspector-verdict",
                classes="-good",
            )
            return
        with VerticalScroll(
            id="inspector-verdict", classes="-bad" if verdict.surprises else "-kept"
        ):
            if verdict.surprises:
                lines = [
                    f"⚠ The server returned something other than intended "
                    f"({len(verdict.surprises)}):",
                    *(f"  • {problem}" for problem in verdict.surprises),
                ]
                yield Static(content("\n".join(lines)), classes="verdict-surprises")
            if verdict.kept:
                keys = ", ".join(repr(key) for key in verdict.kept)
                yield Static(
                    plain(
                        f"! The server kept {len(verdict.kept)} removed "
                        f"{'key' if len(verdict.kept) == 1 else 'keys'} ({keys}): keys cannot "
                        "be deleted; blank a value to clear it."
                    ),
                    classes="verdict-kept",
                )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "inspector-copy":
            self.action_copy_body()
        else:
            self.action_close()

    def action_copy_body(self) -> None:
        self.app.copy_to_clipboard(self.body_text)
        self.notify("Copied the response body")

    def action_close(self) -> None:
        self.dismiss(None)
