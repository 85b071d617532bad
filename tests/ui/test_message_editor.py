"""The message metadata editor: the thread editor's grid, counters and limits over one thread
message's metadata, the server-keeps-key rule, the confirm, the update sent to the emulator,
the comparison of the answer with what was intended, and the edits kept on any failure."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Button, Static
from ui_helpers import head_counter, reason, record_notes, row_counter, rows

from thread_tui.emulator import Emulator
from thread_tui.ui.screens.message_editor import MessageEditorScreen

THREAD = "thread_abc123"


def seeded_message(emulator: Emulator, metadata: dict[str, str], index: int = 0) -> dict[str, Any]:
    """The thread's `index`th message, its metadata set to `metadata` on the emulator; a copy
    of it as a list call would have returned it."""
    message = emulator.messages[THREAD][index]
    message["metadata"] = dict(metadata)
    return json.loads(json.dumps(message))


def stored(emulator: Emulator, message_id: str) -> dict[str, str]:
    found = next(m for m in emulator.messages[THREAD] if m["id"] == message_id)
    return dict(found["metadata"])


async def open_message_editor(
    app: Any, pilot: Any, message: dict[str, Any], results: list[Any]
) -> MessageEditorScreen:
    screen = MessageEditorScreen(THREAD, message)
    await app.push_screen(screen, results.append)
    await pilot.pause()
    return screen


def submit_disabled(screen: MessageEditorScreen) -> bool:
    return screen.query_one("#submit", Button).disabled


def header(screen: MessageEditorScreen) -> str:
    return str(screen.header.render())


async def send(app: Any, pilot: Any) -> None:
    """Ctrl+S, then y on the confirm, and wait for the worker."""
    from thread_tui.ui.screens.confirm import ConfirmScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_edited_value_is_sent_and_the_screen_dismisses_with_the_message(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.message_saved import MessageSavedScreen

    message = seeded_message(emulator, {"topic": "billing", "lang": "en"})
    app = make_app()
    results: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, results)
        row = rows(screen)[0]
        row.value_input.focus()
        await pilot.press("end", *"-refund")
        await pilot.pause()
        assert row_counter(row, "value")[0] == "14/512"
        await send(app, pilot)
        assert stored(emulator, message["id"]) == {"topic": "billing-refund", "lang": "en"}
        sent = emulator.mutating_requests()
        assert [r.json for r in sent] == [{"metadata": {"topic": "billing-refund"}}]
        assert sent[0].path.endswith(f"/threads/{THREAD}/messages/{message['id']}")
        assert isinstance(app.screen, MessageSavedScreen)
        assert app.screen.differences == ()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen
        assert results[-1]["id"] == message["id"]
        assert results[-1]["metadata"] == {"topic": "billing-refund", "lang": "en"}


async def test_a_17th_pair_is_counted_and_refused(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {f"key{i:02}": "v" for i in range(16)})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        assert head_counter(screen, "#grid-head") == ("16/16 pairs", "warning")
        await pilot.press("ctrl+n", *"extra", "tab", "x")
        await pilot.pause()
        assert head_counter(screen, "#grid-head") == ("17/16 pairs", "error")
        assert "17 metadata pairs" in reason(screen)
        assert submit_disabled(screen)
        notes = record_notes(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # no confirm: nothing can be sent
        assert any("17 metadata pairs" in note for note in notes)
        assert emulator.mutating_requests() == []


async def test_a_65_character_key_is_refused(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        await pilot.press("ctrl+n")
        row = rows(screen)[-1]
        row.key_input.value = "k" * 63
        await pilot.press("k")
        await pilot.pause()
        assert row_counter(row, "key") == ("64/64", "warning")
        await pilot.press("k")
        await pilot.pause()
        assert row_counter(row, "key") == ("65/64", "error")
        assert "65 characters; at most 64" in row.note
        assert submit_disabled(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert emulator.mutating_requests() == []


async def test_a_removed_saved_row_is_explained_before_anything_is_sent(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.confirm import ConfirmScreen
    from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

    message = seeded_message(emulator, {"topic": "billing", "lang": "en"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[1].value_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ServerKeepsKeyScreen)
        text = str(app.screen.query_one(".dialog-message", Static).render())
        assert "cannot be deleted" in text and '""' in text
        await pilot.press("r")  # mark it removed anyway
        await pilot.pause()
        assert app.screen is screen
        assert "the server keeps 'lang'" in rows(screen)[1].note
        assert "server keeps removed keys" in reason(screen)  # nothing to send
        await pilot.press("ctrl+z")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("b")  # the offer: "" instead
        await pilot.pause()
        assert screen.session.request_body() == {"metadata": {"lang": ""}}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        lines = [str(s.render()) for s in app.screen.query(".diff-text").results(Static)]
        assert any("lang" in line and '"en"' in line and '""' in line for line in lines)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert stored(emulator, message["id"]) == {"topic": "billing", "lang": ""}


async def test_a_different_answer_is_shown(make_app: Any, emulator: Emulator) -> None:
    from thread_tui.ui.screens.message_saved import MessageSavedScreen

    message = seeded_message(emulator, {"topic": "billing"})
    answer = dict(message, metadata={"topic": "something else", "extra": "x"})
    emulator.faults.inject(200, body=json.dumps(answer), match=f"POST /v1/threads/{THREAD}/")
    app = make_app()
    results: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, results)
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await send(app, pilot)
        saved = app.screen
        assert isinstance(saved, MessageSavedScreen)
        assert "differs" in str(saved.query_one(".dialog-title", Static).render())
        shown = str(saved.query_one("#message-saved-differences", Static).render())
        assert "expected 'billing!', server returned 'something else'" in shown
        assert "'extra'" in shown and "never sent" in shown
        assert "server returned something else" in header(screen)
        await pilot.press("escape")
        await pilot.pause()
        assert results[-1]["metadata"] == {"topic": "something else", "extra": "x"}


async def test_a_network_failure_keeps_the_edits(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {"topic": "billing"})
    emulator.faults.inject(connect_error=True, times=5, match=f"POST /v1/threads/{THREAD}/")
    app = make_app()
    results: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, results)
        rows(screen)[0].value_input.focus()
        await pilot.press("end", *"-new")
        await send(app, pilot)
        assert app.screen is screen and results == []
        assert "Not saved" in header(screen) and "Your edits are kept" in header(screen)
        assert rows(screen)[0].value_input.value == "billing-new"
        assert screen.session.request_body() == {"metadata": {"topic": "billing-new"}}
        assert not submit_disabled(screen)  # it can be sent again
        assert stored(emulator, message["id"]) == {"topic": "billing"}


async def test_read_only_refuses_before_sending(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {"topic": "billing"})
    app = make_app()
    app.read_only = True  # as --read-only sets it
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notes(app)
        screen = await open_message_editor(app, pilot, message, [])
        assert rows(screen)[0].value_input.disabled
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert len(rows(screen)) == 1
        # Whatever the draft holds, Ctrl+S sends nothing.
        screen.session.draft.set_value(rows(screen)[0].row_id, "changed")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert any("Read-only" in note for note in notes)
        assert emulator.mutating_requests() == []


async def test_escape_with_changes_asks_and_keeps_them_on_no(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    message = seeded_message(emulator, {"topic": "billing"})
    app = make_app()
    results: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, results)
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and rows(screen)[0].value_input.value == "billing!"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is not screen and results == [None]
        assert emulator.mutating_requests() == []


async def test_escape_without_changes_leaves_at_once(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {"topic": "billing"})
    app = make_app()
    results: list[Any] = []
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, results)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen and results == [None]


async def test_the_header_shows_ids_role_and_an_inert_preview(
    make_app: Any, emulator: Emulator
) -> None:
    message = seeded_message(emulator, {})
    message["content"] = [{"type": "text", "text": {"value": "hi\x1b]0;owned\x07\nthere"}}]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        title = header(screen)
        assert message["id"] in title and THREAD in title and "user" in title
        preview = str(screen.query_one("#message-preview", Static).render())
        assert "\x1b" not in preview and "\x07" not in preview
        assert "owned" in preview and "\n" not in preview


async def test_unreadable_metadata_is_shown_read_only(make_app: Any, emulator: Emulator) -> None:
    message = seeded_message(emulator, {})
    message["metadata"] = {"n": 3}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notes(app)
        screen = await open_message_editor(app, pilot, message, [])
        assert "not a string" in header(screen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("not a string" in note for note in notes)
        assert emulator.mutating_requests() == []


async def test_copy_as_gives_the_message_update(make_app: Any, emulator: Emulator) -> None:
    from thread_tui.ui.screens.message_copy_as import MessageCopyAsScreen

    message = seeded_message(emulator, {"topic": "billing"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MessageCopyAsScreen)
        cli = dialog.snippets["cli"]
        assert "beta:threads:messages update" in cli
        assert f"--thread-id {THREAD}" in cli and f"--message-id {message['id']}" in cli
        assert '--metadata \'{"topic": "billing!"}\'' in cli
        assert f"/threads/{THREAD}/messages/{message['id']}" in dialog.snippets["curl"]
        assert "client.beta.threads.messages.update(" in dialog.snippets["python"]
        for text in dialog.snippets.values():
            assert "sk-" not in text and app.settings.api_key.get_secret_value() not in text


async def test_quitting_with_changes_asks_and_says_they_are_not_kept(
    make_app: Any, emulator: Emulator
) -> None:
    from thread_tui.ui.screens.dialogs import YesNoScreen

    message = seeded_message(emulator, {"topic": "billing"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "not kept on this machine" in shown
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and rows(screen)[0].value_input.value == "billing!"


async def test_f2_edits_a_long_value_in_the_value_editor(make_app: Any, emulator: Emulator) -> None:
    from thread_tui.ui.screens.value_editor import ValueEditorScreen

    message = seeded_message(emulator, {"note": "short"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[0].value_input.focus()
        await pilot.press("f2")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ValueEditorScreen)
        editor.query_one("#value-area").text = "line one\nline two " + "x" * 500  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        row = rows(screen)[0]
        assert row_counter(row, "value") == ("518/512", "error")
        assert "518 characters; at most 512" in reason(screen)
        assert submit_disabled(screen)


async def test_the_failed_answer_can_be_inspected(make_app: Any, emulator: Emulator) -> None:
    from thread_tui.ui.screens.inspector import ResponseInspectorScreen

    message = seeded_message(emulator, {"topic": "billing"})
    emulator.faults.inject(400, match=f"POST /v1/threads/{THREAD}/")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await send(app, pilot)
        assert "Not saved" in header(screen) and "HTTP 400" in header(screen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ResponseInspectorScreen)
        assert app.screen.exchange.status == 400


async def test_no_clone_is_offered_for_a_message(make_app: Any, emulator: Emulator) -> None:
    # Clone (issue 13) makes a new conversation without a key; a message has no such way, so
    # neither the server-keeps-key question nor the confirm may offer it here.
    from thread_tui.ui.screens.confirm import ConfirmScreen
    from thread_tui.ui.screens.server_keeps_key import ServerKeepsKeyScreen

    message = seeded_message(emulator, {"topic": "billing", "lang": "en"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_message_editor(app, pilot, message, [])
        rows(screen)[1].value_input.focus()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ServerKeepsKeyScreen)
        assert not app.screen.query("#choice-clone")
        await pilot.press("r")
        await pilot.pause()
        rows(screen)[0].value_input.focus()
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        lines = [str(s.render()) for s in app.screen.query(".diff-text").results(Static)]
        assert any("lang" in line and "kept by the server" in line for line in lines)
        assert not app.screen.query("#confirm-clone")


# -- the message changed on the server after it was loaded ----------------------------------


async def send_into_conflict(app: Any, pilot: Any) -> None:
    """Ctrl+S, y, and wait for the conflict dialog (the send waits on its answer)."""
    from thread_tui.ui.screens.conflict import ConflictScreen

    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("y")
    for _ in range(200):
        if isinstance(app.screen, ConflictScreen):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"no conflict dialog: {app.screen!r}")


async def _edited_then_changed_on_server(
    app: Any, pilot: Any, emulator: Emulator, server_now: dict[str, str]
) -> tuple[MessageEditorScreen, dict[str, Any]]:
    message = seeded_message(emulator, {"topic": "billing", "lang": "en"})
    screen = await open_message_editor(app, pilot, message, [])
    row = rows(screen)[0]
    row.value_input.focus()
    await pilot.press("end", *"-refund")
    await pilot.pause()
    found = next(m for m in emulator.messages[THREAD] if m["id"] == message["id"])
    found["metadata"] = dict(server_now)  # someone else's update, after the editor loaded
    return screen, message


async def test_a_message_changed_meanwhile_asks_and_rebase_keeps_both_changes(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, message = await _edited_then_changed_on_server(
            app, pilot, emulator, {"topic": "billing", "lang": "fr"}
        )
        await send_into_conflict(app, pilot)
        assert emulator.mutating_requests() == []  # nothing sent over their change
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert screen.session.draft.intended_metadata() == {"topic": "billing-refund", "lang": "fr"}
        assert "Rebased" in header(screen)
        await send(app, pilot)
        assert [r.json for r in emulator.mutating_requests()] == [
            {"metadata": {"topic": "billing-refund"}}
        ]
        assert stored(emulator, message["id"]) == {"topic": "billing-refund", "lang": "fr"}


async def test_overwrite_sends_mine_over_their_change_of_the_same_key(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, message = await _edited_then_changed_on_server(
            app, pilot, emulator, {"topic": "sales", "lang": "en"}
        )
        await send_into_conflict(app, pilot)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert stored(emulator, message["id"]) == {"topic": "billing-refund", "lang": "en"}


async def test_cancel_on_a_conflict_sends_nothing_and_keeps_the_edits(
    make_app: Any, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, message = await _edited_then_changed_on_server(
            app, pilot, emulator, {"topic": "sales", "lang": "en"}
        )
        await send_into_conflict(app, pilot)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert emulator.mutating_requests() == []
        assert stored(emulator, message["id"]) == {"topic": "sales", "lang": "en"}
        assert rows(screen)[0].value_input.value == "billing-refund"
        assert "changed on the server" in header(screen)
