"""The TUI's --demo catalog: in memory, pre-recorded with what the demo's emulator holds, the
same emulator the client talks to; without --demo the app opens the state directory's file."""

from __future__ import annotations

from typing import Any

import pytest

from thread_tui.commands import tui
from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import Settings
from thread_tui.storage.catalog import CatalogQuery


def started(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def fake_run_tui(shown: Settings, **kwargs: Any) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr("thread_tui.ui.app.run_tui", fake_run_tui)
    assert tui.run(settings, None) == 0
    return seen


async def test_the_demo_catalog_holds_the_emulators_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = started(monkeypatch, Settings(demo=True))
    catalog = seen["catalog_factory"]()
    assert catalog.in_memory and catalog.path is None
    ids = set(catalog.query_ids(CatalogQuery()))
    assert {"thread_abc123", "thread_tools", "conv_abc123"} <= ids
    async with seen["client_factory"]() as client:
        created = await client.create_resource(ResourceKind.THREAD, {"metadata": {"a": "b"}})
    # The client's emulator is the catalog's: a second catalog would find the new thread.
    assert created.id in set(seen["catalog_factory"]().query_ids(CatalogQuery()))


def test_without_demo_the_app_opens_its_own_file(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = started(monkeypatch, Settings())
    assert seen["catalog_factory"] is None
