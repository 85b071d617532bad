"""Create and delete from the TUI, driven with Pilot against the emulator: the exact body of a
create, limits on a new draft, the typed-ID delete (and that nothing is sent until it
matches), errors that keep everything, read-only refusals, and no autosave of a new draft."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.widgets import Button, Input
from ui_helpers import head_counter, header_title, notes, reason, settle, status
from ui_helpers import rendered as text

from thread_tui.emulator import Emulator
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.confirm import ConfirmScreen
from thread_tui.ui.screens.delete_confirm import DeleteConfirmScreen
from thread_tui.ui.screens.editor import EditorScreen
from thread_tui.ui.screens.inspector import ResponseInspectorScreen
from thread_tui.ui.screens.lookup import LookupScreen
from thread_tui.ui.widgets.metadata_row import MetadataRow

SIZE = (120, 40)


async def new_editor(app: ThreadTuiApp, pilot: Any, key: str = "ctrl+n") -> EditorScreen:
    await pilot.press(key)
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, EditorScreen) and editor.draft.is_new
    return editor


async def add_pair(editor: EditorScreen, pilot: Any, key: str, value: str) -> None:
    """Into the blank row a new editor opens on (or Ctrl+N for another): type the key,
    Enter to the value, type it."""
    last = editor.query(MetadataRow).last()
    if last.key_input.value or last.value_input.value:
        await pilot.press("ctrl+n")
    else:
        assert editor.focused is last.key_input
    await pilot.press(*key)
    await pilot.press("enter")
    await pilot.press(*value)
    await pilot.pause()
    row = editor.query(MetadataRow).last()
    assert (row.key_input.value, row.value_input.value) == (key, value)


async def confirm_and_send(app: ThreadTuiApp, pilot: Any) -> dict[str, str]:
    """Ctrl+S, then y; returns what the confirm screen showed (endpoint, summary)."""
    await pilot.press("ctrl+s")
    await pilot.pause()
    confirm = app.screen
    assert isinstance(confirm, ConfirmScreen)
    shown = {name: text(confirm, f"#confirm-{name}") for name in ("endpoint", "summary")}
    await pilot.press("y")
    await settle(app, pilot)
    return shown


# -- create -----------------------------------------------------------------------------------


async def test_create_a_thread_with_metadata_and_a_picked_file(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.pickers import FilePickerScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        assert "New thread" in header_title(editor)
        assert editor.query("#tools")  # the tool resources panel and its pickers
        # One blank pair to type into, focused: nothing yet (no pair, no error).
        assert head_counter(editor, "#grid-head")[0] == "0/16 pairs"
        assert "A key cannot be empty" not in reason(editor)
        await add_pair(editor, pilot, "owner", "ana")
        assert head_counter(editor, "#grid-head")[0] == "1/16 pairs"
        await pilot.press("ctrl+f")
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, FilePickerScreen)
        file_id = next(f for f in emulator.files if emulator.files[f]["purpose"] == "assistants")
        picker.query_one("#picker-filter", Input).value = file_id
        await pilot.pause()
        await pilot.press("down", "space", "ctrl+s")
        await pilot.pause()
        assert editor.draft.file_ids == [file_id]
        assert head_counter(editor, "#files-head")[0] == "1/20"

        shown = await confirm_and_send(app, pilot)
        assert shown["endpoint"].startswith("POST /v1/threads  on emulator.local")
        assert shown["summary"] == "Creates a new thread: +1 key, +1 file"

        body = {
            "metadata": {"owner": "ana"},
            "tool_resources": {"code_interpreter": {"file_ids": [file_id]}},
        }
        sent = emulator.mutating_requests()
        assert [(r.method, r.path, r.json) for r in sent] == [("POST", "/v1/threads", body)]
        created = editor.draft.resource_id
        assert created.startswith("thread_") and not editor.draft.is_new
        assert emulator.threads[created]["metadata"] == {"owner": "ana"}
        assert isinstance(app.screen, ResponseInspectorScreen)  # the response is shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert created in header_title(editor) and "created" in header_title(editor)
        assert status(editor).startswith(f"Created {created} · HTTP 200")
        assert created in [r.id for r in app.store.recents.items()]
        assert editor.draft.is_noop  # the editor now edits the created thread
        # ...and a later Ctrl+S is the modify call of that thread.
        row = editor.query(MetadataRow).first()
        row.value_input.value = "bo"
        await confirm_and_send(app, pilot)
        last = emulator.mutating_requests()[-1]
        assert (last.method, last.path, last.json) == (
            "POST",
            f"/v1/threads/{created}",
            {"metadata": {"owner": "bo"}},
        )


async def test_create_a_conversation(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        lookup = app.screen
        lookup.query_one("#new-conversation", Button).press()
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.draft.is_new
        assert not editor.query("#tools")
        await add_pair(editor, pilot, "topic", "billing")
        await confirm_and_send(app, pilot)
        sent = emulator.mutating_requests()
        assert [(r.method, r.path, r.json) for r in sent] == [
            ("POST", "/v1/conversations", {"metadata": {"topic": "billing"}})
        ]
        assert editor.draft.resource_id.startswith("conv_")
        assert editor.draft.resource_id in emulator.conversations


async def test_an_empty_create_is_allowed_and_the_confirm_says_so(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        await pilot.press("ctrl+d")  # the blank pair it opens on: a new row just goes
        await pilot.pause()
        assert not editor.query(MetadataRow)
        assert not editor.query_one("#submit", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "creates an empty thread" in text(confirm, "#confirm-summary")
        assert not confirm.query("#confirm-diff")
        await pilot.press("y")
        await settle(app, pilot)
        assert [(r.path, r.json) for r in emulator.mutating_requests()] == [("/v1/threads", {})]


async def test_limits_still_block_submit_on_a_new_draft(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        [blank] = editor.draft.rows
        editor.draft.set_key(blank.id, "key_0")
        for i in range(1, 17):
            editor.draft.add_row(f"key_{i}", "v")
        await editor.query_one("#grid").rebuild()  # type: ignore[attr-defined]
        editor.refresh_state()
        await pilot.pause()
        assert editor.query_one("#submit", Button).disabled
        assert "17 metadata pairs; at most 16." in reason(editor)
        assert "server keeps" not in reason(editor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is editor
        assert emulator.mutating_requests() == []
        # Removing a row of a new draft just removes it: no "the server keeps it" question.
        editor.query(MetadataRow).last().key_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.screen is editor
        assert not editor.query_one("#submit", Button).disabled


async def test_a_failed_create_keeps_the_new_draft(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        await add_pair(editor, pilot, "owner", "ana")
        before = set(emulator.threads)
        emulator.faults.inject(403, match="POST /v1/threads")
        await confirm_and_send(app, pilot)
        assert app.screen is editor and editor.draft.is_new
        shown = status(editor)
        assert shown.startswith("Not created: ") and "request id req_" in shown
        assert editor.draft.request_body() == {"metadata": {"owner": "ana"}}
        assert set(emulator.threads) == before  # nothing was created
        posts = [r for r in emulator.mutating_requests() if r.method == "POST"]
        assert [(r.path, r.status) for r in posts] == [("/v1/threads", 403)]  # 403: no retry
        # A refusal is a known outcome: the next Ctrl+S creates without asking again.
        await confirm_and_send(app, pilot)
        assert isinstance(app.screen, ResponseInspectorScreen) and not editor.draft.is_new
        assert set(emulator.threads) == before | {editor.draft.resource_id}


async def test_a_new_draft_is_not_autosaved_and_quitting_asks(
    make_app: Any, emulator: Emulator, tmp_path: Any
) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot)
        await add_pair(editor, pilot, "owner", "ana")
        editor.autosave_now()
        await pilot.pause(0.5)
        drafts = tmp_path / "state" / "drafts"
        assert not drafts.exists() or list(drafts.iterdir()) == []
        await pilot.press("ctrl+r")  # nothing to reload yet: refused, edits kept
        await pilot.pause()
        assert any("not created yet" in n for n in notes(app))
        assert editor.draft.request_body() == {"metadata": {"owner": "ana"}}
        await pilot.press("ctrl+q")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, YesNoScreen)
        assert "never created" in question.message
        await pilot.press("n")
        await pilot.press("ctrl+y")  # copy-as shows the create call
        await pilot.pause()
        from thread_tui.ui.screens.copy_as import CopyAsScreen

        assert isinstance(app.screen, CopyAsScreen)
        assert app.screen.snippets["curl"].startswith("curl http://emulator.local/v1/threads ")
        head = "openai --base-url http://emulator.local/v1 \\\n  beta:threads create"
        assert app.screen.snippets["cli"].startswith(head)
        assert "client.beta.threads.create(" in app.screen.snippets["python"]
    assert emulator.mutating_requests() == []


# -- delete ----------------------------------------------------------------------------------


async def open_from_lookup(app: ThreadTuiApp, pilot: Any, resource_id: str) -> EditorScreen:
    lookup = app.screen
    assert isinstance(lookup, LookupScreen)
    lookup.query_one("#lookup-id", Input).value = resource_id
    await pilot.press("enter")
    await settle(app, pilot)
    editor = app.screen
    assert isinstance(editor, EditorScreen)
    return editor


async def open_delete(app: ThreadTuiApp, pilot: Any) -> DeleteConfirmScreen:
    await pilot.press("f8")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, DeleteConfirmScreen)
    return dialog


async def test_delete_needs_the_exact_id(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        dialog = await open_delete(app, pilot)
        assert "cannot be undone" in text(dialog, "#delete-warning")
        button = dialog.query_one("#delete-confirm", Button)
        for typed in ("thread_abc12", "thread_abc1234", "THREAD_ABC123", " thread_abc123"):
            dialog.query_one("#delete-typed", Input).value = typed
            await pilot.pause()
            assert button.disabled, typed
            await pilot.press("enter")
            await settle(app, pilot)
            assert app.screen is dialog
        assert emulator.mutating_requests() == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert "thread_abc123" in emulator.threads
        assert emulator.mutating_requests() == []


async def test_delete_success_returns_to_lookup_and_forgets_the_id(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        editor.query(MetadataRow).first().value_input.value = "edited"
        await pilot.pause()
        editor.autosave_now()
        assert app.store.drafts.load("thread_abc123") is not None
        assert "thread_abc123" in [r.id for r in app.store.recents.items()]
        dialog = await open_delete(app, pilot)
        assert "unsubmitted edits are discarded" in text(dialog, "#delete-warning")
        await pilot.press(*"thread_abc123")
        await pilot.pause()
        assert not dialog.query_one("#delete-confirm", Button).disabled
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.query_one("#lookup-id", Input).value == ""
        sent = emulator.mutating_requests()
        assert [(r.method, r.path) for r in sent] == [("DELETE", "/v1/threads/thread_abc123")]
        assert "thread_abc123" not in emulator.threads
        assert "thread_abc123" not in [r.id for r in app.store.recents.items()]
        assert app.store.drafts.load("thread_abc123") is None
        assert any("Deleted thread thread_abc123" in n for n in notes(app))


async def test_delete_a_conversation_with_the_button(make_app: Any, emulator: Emulator) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_from_lookup(app, pilot, "conv_abc123")
        dialog = await open_delete(app, pilot)
        dialog.query_one("#delete-typed", Input).value = "conv_abc123"
        await pilot.pause()
        await pilot.click("#delete-confirm")
        await settle(app, pilot)
        assert isinstance(app.screen, LookupScreen)
        assert "conv_abc123" not in emulator.conversations


async def test_a_delete_error_keeps_the_dialog_and_the_editor(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        editor.query(MetadataRow).first().value_input.value = "edited"
        await pilot.pause()
        before = editor.draft.request_body()
        emulator.faults.inject(403, match="DELETE /v1/threads")
        dialog = await open_delete(app, pilot)
        dialog.query_one("#delete-typed", Input).value = "thread_abc123"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        error = text(dialog, "#delete-error")
        assert error.startswith("Not deleted: Permission denied") and "request id req_" in error
        assert not dialog.query_one("#delete-confirm", Button).disabled  # may retry
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert editor.draft.request_body() == before
        assert "thread_abc123" in emulator.threads
        assert "thread_abc123" in [r.id for r in app.store.recents.items()]


async def test_delete_is_refused_before_the_resource_exists(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await new_editor(app, pilot, "ctrl+o")
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is editor
        assert any("nothing to delete" in n for n in notes(app))
        await pilot.press("ctrl+l")  # no items to list before it exists
        await settle(app, pilot)
        assert not editor.query("#messages-view")
        assert any("it has no items" in n for n in notes(app))
    assert emulator.mutating_requests() == []


async def test_read_only_refuses_create_and_delete(
    make_app: Any, emulator: Emulator, demo_settings: Any
) -> None:
    app = make_app(settings=replace(demo_settings, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        lookup = app.screen
        await pilot.press("ctrl+n")
        await pilot.pause()
        lookup.query_one("#new-conversation", Button).press()
        await pilot.pause()
        assert app.screen is lookup
        refusals = [n for n in notes(app) if "Read-only mode: nothing can be created" in n]
        assert len(refusals) == 2
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        await pilot.press("f8")
        await pilot.pause()
        assert app.screen is editor
        assert any("Read-only mode: nothing can be deleted" in n for n in notes(app))
    assert emulator.mutating_requests() == []


async def test_palette_entries(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        titles = [title for title, _help, _cb in app.screen.palette_commands()]
        assert {"New thread", "New conversation"} <= set(titles)
        editor = await open_from_lookup(app, pilot, "thread_abc123")
        assert "Delete thread" in [title for title, _h, _c in editor.palette_commands()]
        new = await new_editor_from(app, pilot, editor)
        assert "Delete thread" not in [title for title, _h, _c in new.palette_commands()]


async def new_editor_from(app: ThreadTuiApp, pilot: Any, editor: EditorScreen) -> EditorScreen:
    await pilot.press("escape")
    await pilot.pause()
    return await new_editor(app, pilot)
