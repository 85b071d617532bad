"""`thread-tui get` loads only what it uses: it checks the answer's shape with
`core.resource_reader` and prints the server's JSON, so the editor's objects
(`core.resources`, seven dataclasses whose creation cost more than the reading), what only a
retry (`api.waits`), an error answer (`api.error_body`) or a queued fault (`emulator.fault`)
needs stay unloaded: each dataclass created costs start-up time (bench/README.md)."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import io, sys
from contextlib import redirect_stdout

from thread_tui.cli import main

out = io.StringIO()
with redirect_stdout(out):
    assert main(["get", "thread_abc123", "--demo"]) == 0
assert '"id": "thread_abc123"' in out.getvalue(), out.getvalue()
lazy = {lazy!r}
loaded = sorted(m for m in lazy if m in sys.modules)
assert not loaded, loaded
"""


def run_check(*lazy: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHECK.format(lazy=lazy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_get_loads_neither_the_editors_objects_nor_pydantic() -> None:
    result = run_check("thread_tui.core.resources", "pydantic")
    assert result.returncode == 0, result.stderr


def test_get_loads_nothing_only_a_retry_an_error_or_a_fault_needs() -> None:
    result = run_check(
        "thread_tui.api.waits", "thread_tui.api.error_body", "thread_tui.emulator.fault"
    )
    assert result.returncode == 0, result.stderr
