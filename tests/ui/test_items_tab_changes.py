"""The Items / Messages tab as a working one, driven with Pilot against the emulator: an
entry's JSON in full, message items added in one call (a queue of at most 20), an entry
deleted behind a confirm, a thread message's edit coming back into its row, and --read-only
refusing all of it before anything is sent."""

from __future__ import annotations

import dataclasses
import json
import sys
import types
from typing import Any

import pytest
from textual.screen import ModalScreen
from textual.widgets import Select, TextArea
from ui_helpers import list_lines, record_notes, settle, text_of

from thread_tui.core.item_input import MAX_ITEMS_PER_CALL
from thread_tui.emulator import Emulator
from thread_tui.ui.screens.add_items import AddItemsScreen
from thread_tui.ui.screens.dialogs import ChoiceScreen
from thread_tui.ui.screens.item_detail import ItemDetailScreen

SIZE = (120, 40)
CONV = "conv_abc123"
THREAD = "thread_abc123"


def mutations(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.requests if r.is_mutating]


async def open_tab(app: Any, pilot: Any, open_editor: Any, resource_id: str) -> Any:
    editor = await open_editor(app, pilot, resource_id)
    await pilot.press("ctrl+l")
    await settle(app, pilot)
    return editor


def newest_first(emulator: Emulator, resource_id: str) -> list[dict[str, Any]]:
    if resource_id.startswith("thread_"):
        return sorted(
            emulator.messages[resource_id], key=lambda m: (m["created_at"], m["id"]), reverse=True
        )
    return emulator.items[resource_id][::-1]


async def type_message(app: Any, pilot: Any, role: str, text: str) -> None:
    screen = app.screen
    assert isinstance(screen, AddItemsScreen)
    screen.query_one("#add-role", Select).value = role
    area = screen.query_one("#add-text", TextArea)
    area.focus()
    await pilot.pause()
    area.load_text("")
    await pilot.press(*text)
    await pilot.pause()


# -- the detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("resource_id", [CONV, THREAD])
async def test_enter_shows_the_highlighted_entry_as_the_server_sent_it(
    make_app: Any, emulator: Emulator, open_editor: Any, resource_id: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, open_editor, resource_id)
        await pilot.press("down", "down", "down")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemDetailScreen)
        expected = newest_first(emulator, resource_id)[3]
        assert json.loads(screen.json_text) == expected  # every field, as it came
        assert expected["id"] in text_of(screen, "#detail-title")
        await pilot.press("c")
        assert app.clipboard == screen.json_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)


async def test_the_detail_draws_server_text_inert_and_copies_it_exact(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    hostile = "\x1b]0;pwned\x07 \u202eevil"
    emulator.items[CONV].append(
        {
            "type": "message",
            "id": "msg_hostile",
            "role": "user",
            "content": [{"type": "input_text", "text": hostile}],
            "extra": {"n": [1, 2]},
        }
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, open_editor, CONV)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ItemDetailScreen)
        drawn = str(screen.query_one("#detail-json").render())
        assert "\x1b" not in drawn and "\x07" not in drawn and "\u202e" not in drawn
        assert "extra" in drawn
        await pilot.press("c")
        assert json.loads(app.clipboard)["content"][0]["text"] == hostile


# -- adding items ------------------------------------------------------------------------------


