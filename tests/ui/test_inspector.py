"""The response inspector, fed with exchanges from real calls against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from ui_helpers import text_of

from thread_tui.api import ApiClient, Exchange, NotFoundError, ResponseFormatError
from thread_tui.core.draft import Draft
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.core.verify import Expectation
from thread_tui.emulator import DEMO_BASE_URL, FIXED_NOW, Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.inspector import ResponseInspectorScreen, response_headers
from thread_tui.ui.widgets.json_view import CodeView

SIZE = (120, 40)


async def submit(app: ThreadTuiApp, edit: Callable[[Draft], None]) -> tuple[Exchange, Draft]:
    """Load thread_abc123, apply `edit`, send it; the exchange and the draft as sent."""
    draft = Draft.from_resource(await app.client.get_resource("thread_abc123"))
    edit(draft)
    await app.client.modify_resource(draft.resource_id, draft.request_body())
    exchange = app.client.last_exchange
    assert exchange is not None
    return exchange, draft


def change_user(draft: Draft) -> None:
    draft.set_value(1, "someone")


async def open_inspector(
    app: ThreadTuiApp, pilot: Any, exchange: Exchange, expected: Expectation | None = None
) -> list[Any]:
    results: list[Any] = []
    app.push_screen(ResponseInspectorScreen(exchange, expected), results.append)
    await pilot.pause()
    return results


async def test_it_shows_status_timing_request_id_headers_and_bodies(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        exchange, draft = await submit(app, change_user)
        await open_inspector(app, pilot, exchange)
        screen = app.screen
        assert text_of(screen, "#inspector-status").startswith(" HTTP 200 OK ")
        assert "POST http://emulator.local/v1/threads/thread_abc123" in text_of(
            screen, "#inspector-status"
        )
        assert exchange.request_id is not None
        timing = text_of(screen, "#inspector-timing")
        assert "1 attempt" in timing
        assert exchange.request_id in timing
        shown = "\n".join(str(s.render()) for s in screen.query(Static))
        assert "openai-processing-ms" in shown
        assert "content-type" in shown
        assert "Bearer $OPENAI_API_KEY" in shown
        request = screen.query_one("#inspector-request", CodeView)
        assert json.loads(request.code) == draft.request_body()
        body = screen.query_one("#inspector-body", CodeView)
        assert json.loads(body.code)["metadata"]["user"] == "someone"
        assert body.code == json.dumps(exchange.json(), indent=2, ensure_ascii=False)
        assert not screen.query("#inspector-verdict")


async def test_a_matching_response_is_confirmed(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        exchange, draft = await submit(app, change_user)
        await open_inspector(app, pilot, exchange, Expectation.from_draft(draft))
        verdict = app.screen.query_one("#inspector-verdict", Static)
        assert verdict.has_class("-good")
        assert str(verdict.render()) == "✓ The returned metadata match what was intended."


async def test_a_different_response_is_a_warning_listing_each_mismatch(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        exchange, _draft = await submit(app, change_user)
        expected = Expectation(
            metadata={"modified": "true", "user": "nobody"}, file_ids=("file-x",)
        )
        await open_inspector(app, pilot, exchange, expected)
        verdict = app.screen.query_one("#inspector-verdict")
        assert verdict.has_class("-bad")
        text = text_of(app.screen, ".verdict-surprises")
        assert text.startswith("⚠ The server returned something other than intended (2):")
        assert "metadata 'user': expected 'nobody', server returned 'someone'" in text
        assert "file 'file-x' was sent but the server did not attach it" in text


async def test_a_removed_key_the_server_kept_is_flagged_apart(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    def remove_user(draft: Draft) -> None:
        draft.delete_row(1)
        draft.set_value(0, "false")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        exchange, draft = await submit(app, remove_user)
        await open_inspector(app, pilot, exchange, Expectation.from_draft(draft))
        assert app.screen.query_one("#inspector-verdict").has_class("-kept")
        assert not app.screen.query(".verdict-surprises")
        assert "kept 1 removed key ('user')" in text_of(app.screen, ".verdict-kept")


async def test_an_error_exchange_says_nothing_was_saved(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        with pytest.raises(NotFoundError):
            await app.client.get_resource("thread_missing")
        exchange = app.client.last_exchange
        assert exchange is not None
        await open_inspector(app, pilot, exchange, Expectation(metadata={}))
        assert text_of(app.screen, "#inspector-status").startswith(" HTTP 404 Not Found ")
        assert "Nothing was saved: the server answered HTTP 404." in text_of(
            app.screen, ".verdict-surprises"
        )
        assert "No thread found" in app.screen.query_one("#inspector-body", CodeView).code


async def test_a_body_that_is_not_json_is_shown_as_received(
    make_app: Callable[..., ThreadTuiApp], emulator: Emulator
) -> None:
    emulator.faults.inject(malformed="not_json", match="GET /v1/threads")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        with pytest.raises(ResponseFormatError) as caught:
            await app.client.get_resource("thread_abc123")
        exchange = caught.value.exchange or app.client.last_exchange
        assert exchange is not None
        await open_inspector(app, pilot, exchange)
        assert app.screen.query_one("#inspector-body", CodeView).code == (
            exchange.response_text or "(empty body)"
        )


async def test_c_copies_the_body_and_escape_closes(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        exchange, _ = await submit(app, change_user)
        results = await open_inspector(app, pilot, exchange)
        await pilot.press("c")
        assert copied == [json.dumps(exchange.json(), indent=2, ensure_ascii=False)]
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]


async def test_the_key_never_appears(tmp_path: Path) -> None:
    planted = "sk-planted-SECRET-0123456789"
    emulator = Emulator(seed=True, api_keys={planted}, now=FIXED_NOW)
    settings = Settings(api_key=SecretStr(planted), base_url=DEMO_BASE_URL, insecure=True)

    async def no_sleep(_seconds: float) -> None:
        return None

    client = ApiClient(settings, transport=emulator.transport(), sleep=no_sleep)
    app = ThreadTuiApp(
        client=client,
        settings=settings,
        now=lambda: float(FIXED_NOW),
        state_dir=tmp_path / "state",
        cursor_blink=False,
    )
    async with app.run_test(size=SIZE) as pilot:
        exchange, _ = await submit(app, change_user)
        await open_inspector(app, pilot, exchange)
        await pilot.press("end")
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert planted not in shown
        assert planted not in app.export_screenshot()


def test_response_headers_pick_the_useful_ones_in_a_stable_order() -> None:
    picked = response_headers(
        {
            "X-RateLimit-Reset-Tokens": "1s",
            "Content-Type": "application/json",
            "x-request-id": "req_1",
            "set-cookie": "no",
            "retry-after": "2",
            "x-ratelimit-limit-requests": "60",
        }
    )
    assert picked == [
        ("x-request-id", "req_1"),
        ("content-type", "application/json"),
        ("retry-after", "2"),
        ("x-ratelimit-limit-requests", "60"),
        ("x-ratelimit-reset-tokens", "1s"),
    ]


async def test_a_body_nested_too_deep_is_shown_as_received_not_a_crash(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    # json.loads recurses per level: ~1,000 levels raised RecursionError (not a ValueError)
    # in the inspector's pretty-printer and took the app down.
    deep = "[" * 1000 + "]" * 1000
    exchange = Exchange(
        method="GET",
        url=f"{DEMO_BASE_URL}/threads/thread_abc123",
        status=200,
        elapsed_ms=1.0,
        request_id=None,
        request_headers={},
        response_headers={"content-type": "application/json"},
        request_body=None,
        response_text=deep,
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_inspector(app, pilot, exchange)
        assert isinstance(app.screen, ResponseInspectorScreen)
        assert app.screen.query_one("#inspector-body", CodeView).code == deep
