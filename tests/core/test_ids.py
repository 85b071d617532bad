"""IDs: the kind comes from the prefix, and nothing that could change the URL path gets through."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.ids import (
    MAX_ID_CHARS,
    InvalidIdError,
    ResourceKind,
    check_id,
    parse_id,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thread_abc123", ResourceKind.THREAD),
        ("thread_A-b_9", ResourceKind.THREAD),
        ("conv_abc123", ResourceKind.CONVERSATION),
        ("conv_68b0f2c3d4e5", ResourceKind.CONVERSATION),
    ],
)
def test_kind_comes_from_the_prefix(text: str, kind: ResourceKind) -> None:
    verdict = check_id(text)
    assert verdict.ok
    assert verdict.problem is None
    assert verdict.kind is kind
    assert parse_id(text) == (kind, text)


def test_kind_properties() -> None:
    thread, conv = ResourceKind.THREAD, ResourceKind.CONVERSATION
    assert (thread.prefix, thread.collection, thread.has_tool_resources) == (
        "thread_",
        "threads",
        True,
    )
    assert (conv.prefix, conv.collection, conv.has_tool_resources) == (
        "conv_",
        "conversations",
        False,
    )
    assert str(thread) == "thread"
    assert str(conv) == "conversation"


@pytest.mark.parametrize("partial", ["t", "th", "thre", "thread", "c", "co", "con", "conv"])
def test_partial_prefix_says_keep_typing(partial: str) -> None:
    verdict = check_id(partial)
    assert not verdict.ok
    assert verdict.kind is None
    assert verdict.problem == "Keep typing: an ID starts with thread_ or conv_."


@pytest.mark.parametrize(
    ("prefix_only", "kind"),
    [("thread_", ResourceKind.THREAD), ("conv_", ResourceKind.CONVERSATION)],
)
def test_prefix_alone_asks_for_the_rest(prefix_only: str, kind: ResourceKind) -> None:
    verdict = check_id(prefix_only)
    assert verdict.kind is kind  # the kind is already known while typing
    assert verdict.problem == f"Type the rest of the ID after {prefix_only}."


@pytest.mark.parametrize(
    "other", ["asst_abc", "run_abc", "Thread_abc", "CONV_abc", "x", "threadabc"]
)
def test_other_prefixes_are_explained(other: str) -> None:
    verdict = check_id(other)
    assert verdict.kind is None
    assert verdict.problem == "An ID starts with thread_ (a thread) or conv_ (a conversation)."


def test_empty_input_says_what_to_type() -> None:
    verdict = check_id("")
    assert verdict.kind is None
    assert verdict.problem == "Type a thread ID (thread_…) or a conversation ID (conv_…)."


@pytest.mark.parametrize(
    ("bad", "char"),
    [
        ("thread_../x", "."),
        ("thread_a/b", "/"),
        ("thread_/", "/"),
        ("thread_a?b=1", "?"),
        ("thread_a#b", "#"),
        ("thread_a b", " "),
        ("thread_a%2Fb", "%"),
        ("thread_a\\b", "\\"),
        ("thread_a&b", "&"),
        ("thread_a.b", "."),
        ("thread_é", "é"),
        ("thread_abc١", "١"),  # an Arabic-Indic digit: a digit, but not an ASCII one
        ("thread_ab\u200bc", "\u200b"),  # zero-width space
        ("conv_a\nb", "\n"),
        ("thread_a\x00", "\x00"),
        ("thread_a\ud800", "\ud800"),  # lone surrogate
        ("conv_🙂", "🙂"),
    ],
)
def test_path_characters_are_rejected_with_the_character_named(bad: str, char: str) -> None:
    verdict = check_id(bad)
    assert not verdict.ok
    assert verdict.kind is not None  # the prefix was right; the body is not
    expected = f"The ID contains {char!r}; only letters, digits, '_' and '-' can appear in an ID."
    assert verdict.problem == expected
    with pytest.raises(InvalidIdError) as caught:
        parse_id(bad)
    assert str(caught.value) == expected


@pytest.mark.parametrize("padded", [" thread_abc", "thread_abc ", "\tconv_abc\n"])
def test_surrounding_whitespace_is_explained(padded: str) -> None:
    verdict = check_id(padded)
    assert verdict.kind is not None
    assert verdict.problem == "The ID has spaces around it; remove them."
    with pytest.raises(InvalidIdError, match="spaces around"):
        parse_id(padded)


def test_length_is_capped() -> None:
    longest = "thread_" + "a" * (MAX_ID_CHARS - len("thread_"))
    assert len(longest) == MAX_ID_CHARS == 128
    assert check_id(longest).ok
    too_long = longest + "a"
    verdict = check_id(too_long)
    assert verdict.problem == "The ID is 129 characters long; at most 128."
    with pytest.raises(InvalidIdError, match="129 characters long; at most 128"):
        parse_id(too_long)


def test_a_huge_id_is_refused_quickly_and_clearly() -> None:
    verdict = check_id("conv_" + "x" * 1_000_000)
    assert verdict.problem == "The ID is 1000005 characters long; at most 128."


@pytest.mark.parametrize("text", ["", "thr", "thread_", "asst_1", "thread_a/b"])
def test_parse_id_raises_a_value_error_with_the_check_message(text: str) -> None:
    with pytest.raises(InvalidIdError) as caught:
        parse_id(text)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == check_id(text).problem


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["thread_", "conv_", ""]))
def test_every_accepted_id_is_url_path_safe(body: str, prefix: str) -> None:
    text = prefix + body
    verdict = check_id(text)
    if verdict.ok:
        # Nothing in an accepted ID is changed by escaping: it cannot leave its path segment.
        assert quote(text, safe="") == text
        assert text.isascii()
        assert parse_id(text)[1] == text
    else:
        with pytest.raises(InvalidIdError):
            parse_id(text)
