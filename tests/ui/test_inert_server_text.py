"""Text a server sends is shown inert: no control character, bidi override or Rich / Textual
markup in it ever reaches the terminal or is interpreted.

Each test puts hostile text where one screen shows it (an error message, a header, a file
name, a metadata value, a message, a verify result), drives the app to that screen under
Pilot, and reads what is drawn from the app's public SVG screenshot: it must hold the text's
visible form (each control drawn as a picture such as ␛, the markup as typed) and no raw
control character at all.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ui_helpers import settle

from thread_tui.core.inert import inert
from thread_tui.emulator import Emulator

# An OSC title change (BEL-terminated), a CSI clear screen, an 8-bit C1 CSI, a bidi
# override, and markup (Rich's and Textual's): no space in it, so its drawn form is one run.
EVIL = "[red]x[/]\x1b]0;pwned\x07\x1b[2J\x9b31m\u202ez[link=https://e.x]y[/link]"
SHOWN = inert(EVIL)
# What a shown part must start with (a long one is cut): the markup as typed, then the ESC
# drawn as ␛, or escaped by repr() or JSON where the screen quotes values.
HEADS = ("[red]x[/]␛]0;pwn", "[red]x[/]\\x1b]0;pwn", "[red]x[/]\\u001b]0;pwn")
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
SIZE = (160, 50)
# One run of text in the screenshot, with the number of the line it is drawn on.
TEXT_TAG = r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>'


def _error_body(message: str) -> str:
    return json.dumps(
        {"error": {"message": message, "type": "invalid_request_error", "param": None}}
    )


def drawn_lines(app: Any) -> list[str]:
    """The screen's lines as drawn (text only, runs of spaces dropped), from the SVG
    screenshot; also checks that no raw control character is anywhere in it."""
    svg = app.export_screenshot(simplify=True)
    text = html.unescape(svg)
    for char in RAW:
        assert char not in text, f"{char!r} reached the screen"
    lines: dict[int, list[str]] = {}
    for match in re.finditer(
        r'<text [^>]*clip-path="url\(#[^)]*-line-(\d+)\)"[^>]*>(.*?)</text>', svg
    ):
        lines.setdefault(int(match.group(1)), []).append(html.unescape(match.group(2)))
    return ["".join(lines[n]).replace("\xa0", "").replace(" ", "") for n in sorted(lines)]


def shown_count(lines: list[str]) -> int:
    """How many times the hostile text is drawn, inert, in `lines`."""
    return sum(line.count(head) for line in lines for head in HEADS)


def assert_shown_inert(app: Any) -> None:
    lines = drawn_lines(app)
    assert shown_count(lines), f"the hostile text is not drawn: {lines}"


async def _open(app: Any, pilot: Any, resource_id: str = "thread_abc123") -> Any:
    from textual.widgets import Input

    app.screen.query_one("#lookup-id", Input).value = resource_id
    await pilot.press("enter")
    await settle(app, pilot)
    return app.screen


async def test_an_error_message_on_the_lookup_screen(make_app: Any, emulator: Emulator) -> None:
    emulator.faults.inject(400, body=_error_body(EVIL), match="GET /v1/threads/thread_abc123")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        assert_shown_inert(app)


async def test_metadata_in_the_editor(make_app: Any, emulator: Emulator) -> None:
    emulator.threads["thread_abc123"]["metadata"]["user"] = EVIL
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        assert_shown_inert(app)


async def test_a_failed_submit_in_the_editor_header(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open(app, pilot)
        editor.query("FieldInput.row-value").first().value = "changed"
        await pilot.pause()
        emulator.faults.inject(400, body=_error_body(EVIL), match="POST")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert_shown_inert(app)


async def test_a_verify_result_after_a_submit(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open(app, pilot)
        editor.query("FieldInput.row-value").first().value = "changed"
        await pilot.pause()
        answer = dict(emulator.threads["thread_abc123"])
        answer["metadata"] = {"modified": EVIL, "user": "abc123"}
        emulator.faults.inject(200, body=json.dumps(answer), match="POST")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "ResponseInspectorScreen"
        assert_shown_inert(app)


async def test_response_headers_in_the_inspector(make_app: Any, emulator: Emulator) -> None:
    # A header value is ASCII here (httpx encodes it): the C0 controls and the markup.
    latin = "[red]x[/]\x1b]0;pwned\x07\x1b[2J"
    emulator.faults.inject(
        None, headers={"x-ratelimit-reset-tokens": latin}, match="GET /v1/threads/thread_abc123"
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert_shown_inert(app)


async def test_a_response_body_in_the_inspector(make_app: Any, emulator: Emulator) -> None:
    # Not JSON: the inspector shows the body as received.
    emulator.faults.inject(400, body=f"upstream said: {EVIL}", match="GET /v1/threads/thread_abc")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        from thread_tui.ui.screens.inspector import ResponseInspectorScreen

        exchange = app.client.last_exchange
        assert exchange is not None and exchange.status == 400
        await app.push_screen(ResponseInspectorScreen(exchange))
        await settle(app, pilot)
        assert_shown_inert(app)


async def test_an_error_in_the_messages_tab(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        emulator.faults.inject(500, body=_error_body(EVIL), times=5, match="/messages")
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert_shown_inert(app)


async def test_a_file_name_in_the_file_picker(make_app: Any, emulator: Emulator) -> None:
    newest = max(emulator.files.values(), key=lambda f: f["created_at"])
    newest["filename"] = EVIL
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "FilePickerScreen"
        assert_shown_inert(app)


async def test_a_vector_store_name_in_its_picker(make_app: Any, emulator: Emulator) -> None:
    for store in emulator.vector_stores.values():
        store["name"] = EVIL
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "VectorStorePickerScreen"
        assert_shown_inert(app)


async def test_a_failed_delete_in_its_dialog(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot)
        await pilot.press("f8")
        await pilot.pause()
        emulator.faults.inject(400, body=_error_body(EVIL), match="DELETE")
        await pilot.press(*"thread_abc123", "enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "DeleteConfirmScreen"
        assert_shown_inert(app)


async def test_a_key_changed_on_the_server_in_the_conflict_dialog(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await _open(app, pilot)
        editor.query("FieldInput.row-value").first().value = "changed"
        await pilot.pause()
        emulator.threads["thread_abc123"]["metadata"][EVIL] = "new"  # a key someone added
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        for _ in range(50):  # the submit waits on the dialog: its worker does not finish
            await pilot.pause(0.01)
            if type(app.screen).__name__ == "ConflictScreen":
                break
        assert type(app.screen).__name__ == "ConflictScreen"
        assert_shown_inert(app)


async def test_a_notification_and_a_dialog(make_app: Any) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify(f"Could not: {EVIL}", title=EVIL, severity="error")
        await pilot.pause()
        lines = drawn_lines(app)
        assert shown_count(lines) == 2, lines  # the title and the message
        await app.push_screen(YesNoScreen(EVIL, f"Really? {EVIL}"))
        await pilot.pause()
        lines = drawn_lines(app)
        assert shown_count(lines) >= 2, lines
