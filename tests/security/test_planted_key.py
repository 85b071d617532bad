"""A planted API key must appear nowhere: not on any screen, in a copied snippet, an error,
the CLI's output, a log, the emulator's request log, nor any committed snapshot or SVG."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from thread_tui.api import ApiClient
from thread_tui.cli import main
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, FIXED_NOW, Emulator
from thread_tui.emulator.server import running_server
from thread_tui.ui.app import ThreadTuiApp

PLANTED = "sk-proj-PLANTEDsecret0123456789abcdefXYZW"
ROOT = Path(__file__).resolve().parents[2]


def leaks(text: str) -> list[str]:
    """Any sign of the planted key: whole, or a long inner piece of it."""
    pieces = [PLANTED, PLANTED[3:-4], PLANTED[8:24]]
    return [piece for piece in pieces if piece in text]


def saved_files(directory: Path) -> list[str]:
    """Everything the app wrote to its state dir (recents, preferences, autosaved drafts)."""
    return [path.read_text(encoding="utf-8") for path in directory.rglob("*.json")]


async def no_sleep(_: float) -> None:
    return None


async def test_a_whole_tui_session_never_shows_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator = Emulator(api_keys={PLANTED})
    settings = Settings(api_key=SecretStr(PLANTED), base_url="http://emulator.local/v1", demo=True)
    app = ThreadTuiApp(
        client=ApiClient(settings, transport=emulator.transport(), sleep=no_sleep),
        settings=Settings(api_key=SecretStr(PLANTED), base_url="https://api.example.com/v1"),
        now=lambda: float(FIXED_NOW),
        state_dir=tmp_path,
        cursor_blink=False,
    )
    seen: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"thread_tools", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append(app.export_screenshot())
        await pilot.press("f1")  # help shows the connection, with the key masked
        await pilot.pause()
        seen.append(app.export_screenshot())
        assert "sk-…XYZW" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape", "ctrl+n", *"owner", "tab", *"ana", "ctrl+y")
        await pilot.pause()
        for tab in ("1", "2", "3"):
            await pilot.press(tab, "c")
            await pilot.pause()
            seen.append(app.export_screenshot())
            seen.append(app.clipboard)
        await pilot.press("escape")
        emulator.faults.inject(500, times=3, match="POST", body=f'{{"error": "{PLANTED}"}}')
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen.append(app.export_screenshot())
        await pilot.press("ctrl+o")
        await pilot.pause()
        seen.append(app.export_screenshot())
        await asyncio.sleep(0.4)  # the autosave
        seen += saved_files(tmp_path)
    seen += [repr(r) for r in emulator.requests]
    seen += [str(e) for e in app.client.history]
    seen.append(caplog.text)
    assert all(not leaks(text) for text in seen)
    assert "$OPENAI_API_KEY" in "".join(seen)


def test_the_cli_never_prints_the_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    emulator = Emulator(api_keys={DEMO_API_KEY})
    outputs: list[str] = []
    with running_server(emulator) as base_url:
        for argv in (
            ["get", "thread_abc123"],  # 401: the server masks the key, we add nothing
            ["update", "thread_abc123", "--metadata", "a=b", "--dry-run", "--show", "curl"],
            ["update", "thread_abc123", "--metadata", "a=b", "--dry-run", "--show", "python"],
            ["get", "thread_abc123", "--base-url", "http://10.1.2.3/v1"],  # refused: plain http
        ):
            full = [*argv, "--api-key", PLANTED]
            if "--base-url" not in argv:
                full += ["--base-url", base_url]
            main(full)
            out, err = capsys.readouterr()
            outputs += [out, err]
    assert all(not leaks(text) for text in outputs)
    assert any("401" in text for text in outputs)


def test_no_committed_svg_holds_a_key() -> None:
    svgs = [*ROOT.glob("tests/**/__snapshots__/**/*.svg"), *ROOT.glob("screenshots/*.svg")]
    assert svgs, "the snapshot and screenshot SVGs should be there"
    for svg in svgs:
        text = svg.read_text(encoding="utf-8")
        assert DEMO_API_KEY not in text, svg
        assert "sk-demo" not in text, svg


def test_settings_repr_and_errors_mask_the_key(tmp_path: Path) -> None:
    settings = Settings(api_key=SecretStr(PLANTED))
    assert not leaks(repr(settings)) and not leaks(str(settings.api_key))
    assert settings.masked_key() == "sk-…XYZW"
    with pytest.raises(TypeError):
        __import__("pickle").dumps(settings.api_key)


def test_the_key_never_reaches_the_log_of_a_real_socket_exchange(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator = Emulator(api_keys={PLANTED})

    async def run(base_url: str) -> None:
        async with ApiClient(Settings(api_key=SecretStr(PLANTED), base_url=base_url)) as api:
            await api.get_resource("thread_abc123")

    with running_server(emulator) as base_url:
        asyncio.run(run(base_url))
    assert not leaks(caplog.text)
    assert all(not leaks(repr(r)) for r in emulator.requests)
