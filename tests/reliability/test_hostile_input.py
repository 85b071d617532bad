"""Hostile input: lone surrogates, control characters, huge values, nested and non-string
values, and IDs with path characters. Always a clear refusal, never a crash or a bad body."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.cli import main
from thread_tui.core.draft import Draft
from thread_tui.core.flowvalue import MAX_INPUT_CHARS, FlowValueError, parse_metadata
from thread_tui.core.resources import Thread
from thread_tui.emulator import Emulator

# Hypothesis leaves surrogates out of text by default; these put them (and controls) back.
hostile_chars = st.characters(categories=["Cs", "Cc", "Zs", "So", "Lo"])
hostile_text = st.text(hostile_chars, max_size=80)


@settings(max_examples=200, deadline=None)
@given(key=hostile_text, value=hostile_text)
def test_draft_never_reports_an_unsendable_body_as_valid(key: str, value: str) -> None:
    draft = Draft.from_resource(Thread(id="thread_h", created_at=1, metadata={}))
    draft.add_row(key, value)
    if draft.is_valid:
        json.dumps(draft.request_body()).encode("utf-8")  # would raise on a lone surrogate
    else:
        assert draft.submit_block_reason()


@settings(max_examples=200, deadline=None)
@given(raw=hostile_text)
def test_metadata_values_with_hostile_text_are_handled(raw: str) -> None:
    try:
        parsed = parse_metadata([raw])
    except FlowValueError as exc:
        assert exc.lines
        return
    json.dumps(parsed).encode("utf-8")


def test_huge_input_is_refused_quickly() -> None:
    with pytest.raises(FlowValueError, match="over 1,000,000 characters"):
        parse_metadata(["{a: '" + "x" * MAX_INPUT_CHARS + "'}"])


def test_deeply_nested_input_is_a_clear_error() -> None:
    with pytest.raises(FlowValueError):
        parse_metadata(["[" * 5000 + "]" * 5000])


@pytest.mark.parametrize(
    "argv",
    [
        ["update", "thread_abc123", "--metadata", "a=\ud800"],
        ["update", "thread_abc123", "--metadata", "{a: {b: c}}"],
        ["update", "thread_abc123", "--metadata", '{"a": ["x"]}'],
        ["update", "thread_abc123", "--metadata", "ctrl=\x00\x07\x1b[31m"],
        ["get", "thread_abc123/../../files"],
        ["get", "thread_abc 123"],
        ["delete", "conv_x#frag", "--yes"],
    ],
)
def test_the_cli_refuses_without_sending(argv: list[str]) -> None:
    emulator = Emulator()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([*argv, "--demo"], emulator=emulator)
    if "ctrl=" in argv[-1]:
        # Control characters are valid text: they are sent as they are, and JSON escapes them.
        assert code == 0
        assert emulator.mutating_requests()[0].json == {"metadata": {"ctrl": "\x00\x07\x1b[31m"}}
        return
    assert code == 2 and err.getvalue().strip() and "Traceback" not in err.getvalue()
    assert emulator.requests == []


@pytest.mark.parametrize(
    "command",
    [
        ["update", "thread_abc123", "--metadata", "a=b"],
        ["create"],
        ["delete", "thread_abc123", "--yes"],
    ],
)
def test_read_only_refuses_every_change(command: list[str]) -> None:
    emulator = Emulator()
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([*command, "--demo", "--read-only"], emulator=emulator)
    assert code == 2 and "read-only mode" in err.getvalue()
    assert emulator.requests == []
