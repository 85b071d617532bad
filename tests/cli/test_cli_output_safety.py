"""What the CLI prints is safe for the terminal it is printed on: a key given as a flag is
warned about, JSON keeps every control character escaped (and still the same data), and a
value too deep to print without deep recursion gets a sentence instead of a traceback."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from thread_tui.api import Wait
from thread_tui.cli import main
from thread_tui.commands.common import print_json, wait_teller
from thread_tui.core.settings import load_settings
from thread_tui.emulator import Emulator

FLAG_KEY = "sk-flag-0123456789abcdefgh"


pytestmark = pytest.mark.usefixtures("no_user_environment")


def test_a_key_given_as_a_flag_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["get", "thread_abc123", "--demo", "--api-key", FLAG_KEY], emulator=Emulator())
    out, err = capsys.readouterr()
    assert code == 0 and json.loads(out)["id"] == "thread_abc123"
    [line] = err.splitlines()
    assert line.startswith("warning: --api-key shows in `ps`") and "OPENAI_API_KEY" in line
    assert FLAG_KEY not in err


def test_the_tui_gets_the_same_warning_and_the_environment_none() -> None:
    """The TUI shows `settings.warnings` as notifications at start."""
    flagged = load_settings(api_key=FLAG_KEY, environ={})
    assert any(w.startswith("--api-key shows in `ps`") for w in flagged.warnings)
    from_env = load_settings(environ={"OPENAI_API_KEY": FLAG_KEY})
    assert from_env.warnings == ()


def test_print_json_escapes_what_a_terminal_would_act_on() -> None:
    value = {"t\u202eitle": ["\x9b2J", "\x1b]0;x\x07", "\u2066naïve ✓\U0001f600", "\ud800"]}
    stream = io.StringIO()
    print_json(value, file=stream)
    text = stream.getvalue()
    assert json.loads(text) == value
    assert "naïve ✓\U0001f600" in text
    assert not any(c in text for c in "\x1b\x07\x9b\u202e\u2066\ud800")


def test_print_json_refuses_a_value_too_deep_in_a_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    deep: Any = "leaf"
    for _ in range(5000):
        deep = {"a": deep}
    stream = io.StringIO()
    print_json(deep, file=stream)
    assert stream.getvalue() == ""
    assert "nested deeper than 64 levels" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_wait_line_is_inert_and_only_on_a_terminal() -> None:
    assert wait_teller(2, io.StringIO()) is None
    terminal = Terminal()
    tell = wait_teller(2, terminal)
    assert tell is not None
    tell(Wait("the server asked to wait (HTTP 429 \x1b[2J)", 1.5, 1, 178.2))
    assert terminal.getvalue() == (
        "waiting 1.5 s before retry 1 of 2: the server asked to wait (HTTP 429 ␛[2J); 178 s left\n"
    )
