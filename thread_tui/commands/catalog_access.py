"""Where the commands get the catalog: the state directory's `catalog.sqlite3`, or with `--demo`
an in-memory one pre-recorded with what the demo's emulator holds (the user's real file is never
touched by a demo).

Opening imports sqlite3: only the commands that use the catalog pay for it, after their work
(`get` prints its answer first, then records it in one short transaction).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from thread_tui.core.inert import inert

if TYPE_CHECKING:
    from thread_tui.emulator import Emulator
    from thread_tui.storage.catalog import Catalog


class _DemoFlag(Protocol):
    """Settings, or parsed arguments: anything with the `demo` flag."""

    @property
    def demo(self) -> bool: ...


def print_warning(message: str) -> None:
    print(f"warning: {inert(message)}", file=sys.stderr)


def open_catalog(
    source: _DemoFlag,
    *,
    emulator: Emulator | None = None,
    state_dir: Path | None = None,
    now: Callable[[], float] = time.time,
    on_warning: Callable[[str], None] | None = print_warning,
) -> Catalog:
    """The catalog for `source` (settings or arguments). With `demo`, an in-memory catalog
    holding every thread and conversation of `emulator` (a fresh demo emulator when None);
    else the file in `state_dir` (the per-user state directory by default). Never raises: a
    file that cannot be used gives an in-memory catalog and one warning to `on_warning`."""
    from thread_tui.storage.catalog import CATALOG_FILE, Catalog

    if getattr(source, "demo", False):
        catalog = Catalog.open(None, now=now)
        record_emulator(catalog, emulator if emulator is not None else demo_emulator(source, now))
        return catalog
    if state_dir is None:
        from thread_tui.storage.state_dir import default_state_dir

        state_dir = default_state_dir()
    return Catalog.open(state_dir / CATALOG_FILE, now=now, on_warning=on_warning)


def demo_emulator(source: object, now: Callable[[], float] = time.time) -> Emulator:
    """The emulator `--demo` talks to, as `commands.demo.build_client` builds it (Azure's when
    the settings ask for Azure), reading the app's clock."""
    from thread_tui.emulator import Emulator
    from thread_tui.emulator.seed_fleet import DEMO_SEED_COUNT  # made as they are read

    azure = bool(getattr(source, "azure", False))
    return Emulator(azure=azure, now=lambda: int(now()), seed_count=DEMO_SEED_COUNT)


def record_emulator(catalog: Catalog, emulator: Emulator) -> None:
    """Record every thread and conversation the emulator holds, in one transaction."""
    with emulator.lock:
        objects: list[Mapping[str, Any]] = [
            *emulator.threads.values(),
            *emulator.conversations.values(),
        ]
        catalog.record_many(objects)


def record_result(
    source: _DemoFlag,
    obj: Mapping[str, Any] | None = None,
    *,
    gone: str | None = None,
    state_dir: Path | None = None,
) -> None:
    """After a headless command: record the object the server answered with (a `*.deleted`
    answer marks it deleted), or mark `gone` deleted (a 404). Nothing in demo mode (the demo's
    catalog lives only as long as one process). Never raises."""
    if getattr(source, "demo", False) or (obj is None and gone is None):
        return
    catalog = open_catalog(source, state_dir=state_dir)
    try:
        if obj is not None:
            catalog.record(obj)
        if gone is not None:
            catalog.mark_deleted(gone)
    finally:
        catalog.close()
