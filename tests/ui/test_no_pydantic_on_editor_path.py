"""Looking up a thread or a conversation and opening its editor never imports pydantic, nor
does the background warm-up of the editor's modules: pydantic alone would add about 9 MiB
to the TUI's peak memory. It still loads, on first use, for messages, files and stores."""

import subprocess
import sys

CHECK = """
import asyncio, sys, tempfile, threading
from pathlib import Path

import thread_tui.ui.app as app_module
from thread_tui.core.settings import load_settings
from thread_tui.ui.app import ThreadTuiApp

warmed = threading.Event()
warm_imports = app_module._warm_imports


def warm_then_tell() -> None:
    warm_imports()
    warmed.set()


app_module._warm_imports = warm_then_tell
settings = load_settings(demo=True, environ={})


def factory():
    from thread_tui.commands.demo import build_client

    return build_client(settings)


async def main() -> None:
    # A client factory, as `thread-tui --demo` has: the app then warms its imports up itself.
    app = ThreadTuiApp(
        settings=settings,
        client_factory=factory,
        state_dir=Path(tempfile.mkdtemp(prefix="thread-tui-test-")),
        cursor_blink=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for resource_id in ("thread_tools", "conv_abc123"):
            app.screen.query_one("#lookup-id").value = resource_id
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert type(app.screen).__name__ == "EditorScreen", app.screen
            assert app.screen.resource.id == resource_id
            await app.pop_screen()
            await pilot.pause()
        for _ in range(200):
            if warmed.is_set():
                break
            await asyncio.sleep(0.05)
        assert warmed.is_set(), "the warm-up of the imports never ran"
        await app.workers.wait_for_complete()


asyncio.run(main())
assert "thread_tui.core.resources" in sys.modules
loaded = sorted(name for name in sys.modules if name.startswith("pydantic"))
assert not loaded, loaded[:10]
print("ok")
"""


def test_the_editor_path_never_imports_pydantic() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
