"""Opening a thread in the demo's editor loads only what it uses: the emulator's control routes
and rate limit, the error log, `secrets` (with `hmac`), and the rebase and submit check (needed
once a saved draft is restored or the draft submitted) load on first use, not on the way to the
editor (each module held costs peak RSS, bench/README.md)."""

import subprocess
import sys

CHECK = """
import asyncio, sys, tempfile
from pathlib import Path

from thread_tui.commands.demo import build_client
from thread_tui.core.settings import load_settings
from thread_tui.storage import StateStore
import thread_tui.ui.app, thread_tui.ui.screens.editor


async def main() -> None:
    client = build_client(load_settings(demo=True, environ={}))
    resource = await client.get_resource("thread_tools")
    assert resource is not None
    store = StateStore(Path(tempfile.mkdtemp()))
    session = store.drafts.session("thread_tools")
    session.release()


asyncio.run(main())
lazy = (
    "thread_tui.core.rebase",
    "thread_tui.core.verify",
    "thread_tui.emulator.control",
    "thread_tui.emulator.ratelimit",
    "thread_tui.storage.errorlog",
    "secrets",
    "hmac",
)
loaded = sorted(m for m in lazy if m in sys.modules)
assert not loaded, loaded
"""


def test_opening_the_editor_in_the_demo_loads_no_module_it_does_not_use() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
