"""The layers' import contract ([tool.thread_tui.layers] in pyproject.toml, checked with grimp
by tests/layer_contracts.py) holds; and the check sees the imports that are easy to miss: one
inside a function, one under TYPE_CHECKING, one of an external package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = Path(__file__).with_name("layer_contracts.py")


def check_layers(project: Path) -> subprocess.CompletedProcess[str]:
    """The contract check on the thread_tui package in `project`, with its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(
        [sys.executable, str(CHECK), str(project)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_package_keeps_every_contract() -> None:
    result = check_layers(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 contracts, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "importer", "imported"),
    [
        (
            "ui/widgets/counter.py",
            "def _planted() -> None:\n    from thread_tui.emulator import DEMO_BASE_URL  # noqa\n",
            "thread_tui.ui.widgets.counter",
            "thread_tui.emulator",
        ),
        (
            "core/limits.py",
            "def _planted() -> None:\n    import httpx  # noqa\n",
            "thread_tui.core.limits",
            "httpx",
        ),
        (
            "api/errors.py",
            "if TYPE_CHECKING:\n    from thread_tui.storage import StateStore  # noqa\n",
            "thread_tui.api.errors",
            "thread_tui.storage",
        ),
    ],
)
def test_a_forbidden_lazy_or_typing_import_breaks_the_contract(
    tmp_path: Path, module: str, planted: str, importer: str, imported: str
) -> None:
    shutil.copytree(ROOT / "thread_tui", tmp_path / "thread_tui")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "thread_tui" / module
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + planted, encoding="utf-8")
    result = check_layers(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert f"{importer} -> {imported}" in result.stdout