async def test_three_items_are_added_in_one_call_in_order_and_listed(
    make_app: Any, emulator: Emulator, open_editor: Any, schemas: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, CONV)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddItemsScreen)
        await type_message(app, pilot, "user", "first one")
        await pilot.press("ctrl+n")
        await type_message(app, pilot, "developer", "second")
        await pilot.press("ctrl+n")
        assert "Queued 2/20" in text_of(app.screen, "#add-counter")
        await type_message(app, pilot, "assistant", "third")
        assert "Queued 2/20 + 1 typed" in text_of(app.screen, "#add-counter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ChoiceScreen)
        assert "Add 3 items" in text_of(review, ".dialog-title")
        assert mutations(emulator) == []  # the review sends nothing
        await pilot.press("enter")
        await settle(app, pilot)
        [post] = mutations(emulator)
        assert post.method == "POST" and post.path == f"/v1/conversations/{CONV}/items"
        sent = post.json["items"]
        assert [(i["role"], i["content"][0]["text"]) for i in sent] == [
            ("user", "first one"),
            ("developer", "second"),
            ("assistant", "third"),
        ]
        assert sent[2]["content"][0]["type"] == "output_text"
        for item in sent[:2]:  # a user / developer message as the official schema has it
            schemas.validate("InputMessage", item)
        assert not isinstance(app.screen, ModalScreen)  # closed on success
        await settle(app, pilot)
        lines = list_lines(editor)
        assert lines[0].startswith("assistant") and "third" in lines[0]
        assert lines[1].startswith("developer") and "second" in lines[1]
        assert lines[2].startswith("user") and "first one" in lines[2]


async def test_a_21st_item_is_refused_and_nothing_is_lost(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, open_editor, CONV)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddItemsScreen)
        area = screen.query_one("#add-text", TextArea)
        for n in range(MAX_ITEMS_PER_CALL):
            area.load_text(f"message {n}")
            await pilot.press("ctrl+n")
        assert screen.queue.count == MAX_ITEMS_PER_CALL
        assert "Queued 20/20" in text_of(screen, "#add-counter")
        assert screen.query_one("#add-counter").has_class("-full")
        area.load_text("the 21st")
        await pilot.press("ctrl+n")
        await pilot.pause()
        problem = text_of(screen, "#add-problem")
        assert "20 items, the most one request may add" in problem
        assert screen.queue.count == MAX_ITEMS_PER_CALL
        assert area.text == "the 21st"  # kept
        await pilot.press("ctrl+s")  # 20 queued and one typed: one call cannot take 21
        await pilot.pause()
        assert app.screen is screen
        assert "20 items, the most one request may add" in text_of(screen, "#add-problem")
        assert mutations(emulator) == []


async def test_a_failed_send_keeps_the_queue_and_the_text_and_says_why(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, CONV)
        before = list_lines(editor)
        emulator.faults.inject(400, match=f"POST /v1/conversations/{CONV}/items")
        await pilot.press("a")
        await pilot.pause()
        await type_message(app, pilot, "system", "be brief")
        await pilot.press("ctrl+n")
        await type_message(app, pilot, "user", "still typing")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, AddItemsScreen)  # still open
        problem = text_of(screen, "#add-problem")
        assert problem.startswith("Could not add the items: ") and "HTTP 400" in problem
        assert "Nothing is lost" in problem and "Traceback" not in problem
        assert screen.query_one("#add-text", TextArea).text == "still typing"
        assert [(e.role, e.text) for e in screen.queue.entries] == [("system", "be brief")]
        await pilot.press("escape")  # closed and opened again: still there
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, AddItemsScreen)
        assert again.query_one("#add-text", TextArea).text == "still typing"
        assert again.query_one("#add-role", Select).value == "user"
        assert "Queued 1/20" in text_of(again, "#add-counter")
        assert list_lines(editor) == before


async def test_a_problem_with_the_text_is_shown_and_nothing_is_queued(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, open_editor, CONV)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddItemsScreen)
        await pilot.press("ctrl+n")  # nothing typed
        assert "Type the message's text first" in text_of(screen, "#add-problem")
        assert screen.queue.count == 0
        await pilot.press("ctrl+s")
        assert "Nothing to send" in text_of(screen, "#add-problem")
        assert mutations(emulator) == []


# -- deleting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("resource_id", [CONV, THREAD])
async def test_delete_asks_first_naming_the_entry_and_cancel_sends_nothing(
    make_app: Any, emulator: Emulator, open_editor: Any, resource_id: str
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, resource_id)
        target = newest_first(emulator, resource_id)[1]
        count = len(list_lines(editor))
        await pilot.press("down", "d")
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ChoiceScreen)
        assert target["id"] in text_of(question, ".dialog-message")
        await pilot.press("escape")
        await settle(app, pilot)
        assert mutations(emulator) == []
        assert len(list_lines(editor)) == count
        await pilot.press("delete")  # the other key
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-delete")
        await settle(app, pilot)
        [deleted] = mutations(emulator)
        collection = "threads" if resource_id == THREAD else "conversations"
        kind = "messages" if resource_id == THREAD else "items"
        assert deleted.method == "DELETE"
        assert deleted.path == f"/v1/{collection}/{resource_id}/{kind}/{target['id']}"
        lines = list_lines(editor)
        assert len(lines) == count - 1
        assert all(target["id"] not in line for line in lines)
        assert target["id"] not in text_of(editor, "#messages-detail")


async def test_a_failed_delete_keeps_the_row_and_says_why(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, CONV)
        lines = list_lines(editor)
        emulator.faults.inject(404, match="DELETE /v1/conversations/")
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#choice-delete")
        await settle(app, pilot)
        status = text_of(editor, "#messages-status")
        assert status.startswith("Could not delete ") and "HTTP 404" in status
        assert editor.query_one("#messages-status").has_class("-error")
        assert list_lines(editor) == lines


# -- editing a thread message -------------------------------------------------------------------


