"""The value editor (F2 on a metadata key or value): the whole text, wrapped over many lines.

A grid field is one line wide, so a long value shows only a part at a time; here the whole
value is shown and edited in a TextArea with soft wrap, its `n/512` counter (`n/64` for a
key) kept live and the part past the limit marked. Newlines can be typed into a value (a key
is one line: Enter is refused, pasted line breaks are removed). A value holding a JSON
object or array can be laid out (Ctrl+J) and is compacted back on apply. Ctrl+S applies,
Esc cancels (asking first when the edit would change the value).

In --read-only mode (or for a value holding characters the editor cannot keep exactly: a
control, CR, a bidi override) the screen is a viewer of the inert text: it scrolls, can be
selected and copied, and n / p walk through the pairs in read-only mode.

The screen is dismissed with the new text, or None when nothing is applied.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import TextArea

from thread_tui.core import limits
from thread_tui.core.inert import inert
from thread_tui.core.value_text import (
    ApplyRefused,
    apply_text,
    editable_exactly,
    json_counted,
    one_line,
    over_from,
    pretty_json,
)
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import plain
from thread_tui.ui.widgets.action_line import ActionLine, LineButton
from thread_tui.ui.widgets.counter import Count

STYLES = Path(__file__).parent.parent / "styles"
Field = Literal["key", "value"]


class ValueArea(TextArea):
    """A TextArea that marks the characters past `limit` (through `get_line`, the hook
    TextArea offers for styling its lines)."""

    COMPONENT_CLASSES = TextArea.COMPONENT_CLASSES | {"value-area--over"}

    def __init__(self, text: str, *, limit: int, **kwargs: object) -> None:
        super().__init__(text, **kwargs)  # type: ignore[arg-type]
        self.limit = limit
        self.mark_over = True
        self._over: tuple[str, dict[int, int]] | None = None

    def set_blink(self, blink: bool) -> ValueArea:
        self.cursor_blink = blink
        # A value is often one long line, wrapped: the cursor line's style would cover all
        # of it, and over the over-limit mark (TextArea styles that line after get_line).
        self.highlight_cursor_line = False
        return self

    def over_columns(self) -> dict[int, int]:
        """Line → column where the over-limit part begins (cached per text)."""
        text = self.text
        if self._over is None or self._over[0] != text:
            self._over = (text, over_from(list(self.document.lines), self.limit))
        return self._over[1]

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if self.mark_over and len(self.document.text) > self.limit:
            start = self.over_columns().get(line_index)
            if start is not None:
                line.stylize(self.get_component_rich_style("value-area--over"), start)
        return line


class ValueEditorScreen(ModalScreen[str | None]):
    """Edit (or view) one key or value in full; dismissed with the text to apply or None."""

    CSS_PATH = STYLES / "value_editor.tcss"
    AUTO_FOCUS = "#value-area"
    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", priority=True, id="value_editor.apply"),
        Binding("escape", "cancel", "Cancel", id="value_editor.cancel"),
        Binding("ctrl+j", "toggle_json", "JSON", priority=True, id="value_editor.json"),
        # A key is one line: Enter would type a newline into the TextArea.
        Binding("enter", "refuse_newline", show=False, priority=True, id="value_editor.key_enter"),
        Binding("n", "walk(1)", "Next pair", show=False, id="value_editor.next"),
        Binding("p", "walk(-1)", "Previous pair", show=False, id="value_editor.previous"),
        Binding("c", "copy_all", "Copy", show=False, id="value_editor.copy"),
    ]

    def __init__(
        self,
        pairs: Sequence[tuple[str, str]],
        index: int = 0,
        *,
        field: Field = "value",
        read_only: bool = False,
    ) -> None:
        """`pairs`: (key, value) of the rows; the one at `index` is shown, its `field`.
        Editing takes one pair; a read-only viewer walks through all of them."""
        super().__init__()
        self.pairs = list(pairs) or [("", "")]
        self.index = min(max(index, 0), len(self.pairs) - 1)
        self.field: Field = field
        self.read_only_mode = read_only
        self.limit = limits.MAX_KEY_CHARS if field == "key" else limits.MAX_VALUE_CHARS
        self.json_mode = False
        self._load_pair()

    # -- which text, and how it is shown ------------------------------------------------

    def _load_pair(self) -> None:
        key, value = self.pairs[self.index]
        self.original = key if self.field == "key" else value
        # A text the TextArea would not give back exactly (or would draw raw) is only shown.
        self.exact = editable_exactly(self.original)
        self.viewer = self.read_only_mode or not self.exact
        self.json_mode = False

    def _shown_text(self) -> str:
        return self.original if self.exact else inert(self.original, keep_newlines=True)

    def _title(self) -> Text:
        key = self.pairs[self.index][0]
        verb = "Viewing" if self.viewer else "Editing"
        title = Text(f"{verb} a key: " if self.field == "key" else f"{verb} the value of ")
        title.append_text(plain(f"“{key}”" if key else "(empty key)", lines=False))
        if self.read_only_mode and len(self.pairs) > 1:
            title.append(f" · pair {self.index + 1} of {len(self.pairs)}")
        return title

    def _hint(self) -> str:
        # The buttons name their keys; this line says what they do not.
        if self.read_only_mode:
            return "n / p: other pairs" if len(self.pairs) > 1 else "Read-only mode"
        if self.viewer:
            return "Shown only"
        return "One line: no Enter" if self.field == "key" else "Enter: new line"

    def compose(self) -> ComposeResult:
        # Two widgets (each costs about as much as the TextArea to open): the title is the
        # text area's border title; status, note and buttons are lines of one ActionLine.
        area = ValueArea(
            self._shown_text(),
            limit=self.limit,
            soft_wrap=True,
            read_only=self.viewer,
            show_cursor=True,
            id="value-area",
        ).set_blink(tui(self).cursor_blink)
        area.border_title = self._title()
        yield area
        yield ActionLine(
            self._hint(), self._buttons(), self._lines(self._shown_text()), id="value-footer"
        )

    def _buttons(self) -> list[LineButton]:
        buttons = [LineButton(self._json_label(), "toggle_json")] if self.field == "value" else []
        if self.viewer:
            return [
                *buttons,
                LineButton("Copy (c)", "copy_all"),
                LineButton("Close (Esc)", "cancel"),
            ]
        return [
            *buttons,
            LineButton("Apply (Ctrl+S)", "apply", primary=True),
            LineButton("Cancel (Esc)", "cancel"),
        ]

    def _json_label(self) -> str:
        return "Plain (Ctrl+J)" if self.json_mode else "JSON (Ctrl+J)"

    def _inexact_note(self) -> str:
        return (
            "This text holds control or line-break characters (drawn as ␛, ␍ or �) that the "
            "editor cannot keep as they are, so it is only shown. Edit it in its row."
        )

    @property
    def area(self) -> ValueArea:
        return self.query_one(ValueArea)

    # -- the live counter -----------------------------------------------------------------

    def _status(self, text: str) -> tuple[str, str]:
        """The counter line for `text` as shown, and its level (ok, warning, error)."""
        if self.json_mode:
            count, error = json_counted(text)
            if count is None:
                return f"JSON · {error}", "error"
            counter = Count(count, self.limit)
            line = f"JSON · compacted {counter.text}"
            if count > self.limit:
                line += f" · {count - self.limit} over the limit: shorten it to apply"
            return line, counter.level
        counted = len(self.original) if not self.exact else len(text)
        counter = Count(counted, self.limit)
        line = counter.text
        if counted > self.limit:
            line += f" · {counted - self.limit} over the limit (marked): shorten it to send"
        elif self.field == "value" and not self.viewer and _holds_json(text):
            line += " · holds JSON: Ctrl+J lays it out"
        return line, counter.level

    def _lines(self, text: str) -> list[tuple[str, str]]:
        lines = [self._status(text)]
        if not self.exact:
            lines.append((self._inexact_note(), "warning"))
        return lines

    @property
    def status_text(self) -> str:
        """The counter line as shown now."""
        return self.query_one(ActionLine).lines[0][0]

    def _show_status(self) -> None:
        self.query_one(ActionLine).update(lines=self._lines(self.area.text))

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        area = self.area
        if self.field == "key" and ("\n" in area.text or "\r" in area.text):
            # A paste: a key is one line, so its line breaks go (and the user is told).
            area.replace(one_line(area.text), area.document.start, area.document.end)
            self.notify("A key is one line: the line breaks were removed.", severity="warning")
            return
        self._show_status()

    # -- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "refuse_newline":
            return self.field == "key" and not self.viewer
        if action == "walk":
            return self.read_only_mode and len(self.pairs) > 1
        if action == "copy_all":
            return self.viewer
        if action == "toggle_json":
            return self.field == "value"
        return True

    def action_refuse_newline(self) -> None:
        self.notify("A key is one line: it cannot hold a newline.", severity="warning")

    def _result(self) -> str:
        """What apply would put into the row; ApplyRefused when it cannot."""
        return apply_text(self.original, self.area.text, json_mode=self.json_mode, limit=self.limit)

    def action_apply(self) -> None:
        if self.viewer:
            why = (
                "Read-only mode (--read-only): this is a viewer, nothing can be changed."
                if self.read_only_mode
                else "This text can only be shown here: edit it in its row."
            )
            self.notify(why, severity="warning", title="Nothing applied")
            return
        try:
            result = self._result()
        except ApplyRefused as refused:
            self.notify(str(refused), severity="error", title="Nothing applied")
            return
        self.dismiss(None if result == self.original else result)

    def _changed_value(self) -> bool:
        if self.viewer:
            return False
        try:
            return self._result() != self.original
        except ApplyRefused:
            return True

    def action_cancel(self) -> None:
        if not self._changed_value():
            self.dismiss(None)
            return
        from thread_tui.ui.screens.dialogs import YesNoScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            YesNoScreen(
                "Discard this edit?",
                f"The {self.field} keeps what it had before; what you typed here is dropped.",
                yes="Discard edit",
                no="Keep editing",
            ),
            answer,
        )

    def action_toggle_json(self) -> None:
        area = self.area
        text = area.text
        if not self.json_mode:
            try:
                pretty = pretty_json(text if self.exact else self.original)
            except ValueError as error:
                self.notify(f"Not laid out: {error}.", severity="warning", title="JSON")
                return
            self.json_mode = True
            self._replace_all(pretty)
        elif self.viewer:
            self.json_mode = False
            self._replace_all(self._shown_text())
        else:
            self.json_mode = False
            try:
                # Compacted whatever its length: plain text marks what is over the limit.
                back = apply_text(self.original, text, json_mode=True, limit=sys.maxsize)
            except ApplyRefused:
                self.notify("Not valid JSON: kept as typed, as plain text.", severity="warning")
                back = text
            self._replace_all(back)
        area.mark_over = not self.json_mode
        self.query_one(ActionLine).update(buttons=self._buttons())
        self._show_status()

    def _replace_all(self, text: str) -> None:
        area = self.area
        if area.read_only:
            area.load_text(text)
        else:  # an edit, so Ctrl+Z takes it back
            area.replace(text, area.document.start, area.document.end)
            area.move_cursor(area.document.start)

    def action_walk(self, step: int) -> None:
        self.index = (self.index + step) % len(self.pairs)
        self._load_pair()
        area = self.area
        area.mark_over = True
        area.load_text(self._shown_text())
        area.border_title = self._title()
        self.query_one(ActionLine).update(buttons=self._buttons())
        self._show_status()

    def action_copy_all(self) -> None:
        self.app.copy_to_clipboard(self.area.text)
        self.notify(f"Copied the whole {self.field} ({len(self.area.text)} characters).")


def _holds_json(text: str) -> bool:
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        pretty_json(text)
    except ValueError:
        return False
    return True
