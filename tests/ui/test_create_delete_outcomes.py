"""Create and delete when the server's answer leaves the outcome unknown, driven with Pilot
against the emulator's fault injection: a 2xx body that cannot be read, an answer lost after
sending, a 5xx, a created object whose ID is unusable. Nothing says "Not created" / "Not
deleted" then; a second create needs the user's yes; a 404 on DELETE means already deleted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import Button, Input
from ui_helpers import notes, settle, status
from ui_helpers import rendered as text

from thread_tui.emulator import Emulator, routes
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen
from thread_tui.ui.screens.dialogs import YesNoScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.inspector import ResponseInspectorScreen
from thread_tui.ui.screens.lookup import LookupScreen

SIZE = (120, 40)


def posts(emulator: Emulator, path: str) -> int:
    return sum(1 for r in emulator.requests if r.method == "POST" and r.path == path)


async def new_editor(app: ThreadTuiApp, pilot: Any, key: str = "ctrl+n") -> EditorScreen:
    await pilot.press(key)
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, EditorScreen) and editor.draft.is_new
    await pilot.press(*"owner", "enter", *"ana")
    await pilot.pause()
    assert editor.draft.request_body() == {"metadata": {"owner": "ana"}}
    return editor


async def send(app: ThreadTuiApp, pilot: Any) -> None:
    """Ctrl+S, then y on the confirm screen; waits for the create when nothing else asks."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")
    for _ in range(20):  # the create worker either finishes or asks before a second create
        await pilot.pause()
        if isinstance(app.screen, YesNoScreen):
            return
        if not any(w.is_running for w in app.workers):
            break
    await settle(app, pilot)


def assert_unsure(app: ThreadTuiApp, editor: EditorScreen, *phrases: str) -> str:
    assert app.return_code is None  # still running: no traceback
    assert app.screen is editor and editor.draft.is_new
    assert editor.draft.request_body() == {"metadata": {"owner": "ana"}}
    shown = status(editor)
    assert "Not created" not in shown
    assert "Ctrl+S asks before it creates another" in shown
    for phrase in phrases:
        assert phrase in shown, shown
    return shown


async def second_create_asks(
    app: ThreadTuiApp, pilot: Any, editor: EditorScreen, emulator: Emulator, path: str
) -> None:
    """Ctrl+S again asks first: No sends nothing; Yes creates (once) and opens it."""
    count = posts(emulator, path)
    await send(app, pilot)
    question = app.screen
    assert isinstance(question, YesNoScreen)
    assert "may make a second" in question.message
    await pilot.press("n")
    await settle(app, pilot)
    assert app.screen is editor and editor.draft.is_new
    assert posts(emulator, path) == count
    assert status(editor).startswith("Not sent: the earlier try may have created")
    await send(app, pilot)
    assert isinstance(app.screen, YesNoScreen)
    await pilot.press("y")
    await settle(app, pilot)
    assert posts(emulator, path) == count + 1
    assert isinstance(app.screen, ResponseInspectorScreen)
    assert not editor.draft.is_new and editor.create_unsure is None


