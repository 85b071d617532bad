"""`items` and `messages` are built alone when named (cli.build_parser(only)), and read a
command line exactly as the whole parser does."""

from __future__ import annotations

import pytest

from thread_tui.cli import build_parser, named_command, with_tui_shortcut

LINES = [
    ["items", "list", "conv_abc123", "--limit", "5", "--max-items", "7", "--demo"],
    ["--demo", "items", "list", "--conversation-id", "conv_abc123", "--order", "asc"],
    ["items", "get", "conv_abc123", "msg_1", "--format", "yaml", "--demo"],
    [
        "items",
        "add",
        "conv_abc123",
        "--role",
        "user",
        "--text",
        "hi",
        "--item",
        "{}",
        "--show",
        "cli",
    ],
    ["items", "delete", "--conversation-id", "conv_abc123", "--item-id", "msg_1", "--yes"],
    ["messages", "list", "thread_abc123", "--after", "msg_1", "--demo"],
    ["messages", "get", "--thread-id", "thread_abc123", "--message-id", "msg_1"],
    ["messages", "update", "thread_abc123", "msg_1", "--metadata", "a=b", "--dry-run"],
    ["messages", "delete", "thread_abc123", "msg_1", "-y", "--timeout", "3"],
]


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_the_named_command_parses_as_with_the_whole_parser(line: list[str]) -> None:
    args = with_tui_shortcut(line)
    only = named_command(args)
    assert only in ("items", "messages")
    assert build_parser(only).parse_args(args) == build_parser().parse_args(args)


def test_an_action_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("items", "messages"):
        with pytest.raises(SystemExit) as stop:
            build_parser(command).parse_args([command])
        assert stop.value.code == 2
        assert "ACTION" in capsys.readouterr().err


def test_an_option_of_another_action_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser("items").parse_args(["items", "list", "conv_abc123", "--yes"])
    assert "unrecognized arguments: --yes" in capsys.readouterr().err
