"""Copy-as: each tab copies its own snippet, and the key is never in any of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_BASE_URL
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.copy_as import CopyAsScreen
from thread_tui.ui.widgets.snippet_view import SnippetView

SIZE = (120, 40)
BODY = {"metadata": {"user": "abc"}, "tool_resources": {"code_interpreter": {"file_ids": []}}}
PLANTED = "sk-planted-SECRET-9876543210"


class Spy:
    """Records what the app copied and notified."""

    def __init__(self, app: ThreadTuiApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.copied: list[str] = []
        self.notes: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", self.copied.append)
        original = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            self.notes.append(message)
            original(message, **kwargs)

        monkeypatch.setattr(app, "notify", notify)


def planted_app(make_app: Callable[..., ThreadTuiApp]) -> ThreadTuiApp:
    settings = Settings(api_key=SecretStr(PLANTED), base_url=DEMO_BASE_URL, demo=True)
    return make_app(settings=settings)


async def open_copy_as(
    app: ThreadTuiApp, pilot: Any, body: dict[str, Any] | None = None
) -> list[Any]:
    results: list[Any] = []
    screen = CopyAsScreen(
        ResourceKind.THREAD, "thread_abc123", BODY if body is None else body, DEMO_BASE_URL
    )
    app.push_screen(screen, results.append)
    await pilot.pause()
    return results


async def test_c_copies_the_curl_command_by_default(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = planted_app(make_app)
    spy = Spy(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_copy_as(app, pilot)
        await pilot.press("c")
    expected = snippets.render_curl(ResourceKind.THREAD, "thread_abc123", BODY, DEMO_BASE_URL)
    assert spy.copied == [expected]
    assert "$OPENAI_API_KEY" in expected
    assert spy.notes == ["Copied curl command"]


async def test_each_tab_copies_its_own_snippet(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = planted_app(make_app)
    spy = Spy(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_copy_as(app, pilot)
        await pilot.press("2", "enter")
        await pilot.press("3")
        await pilot.click("#copy-as-copy")
        await pilot.press("1", "right", "c")
    kind = ResourceKind.THREAD
    assert spy.copied == [
        snippets.render_openai_cli(kind, "thread_abc123", BODY, DEMO_BASE_URL),
        snippets.render_python(kind, "thread_abc123", BODY, DEMO_BASE_URL),
        snippets.render_openai_cli(kind, "thread_abc123", BODY, DEMO_BASE_URL),
    ]
    assert spy.notes == [
        "Copied openai CLI command",
        "Copied Python snippet",
        "Copied openai CLI command",
    ]


async def test_the_views_show_the_snippets(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_copy_as(app, pilot)
        views = {view.snippet.key: view for view in app.screen.query(SnippetView)}
        assert set(views) == {"curl", "cli", "python"}
        assert views["python"].language == "python"
        assert views["curl"].code.startswith("curl ")
        # Every form goes to the base URL in use, the CLI's too (a global flag of its own).
        assert views["curl"].code.startswith(f"curl {DEMO_BASE_URL}/threads/")
        assert views["cli"].code.startswith(f"openai --base-url {DEMO_BASE_URL} \\\n")
        assert f"base_url={DEMO_BASE_URL!r}" in views["python"].code


async def test_the_snippets_carry_the_organization_and_project(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(base_url=DEMO_BASE_URL, organization="org-team", project="proj_42")
    app = make_app()
    spy = Spy(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        screen = CopyAsScreen(ResourceKind.THREAD, "thread_abc123", BODY, DEMO_BASE_URL, settings)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("1", "c", "2", "c", "3", "c")
    curl, cli, python = spy.copied
    assert "-H 'OpenAI-Organization: org-team'" in curl
    assert "-H 'OpenAI-Project: proj_42'" in curl
    assert "--organization org-team --project proj_42" in cli
    assert "organization='org-team', project='proj_42'" in python


async def test_the_planted_key_never_appears(
    make_app: Callable[..., ThreadTuiApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = planted_app(make_app)
    spy = Spy(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_copy_as(app, pilot)
        screens = []
        for key in ("1", "2", "3"):
            await pilot.press(key, "c")
            screens.append(app.export_screenshot())
    assert len(spy.copied) == 3
    for text in [*spy.copied, *screens]:
        assert PLANTED not in text


async def test_an_empty_body_is_explained(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_copy_as(app, pilot, body={})
        assert app.screen.query_one("#copy-as-empty")


async def test_escape_closes(make_app: Callable[..., ThreadTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        results = await open_copy_as(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
