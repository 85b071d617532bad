"""Reading keymap.toml: its shape only (ids and key names are the UI's to check); a damaged
file is a warning and no keymap, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from thread_tui.storage.keymap import MAX_KEYMAP_FILE_BYTES, default_config_dir, load_keymap


def test_no_file_is_no_keymap_and_no_warning(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "keymap.toml") == ({}, [])


def test_quoted_ids_dotted_keys_and_tables_name_the_same_ids(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(
        '[keymap]\n"editor.submit" = "f5"\nlookup.new_thread = "ctrl+t,f7"\n'
        '[keymap.recents]\ntoggle_pin = "space"\n',
        encoding="utf-8",
    )
    assert load_keymap(path) == (
        {"editor.submit": "f5", "lookup.new_thread": "ctrl+t,f7", "recents.toggle_pin": "space"},
        [],
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe[keymap]", "not UTF-8"),
        (b"[keymap]\n\"a.b\" = 'f5'\n" + b"#" * MAX_KEYMAP_FILE_BYTES, "larger than"),
        (b"keymap = 5\n", "no [keymap] table"),
        (b"[keymap\n", "not valid TOML"),
    ],
)
def test_a_damaged_file_is_one_warning_and_no_keymap(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "keymap.toml"
    path.write_bytes(content)
    entries, warnings = load_keymap(path)
    assert entries == {} and len(warnings) == 1 and expected in warnings[0]


def test_an_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "keymap.toml").mkdir()  # a directory where the file should be
    entries, warnings = load_keymap(tmp_path / "keymap.toml")
    assert entries == {} and len(warnings) == 1 and "could not be read" in warnings[0]


def test_a_bad_value_drops_that_entry_only(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"a.b" = 5\n"c.d" = ""\n"e.f" = "f6"\nother = 1\n', "utf-8")
    entries, warnings = load_keymap(path)
    assert entries == {"e.f": "f6"}
    assert len(warnings) == 3 and all("default key" in w for w in warnings)  # other too
    path.write_text('other = 1\n[keymap]\n"e.f" = "f6"\n', "utf-8")
    entries, warnings = load_keymap(path)
    assert entries == {"e.f": "f6"} and "ignored: other" in warnings[0]


def test_the_config_dir_can_be_set_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THREAD_TUI_CONFIG_DIR", str(tmp_path))
    assert default_config_dir() == tmp_path
    monkeypatch.delenv("THREAD_TUI_CONFIG_DIR")
    assert default_config_dir().name == "thread-tui"
