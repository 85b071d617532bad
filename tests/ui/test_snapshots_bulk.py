"""SVG snapshots of the bulk editor (every object checked, one refused, one not found), its
review, the confirm and the progress view at the end of a run, at 80x24 and 120x40, and the
dialog that takes pasted IDs.

Deterministic as the other snapshot tests: fixed clock and size, seeded emulator, no cursor
blink; the run is paced with one worker, so the outcomes come in the IDs' order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from bulk_openers import confirm, ids_dialog, progress, review, with_change

from thread_tui.ui.app import ThreadTuiApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
OPENERS = {
    "bulk-editor": with_change(("owner", "ana")),
    "bulk-review": review,
    "bulk-confirm": confirm,
    "bulk-progress": progress,
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(OPENERS))
def test_bulk_screen(
    name: str, size: str, snap_compare: Any, make_app: Callable[..., ThreadTuiApp]
) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES[size], run_before=OPENERS[name])


def test_pasted_ids_dialog(snap_compare: Any, make_app: Callable[..., ThreadTuiApp]) -> None:
    assert snap_compare(make_app(), terminal_size=SIZES["80x24"], run_before=ids_dialog)
