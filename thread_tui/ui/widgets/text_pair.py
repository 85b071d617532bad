"""Two texts drawn by one widget: a main line and, under it, a muted or error line.

The editor's header (title, then status) and the changes bar (summary, then why Submit
is blocked) each used a container with two labels; one widget per pair is cheaper to open.
The second line is one component class whose colour the `-failed` class turns to the error
colour (one style node rather than one per look: each is ~17 KiB of peak RSS).
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from thread_tui.ui.inert_text import made_inert, plain


class TextPair(Widget):
    COMPONENT_CLASSES = {"text-pair--second"}

    DEFAULT_CSS = """
    TextPair {
        height: auto;
        & > .text-pair--second {
            color: $text-muted;
        }
        &.-failed > .text-pair--second {
            color: $error;
        }
    }
    """

    def __init__(
        self, first: Text, second: str, *, error: bool = False, classes: str = "", **kwargs: object
    ) -> None:
        # Given here, the class costs no restyle after mounting.
        classes = f"{classes} -failed".strip() if error else classes
        super().__init__(classes=classes, **kwargs)  # type: ignore[arg-type]
        self.first = first
        self.second = second
        self.error = error

    def show(
        self, first: Text | None = None, second: str | None = None, error: bool | None = None
    ) -> None:
        """Change either text or the error state; redraws only when something changed."""
        new = (
            self.first if first is None else first,
            self.second if second is None else second,
            self.error if error is None else error,
        )
        if new != (self.first, self.second, self.error):
            self.first, self.second, self.error = new
            self.set_class(self.error, "-failed")  # restyles only when it changes
            self.refresh(layout=True)  # a longer text may wrap onto another line

    def render(self) -> Text:
        # Both may hold server text (an ID, an error, a request id): drawn inert.
        second = plain(self.second, self.get_component_rich_style("text-pair--second"))
        return Text.assemble(made_inert(self.first), "\n", second)
