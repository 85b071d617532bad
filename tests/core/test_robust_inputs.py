"""Hostile input from the server never raises while a screen is drawn: humanize shows a number
that is no time as the number, and a message or item of any shape is read (or becomes a
placeholder line) without failing the page it came in."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.humanize import (
    MAX_TIMESTAMP,
    ago,
    invalid_time,
    is_valid_timestamp,
    size,
    utc_time,
    when,
)
from thread_tui.core.models import ConversationItem, ListPage, Message
from thread_tui.core.transcript import item_row, message_row

NOW = 1_764_000_000

# -- humanize -------------------------------------------------------------------------------

NOT_TIMES = [
    1_764_000_000_000,  # milliseconds
    MAX_TIMESTAMP + 1,  # the year 10000
    10**20,
    -1,
    -(10**20),
    math.nan,
    math.inf,
    -math.inf,
    1e300,
    10**5000,  # longer than int() may print
]


@pytest.mark.parametrize("value", NOT_TIMES, ids=range(len(NOT_TIMES)))
def test_a_number_that_is_no_time_is_shown_as_the_number(value: Any) -> None:
    assert not is_valid_timestamp(value)
    for text in (utc_time(value), ago(value, NOW), when(value, NOW)):
        assert text.endswith("(not a valid time)")
        assert len(text) < 60
    assert when(value, NOW) == utc_time(value) == invalid_time(value)


def test_the_raw_number_is_readable() -> None:
    assert utc_time(1_764_000_000_000) == "1764000000000 (not a valid time)"
    assert when(-5, NOW) == "-5 (not a valid time)"
    assert utc_time(math.nan) == "nan (not a valid time)"
    assert utc_time(2e12) == "2000000000000 (not a valid time)"
    assert utc_time(10**5000).startswith("a very long number")
    assert utc_time(10**30) == "10000000000000000000000… (not a valid time)"


def test_the_edges_of_the_valid_range_still_show_dates() -> None:
    assert utc_time(0) == "1970-01-01 00:00 UTC"
    assert utc_time(MAX_TIMESTAMP) == "9999-12-31 23:59 UTC"
    assert when(MAX_TIMESTAMP, NOW) == "9999-12-31 23:59 UTC (in the future)"
    assert when(NOW - 120, NOW).endswith("(2 min ago)")
    assert not is_valid_timestamp(True) and not is_valid_timestamp("1")


def test_ago_with_a_broken_clock_and_size_of_odd_numbers() -> None:
    assert ago(NOW, math.nan) == "at an unknown time"
    assert ago(NOW, math.inf) == "at an unknown time"
    assert size(None) == "–"
    assert size(1500) == "1.5 KB"
    assert size(-1) == "-1 (not a valid size)"
    assert size(10**400).endswith("(not a valid size)")


# -- messages -------------------------------------------------------------------------------

GOOD = {
    "id": "msg_good",
    "object": "thread.message",
    "created_at": 1_700_000_000,
    "role": "user",
    "content": [{"type": "text", "text": {"value": "hello", "annotations": []}}],
}

HOSTILE_MESSAGES: list[Any] = [
    {"id": "m1", "content": None, "role": None, "created_at": None},
    {"id": "m2", "attachments": [None, "file-x", 3, {"file_id": None}], "metadata": {"a": 1}},
    {"id": "m3", "content": [{"type": "image_file", "image_file": "file-img"}]},
    {"id": "m4", "content": "just a string"},
    {"id": "m5", "content": {"type": "text", "text": "one part, not a list"}},
    {"id": "m6", "content": [None, 7, "bare", {"type": None}, {"type": "text", "text": [1, 2]}]},
    {"id": "m7", "content": [{"type": "text", "text": {"value": None, "annotations": None}}]},
    {"id": "m8", "object": "thread.message.v2", "created_at": "1700000000", "role": 5},
    {"id": 9, "created_at": 1.5e300, "thread_id": {"x": 1}, "attachments": "file-y"},
    {"id": "m10", "created_at": math.nan, "status": ["?"], "run_id": 1},
    {"created_at": True},
    None,
    "msg_as_a_string",
    42,
    [GOOD],
]


def test_a_page_with_hostile_messages_keeps_every_message() -> None:
    page = ListPage[Message].model_validate(
        {"object": "list", "data": [GOOD, *HOSTILE_MESSAGES, GOOD], "has_more": False}
    )
    assert len(page.data) == len(HOSTILE_MESSAGES) + 2
    rows = [message_row(message) for message in page.data]
    assert rows[0].preview == rows[-1].preview == "hello"
    assert rows[0].role == "user" and rows[0].created_at == 1_700_000_000
    for row in rows:
        assert row.preview and "\x1b" not in row.preview and "\n" not in row.role


def test_hostile_messages_are_read_as_far_as_they_can_be() -> None:
    def row(data: Any) -> Any:
        return message_row(Message.model_validate(data))

    assert (row(HOSTILE_MESSAGES[0]).role, row(HOSTILE_MESSAGES[0]).preview) == ("", "(no text)")
    assert row(HOSTILE_MESSAGES[1]).file_ids == ("file-x",)
    assert row(HOSTILE_MESSAGES[2]).preview == "[image file-img]"
    assert row(HOSTILE_MESSAGES[3]).preview == "just a string"
    assert row(HOSTILE_MESSAGES[4]).preview == "one part, not a list"
    assert row(HOSTILE_MESSAGES[5]).preview == "[content] [content] bare [content] [1, 2]"
    assert row(HOSTILE_MESSAGES[6]).preview == "(no text)"
    eight = row(HOSTILE_MESSAGES[7])
    assert (eight.role, eight.created_at) == ("5", 1_700_000_000)
    nine = row(HOSTILE_MESSAGES[8])
    assert nine.id == "9" and nine.file_ids == ("file-y",)
    assert nine.created_at is not None and not is_valid_timestamp(nine.created_at)
    assert row(HOSTILE_MESSAGES[9]).created_at is None
    assert row(HOSTILE_MESSAGES[10]).created_at is None


@pytest.mark.parametrize("data", [None, "msg_1", 42, [GOOD], True])
def test_a_message_that_is_not_an_object_is_a_placeholder(data: Any) -> None:
    message = Message.model_validate(data)
    assert message.unreadable is not None and "not a JSON object" in message.unreadable
    row = message_row(message)
    assert row.role == "" and row.kind == "message"
    assert row.preview.startswith("(this message could not be read: not a JSON object")


def test_a_good_message_keeps_its_unknown_fields() -> None:
    message = Message.model_validate({**GOOD, "new_field": {"x": 1}})
    assert message.unreadable is None
    assert message.model_extra == {"new_field": {"x": 1}}


# -- conversation items ------------------------------------------------------------------------

HOSTILE_ITEMS: list[Any] = [
    {"id": "i1", "role": "user"},  # no type
    {"id": "i2", "type": "message", "content": None},
    {"id": "i3", "type": "message", "role": "user", "content": "hello"},
    {"id": "i4", "type": "message", "content": [{"type": "output_text", "text": {"value": "x"}}]},
    {"id": "i5", "type": "reasoning", "summary": "abc"},
    {"id": "i6", "type": "function_call_output", "output": [{"text": "a"}, "b"]},
    {"id": "i7", "type": "function_call_output", "output": {"a": math.nan}},
    {"id": "i8", "type": "message", "content": [], "created_at": 10**13},
    {"id": "i9", "type": "message", "content": [], "created_at": True},
    {"id": 10, "type": ["message"], "role": {"r": 1}, "content": [None, 3]},
    {"id": "i11", "type": "function_call", "name": 5, "arguments": {"a": [1]}},
    {"type": "message", "role": "\x1b[2Juser\n", "content": [{"type": "input_text", "text": 1}]},
    None,
    "item",
]


def test_a_page_with_hostile_items_keeps_every_item() -> None:
    page = ListPage[ConversationItem].model_validate(
        {"object": "list", "data": HOSTILE_ITEMS, "has_more": False}
    )
    assert len(page.data) == len(HOSTILE_ITEMS)
    rows = [item_row(item) for item in page.data]
    previews = [r.preview for r in rows]
    assert previews[2] == "hello"
    assert previews[3] == "x"
    assert previews[4] == "abc"
    assert previews[5] == '[{"text": "a"}, "b"]'  # a part not of the expected shape is kept
    assert rows[0].kind == "(no type)"
    assert rows[7].created_at == 10**13 and rows[8].created_at is None
    assert rows[9].id == "10" and rows[9].kind == '["message"]'
    assert previews[10] == '5({"a": [1]})'
    assert rows[11].role == "[2Juser" and previews[11] == "1"
    assert rows[12].kind == rows[13].kind == "item"
    assert previews[12].startswith("(this item could not be read: not a JSON object but null")
    for row in rows:
        assert row.preview and "\x1b" not in row.role + row.kind + row.text


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)
FIELDS = ["id", "type", "role", "content", "summary", "attachments", "text", "created_at"]
ENTRY = st.dictionaries(st.sampled_from(FIELDS), JSON) | JSON


@settings(max_examples=200, deadline=None)
@given(ENTRY)
def test_any_json_is_a_message_and_an_item(data: Any) -> None:
    messages = ListPage[Message].model_validate({"object": "list", "data": [data]})
    items = ListPage[ConversationItem].model_validate({"object": "list", "data": [data]})
    for row in (message_row(messages.data[0]), item_row(items.data[0])):
        assert isinstance(row.preview, str)
        if row.created_at is not None:
            assert isinstance(when(row.created_at, NOW), str)


def test_a_page_with_numeric_cursors_still_pages() -> None:
    from thread_tui.core.models import ListPage, Message

    page = ListPage[Message].model_validate(
        {"object": "list", "data": [], "first_id": 1, "last_id": 2, "has_more": True}
    )
    assert (page.first_id, page.last_id, page.has_more) == ("1", "2", True)
