"""`thread-tui edit ID`: $EDITOR (a Python script, tests/cli/edit_script.py) edits the YAML
document; what the command checks, asks, and sends to the emulator."""

from __future__ import annotations

import io
import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from thread_tui.cli import main
from thread_tui.emulator import Emulator
from thread_tui.storage import editor_file

SCRIPT = Path(__file__).with_name("edit_script.py")
Capture = pytest.CaptureFixture[str]

pytestmark = pytest.mark.usefixtures("no_user_environment")


class Plan:
    def __init__(self, path: Path) -> None:
        self.path = path

    def set(self, *steps: dict[str, Any]) -> None:
        self.path.write_text(json.dumps({"steps": list(steps)}), encoding="utf-8")

    @property
    def seen(self) -> list[dict[str, Any]]:
        return list(json.loads(self.path.read_text(encoding="utf-8")).get("seen", []))


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Plan:
    plan = Plan(tmp_path / "plan.json")
    plan.set()
    monkeypatch.setenv("EDIT_PLAN", str(plan.path))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(SCRIPT))} -w")
    return plan


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


class Terminal(io.StringIO):
    """stdin as a terminal with these answers typed."""

    def isatty(self) -> bool:
        return True


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def sent(emu: Emulator) -> list[Any]:
    return [r.json for r in emu.mutating_requests()]


USER = '"user": "abc123"'


