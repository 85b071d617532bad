"""The lookup screen: checking IDs as typed, loading, errors in plain words, recents (the
catalog table's pinned and opened rows)."""

from __future__ import annotations

from typing import Any

from catalog_seed import recents_catalog, with_catalog
from textual.widgets import Input
from ui_helpers import text_of

from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_BASE_URL, FIXED_NOW, Emulator
from thread_tui.storage.catalog import Catalog
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.catalog_table import CatalogTable


async def test_id_is_checked_as_typed(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"conv_")
        assert "Conversation" in text_of(app.screen, "#lookup-check")
        assert "rest of the ID" in text_of(app.screen, "#lookup-check")
        await pilot.press("x", "?")
        assert "only letters, digits" in text_of(app.screen, "#lookup-check")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert "only letters, digits" in text_of(app.screen, "#lookup-error")


async def test_enter_loads_and_opens_the_editor(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.loaded_metadata == {"modified": "true", "user": "abc123"}
        assert [r.path for r in emulator.requests] == ["/v1/threads/thread_abc123"]
        assert [r.id for r in app.store.recents.items()] == ["thread_abc123"]


async def test_not_found_keeps_the_input(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#lookup-id", Input).value = "thread_missing"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = text_of(app.screen, "#lookup-error")
        assert "No thread found with id 'thread_missing'." in message
        assert "request id req_" in message
        assert app.screen.query_one("#lookup-id", Input).value == "thread_missing"


async def test_wrong_key_is_a_plain_sentence_and_never_shown(
    make_app: Any, emulator: Emulator
) -> None:
    planted = "sk-planted-wrong-key-0000-SECRET"
    settings = Settings(api_key=SecretStr(planted), base_url=DEMO_BASE_URL, demo=True)
    app = make_app(settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#lookup-id", Input).value = "conv_abc123"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = text_of(app.screen, "#lookup-error")
        assert "API key was rejected" in message
        assert planted not in app.export_screenshot()


async def test_network_error_is_a_sentence(make_app: Any, emulator: Emulator) -> None:
    emulator.faults.inject(connect_error=True, times=5)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one("#lookup-id", Input).value = "thread_abc123"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Could not connect" in text_of(app.screen, "#lookup-error")


async def test_recents_pin_remove_and_persist(make_app: Any, tmp_path: Any) -> None:
    path = tmp_path / "catalog.sqlite3"
    catalog = Catalog.open(path, now=lambda: float(FIXED_NOW))
    source = recents_catalog(
        {"thread_abc123": FIXED_NOW - 300, "conv_abc123": FIXED_NOW - 60, "thread_tools": 1.0}
    )
    for entry in source.query(source_query()):
        catalog.record({"id": entry.id, "object": entry.kind, "metadata": entry.metadata})
        catalog.note_opened(entry.id, entry.opened_at or 0.0)
    app = with_catalog(make_app(), catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(CatalogTable)
        assert table.shown_ids() == ["conv_abc123", "thread_abc123", "thread_tools"]
        await pilot.press("down")
        assert table.has_focus
        await pilot.press("down", "down", "p")  # pin thread_tools: it moves to the top
        assert table.shown_ids()[0] == "thread_tools"
        await pilot.press("x", "y")  # remove the highlighted (still thread_tools): it is
        # pinned, so a question comes first
        await pilot.pause()
        assert "thread_tools" not in table.shown_ids()
    catalog.close()
    reopened = Catalog.open(path)
    assert [e.id for e in reopened.recents()] == ["conv_abc123", "thread_abc123"]


def source_query() -> Any:
    from thread_tui.storage.catalog import CatalogQuery

    return CatalogQuery()


async def test_recent_opens_with_enter(make_app: Any) -> None:
    app = with_catalog(make_app(), recents_catalog({"conv_abc123": FIXED_NOW - 60}))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.draft.resource_id == "conv_abc123"


async def test_help_and_palette(make_app: Any) -> None:
    from thread_tui.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.set_focus(None)  # outside a text field, ? is a key, not text
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Help", "Open ID", "Theme", "Quit"} <= set(titles)


async def test_theme_is_remembered(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(120, 40)):
        assert again.theme == "nord"


async def test_quit_asks_when_edits_are_unsaved(make_app: Any) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        resource = await app.client.get_resource("thread_abc123")
        editor = EditorScreen(resource, None)
        await app.push_screen(editor)
        editor.query(Input).first().value = "changed"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        assert app.screen is editor and app.is_running
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_value == 0


async def test_a_body_nested_1000_deep_is_a_sentence_then_its_inspector_opens(
    make_app: Any, demo_settings: Settings
) -> None:
    # The server's answer nests 1,000 arrays: opening the ID took the TUI down (RecursionError).
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    deep = '{"id": "thread_abc123", "object": "thread", "metadata": ' + "[" * 1000 + "]" * 1000
    deep += "}"
    app = _answering_app(make_app, demo_settings, deep)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert "nested deeper than 64 levels" in text_of(app.screen, "#lookup-error")
        exchange = app.client.last_exchange
        assert exchange is not None
        app.push_screen(ResponseInspectorScreen(exchange))
        await pilot.pause()
        assert isinstance(app.screen, ResponseInspectorScreen)


async def test_a_thread_of_thousands_of_pairs_is_a_sentence_and_the_lookup_stays_usable(
    make_app: Any, demo_settings: Settings
) -> None:
    # 5,000 metadata pairs (3 MB, under the size cap): the TUI froze ~130 s building rows.
    import json

    pairs = {f"k{i}": "v" * 600 for i in range(5000)}
    body = {"id": "thread_abc123", "object": "thread", "created_at": 1, "metadata": pairs}
    app = _answering_app(make_app, demo_settings, json.dumps(body))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        said = text_of(app.screen, "#lookup-error")
        assert "5,000 metadata pairs; the API allows 16" in said
        typed = app.screen.query_one("#lookup-id", Input)
        await pilot.press("backspace", "4")
        assert typed.value == "thread_abc124"


def _answering_app(make_app: Any, demo_settings: Settings, body: str) -> Any:
    """An app whose client gets `body` (HTTP 200, JSON) as the answer to every request."""
    import httpx

    from thread_tui.api import ApiClient

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=body, headers={"content-type": "application/json"})

    return make_app(client=ApiClient(demo_settings, transport=httpx.MockTransport(answer)))
