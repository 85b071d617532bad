"""The review-and-send dialog: diff, endpoint, exact body, and its answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Button, Static

from thread_tui.core.draft import Draft
from thread_tui.core.resources import Conversation, Thread
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.confirm import ConfirmScreen, endpoint_path
from thread_tui.ui.widgets.diff_view import DiffLine
from thread_tui.ui.widgets.json_view import JsonView

SIZE = (120, 40)


def loaded_thread() -> Thread:
    return Thread.from_json(
        {
            "id": "thread_abc123",
            "created_at": 1699014083,
            "metadata": {"modified": "true", "user": "abc123"},
            "tool_resources": {"code_interpreter": {"file_ids": ["file-old"]}},
        }
    )


def edited_draft() -> Draft:
    draft = Draft.from_resource(loaded_thread())
    draft.set_value(0, "false")
    draft.add_row("team", "research")
    draft.delete_row(1)
    draft.set_files(["file-new"])
    return draft


def text_of(widget: Static) -> str:
    return str(widget.render())


async def open_confirm(app: ThreadTuiApp, pilot: Any, draft: Draft) -> list[Any]:
    results: list[Any] = []
    app.push_screen(ConfirmScreen(draft), results.append)
    await pilot.pause()
    return results


async def test_it_shows_the_endpoint_the_diff_and_the_exact_body(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    draft = edited_draft()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_confirm(app, pilot, draft)
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert text_of(screen.query_one("#confirm-endpoint", Static)).startswith(
            "POST /v1/threads/thread_abc123"
        )
        assert text_of(screen.query_one("#confirm-summary", Static)) == draft.diff().summary()
        lines = [(line.kind, str(line.text)) for line in screen.query(DiffLine)]
        assert lines == [
            ("changed", 'modified  "true" → "false"'),
            ("added", 'team      "research"'),
            ("kept", 'user      "abc123"  kept by the server: keys cannot be deleted'),
            ("removed", "detach file file-old"),
            ("added", "attach file file-new"),
        ]
        body = screen.query_one("#confirm-body", JsonView)
        assert json.loads(body.code) == draft.request_body()
        assert screen.query_one("#confirm-send", Button)


@pytest.mark.parametrize(("key", "expected"), [("y", True), ("enter", True)])
async def test_y_and_enter_confirm(
    make_app: Callable[..., ThreadTuiApp], key: str, expected: bool
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, edited_draft())
        await pilot.press(key)
        await pilot.pause()
    assert results == [expected]


@pytest.mark.parametrize("key", ["n", "escape"])
async def test_n_and_escape_cancel(make_app: Callable[..., ThreadTuiApp], key: str) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, edited_draft())
        await pilot.press(key)
        await pilot.pause()
    assert results == [False]


@pytest.mark.parametrize(
    ("button", "expected"), [("#confirm-send", True), ("#confirm-cancel", False)]
)
async def test_the_buttons_answer(
    make_app: Callable[..., ThreadTuiApp], button: str, expected: bool
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, edited_draft())
        await pilot.click(button)
        await pilot.pause()
    assert results == [expected]


async def test_a_noop_draft_says_nothing_to_send_and_only_closes(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, Draft.from_resource(loaded_thread()))
        screen = app.screen
        assert text_of(screen.query_one("#confirm-title", Static)) == "Nothing to send"
        assert text_of(screen.query_one("#confirm-blocked", Static)).startswith("Nothing to send")
        assert [b.id for b in screen.query(Button)] == ["confirm-cancel"]
        assert not screen.query("#confirm-body")
        await pilot.press("y")
        await pilot.pause()
    assert results == [False]


async def test_only_kept_removals_explain_why_nothing_is_sent(
    make_app: Callable[..., ThreadTuiApp],
) -> None:
    draft = Draft.from_resource(loaded_thread())
    draft.delete_row(1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, draft)
        reason = text_of(app.screen.query_one("#confirm-blocked", Static))
        assert "keeps removed keys" in reason
        assert [line.kind for line in app.screen.query(DiffLine)] == ["kept"]
        await pilot.press("enter")
        await pilot.pause()
    assert results == [False]


async def test_an_invalid_draft_is_not_sendable(make_app: Callable[..., ThreadTuiApp]) -> None:
    draft = Draft.from_resource(loaded_thread())
    draft.add_row("k" * 65, "v")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_confirm(app, pilot, draft)
        assert text_of(app.screen.query_one("#confirm-blocked", Static)).startswith("Fix first")
        await pilot.press("y")
        await pilot.pause()
    assert results == [False]


def test_the_endpoint_follows_the_base_url_and_escapes_the_id() -> None:
    conversation = Draft.from_resource(Conversation(id="conv_1", created_at=1, metadata={}))
    assert endpoint_path("https://api.openai.com/v1", conversation) == "/v1/conversations/conv_1"
    assert endpoint_path("https://x.test/openai/v1/", conversation) == (
        "/openai/v1/conversations/conv_1"
    )
