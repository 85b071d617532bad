"""Processes the benchmark times from the outside (whole-process figures), one per mode.

python bench/probes.py bare          a bare Textual app with 16 Inputs, exits on_ready
python bench/probes.py tui           thread_tui's app, exits when the lookup screen is ready
python bench/probes.py editor-rss    thread_tui with an editor open; prints peak RSS (KiB)
python bench/probes.py bare-rss      the bare app; prints peak RSS (KiB)
python bench/probes.py httpx-get     `import httpx` + one request on a mock transport
python bench/probes.py bulk-rss ARGS  `thread-tui ARGS` (a bulk update); prints peak RSS (KiB)
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path


def bare(keep_open: bool = False) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            for i in range(16):
                yield Input(placeholder=f"field {i}")

        def on_ready(self) -> None:
            self.exit()

    Bare().run(headless=True, size=(120, 40))


def tui(open_editor: bool = False) -> None:
    from thread_tui.core.settings import load_settings
    from thread_tui.ui.app import ThreadTuiApp

    settings = load_settings(demo=True, environ={})

    def factory() -> object:
        from thread_tui.commands.demo import build_client

        return build_client(settings)

    class Probe(ThreadTuiApp):
        def on_ready(self) -> None:
            if open_editor:
                self.run_worker(self._open_then_exit())
            else:
                # As the baseline: Ready comes after the first frame, which already shows the
                # settled lookup screen (tests/bench/test_frames.py checks it); waiting for the
                # next refresh tick as well would add up to 1/60 s the baseline does not wait.
                self.exit()

        async def _open_then_exit(self) -> None:
            from thread_tui.ui.screens.editor import EditorScreen

            resource = await self.client.get_resource("thread_tools")
            await self.push_screen(EditorScreen(resource, self.client.last_exchange))
            self.call_after_refresh(self.exit)

    state = Path(tempfile.mkdtemp(prefix="thread-tui-bench-"))
    Probe(settings=settings, client_factory=factory, state_dir=state).run(
        headless=True, size=(120, 40)
    )


def httpx_get() -> None:
    import httpx

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"ok": True}))
    with httpx.Client(transport=transport) as client:
        client.get("http://local/v1/threads/thread_abc123").json()


def peak_rss_kib() -> int:
    """Peak RSS of this process. VmHWM, not ru_maxrss: a child started by fork keeps its
    parent's ru_maxrss high-water mark, so the bench's own size would leak into the figure."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "tui":
        tui()
    elif mode == "editor-rss":
        tui(open_editor=True)
        print(peak_rss_kib())
    elif mode == "bare-rss":
        bare()
        print(peak_rss_kib())
    elif mode == "httpx-get":
        httpx_get()
    elif mode == "bulk-rss":
        from thread_tui.cli import main

        code = main(sys.argv[2:])
        sys.stdout.flush()
        print(f"exit {code}", file=sys.stderr)
        print(peak_rss_kib())
    else:
        raise SystemExit(f"unknown mode {mode!r}")
