"""The TUI on Azure OpenAI: the help screen's Connection line says Azure and the api-version
(the key masked), copy-as gives Azure's curl and Python, and the response inspector shows the
api-key header as a placeholder, never the key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from thread_tui.api import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_AZURE_ENDPOINT, Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.copy_as import CopyAsScreen
from thread_tui.ui.screens.help import connection_text
from thread_tui.ui.screens.inspector import request_headers
from thread_tui.ui.widgets.snippet_view import SnippetView

SIZE = (120, 40)
VERSION = "2024-05-01-preview"
ENDPOINT = "https://res.openai.azure.com"
AZURE_KEY = "0123456789abcdefPLANTEDazureKEY9"


def azure_settings(**changes: Any) -> Settings:
    options: dict[str, Any] = {
        "api_key": SecretStr(AZURE_KEY),
        "base_url": ENDPOINT + "/openai",
        "azure_endpoint": ENDPOINT,
        "api_version": VERSION,
    }
    options.update(changes)
    return Settings(**options)


def test_the_connection_line_says_azure_and_the_version() -> None:
    text = connection_text(azure_settings()).plain
    assert text == f"Connection  Azure OpenAI {ENDPOINT}/openai · api-version {VERSION} · key …KEY9"
    assert AZURE_KEY not in text
    demo = connection_text(azure_settings(demo=True)).plain
    assert "demo" in demo and f"Azure OpenAI, api-version {VERSION}" in demo


def test_the_connection_line_without_azure_is_unchanged() -> None:
    text = connection_text(Settings(api_key=SecretStr("sk-abcdefghijkl1234"))).plain
    assert text == "Connection  https://api.openai.com/v1 · key sk-…1234"


def test_the_inspector_shows_a_placeholder_for_api_key() -> None:
    shown = dict(request_headers({"api-key": AZURE_KEY, "Content-Type": "application/json"}))
    assert shown["api-key"] == "$AZURE_OPENAI_API_KEY"
    assert AZURE_KEY not in repr(shown)


@pytest.fixture
def azure_app(make_app: Callable[..., ThreadTuiApp]) -> tuple[ThreadTuiApp, Emulator]:
    """The app with the user's Azure settings, its client on an Azure-mode emulator."""
    emu = Emulator(azure=True, api_keys={AZURE_KEY})
    # The emulator's host is plain http: the client's settings are the demo's, as --demo makes.
    client_settings = azure_settings(
        base_url=DEMO_AZURE_ENDPOINT + "/openai", azure_endpoint=DEMO_AZURE_ENDPOINT, demo=True
    )

    async def no_sleep(_seconds: float) -> None:
        return None

    client = ApiClient(client_settings, transport=emu.transport(), sleep=no_sleep)
    return make_app(settings=azure_settings(), client=client), emu


async def test_help_shows_the_azure_connection(
    azure_app: tuple[ThreadTuiApp, Emulator],
) -> None:
    app, _ = azure_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        line = str(app.screen.query_one("#help-connection").render())
        screenshot = app.export_screenshot()
    assert line == f"Connection  Azure OpenAI {ENDPOINT}/openai · api-version {VERSION} · key …KEY9"
    assert AZURE_KEY not in screenshot


async def test_the_editor_copies_azure_snippets_and_inspects_azure_requests(
    azure_app: tuple[ThreadTuiApp, Emulator],
    open_editor: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, emu = azure_app
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        editor.action_copy_as()
        await pilot.pause()
        assert isinstance(app.screen, CopyAsScreen)
        views = {view.snippet.key: view.code for view in app.screen.query(SnippetView)}
        note = str(app.screen.query_one("#copy-as-note").render())
        await pilot.press("escape")
        await pilot.pause()
        editor.action_inspect()
        await pilot.pause()
        inspector = app.export_screenshot()
    url = f"{ENDPOINT}/openai/threads/thread_abc123?api-version={VERSION}"
    assert f"curl '{url}'" in views["curl"]
    assert '-H "api-key: $AZURE_OPENAI_API_KEY"' in views["curl"]
    assert "AzureOpenAI(" in views["python"] and f"azure_endpoint={ENDPOINT!r}" in views["python"]
    assert "$AZURE_OPENAI_API_KEY" in note
    assert "$AZURE_OPENAI_API_KEY" in inspector and "api-version" in inspector
    for text in [*views.values(), note, inspector, *copied]:
        assert AZURE_KEY not in text
    [request] = emu.requests
    assert request.query["api-version"] == VERSION and request.headers["api-key"] == "***"
