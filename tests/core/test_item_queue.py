"""The add dialog's queue: at most 20 message items, checked before queueing, the typed one
kept on every refusal, and emptied only by a send the server accepted."""

from __future__ import annotations

from thread_tui.core.item_input import MAX_ITEMS_PER_CALL
from thread_tui.core.item_queue import EMPTY_TEXT, FULL, NOTHING, AddQueue


def test_queueing_checks_the_text_and_keeps_the_role() -> None:
    queue = AddQueue()
    assert queue.queue_draft() == [EMPTY_TEXT]
    queue.role, queue.text = "developer", "  "
    assert queue.queue_draft() == [EMPTY_TEXT] and queue.count == 0
    queue.text = "be brief"
    assert queue.queue_draft() == []
    assert (queue.count, queue.text, queue.role) == (1, "", "developer")
    assert queue.counter() == f"1/{MAX_ITEMS_PER_CALL}"


def test_a_bad_role_is_refused_as_the_server_would() -> None:
    queue = AddQueue()
    queue.role, queue.text = "tool", "hi"
    problems = queue.queue_draft()
    assert problems and "role" in problems[0].lower()
    assert queue.count == 0 and queue.text == "hi"


def test_the_21st_is_refused_and_stays_typed() -> None:
    queue = AddQueue()
    for n in range(MAX_ITEMS_PER_CALL):
        queue.text = f"m{n}"
        assert queue.queue_draft() == []
    assert queue.full
    queue.text = "one more"
    assert queue.queue_draft() == [FULL]
    assert queue.text == "one more" and queue.count == MAX_ITEMS_PER_CALL
    assert queue.send_problems() == [FULL]  # 20 queued and one typed: 21
    queue.text = ""
    assert queue.send_problems() == []
    assert len(queue.items()) == MAX_ITEMS_PER_CALL


def test_what_is_sent_is_the_queue_then_the_typed_one_in_order() -> None:
    queue = AddQueue()
    assert queue.send_problems() == [NOTHING]
    for role, text in (("user", "a"), ("assistant", "b")):
        queue.role, queue.text = role, text
        queue.queue_draft()
    queue.role, queue.text = "system", "c"
    items = queue.items()
    assert [(i["role"], i["content"][0]["text"]) for i in items] == [
        ("user", "a"),
        ("assistant", "b"),
        ("system", "c"),
    ]
    assert queue.count == 2  # sending does not empty it: only `sent` does
    queue.sent()
    assert (queue.count, queue.text, queue.role) == (0, "", "system")


def test_removing_a_queued_one_puts_it_back_in_an_empty_field() -> None:
    queue = AddQueue()
    queue.text = "first"
    queue.queue_draft()
    queue.role, queue.text = "assistant", "second"
    queue.queue_draft()
    assert queue.remove(5) is None
    queue.remove(0)
    assert (queue.role, queue.text) == ("user", "first")  # the field was empty: back there
    queue.text = "typing"
    queue.remove(0)
    assert queue.text == "typing" and queue.count == 0  # a typed text is never replaced
