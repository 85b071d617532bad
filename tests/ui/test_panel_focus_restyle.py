"""Moving the focus between fields of one panel restyles none of the panel's rows.

With the bright border drawn by `:focus-within`, Textual restyled the whole grid (every row,
field and component class) on each focus change inside it, and once more as the editor opened
and gave its first key field the focus: the editor took 1.33× a bare screen to paint instead
of 1.13× (bench/README.md). The border now follows a class that changes only when the focus
moves to another panel (tests/ui/test_focus_visible.py checks the colours).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from textual.dom import DOMNode

from thread_tui.ui.app import ThreadTuiApp
from thread_tui.ui.widgets.metadata_row import MetadataRow


@contextmanager
def restyles(app: ThreadTuiApp) -> Iterator[list[DOMNode]]:
    """The nodes Textual restyles (its stylesheet's update_nodes) while the block runs."""
    restyled: list[DOMNode] = []
    update_nodes = app.stylesheet.update_nodes

    def spy(nodes: Iterable[DOMNode], animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.extend(nodes)
        update_nodes(nodes, animate=animate)

    app.stylesheet.update_nodes = spy  # type: ignore[method-assign]
    try:
        yield restyled
    finally:
        app.stylesheet.update_nodes = update_nodes  # type: ignore[method-assign]


async def test_tab_between_fields_of_the_grid_restyles_no_row(
    make_app: Callable[..., ThreadTuiApp], open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        fields = list(editor.query("#grid Input"))
        fields[0].focus()
        await pilot.pause()
        with restyles(app) as restyled:
            for field in fields[1:4]:
                field.focus()
                await pilot.pause()
        assert app.screen.focused is fields[3]
        assert not [node for node in restyled if isinstance(node, MetadataRow)]


async def test_closing_the_editor_restyles_no_row(
    make_app: Callable[..., ThreadTuiApp], open_editor: Any
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, "thread_tools")
        editor.query_one("#grid Input").focus()
        await pilot.pause()
        with restyles(app) as restyled:
            await app.pop_screen()
            await pilot.pause()
        assert app.screen is not editor
        assert not [node for node in restyled if isinstance(node, MetadataRow)]
