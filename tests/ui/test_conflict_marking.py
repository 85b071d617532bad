"""The conflict dialog's words and its drawing agree: it said "keys in yellow" and drew them
orange (the theme's yellow). It now names no colour: the keys changed on the server are
underlined, the message says so, and no other key is."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from textual.geometry import Region
from textual.widgets import Static

from thread_tui.core.draft import Draft
from thread_tui.core.rebase import drift
from thread_tui.ui.screens.conflict import ConflictScreen

COLOURS = re.compile(r"\b(yellow|orange|red|green|blue|cyan|magenta|purple|amber)\b", re.I)


def drawn_segments(widget: Static) -> list[tuple[str, Any]]:
    """Each (text, style) the widget draws."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [(s.text, s.style) for strip in widget.render_lines(region) for s in strip]


async def test_the_changed_keys_are_marked_as_the_message_says(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        loaded = await app.client.get_resource("thread_abc123")
        draft = Draft.from_resource(loaded)
        draft.set_value(0, "mine")  # "modified": changed by me only
        now = dataclasses.replace(loaded, metadata={**(loaded.metadata or {}), "user": "theirs"})
        await app.push_screen(ConflictScreen(draft, now, drift(draft, now)))
        await pilot.pause()
        texts = [str(w.render()) for w in app.screen.query(Static)]
        [message] = [t for t in texts if "someone else" in t]
        assert not COLOURS.search(message), message
        assert message.startswith("Underlined keys were changed by someone else")
        drawn = [drawn_segments(w) for w in app.screen.query(Static)]
        [table] = [d for d in drawn if "server now" in "".join(text for text, _ in d)]
        styles = {text.strip(): style for text, style in table if text.strip()}
        assert styles["user"].underline  # changed on the server
        assert not styles["modified"].underline  # changed by me only
        assert not styles["key"].underline  # the header
