"""Start-up stays light: the core never imports Textual or httpx, nor does a headless command."""

from __future__ import annotations

import subprocess
import sys

CORE_ONLY = """
import pkgutil, sys
import thread_tui.core
import thread_tui.core.limits, thread_tui.core.ids, thread_tui.core.models
import thread_tui.core.problems, thread_tui.core.diff, thread_tui.core.draft
import thread_tui.core.settings
names = [m.name for m in pkgutil.iter_modules(thread_tui.core.__path__, "thread_tui.core.")]
for name in names:
    __import__(name)
assert "thread_tui.core.draft" in sys.modules and len(names) >= 7, names
bad = sorted(m for m in ("textual", "httpx") if m in sys.modules)
assert not bad, bad
print(len(names))
"""

CLI_IMPORT = """
import sys
import thread_tui, thread_tui.cli
bad = sorted(m for m in ("textual", "httpx") if m in sys.modules)
assert not bad, bad
"""

EDITOR_CORE = """
import sys
import thread_tui.api, thread_tui.api.parsing
import thread_tui.core.resources, thread_tui.core.draft, thread_tui.core.verify
import thread_tui.core.rebase
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resources import parse_resource
parse_resource(ResourceKind.THREAD, {"id": "thread_1", "created_at": 1})
loaded = sorted(m for m in sys.modules if m.startswith("pydantic"))
assert not loaded, loaded[:5]
"""

HEADLESS = """
import sys
from thread_tui.cli import main
code = main(["get", "thread_abc123", "--demo"])
assert code == 0, code
assert "textual" not in sys.modules
# Nor pydantic, nor what only the editor needs (issue 11 added these beside the client).
editor_only = ("pydantic", "thread_tui.core.resource_details", "thread_tui.core.snippets",
               "thread_tui.core.history", "thread_tui.core.value_text", "thread_tui.storage")
loaded = sorted(m for m in editor_only if m in sys.modules)
assert not loaded, loaded
"""


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_every_core_module_imports_neither_textual_nor_httpx() -> None:
    result = run(CORE_ONLY)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 7


def test_the_cli_module_imports_neither_textual_nor_httpx() -> None:
    result = run(CLI_IMPORT)
    assert result.returncode == 0, result.stderr


def test_the_editor_core_and_the_client_import_no_pydantic() -> None:
    result = run(EDITOR_CORE)
    assert result.returncode == 0, result.stderr


def test_a_headless_command_never_imports_textual() -> None:
    result = run(HEADLESS)
    assert result.returncode == 0, result.stderr
    assert '"id": "thread_abc123"' in result.stdout
