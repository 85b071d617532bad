"""The value editor's text logic, without Textual: the over-limit cut per line, what the
multi-line editor can keep exactly, JSON pretty-printed and compacted back, and what apply
gives (or why it refuses)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thread_tui.core.value_text import (
    ApplyRefused,
    apply_text,
    compact_json,
    editable_exactly,
    json_counted,
    one_line,
    over_from,
    pretty_json,
)


def test_over_from_marks_each_line_from_the_limit_on() -> None:
    text = "a" * 10 + "\n" + "b" * 10  # the newline is character 11
    lines = text.split("\n")
    assert over_from(lines, 5) == {0: 5, 1: 0}
    assert over_from(lines, 10) == {1: 0}  # the newline itself is the 11th character
    assert over_from(lines, 11) == {1: 0}
    assert over_from(lines, 12) == {1: 1}
    assert over_from(lines, 21) == {}
    assert over_from(["x" * 600], 512) == {0: 512}


@given(st.text(alphabet="ab\n", max_size=60), st.integers(min_value=0, max_value=70))
def test_over_from_marks_exactly_the_characters_past_the_limit(text: str, limit: int) -> None:
    lines = text.split("\n")
    marked = over_from(lines, limit)
    # Rebuild which characters (newlines aside) are marked, by their offset in the text.
    offset = 0
    for index, line in enumerate(lines):
        start = marked.get(index)
        for column in range(len(line)):
            assert (start is not None and column >= start) == (offset + column >= limit)
        offset += len(line) + 1


@pytest.mark.parametrize(
    "text",
    ["", "plain", "two\nlines", "trailing\n", "\n", "tab\there", "emoji 🎉 ünï", "a\n\nb"],
)
def test_plain_text_and_newlines_are_kept_exactly(text: str) -> None:
    assert editable_exactly(text)


@pytest.mark.parametrize(
    "text",
    ["\x1b]0;pwned\x07", "cr\r", "crlf\r\n", "vt\x0b", "ff\x0c", "\x85", "\u2028", "rlo\u202e"],
)
def test_controls_and_other_line_breaks_cannot_be_edited_exactly(text: str) -> None:
    # The editor's document splits lines on these (or a terminal would act on them).
    assert not editable_exactly(text)


def test_one_line_drops_the_line_breaks() -> None:
    assert one_line("a\nb\n") == "ab"
    assert one_line("plain") == "plain"


def test_pretty_json_lays_out_an_object_and_compact_takes_it_back() -> None:
    original = '{"a": [1, 2], "b": {"c": "ü"}}'
    pretty = pretty_json(original)
    assert pretty == '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": "ü"\n  }\n}'
    assert compact_json(pretty) == '{"a":[1,2],"b":{"c":"ü"}}'
    assert json.loads(compact_json(pretty)) == json.loads(original)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("not json", "not valid JSON"),
        ('{"a": 1,}', "not valid JSON"),
        ("42", "an object or an array"),
        ('"text"', "an object or an array"),
        ('{"a": 1, "a": 2}', "more than once"),
        ('{"a": NaN}', "not a finite number"),
    ],
)
def test_pretty_json_refuses_what_it_cannot_take_back_exactly(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        pretty_json(text)


def test_pretty_json_writes_controls_as_escapes() -> None:
    # A C1 CSI or a bidi override inside a JSON string: the editor never holds it raw.
    pretty = pretty_json('{"a": "\u009b2J\u202e"}')
    assert "\u009b" not in pretty and "\u202e" not in pretty
    assert editable_exactly(pretty)
    assert json.loads(compact_json(pretty)) == {"a": "\u009b2J\u202e"}


def test_json_counted_gives_the_compact_length_or_the_error() -> None:
    assert json_counted('{\n  "a": 1\n}') == (7, None)
    # A missing comma: every supported Python names the same place (3.13 words a trailing
    # comma apart, at the comma, where 3.11 and 3.12 point past it).
    count, error = json_counted('{\n  "a": 1\n  "b": 2\n}')
    assert count is None and error is not None and "line 3" in error


def test_apply_plain_text_gives_it_as_typed_over_the_limit_too() -> None:
    assert apply_text("old", "new\ntext", json_mode=False, limit=512) == "new\ntext"
    assert apply_text("x", "y" * 600, json_mode=False, limit=512) == "y" * 600


def test_apply_unchanged_json_gives_the_original_back_as_it_was_written() -> None:
    original = '{"a": 1,   "b": 2}'
    assert apply_text(original, pretty_json(original), json_mode=True, limit=512) == original


def test_apply_edited_json_gives_its_compact_form() -> None:
    original = '{"a": 1}'
    edited = pretty_json(original).replace("1", "[1, 2]")
    assert apply_text(original, edited, json_mode=True, limit=512) == '{"a":[1,2]}'


def test_apply_refuses_invalid_json_with_where_it_breaks() -> None:
    with pytest.raises(ApplyRefused, match="line 2"):
        apply_text('{"a": 1}', '{\n  "a": 1,,\n}', json_mode=True, limit=512)


def test_apply_refuses_json_whose_compact_form_is_over_the_limit() -> None:
    original = '{"a": 1}'
    edited = '{\n  "a": "' + "x" * 600 + '"\n}'
    with pytest.raises(ApplyRefused, match="608/512"):
        apply_text(original, edited, json_mode=True, limit=512)
