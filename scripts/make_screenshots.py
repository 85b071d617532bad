"""Regenerate the SVG screenshots in screenshots/ from the demo (fixed clock, seeded data).

python scripts/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from thread_tui.api import ApiClient
from thread_tui.core.secret import SecretStr
from thread_tui.core.settings import Settings
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, FIXED_NOW, Emulator
from thread_tui.ui.app import ThreadTuiApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (120, 40)
Scene = Callable[[Any, Any, Emulator], Awaitable[None]]


def new_app(emulator: Emulator) -> ThreadTuiApp:
    settings = Settings(api_key=SecretStr(DEMO_API_KEY), base_url=DEMO_BASE_URL, demo=True)

    async def no_sleep(_: float) -> None:
        return None

    app = ThreadTuiApp(
        client=ApiClient(settings, transport=emulator.transport(), sleep=no_sleep),
        settings=settings,
        now=lambda: float(FIXED_NOW),
        state_dir=Path(tempfile.mkdtemp(prefix="thread-tui-shots-")),
        cursor_blink=False,
    )
    recents = app.store.recents
    recents.record("thread_tools", FIXED_NOW - 3 * 86_400)
    recents.record("conv_abc123", FIXED_NOW - 2 * 3600)
    recents.record("thread_abc123", FIXED_NOW - 300)
    recents.toggle_pin("thread_tools")
    return app


async def open_editor(app: Any, pilot: Any, resource_id: str) -> Any:
    from thread_tui.ui.screens.editor import EditorScreen

    resource = await app.client.get_resource(resource_id)
    exchange = dataclasses.replace(app.client.last_exchange, elapsed_ms=12.0)
    screen = EditorScreen(resource, exchange)
    await app.push_screen(screen)
    await pilot.pause()
    await app.workers.wait_for_complete()  # the tools panel's names and sizes
    await pilot.pause()
    return screen


async def edit(screen: Any, pilot: Any) -> None:
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    rows = list(screen.query(MetadataRow))
    rows[0].value_input.value = "false"
    await pilot.press("ctrl+n")
    new = list(screen.query(MetadataRow))[-1]
    new.key_input.value = "env"
    new.value_input.value = "prod"
    await pilot.pause()


async def lookup(app: Any, pilot: Any, emulator: Emulator) -> None:
    await pilot.pause()


async def editor(app: Any, pilot: Any, emulator: Emulator) -> None:
    screen = await open_editor(app, pilot, "thread_tools")
    await edit(screen, pilot)


async def limit_error(app: Any, pilot: Any, emulator: Emulator) -> None:
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    screen = await open_editor(app, pilot, "thread_full16")
    await pilot.press("ctrl+n")
    row = list(screen.query(MetadataRow))[-1]
    row.key_input.value = "customer_reference_" + "x" * 46
    row.value_input.value = "one pair too many"
    await pilot.pause()


async def file_picker(app: Any, pilot: Any, emulator: Emulator) -> None:
    await open_editor(app, pilot, "thread_abc123")
    await pilot.press("ctrl+f")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(*"report")
    await pilot.pause()


async def confirm(app: Any, pilot: Any, emulator: Emulator) -> None:
    screen = await open_editor(app, pilot, "thread_abc123")
    await edit(screen, pilot)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def inspector(app: Any, pilot: Any, emulator: Emulator) -> None:
    await confirm(app, pilot, emulator)
    await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def copy_as(app: Any, pilot: Any, emulator: Emulator) -> None:
    screen = await open_editor(app, pilot, "thread_abc123")
    await edit(screen, pilot)
    await pilot.press("ctrl+y")
    await pilot.pause()


async def value_editor(app: Any, pilot: Any, emulator: Emulator) -> None:
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    screen = await open_editor(app, pilot, "thread_longvalues")
    row = list(screen.query(MetadataRow))[1]  # summary: 510 of 512 characters
    row.value_input.focus()
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    from textual.widgets import TextArea

    area = app.screen.query_one(TextArea)
    area.move_cursor(area.document.end)
    await pilot.press(*" Call back Monday.")
    await pilot.pause()


async def help_screen(app: Any, pilot: Any, emulator: Emulator) -> None:
    await pilot.press("f1")
    await pilot.pause()


SCENES: dict[str, Scene] = {
    "lookup": lookup,
    "editor": editor,
    "limit-error": limit_error,
    "file-picker": file_picker,
    "confirm": confirm,
    "inspector": inspector,
    "copy-as": copy_as,
    "value-editor": value_editor,
    "help": help_screen,
}


async def shoot(name: str, scene: Scene) -> Path:
    emulator = Emulator()
    app = new_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await scene(app, pilot, emulator)
        await pilot.pause()
        path = OUT / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"thread_tui — {name}"), encoding="utf-8")
    return path


async def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, scene in SCENES.items():
        print(await shoot(name, scene))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
