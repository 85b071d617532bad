"""`plain_state_dir()` (ls's quick path, without platformdirs) is platformdirs' answer
wherever it gives one, and gives none where the answer is not plain."""

from __future__ import annotations

import sys

import pytest

from thread_tui.storage.state_dir import default_state_dir, plain_state_dir

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the plain answer is Linux's")


@linux_only
@pytest.mark.parametrize(
    ("state", "home"),
    [
        ("/srv/state", "/home/ana"),
        ("/srv/state/", "/home/ana"),
        ("relative/state", "/home/ana"),
        ("", "/home/ana"),
        (None, "/home/ana/"),
        (None, "/"),
    ],
)
def test_it_is_platformdirs_answer(
    monkeypatch: pytest.MonkeyPatch, state: str | None, home: str
) -> None:
    if state is None:
        monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_STATE_HOME", state)
    monkeypatch.setenv("HOME", home)
    assert plain_state_dir() == str(default_state_dir())


@linux_only
@pytest.mark.parametrize("home", ["", "relative/home"])
def test_no_usable_home_and_no_xdg_gives_no_plain_answer(
    monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", home)
    assert plain_state_dir() is None


def test_what_may_be_an_android_app_gives_no_plain_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("ANDROID_ROOT", "/system")
    assert plain_state_dir() is None


def test_another_platform_gives_no_plain_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert plain_state_dir() is None
