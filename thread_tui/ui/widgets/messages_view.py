"""The editor's read-only Messages tab: a thread's messages or a conversation's items, newest
first, one line each, filled page by page.

Built and fetched only when the tab is first opened, so none of it is on the editor's first
paint. Pages come from the client's page iterators in a worker, which posts each page (or
the failure) back as a message; the list never blocks. Reaching the end of the list, or
Enter on its last line, loads the next page; after a failure the same line retries from
where the list stopped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from thread_tui.core.humanize import ago, is_valid_timestamp, when
from thread_tui.core.ids import ResourceKind
from thread_tui.core.transcript import TranscriptRow, clean, item_row, message_row
from thread_tui.ui.context import tui
from thread_tui.ui.inert_text import inert_content, made_inert, plain
from thread_tui.ui.workers import safe_work

PAGE_SIZE = 20
MORE_ID = "more"
ROLE_WIDTH = 11
# Relative time only: the full UTC time is in the detail pane, and a narrow terminal needs
# the width for the text.
WHEN_WIDTH = 14
FILES_WIDTH = 9
TYPE_WIDTH = 22


def _cell(text: str, width: int) -> str:
    return text[: width - 1].ljust(width)


class TranscriptList(OptionList):
    """An OptionList that stops at its ends: wrapping round from the last line to the first
    would jump from the oldest loaded message back to the newest."""

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        index = self.highlighted + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction


class MessagesView(Vertical):
    """The list, a detail pane for the highlighted line, and a status line."""

    # Its own CSS, loaded with the class on the first switch: none of it on the first paint.
    DEFAULT_CSS = """
    MessagesView {
        height: 1fr;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
        #messages-head {
            height: 1;
            color: $text-muted;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #messages-list {
            height: 1fr;
            border: none;
            padding: 0;
            background: transparent;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        #messages-detail {
            height: auto;
            max-height: 7;
            border-top: solid $panel;
            color: $text;
        }
        #messages-status {
            height: 1;
            color: $text-muted;
        }
        #messages-status.-error {
            height: auto;
            color: $error;
        }
    }
    """

    BINDINGS = [
        Binding("escape", "screen.show_view('edit')", "Edit", id="messages.edit"),
        Binding("r", "reload", "Reload list", id="messages.reload"),
    ]

    class PageLoaded(Message):
        """A page arrived (its rows may be none: the list is empty or at its end)."""

        def __init__(self, rows: list[TranscriptRow], has_more: bool) -> None:
            super().__init__()
            self.rows = rows
            self.has_more = has_more

    class PageFailed(Message):
        """A page could not be loaded; `text` is the error as a sentence."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, resource_id: str, kind: ResourceKind, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.resource_id = resource_id
        self.kind = kind
        self.rows: list[TranscriptRow] = []
        self.has_more = True
        self.loading_page = False
        self.failed = False
        self._pages: AsyncIterator[Any] | None = None

    @property
    def noun(self) -> str:
        return "message" if self.kind is ResourceKind.THREAD else "item"

    def compose(self) -> ComposeResult:
        yield Static(self._head(), id="messages-head")
        yield TranscriptList(id="messages-list")
        yield Static("", id="messages-detail")
        yield Static("", id="messages-status")

    def on_mount(self) -> None:
        self.border_title = f"{self.noun.capitalize()}s · read-only"
        self.focus_list()
        self.load_next()

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#messages-list", OptionList)

    def focus_list(self) -> None:
        # At once, not deferred as focus() is: the list cannot take the focus while the
        # first page's loading indicator covers it.
        self.screen.set_focus(self.option_list)

    # -- loading --------------------------------------------------------------------------

    def load_next(self) -> None:
        """Fetch the next page, unless one is on its way or there is none."""
        if self.loading_page or not self.has_more:
            return
        self.loading_page = True
        self.failed = False
        if not self.rows:
            self.option_list.loading = True
        self._set_more_line()
        self._status(f"Loading {self.noun}s…")
        self._fetch()

    @safe_work(group="messages")
    async def _fetch(self) -> None:
        from thread_tui.api import ClientError

        try:
            if self._pages is None:
                self._pages = self._open_pages()
            page = await anext(self._pages, None)
        except ClientError as exc:
            self._pages = None  # a failed generator is finished: resume from the cursor
            self.post_message(self.PageFailed(exc.user_message()))
            return
        if page is None:
            self.post_message(self.PageLoaded([], False))
            return
        rows = [self._to_row(item) for item in page.data]
        self.post_message(self.PageLoaded(rows, bool(page.has_more) and bool(rows)))

    def _to_row(self, entry: Any) -> TranscriptRow:
        """The line of one message or item; one that cannot be summarised (a bug, not the
        data: the models take any shape) is a placeholder, never the end of the list."""
        try:
            if self.kind is ResourceKind.THREAD:
                return message_row(entry)
            return item_row(entry)
        except Exception as exc:  # one line must not take the page down
            entry_id = getattr(entry, "id", None)
            return TranscriptRow(
                id=entry_id if isinstance(entry_id, str) else "",
                role="",
                kind="message" if self.kind is ResourceKind.THREAD else "item",
                text=clean(f"(this {self.noun} could not be shown: {type(exc).__name__})"),
            )

    def _open_pages(self) -> AsyncIterator[Any]:
        client = tui(self).client
        after = self.rows[-1].id if self.rows else None
        if self.kind is ResourceKind.THREAD:
            return client.iter_message_pages(self.resource_id, page_size=PAGE_SIZE, after=after)
        return client.iter_conversation_item_pages(
            self.resource_id, page_size=PAGE_SIZE, after=after
        )

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        event.stop()
        self.loading_page = False
        self.has_more = event.has_more
        if not event.has_more:
            self._pages = None
        options = self.option_list
        options.loading = False
        first_new = len(self.rows)
        on_more = options.highlighted is not None and options.highlighted >= first_new
        self._remove_more_line()
        now = tui(self).now()
        options.add_options(Option(self._line(row, now)) for row in event.rows)
        self.rows.extend(event.rows)
        self._set_more_line()
        if self.rows and (options.highlighted is None or on_more):
            # The line that said "load more" becomes the first of the new page.
            options.highlighted = min(first_new, len(self.rows) - 1)
        self._summary()

    @on(PageFailed)
    def _page_failed(self, event: PageFailed) -> None:
        event.stop()
        self.loading_page = False
        self.failed = True
        self.option_list.loading = False
        self._set_more_line()
        if not self.rows:
            self.option_list.highlighted = 0  # the retry line: Enter retries
        self._status(f"Could not load the {self.noun}s: {event.text}", error=True)

    def action_reload(self) -> None:
        """Start again from the newest page."""
        if self.loading_page:
            return
        self.rows.clear()
        self._pages = None
        self.has_more = True
        self.option_list.clear_options()
        self.query_one("#messages-detail", Static).update("")
        self.load_next()

    # -- the list ---------------------------------------------------------------------------

    def _has_more_line(self) -> bool:
        try:
            self.option_list.get_option(MORE_ID)
        except OptionDoesNotExist:
            return False
        return True

    def _remove_more_line(self) -> None:
        if self._has_more_line():
            self.option_list.remove_option(MORE_ID)

    def _set_more_line(self) -> None:
        """The list's last line: load more, loading…, or retry; none at the end. Never
        disabled: disabling the highlighted line would move the highlight to the top."""
        if self.loading_page and self.rows:
            prompt = f"  Loading more {self.noun}s…"
        elif self.failed:
            prompt = "  ↻ Retry (Enter)"
        elif self.has_more and self.rows and not self.loading_page:
            prompt = f"  ↓ Load more {self.noun}s (Enter)"
        else:
            self._remove_more_line()
            return
        line = Text(prompt, style="italic")
        if self._has_more_line():
            self.option_list.replace_option_prompt(MORE_ID, line)
        else:
            self.option_list.add_option(Option(line, id=MORE_ID))

    @on(OptionList.OptionHighlighted, "#messages-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id == MORE_ID:
            if not self.failed:  # reaching the end loads on; a failure waits for Enter
                self.load_next()
            return
        if 0 <= event.option_index < len(self.rows):
            self._detail(self.rows[event.option_index])

    @on(OptionList.OptionSelected, "#messages-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE_ID:
            self.load_next()

    # -- text ---------------------------------------------------------------------------------

    def _head(self) -> str:
        head = _cell("role", ROLE_WIDTH)
        if self.kind is ResourceKind.THREAD:
            head += _cell("created", WHEN_WIDTH) + _cell("files", FILES_WIDTH)
        else:
            head += _cell("type", TYPE_WIDTH)
        return head + "text"

    def _line(self, row: TranscriptRow, now: float) -> Content:
        parts: list[tuple[str, str] | str] = [(_cell(row.role or "·", ROLE_WIDTH), "bold")]
        if self.kind is ResourceKind.THREAD:
            created = row.created_at
            if not created:
                age = "–"
            elif is_valid_timestamp(created):
                age = ago(created, now)
            else:
                age = "invalid time"  # the detail pane shows the number
            parts += [(_cell(age, WHEN_WIDTH), "italic"), (_cell(row.files, FILES_WIDTH), "")]
        else:
            parts.append((_cell(row.kind_and_files, TYPE_WIDTH), "italic"))
        parts.append(row.preview)
        return inert_content(Content.assemble(*parts))

    def _detail(self, row: TranscriptRow) -> None:
        text = Text()
        text.append(" ".join(clean(row.id).split()) or "(no id)", style="bold")
        text.append(f" · {row.role or row.kind}")
        if row.created_at:
            text.append(f" · {when(row.created_at, tui(self).now())}")
        if row.file_ids:
            text.append(f"\nAttached: {', '.join(row.file_ids)}")
        text.append("\n" + (row.text or "(no text)"))
        self.query_one("#messages-detail", Static).update(made_inert(text))

    def _summary(self) -> None:
        count = len(self.rows)
        if not count:
            whose = "thread" if self.kind is ResourceKind.THREAD else "conversation"
            self._status(f"This {whose} has no {self.noun}s.")
            return
        plural = "" if count == 1 else "s"
        more = " · more below: ↓ to the end loads them" if self.has_more else ""
        self._status(f"{count} {self.noun}{plural}, newest first · read-only{more}")

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#messages-status", Static)
        status.update(plain(text))
        status.set_class(error, "-error")
