"""Keys you can change: every binding has an id, a keymap file in the config directory
remaps them (the old key stops, the new one works, help, the key bar and the palette show it),
and a bad file is a warning at start with the defaults kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from ui_helpers import notes

from thread_tui.ui.screens.copy_as import CopyAsScreen
from thread_tui.ui.screens.help import HelpScreen
from thread_tui.ui.widgets.key_bar import KeyBar


def write_keymap(config_dir: Path, text: str) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "keymap.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "keys-config"
    monkeypatch.setenv("THREAD_TUI_CONFIG_DIR", str(path))
    return path


def help_source(app: Any) -> str:
    from textual.widgets import Markdown

    return app.screen.query_one(Markdown).source


def palette_lines(app: Any) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def open_palette(app: Any, pilot: Any) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.pause(0.2)  # discovery hits arrive from a worker
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    return palette_lines(app)


def test_every_binding_has_a_unique_id() -> None:
    from thread_tui.ui.keys import all_bindings

    found = all_bindings()
    assert len(found) > 40
    missing = [f"{owner}: {b.key} → {b.action}" for owner, b in found if not b.id]
    assert missing == []
    ids = [b.id for _owner, b in found]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


async def test_a_keymap_file_remaps_a_key(
    make_app: Any, open_editor: Any, config_dir: Path
) -> None:
    write_keymap(config_dir, '[keymap]\n"editor.copy_as" = "f6"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+y")  # the old key: nothing
        await pilot.pause()
        assert app.screen is editor
        assert "f6 Copy as" in editor.query_one(KeyBar).render_line(0).text
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, CopyAsScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        source = help_source(app)
        assert "| `F6` | copy the request" in source
        # The old key is gone from the editor's row (the message editor keeps its own Ctrl+Y).
        assert "| `Ctrl+Y` | copy the request" not in source
        await pilot.press("escape")
        await pilot.pause()
        lines = await open_palette(app, pilot)
        assert any(line.startswith("Copy request as…") and "F6" in line for line in lines)
        assert notes(app) == []


async def test_dotted_tables_in_the_file_name_ids_too(make_app: Any, config_dir: Path) -> None:
    write_keymap(config_dir, "[keymap.lookup]\nnew_thread = 'f7'\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        from thread_tui.ui.screens.editor import EditorScreen

        assert isinstance(app.screen, EditorScreen) and app.screen.draft.is_new


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[keymap\n", "keymap.toml is not valid TOML"),
        ('[keymap]\n"editor.nope" = "f6"\n', "editor.nope"),
        ('[keymap]\n"editor.copy_as" = "ctrl+nokey"\n', "ctrl+nokey"),
        ('[keymap]\n"editor.copy_as" = 6\n', "editor.copy_as"),
        ('[keymap]\n"editor.copy_as" = "ctrl+s"\n', "Ctrl+S"),
        ('keys = "f6"\n', "[keymap]"),
    ],
    ids=["toml", "unknown-id", "bad-key", "not-a-string", "bound-twice", "no-table"],
)
async def test_a_bad_keymap_file_warns_and_keeps_the_defaults(
    make_app: Any, open_editor: Any, config_dir: Path, text: str, expected: str
) -> None:
    write_keymap(config_dir, text + '"lookup.new_thread" = "f7"\n' if "[keymap]" in text else text)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        warnings = [n for n in notes(app) if "keymap" in n]
        assert len(warnings) == 1 and expected in warnings[0], notes(app)
        editor = await open_editor(app, pilot, "thread_abc123")
        await pilot.press("ctrl+y")  # the default key still works
        await pilot.pause()
        assert isinstance(app.screen, CopyAsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("ctrl+s")  # the key a bad entry wanted to take is not copy-as
        await pilot.pause()
        assert not isinstance(app.screen, CopyAsScreen)


async def test_the_good_entries_of_a_partly_bad_file_apply(make_app: Any, config_dir: Path) -> None:
    write_keymap(config_dir, '[keymap]\n"lookup.nope" = "f6"\n"lookup.new_thread" = "f7"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "EditorScreen"


async def test_the_palette_shows_each_commands_key(make_app: Any, open_editor: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        lines = await open_palette(app, pilot)
        assert any(line.startswith("New thread") and "Ctrl+N" in line for line in lines)
        assert any(line.startswith("Help") and "F1" in line for line in lines)
        assert any(line.startswith("Focus recents") and "↓" in line for line in lines)
        assert any(line.startswith("Quit") and "Ctrl+Q" in line for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        await open_editor(app, pilot, "thread_abc123")
        lines = await open_palette(app, pilot)
        assert any(line.startswith("Submit changes") and "Ctrl+S" in line for line in lines)
        assert any(line.startswith("Pick files") and "Ctrl+F" in line for line in lines)


def test_the_readme_lists_every_binding_id() -> None:
    import re

    from thread_tui.ui.keys import defaults

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Keys", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z_]+\.[a-z_0-9]+)`", section)) - {"keymap.toml"}
    assert listed == set(defaults())


async def test_the_help_lists_no_stale_id(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        source = help_source(app)
        assert "{{" not in source and "(no key)" not in source
        assert "| `Ctrl+Y` | copy the request" in source
        assert "`Delete` / `X`" not in source and "`Delete` / `x`" in source


def test_a_swap_of_two_keys_is_no_clash_and_names_are_normalized() -> None:
    from thread_tui.ui.keys import check_keymap, key_label

    keymap, warnings = check_keymap(
        {"editor.submit": "ctrl+n", "editor.add_row": " Ctrl+S ", "recents.remove": "r,delete"}
    )
    assert warnings == [] and keymap["editor.add_row"] == "ctrl+s"
    # ? is app.help_alt on the lookup: bound twice there, so recents.remove keeps its keys
    assert "recents.remove" not in check_keymap({"recents.remove": "question_mark"})[0]
    assert [key_label(k) for k in ("ctrl+s", "question_mark", "escape", "f8", "shift+tab")] == [
        "Ctrl+S",
        "?",
        "Esc",
        "F8",
        "Shift+Tab",
    ]
