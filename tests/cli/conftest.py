"""Fixtures shared by the CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No key, base URL or .env of the machine running the tests leaks into a run. Used by
    `pytestmark`; modules that clear more variables define their own."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