def test_a_valid_edit_is_checked_shown_and_sent(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    plan.set({"replace": [USER, '"user": "ana"\n  "note": "a: b # c\\nd"']})
    code, out, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 0, err
    assert sent(emu) == [{"metadata": {"user": "ana", "note": "a: b # c\nd"}}]
    assert json.loads(out)["metadata"]["note"] == "a: b # c\nd"
    assert "Changes to thread_abc123: +1 key, ~1 value" in err
    assert '~ user: "abc123" → "ana"' in err
    [seen] = plan.seen
    assert seen["args"] == ["-w"]  # $EDITOR split as a shell would
    assert (seen["mode"], seen["dir_mode"]) == (0o600, 0o700)
    assert seen["text"].startswith("# Editing thread thread_abc123")
    assert not Path(seen["path"]).parent.exists()  # the private directory is removed


def test_problems_reopen_the_file_until_fixed(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    plan.set(
        {"replace": [USER, USER + "\n  n: 1\n  " + '"k": "' + "x" * 513 + '"']},
        {"replace": ["n: 1", 'n: "1"']},
        {"replace": ["x" * 513, "short"]},
    )
    code, _, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 0, err
    first, second, third = plan.seen
    lines = second["text"].splitlines()
    assert lines[0].startswith("# ERROR: line ")
    where = int(lines[0].split("line ")[1].split(":")[0])
    assert lines[where - 1] == "  n: 1"  # the number points at the line in the reopened file
    assert "not a number: quote it" in lines[0]
    assert "513 characters; at most 512" in lines[1]
    assert second["text"].endswith(
        first["text"].replace(USER, USER + "\n  n: 1\n  " + '"k": "' + "x" * 513 + '"')
    )
    assert third["text"].startswith("# ERROR: line ") and "513" in third["text"].splitlines()[0]
    assert sent(emu) == [{"metadata": {"n": "1", "k": "short"}}]
    assert err.count("opening the editor again") == 2


def test_unchanged_or_empty_cancels(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    for step in ({"keep": True}, {"write": ""}, {"write": "# only comments\n"}):
        plan.set(step)
        code, out, err = run(["edit", "conv_abc123", "--yes"], emu, capsys)
        assert (code, out) == (0, "")
        assert "Edit cancelled, nothing sent" in err
    assert sent(emu) == []


def test_an_invalid_file_left_unchanged_cancels(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    plan.set({"replace": ['"topic": "demo"', "topic: yes"]}, {"keep": True})
    code, _, err = run(["edit", "conv_abc123", "--yes"], emu, capsys)
    assert code == 0 and "Edit cancelled, nothing sent" in err
    assert len(plan.seen) == 2 and sent(emu) == []


def test_no_change_sends_nothing(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    plan.set({"replace": ["# Editing", "# I was here. Editing"]})
    code, _, err = run(["edit", "conv_abc123", "--yes"], emu, capsys)
    assert code == 0 and "No changes. Edit cancelled, nothing sent." in err
    assert sent(emu) == []


def test_a_missing_editor_is_a_clear_error(
    plan: Plan, emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    code, out, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 2 and out == ""
    assert err == (
        "error: The editor 'no-such-editor-here' ($EDITOR) was not found: set $VISUAL or "
        "$EDITOR to an editor that is installed (e.g. EDITOR=nano).\n"
    )
    assert emu.requests == []  # nothing fetched either
    monkeypatch.setenv("EDITOR", "'unclosed")
    code, _, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 2 and '$EDITOR ("\'unclosed") cannot be read as a command' in err


def test_visual_wins_over_editor(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "python3 -X dev")
    assert editor_file.editor_command()[:2] == ["python3", "-X"]
    monkeypatch.delenv("VISUAL")
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(editor_file.EditorError, match="'vi' \\(the default editor\\)"):
        editor_file.editor_command()


def test_no_terminal_refuses_before_the_editor_opens(
    plan: Plan, emu: Emulator, capsys: Capture
) -> None:
    plan.set({"replace": [USER, '"user": "ana"']})
    code, _, err = run(["edit", "thread_abc123"], emu, capsys)
    assert code == 2
    assert "no terminal to ask for confirmation on; pass --yes" in err
    assert plan.seen == [] and emu.requests == []


def test_on_a_terminal_it_asks_and_no_sends_nothing(
    plan: Plan, emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.set({"replace": [USER, '"user": "ana"']})
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = run(["edit", "thread_abc123"], emu, capsys)
    assert code == 1 and "Send this change? [y/N]" in err and "not sent" in err
    assert sent(emu) == []
    plan.set({"replace": [USER, '"user": "ana"']})
    monkeypatch.setattr(sys, "stdin", Terminal("y\n"))
    code, out, err = run(["edit", "thread_abc123"], emu, capsys)
    assert code == 0, err
    assert json.loads(out)["metadata"]["user"] == "ana"
    assert sent(emu) == [{"metadata": {"user": "ana"}}]


def kept_file(err: str) -> Path:
    [line] = [line for line in err.splitlines() if "Your edit is kept in " in line]
    return Path(line.split("Your edit is kept in ", 1)[1].split(" ")[0])


def test_a_declined_edit_is_kept_for_the_user(
    plan: Plan, emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan.set({"replace": [USER, '"user": "ana"']})
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    code, _, err = run(["edit", "thread_abc123"], emu, capsys)
    assert code == 1 and sent(emu) == []
    kept = kept_file(err)
    assert '"user": "ana"' in kept.read_text(encoding="utf-8")  # what they typed is not lost
    assert kept.stat().st_mode & 0o777 == 0o600


def test_an_edit_the_server_refused_is_kept_for_the_user(
    plan: Plan, emu: Emulator, capsys: Capture
) -> None:
    emu.faults.inject(400, match="POST /v1/threads/thread_abc123", times=1)
    plan.set({"replace": [USER, '"user": "ana"']})
    code, _, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 1, err
    assert emu.threads["thread_abc123"]["metadata"]["user"] == "abc123"
    assert '"user": "ana"' in kept_file(err).read_text(encoding="utf-8")


def test_a_change_on_the_server_meanwhile_is_not_overwritten(
    plan: Plan, emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone changes `topic` while the editor is open on `customer`: the edit is carried
    onto the new version and shown again; the other change survives."""
    real = editor_file.EditSession.run_editor
    runs = []

    def editor_and_someone_else(self: editor_file.EditSession) -> None:
        real(self)
        runs.append(1)
        if len(runs) == 1:
            emu.conversations["conv_abc123"]["metadata"]["topic"] = "changed elsewhere"

    monkeypatch.setattr(editor_file.EditSession, "run_editor", editor_and_someone_else)
    plan.set({"replace": ['"customer": "acme"', '"customer": "globex"']}, {"keep": True})
    code, out, err = run(["edit", "conv_abc123", "--yes"], emu, capsys)
    assert code == 0, err
    assert "conv_abc123 changed on the server while you edited ('topic')" in err
    second = plan.seen[1]["text"]
    assert second.startswith("# ERROR: conv_abc123 changed on the server")
    assert '"topic": "changed elsewhere"' in second and '"customer": "globex"' in second
    assert sent(emu) == [{"metadata": {"customer": "globex"}}]
    assert json.loads(out)["metadata"] == {"topic": "changed elsewhere", "customer": "globex"}


def test_an_editor_that_fails_sends_nothing(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    plan.set({"exit": 4})
    code, _, err = run(["edit", "thread_abc123", "--yes"], emu, capsys)
    assert code == 1
    assert err == "error: The editor exited with status 4. Edit cancelled, nothing sent.\n"
    assert sent(emu) == []


def test_read_only_and_bad_ids_are_refused(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["edit", "thread_abc123", "--yes", "--read-only"], emu, capsys)
    assert code == 2 and "read-only mode" in err
    code, _, err = run(["edit", "thread_../x", "--yes"], emu, capsys)
    assert code == 2 and emu.requests == []


def test_not_found_is_reported_as_get_does(plan: Plan, emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["edit", "thread_nope", "--yes"], emu, capsys)
    assert code == 1 and "404" in err and plan.seen == []


def test_what_it_fetches_and_sends_is_recorded_in_the_catalog(
    plan: Plan, emu: Emulator, capsys: Capture
) -> None:
    from thread_tui.emulator import DEMO_API_KEY
    from thread_tui.emulator.server import running_server
    from thread_tui.storage.catalog import CATALOG_FILE, Catalog
    from thread_tui.storage.state import default_state_dir

    plan.set({"replace": ['"customer": "acme"', '"customer": "globex"']})
    with running_server(emu) as base_url:
        auth = ["--base-url", base_url, "--api-key", DEMO_API_KEY, "--yes"]
        assert main(["edit", "conv_abc123", *auth]) == 0
        assert main(["edit", "thread_gone", *auth]) == 1
    capsys.readouterr()
    catalog = Catalog.open(default_state_dir() / CATALOG_FILE)
    entry = catalog.get("conv_abc123")
    assert entry is not None and entry.metadata == {"topic": "demo", "customer": "globex"}
    gone = catalog.get("thread_gone")
    assert gone is not None and gone.deleted
    catalog.close()
