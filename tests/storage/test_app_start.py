"""The app starts whatever the state directory holds: a recents list nested 100,000 levels
deep, a file that is not JSON, or one of the wrong shape is set aside with a warning that
names it, and the app shows the lookup screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_helpers import notes

from thread_tui.ui.screens.lookup import LookupScreen

CONTENTS = {
    "object-100000-deep": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "array-100000-deep": "[" * 100_000 + "]" * 100_000,
    "wrong-shape": '{"thread_abc123": 1}',
}


@pytest.mark.parametrize("name", list(CONTENTS))
async def test_the_app_starts_on_a_damaged_recents_file(
    make_app: Any, tmp_path: Path, name: str
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "recents.json").write_text(CONTENTS[name])
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        assert len([n for n in notes(app) if "recents.json" in n and "set aside" in n]) == 1
        await pilot.press(*"thread_abc123", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r.id for r in app.store.recents.items()] == ["thread_abc123"]
    assert len(list(state.glob("recents.json.corrupt-*"))) == 1
