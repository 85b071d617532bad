"""`?` and `m` are letters in a text field (they must stay typable into keys and values);
F1 and Ctrl+L work everywhere, and help, README and the key bar say so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Markdown

from thread_tui.ui.screens.help import HelpScreen
from thread_tui.ui.widgets.key_bar import KeyBar

README = Path(__file__).parents[2] / "README.md"


async def test_question_mark_and_m_type_into_a_field_f1_and_ctrl_l_work_there(
    make_app: Any, open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        field = app.focused
        assert field is not None and field.has_class("row-key")
        before = field.value  # type: ignore[attr-defined]
        await pilot.press("end", "question_mark", "m")
        await pilot.pause()
        assert field.value == before + "?m"  # type: ignore[attr-defined]
        assert app.screen is editor and editor.current_view == "edit"
        assert " F1 Help " in editor.query_one(KeyBar).render_line(0).text.replace("f1", "F1")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = app.screen.query_one(Markdown).source
        everywhere = source.split("## Everywhere", 1)[1].split("##", 1)[0]
        assert "`F1`" in everywhere and "`Ctrl+L`" in everywhere
        assert "`?`" in everywhere and "outside a text field" in everywhere
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert editor.current_view == "messages"


def test_the_readme_does_not_promise_question_mark_everywhere() -> None:
    text = README.read_text(encoding="utf-8")
    keyboard = text.split("## Keyboard", 1)[1].split("\n## ", 1)[0]
    everywhere = next(line for line in keyboard.splitlines() if line.startswith("| everywhere"))
    assert "`F1`" in everywhere and "`?`" not in everywhere
    assert "outside a text field" in keyboard
    assert "keymap.toml" in text