# -- create ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("malformed", "says"),
    [("not_json", "not JSON"), ("wrong_shape", "not a valid thread"), ("empty", "empty body")],
)
async def test_a_created_thread_with_an_unreadable_answer_is_not_called_not_created(
    make_app: Any, emulator: Emulator, malformed: Any, says: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        before = set(emulator.threads)
        emulator.faults.inject(malformed=malformed, match="POST /v1/threads")
        await send(app, pilot)
        assert len(emulator.threads) == len(before) + 1  # the server did create it
        assert posts(emulator, "/v1/threads") == 1
        assert_unsure(app, editor, "may have been created", says, "request id req_", "Ctrl+O")
        assert app.store.recents.items() == []
        await second_create_asks(app, pilot, editor, emulator, "/v1/threads")
        assert len(emulator.threads) == len(before) + 2


async def test_an_unreadable_answer_that_holds_an_id_says_where_to_look(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        emulator.faults.inject(200, body='{"id": "thread_seen1", "object": "thread"}')
        await send(app, pilot)
        assert_unsure(app, editor, "may have been created", "Its ID seems to be thread_seen1")


@pytest.mark.parametrize("how", ["reset", "read timeout", "500"])
async def test_a_lost_or_failed_create_answer_is_unsure(
    make_app: Any, emulator: Emulator, how: str
) -> None:
    app = make_app()
    app.client._http.timeout = httpx.Timeout(0.2)
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        before = set(emulator.threads)
        if how == "reset":
            emulator.faults.inject(drop=True, match="POST /v1/threads")
        elif how == "read timeout":
            emulator.faults.inject(delay=1.0, match="POST /v1/threads")
        else:
            emulator.faults.inject(500, match="POST /v1/threads")
        await send(app, pilot)
        assert posts(emulator, "/v1/threads") == 1  # a create is never retried blindly
        expected = {"reset": "closed before", "read timeout": "did not answer", "500": "HTTP 500"}
        assert_unsure(app, editor, "may have been created", expected[how])
        if how != "500":  # the fault answered 500 without running the create
            assert len(emulator.threads) == len(before) + 1
        await second_create_asks(app, pilot, editor, emulator, "/v1/threads")


def _answer_with_id(monkeypatch: Any, handler: str, bad_id: str) -> None:
    """Make the emulator create the object as usual but answer with `bad_id` as its ID."""
    real = getattr(routes, handler)

    def wrapped(emu: Emulator, request: Any) -> Any:
        status, payload = real(emu, request)
        return status, dict(payload, id=bad_id)

    monkeypatch.setattr(routes, handler, wrapped)


@pytest.mark.parametrize(
    ("key", "handler", "bad_id", "says"),
    [
        ("ctrl+n", "_create_thread", "thread_../x", "'thread_../x' is not usable"),
        ("ctrl+n", "_create_thread", "", "it has no ID"),
        ("ctrl+n", "_create_thread", "conv_zz", "'conv_zz' names a conversation, not a thread"),
        ("ctrl+o", "_create_conversation", "thread_zz", "names a thread, not a conversation"),
        ("ctrl+o", "_create_conversation", "zz", "neither a thread_… nor a conv_… ID"),
    ],
)
async def test_a_created_object_with_an_unusable_id_is_not_adopted(
    make_app: Any,
    emulator: Emulator,
    monkeypatch: Any,
    tmp_path: Any,
    key: str,
    handler: str,
    bad_id: str,
    says: str,
) -> None:
    _answer_with_id(monkeypatch, handler, bad_id)
    path = "/v1/threads" if key == "ctrl+n" else "/v1/conversations"
    store = emulator.threads if key == "ctrl+n" else emulator.conversations
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot, key)
        before = len(store)
        await send(app, pilot)
        assert len(store) == before + 1 and posts(emulator, path) == 1
        assert_unsure(app, editor, "was probably created", says, "request id req_")
        assert editor.draft.resource_id == ""
        editor.autosave_now()  # a new draft is still not autosaved: nothing to crash on
        await pilot.pause(0.5)
        drafts = tmp_path / "state" / "drafts"
        assert not drafts.exists() or list(drafts.iterdir()) == []
        assert app.store.recents.items() == []
        # A second Ctrl+S asks; No sends nothing.
        await send(app, pilot)
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert posts(emulator, path) == 1 and editor.draft.is_new
    assert app.return_code in (None, 0)


# -- delete ------------------------------------------------------------------------------------


async def open_delete(app: ThreadTuiApp, pilot: Any, resource_id: str) -> DeleteConfirmScreen:
    lookup = app.screen
    assert isinstance(lookup, LookupScreen)
    lookup.query_one("#lookup-id", Input).value = resource_id
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, EditorScreen)
    assert resource_id in [r.id for r in app.store.recents.items()]
    await pilot.press("f8")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, DeleteConfirmScreen)
    dialog.query_one("#delete-typed", Input).value = resource_id
    await pilot.pause()
    return dialog


def deletes(emulator: Emulator) -> list[int | None]:
    return [r.status for r in emulator.requests if r.method == "DELETE"]


def assert_back_at_lookup_and_forgotten(app: ThreadTuiApp, resource_id: str) -> None:
    assert isinstance(app.screen, LookupScreen)
    assert resource_id not in [r.id for r in app.store.recents.items()]


async def test_a_404_on_delete_means_already_deleted(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_delete(app, pilot, "thread_abc123")
        del emulator.threads["thread_abc123"]  # deleted elsewhere meanwhile
        await pilot.press("enter")
        await settle(app, pilot)
        assert deletes(emulator) == [404]
        assert_back_at_lookup_and_forgotten(app, "thread_abc123")
        assert any("thread_abc123 was already deleted" in n for n in notes(app))


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ({"malformed": "wrong_shape"}, "not a valid deletion result"),
        ({"malformed": "empty"}, "empty body"),
        ({"drop": True}, "closed before a complete answer"),
        ({"delay": 1.0}, "did not answer in time"),
    ],
)
async def test_a_delete_whose_answer_is_lost_may_have_deleted_and_a_retry_confirms(
    make_app: Any, emulator: Emulator, fault: dict[str, Any], says: str
) -> None:
    app = make_app()
    app.client._http.timeout = httpx.Timeout(0.2)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete(app, pilot, "conv_abc123")
        emulator.faults.inject(match="DELETE /v1/conversations", **fault)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "conv_abc123" not in emulator.conversations  # the server did delete it
        assert len(deletes(emulator)) == 1
        assert app.screen is dialog
        error = text(dialog, "#delete-error")
        assert "Not deleted" not in error
        assert error.startswith("The conversation may have been deleted — reload to check")
        assert says in error
        assert not dialog.query_one("#delete-confirm", Button).disabled
        # Delete again: the 404 confirms it is gone, and the dialog gets past it.
        await pilot.press("enter")
        await settle(app, pilot)
        assert deletes(emulator)[-1] == 404
        assert_back_at_lookup_and_forgotten(app, "conv_abc123")
        assert any("already deleted" in n for n in notes(app))


async def test_a_delete_answered_5xx_is_unsure_not_refused(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete(app, pilot, "thread_abc123")
        emulator.faults.inject(502, match="DELETE /v1/threads", times=3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert deletes(emulator) == [502, 502, 502]  # a DELETE may be retried
        error = text(dialog, "#delete-error")
        assert error.startswith("The thread may have been deleted — reload to check")
        assert "HTTP 502" in error and "request id req_" in error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert "thread_abc123" in [r.id for r in app.store.recents.items()]


async def test_a_delete_that_never_left_is_not_deleted(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete(app, pilot, "thread_abc123")
        emulator.faults.inject(connect_error=True, match="DELETE /v1/threads", times=3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert text(dialog, "#delete-error").startswith("Not deleted: Could not connect")
        assert "thread_abc123" in emulator.threads
