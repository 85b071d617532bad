"""`thread-tui ls` (without --refresh) is a read of one SQLite file: it loads neither the
network stack, the models, the settings' parsers nor Textual, nor the drafts and recents of
the state directory, nor the ID checks only a write needs (each costs start-up time next to
a bare `python -c "import sqlite3"` doing the same query: bench/fleet.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from thread_tui.storage.catalog import CATALOG_FILE, Catalog

CHECK = """
import io, sys
from contextlib import redirect_stdout

from thread_tui.cli import main

out = io.StringIO()
for form in ("ids", "table", "jsonl", "csv"):
    with redirect_stdout(out):
        assert main(["ls", "--where", "team=core", "--format", form]) == 0
assert "thread_abc123" in out.getvalue(), out.getvalue()
lazy = {lazy!r}
loaded = sorted(m for m in sys.modules if m in lazy or m.split(".")[0] in lazy)
assert not loaded, loaded
"""

LAZY = (
    "httpx",
    "pydantic",
    "yaml",
    "dotenv",
    "textual",
    "thread_tui.api",
    "thread_tui.storage.drafts",
    "thread_tui.storage.recents",
    "thread_tui.core.ids",
    "dataclasses",  # its import and each class it makes: more than the query itself
)


def test_ls_loads_only_what_a_read_of_the_catalog_needs(tmp_path: Path) -> None:
    env = {"XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    catalog = Catalog.open(tmp_path / "thread-tui" / CATALOG_FILE)  # where ls finds it
    catalog.record({"id": "thread_abc123", "object": "thread", "metadata": {"team": "core"}})
    catalog.close()
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(lazy=LAZY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
