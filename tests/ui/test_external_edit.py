"""`e` in the editor: the draft in $EDITOR (tests/cli/edit_script.py, a Python stand-in) while
the app is suspended through the public `App.suspend()`.

Textual's headless driver (run_test) says it cannot suspend, so `App.suspend()` raises
SuspendNotSupported there, as in a browser: one test keeps that and checks the message; the
others let the headless driver say it can (its stop and start of application mode do nothing
harmful), so the real `App.suspend()` path runs around the editor."""

from __future__ import annotations

import json
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from textual.widgets import Button
from ui_helpers import notes, rows

from thread_tui.ui.external_edit import CANCELLED, NOT_HERE

SCRIPT = Path(__file__).parents[1] / "cli" / "edit_script.py"
USER = '"user": "abc123"'


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
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(SCRIPT))}")
    return plan


@pytest.fixture
def can_suspend(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The headless driver suspends (it has nothing to give back); records each suspend."""
    calls: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    real = HeadlessDriver.suspend_application_mode
    monkeypatch.setattr(
        HeadlessDriver,
        "suspend_application_mode",
        lambda self: (calls.append("suspend"), real(self))[1],
    )
    return calls


async def press_e(app: Any, pilot: Any, editor: Any) -> None:
    editor.set_focus(None)  # outside a text field
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    await pilot.pause()


async def test_e_edits_the_draft_in_the_editor_as_one_undo_step(
    make_app: Any, open_editor: Any, plan: Plan, can_suspend: list[str]
) -> None:
    plan.set({"replace": [USER, '"user": "ana"\n  "team": "x: y # z"']})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        editor.draft.set_value(editor.draft.rows[0].id, "typed first")
        editor.refresh_state()
        await press_e(app, pilot, editor)
        assert can_suspend == ["suspend"]
        [seen] = plan.seen
        assert '"modified": "typed first"' in seen["text"]  # the current draft, not the server's
        assert (seen["mode"], seen["dir_mode"]) == (0o600, 0o700)
        assert not Path(seen["path"]).parent.exists()
        assert editor.draft.request_body() == {
            "metadata": {"modified": "typed first", "user": "ana", "team": "x: y # z"}
        }
        assert [r.key_input.value for r in rows(editor)] == ["modified", "user", "team"]
        assert rows(editor)[2].value_input.value == "x: y # z"
        assert any(n.startswith("Edited in $EDITOR: +1 key, ~2 values") for n in notes(app))
        await pilot.press("ctrl+z")  # the whole external edit, in one step
        await pilot.pause()
        assert editor.draft.request_body() == {"metadata": {"modified": "typed first"}}
        assert [r.key_input.value for r in rows(editor)] == ["modified", "user"]
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert editor.draft.request_body()["metadata"]["team"] == "x: y # z"


async def test_a_wrong_shape_opens_again_with_the_errors_on_top(
    make_app: Any, open_editor: Any, plan: Plan, can_suspend: list[str]
) -> None:
    plan.set({"replace": [USER, '"user": yes']}, {"replace": ['"user": yes', '"user": "yes"']})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await press_e(app, pilot, editor)
        _, second = plan.seen
        lines = second["text"].splitlines()
        assert lines[0].startswith("# ERROR: line ")
        assert lines[int(lines[0].split()[3].rstrip(":")) - 1] == '  "user": yes'
        assert "must be a string, not a boolean" in second["text"].splitlines()[0]
        assert can_suspend == ["suspend", "suspend"]
        assert editor.draft.request_body() == {"metadata": {"user": "yes"}}


async def test_limit_problems_are_applied_and_shown_in_the_grid(
    make_app: Any, open_editor: Any, plan: Plan, can_suspend: list[str]
) -> None:
    plan.set({"replace": [USER, '"user": "' + "v" * 513 + '"']})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await press_e(app, pilot, editor)
        assert len(plan.seen) == 1
        assert any("1 problem marked" in n for n in notes(app))
        assert editor.query_one("#submit", Button).disabled
        assert [p.field.value for p in editor.draft.problems()] == ["value"]


async def test_unchanged_or_empty_changes_nothing(
    make_app: Any, open_editor: Any, plan: Plan, can_suspend: list[str]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        before = editor.draft.snapshot()
        for step in ({"keep": True}, {"write": ""}):
            plan.set(step)
            await press_e(app, pilot, editor)
            assert editor.draft.snapshot() == before
        assert notes(app).count(CANCELLED) == 2
        assert not editor.edits.history.can_undo


async def test_where_the_app_cannot_suspend_it_says_so(
    make_app: Any, open_editor: Any, plan: Plan
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await press_e(app, pilot, editor)
        assert NOT_HERE in notes(app)
        assert plan.seen == []  # the editor never ran on the app's terminal


async def test_a_missing_editor_and_read_only_are_told(
    make_app: Any,
    open_editor: Any,
    plan: Plan,
    can_suspend: list[str],
    monkeypatch: Any,
    demo_settings: Any,
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await press_e(app, pilot, editor)
        assert any("'no-such-editor-here' ($EDITOR) was not found" in n for n in notes(app))
        assert can_suspend == []
    app = make_app(settings=replace(demo_settings, read_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await press_e(app, pilot, editor)
        assert any(n.startswith("Read-only mode") for n in notes(app))
        assert can_suspend == [] and plan.seen == []


async def test_e_in_a_text_field_is_typed(
    make_app: Any, open_editor: Any, plan: Plan, can_suspend: list[str]
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        first = rows(editor)[0]
        first.value_input.focus()
        await pilot.press("end", "e")
        assert first.value_input.value == "truee"
        assert can_suspend == [] and plan.seen == []
