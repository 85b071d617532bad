"""Opening the editor in the running app (the bench's RSS probe: `thread_tools`, its files and
store) loads no module only a later action needs: no `tomllib` when there is no keymap file
(it parses one only when it exists), no `core.rebase` when no saved draft is offered (it
rebases one only then). Each module held costs peak RSS (bench/README.md)."""

import subprocess
import sys

CHECK = """
import asyncio, sys, tempfile
from pathlib import Path

from thread_tui.commands.demo import build_client
from thread_tui.core.settings import load_settings
from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.screens.editor import EditorScreen

settings = load_settings(demo=True, environ={})


async def main() -> None:
    app = ThreadTuiApp(
        settings=settings,
        client_factory=lambda: build_client(settings),
        state_dir=Path(tempfile.mkdtemp()),
        config_dir=Path(tempfile.mkdtemp()),  # no keymap.toml in it
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        resource = await app.client.get_resource("thread_tools")
        await app.push_screen(EditorScreen(resource, app.client.last_exchange))
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        loaded = sorted(m for m in ("tomllib", "thread_tui.core.rebase") if m in sys.modules)
        assert not loaded, loaded


asyncio.run(main())
"""


def test_opening_the_editor_without_a_keymap_or_saved_draft_loads_neither_parser() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
