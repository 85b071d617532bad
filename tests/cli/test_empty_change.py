"""`update` refuses a change that changes nothing (exit 2, one sentence, nothing sent), and
sends every change that does something, however small it looks.

The server merges metadata, so `{}` keeps every key; a tool_resources section without its ID
list keeps that list. A list given, even an empty one, is the new complete list: it clears.
"""

from __future__ import annotations

import json

import pytest

from thread_tui.cli import main
from thread_tui.emulator import Emulator

Capture = pytest.CaptureFixture[str]


pytestmark = pytest.mark.usefixtures("no_user_environment")


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


NOTHING = [
    ["thread_abc123", "--metadata", "{}"],
    ["thread_abc123", "--tool-resources", "{}"],
    ["thread_abc123", "--metadata", "{}", "--tool-resources", "{}"],
    ["thread_abc123", "--tool-resources", "{code_interpreter: {}}"],
    ["thread_abc123", "--tool-resources", '{"code_interpreter": {}, "file_search": {}}'],
    ["thread_abc123", "--metadata", "{}", "--tool-resources", "{file_search: {}}"],
    ["conv_abc123", "--metadata", "{}"],
    ["--thread-id", "thread_abc123", "--metadata", "{}"],
    ["--conversation-id", "conv_abc123", "--metadata", "{}"],
]


@pytest.mark.parametrize("args", NOTHING, ids=[" ".join(a) for a in NOTHING])
def test_a_change_that_changes_nothing_is_refused(
    args: list[str], capsys: Capture, emulator: Emulator
) -> None:
    code, out, err = run(["update", *args], emulator, capsys)
    assert code == 2
    assert out == ""
    assert "changes nothing" in err and "nothing was sent" in err
    assert len(err.strip().splitlines()) == 1
    assert emulator.mutating_requests() == []
    assert emulator.requests == []


@pytest.mark.parametrize("args", NOTHING[:3], ids=["metadata", "tools", "both"])
def test_a_preview_of_nothing_is_refused_too(
    args: list[str], capsys: Capture, emulator: Emulator
) -> None:
    code, out, err = run(["update", *args, "--dry-run"], emulator, capsys)
    assert (code, out) == (2, "")
    assert "changes nothing" in err


SOMETHING = [
    (
        ["thread_tools", "--tool-resources", '{"code_interpreter": {"file_ids": []}}'],
        {"tool_resources": {"code_interpreter": {"file_ids": []}}},
    ),
    (
        ["thread_abc123", "--tool-resources", "{file_search: {vector_store_ids: []}}"],
        {"tool_resources": {"file_search": {"vector_store_ids": []}}},
    ),
    (
        [
            "thread_abc123",
            "--metadata",
            "{}",
            "--tool-resources",
            "{code_interpreter: {file_ids: []}}",
        ],
        {"metadata": {}, "tool_resources": {"code_interpreter": {"file_ids": []}}},
    ),
    (["thread_abc123", "--metadata", '{"modified": ""}'], {"metadata": {"modified": ""}}),
    (["conv_abc123", "--metadata", '{"topic": "x"}'], {"metadata": {"topic": "x"}}),
]


@pytest.mark.parametrize("args,body", SOMETHING, ids=[" ".join(a) for a, _ in SOMETHING])
def test_an_empty_list_or_an_empty_value_is_a_change_and_is_sent(
    args: list[str], body: dict[str, object], capsys: Capture, emulator: Emulator
) -> None:
    code, out, err = run(["update", *args], emulator, capsys)
    assert (code, err) == (0, "")
    sent = emulator.mutating_requests()
    assert len(sent) == 1
    assert sent[0].json == body
    if "code_interpreter" in body.get("tool_resources", {}):  # type: ignore[operator]
        assert json.loads(out)["tool_resources"]["code_interpreter"]["file_ids"] == []
