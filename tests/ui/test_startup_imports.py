"""The TUI reaches its first screen without pydantic or httpx: both load after, on first use."""

import subprocess
import sys

CHECK = """
import sys
import thread_tui.ui.app, thread_tui.ui.screens.lookup, thread_tui.storage
bad = sorted(m for m in ("pydantic", "httpx", "yaml", "dotenv") if m in sys.modules)
assert not bad, bad
"""


def test_the_start_up_path_imports_neither_pydantic_nor_httpx() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
