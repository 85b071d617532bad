"""The parser built for the one sub-command a command line names reads it exactly as the
whole parser does; anything else (no sub-command, an unknown one, help) gets the whole one."""

from __future__ import annotations

import argparse

import pytest

from thread_tui.cli import build_parser, named_command, with_tui_shortcut

LINES = [
    ["get", "thread_abc123", "--demo"],
    ["--demo", "get", "thread_abc123", "--timeout", "3"],
    ["--base-url", "http://127.0.0.1:1/v1", "get", "conv_abc123"],
    ["update", "--thread-id", "thread_abc123", "--metadata", "a=b", "--dry-run", "--demo"],
    ["create", "--conversation", "--metadata", "{topic: billing}", "--demo"],
    ["delete", "thread_abc123", "--yes", "--demo"],
    ["ls", "--kind", "thread", "--where", "a=b", "--has", "c", "--format", "ids", "--demo"],
    ["edit", "conv_abc123", "--yes", "--demo"],
    ["emulator", "--port", "9999", "--rate-limit", "60"],
    ["serve", "--demo", "--max-sessions", "2"],
    ["tui", "thread_abc123", "--read-only"],
    ["--demo", "thread_abc123"],
    [],
    ["--demo"],
    ["--timeout", "3", "--read-only"],
    ["--format", "yaml", "get", "thread_abc123", "--demo"],
    ["get", "thread_abc123", "--format", "raw", "-r", "--transform", "id", "--debug"],
    ["--organization", "org-1", "ls", "--format", "yaml"],
    ["beta:threads", "update", "--thread-id", "thread_abc123", "--metadata", "{a: b}", "--demo"],
    ["beta:threads", "update", "thread_abc123", "--tool-resources.file-search", "{}"],
    ["--format", "yaml", "conversations", "retrieve", "conv_abc123"],
    ["conversations", "create", "--item", "{}", "--metadata", "a=b", "--format-error", "raw"],
    ["conversations:items", "list", "conv_abc123", "--max-items", "5", "--format", "jsonl"],
    ["conversations:items", "delete", "conv_abc123", "msg_1", "--yes"],
    ["beta:threads:messages", "retrieve", "thread_abc123", "msg_1", "--debug"],
]


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_the_named_command_parses_as_with_the_whole_parser(line: list[str]) -> None:
    args = with_tui_shortcut(line)
    only = named_command(args)
    assert only is not None
    assert build_parser(only).parse_args(args) == build_parser().parse_args(args)


@pytest.mark.parametrize(
    "line", [["--help"], ["--", "get"], ["gett", "thread_abc123"], ["beta:thread", "retrieve"]]
)
def test_no_exact_command_builds_them_all(line: list[str]) -> None:
    assert named_command(with_tui_shortcut(line)) is None


@pytest.mark.parametrize("line", [[], ["--demo"], ["--timeout", "get"], ["--format", "yaml"]])
def test_no_sub_command_builds_only_the_tui(line: list[str]) -> None:
    assert named_command(with_tui_shortcut(line)) == "tui"


def test_a_value_option_given_before_a_command_is_skipped_over() -> None:
    for option in ("--format", "--format-error", "--transform", "--organization"):
        assert named_command([option, "x", "beta:threads", "retrieve", "thread_a"]) == (
            "beta:threads"
        )


def test_an_option_of_another_command_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["get", "thread_abc123", "--yes"]  # --yes is delete's
    with pytest.raises(SystemExit):
        build_parser(named_command(args)).parse_args(args)
    assert "unrecognized arguments: --yes" in capsys.readouterr().err


def test_the_top_level_help_still_lists_every_command() -> None:
    text = build_parser("get").format_help()
    for name in (
        "tui",
        "get",
        "update",
        "create",
        "delete",
        "emulator",
        "serve",
        "edit",
        "beta:threads",
        "conversations",
        "conversations:items",
        "beta:threads:messages",
    ):
        assert name in text
    assert isinstance(build_parser("get"), argparse.ArgumentParser)