async def test_e_opens_the_message_editor_and_its_answer_refreshes_the_row(
    make_app: Any, emulator: Emulator, open_editor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[str, dict[str, Any]]] = []

    class FakeEditor(ModalScreen[dict[str, Any] | None]):
        def __init__(self, thread_id: str, message: dict[str, Any]) -> None:
            super().__init__()
            opened.append((thread_id, dict(message)))
            self.message = message

        def on_mount(self) -> None:
            self.dismiss(
                dict(
                    self.message,
                    metadata={"edited": "yes"},
                    content=[{"type": "text", "text": {"value": "changed text"}}],
                )
            )

    fake = types.ModuleType("thread_tui.ui.screens.message_editor")
    fake.MessageEditorScreen = FakeEditor  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "thread_tui.ui.screens.message_editor", fake)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, THREAD)
        target = newest_first(emulator, THREAD)[2]
        await pilot.press("down", "down", "e")
        await settle(app, pilot)
        assert opened == [(THREAD, target)]
        lines = list_lines(editor)
        assert "changed text" in lines[2]
        await pilot.press("enter")
        await pilot.pause()
        assert json.loads(app.screen.json_text)["metadata"] == {"edited": "yes"}


# -- read-only ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource_id", "keys"), [(CONV, "a"), (CONV, "d"), (THREAD, "d"), (THREAD, "e")]
)
async def test_read_only_refuses_before_anything_is_sent(
    make_app: Any,
    emulator: Emulator,
    open_editor: Any,
    demo_settings: Any,
    resource_id: str,
    keys: str,
) -> None:
    app = make_app(settings=dataclasses.replace(demo_settings, read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notes(app)
        editor = await open_tab(app, pilot, open_editor, resource_id)
        await pilot.press(keys)
        await settle(app, pilot)
        assert not isinstance(app.screen, ModalScreen)
        assert any(note.startswith("Read-only mode: ") for note in seen), seen
        assert mutations(emulator) == []
        assert "read-only" in editor.query_one("#messages-view").border_title


async def test_e_edits_the_message_in_the_message_editor_and_the_list_shows_the_answer(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    from thread_tui.ui.screens.message_editor import MessageEditorScreen
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, THREAD)
        target = newest_first(emulator, THREAD)[1]
        target["metadata"] = {"topic": "billing"}
        await pilot.press("r")  # the list as the server holds it now
        await settle(app, pilot)
        await pilot.press("down", "e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MessageEditorScreen)
        assert screen.session.message_id == target["id"]
        row = screen.query(MetadataRow).first()
        row.value_input.focus()
        await pilot.press("end", *"-refund")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("enter")  # the saved dialog, then back to the tab
        await settle(app, pilot)
        assert app.screen is editor
        view = editor.query_one("#messages-view")
        assert view.rows[1].raw["metadata"] == {"topic": "billing-refund"}
        await pilot.press("enter")
        await pilot.pause()
        assert json.loads(app.screen.json_text)["metadata"] == {"topic": "billing-refund"}


async def test_a_reload_asked_for_while_a_page_loads_follows_it(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    # After an add, the list reloads to show the new items: a page still on its way
    # (the next one, loading as the end of the list was reached) must not swallow that.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_tab(app, pilot, open_editor, CONV)
        view = editor.query_one("#messages-view")
        view.load_next()  # the second page, on its way
        assert view.loading_page
        emulator.items[CONV].append(
            {
                "type": "message",
                "id": "msg_new",
                "role": "user",
                "content": [{"type": "input_text", "text": "just added"}],
            }
        )
        view.action_reload()
        await settle(app, pilot)
        await settle(app, pilot)
        pages = [r for r in emulator.requests if r.path.endswith("/items")]
        assert [r.query.get("after") is None for r in pages] == [True, False, True]
        assert "just added" in list_lines(editor)[0]


async def test_delete_on_a_queued_message_takes_it_out(
    make_app: Any, emulator: Emulator, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_tab(app, pilot, open_editor, CONV)
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AddItemsScreen)
        await type_message(app, pilot, "user", "one")
        await pilot.press("ctrl+n")
        await type_message(app, pilot, "assistant", "two")
        await pilot.press("ctrl+n")
        queue = screen.query_one("#add-queue")
        queue.focus()
        queue.highlighted = 1
        await pilot.press("delete")
        await pilot.pause()
        assert [(e.role, e.text) for e in screen.queue.entries] == [("user", "one")]
        assert screen.query_one("#add-text", TextArea).text == "two"  # back in the field
        assert "Queued 1/20" in text_of(screen, "#add-counter")
