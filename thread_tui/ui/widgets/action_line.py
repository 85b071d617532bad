"""A dialog's footer as one widget: a few lines of status, then a hint and clickable buttons.

Opening a dialog costs, in Textual, about as much per widget as its main widget does in
all: a Static per status line and three Buttons in a row made the value editor open in
1.5× the time of a bare modal with its TextArea. Here the status lines are lines of one
widget and each button a few styled cells of its last line; a click runs the button's
action on the screen, as the key it names does.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget


@dataclass(frozen=True)
class LineButton:
    """A button drawn on the line: its label, and the screen action a click runs."""

    label: str
    action: str
    primary: bool = False


class ActionLine(Widget):
    DEFAULT_CSS = """
    ActionLine {
        height: auto;
        width: 1fr;
        color: $text-muted;
        & > .action-line--button {
            background: $panel;
            color: $text;
            text-style: bold;
        }
        & > .action-line--primary {
            background: $primary-darken-2;  /* light text on $primary is 3.8:1 */
            color: $text;
            text-style: bold;
        }
        & > .action-line--ok {
            color: $text-muted;
        }
        & > .action-line--warning {
            color: $text-warning;
        }
        & > .action-line--error {
            color: $text-error;
        }
    }
    """

    COMPONENT_CLASSES = {
        "action-line--button",
        "action-line--primary",
        "action-line--ok",
        "action-line--warning",
        "action-line--error",
    }
    auto_links = False  # the buttons carry click actions; they are not links

    def __init__(
        self,
        hint: str,
        buttons: list[LineButton],
        lines: list[tuple[str, str]] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """`lines`: (text, level) above the buttons, the level ok, warning or error."""
        super().__init__(id=id)
        self.hint = hint
        self.buttons = buttons
        self.lines = lines or []

    def update(
        self, *, lines: list[tuple[str, str]] | None = None, buttons: list[LineButton] | None = None
    ) -> None:
        if lines is not None:
            self.lines = lines
        if buttons is not None:
            self.buttons = buttons
        self.refresh(layout=True)  # a status line may wrap onto more lines

    def render(self) -> RenderResult:
        # Styles are read at paint time, so a theme change shows on the next paint.
        parts = []
        for button in self.buttons:
            name = "action-line--primary" if button.primary else "action-line--button"
            part = Content.styled(f" {button.label} ", self.get_visual_style(name))
            parts.append(part.stylize(f"@click=screen.{button.action}"))
        buttons = Content(" ").join(parts)
        width = self.size.width
        gap = max(width - len(self.hint) - buttons.cell_length, 1)
        rows = [
            Content.styled(text, self.get_visual_style(f"action-line--{level}"))
            for text, level in self.lines
        ]
        rows.append(Content.assemble(self.hint, " " * gap, buttons))
        return Content("\n").join(rows)
