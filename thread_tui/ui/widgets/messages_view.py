"""The editor's Messages tab: a thread's messages or a conversation's items, newest first,
one line each, filled page by page; Enter shows one in full (its JSON as the server sent
it), `a` adds message items to a conversation, `d` deletes the highlighted entry behind a
confirm, `e` edits a thread message's metadata.

Built and fetched only when the tab is first opened, so none of it is on the editor's first
paint. Pages come from the client's raw page calls in a worker, which posts each page (or
the failure) back as a message; the list never blocks. Reaching the end of the list, or
Enter on its last line, loads the next page; after a failure the same line retries from
where the list stopped. Each row keeps its entry's JSON for the detail screen.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from thread_tui.core.transcript import TranscriptRow, clean, item_row_of, message_row_of
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


def lenient_page(error: Any) -> dict[str, Any] | None:
    """The list object a ResponseFormatError refused for one malformed entry, so the tab can
    show that entry as a line of its own and the rest of the page as usual; None when the
    answer is not a list object at all (then the page failed)."""
    exchange = getattr(error, "exchange", None)
    if exchange is None:
        return None
    try:
        data = exchange.json()
    except ValueError:
        return None
    if (
        isinstance(data, dict)
        and data.get("object") == "list"
        and isinstance(data.get("data"), list)
    ):
        return data
    return None


def _cell(text: str, width: int) -> str:
    return text[: width - 1].ljust(width)


class TranscriptList(OptionList):
    """An OptionList that stops at its ends: wrapping round from the last line to the first
    would jump from the oldest loaded message back to the newest. Enter on a line shows
    it in full (on the last line it loads more), and says so in the key bar."""

    BINDINGS = [Binding("enter", "select", "Detail", id="messages.detail")]

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
        Binding("a", "add_items", "Add", id="messages.add"),
        Binding("e", "edit_message", "Edit metadata", id="messages.edit_message"),
        Binding("d,delete", "delete_entry", "Delete", id="messages.delete"),
        Binding("r", "reload", "Reload list", id="messages.reload"),
    ]

    class PageLoaded(Message):
        """A page arrived (its rows may be none: the list is empty or at its end)."""

        def __init__(
            self, rows: list[TranscriptRow], has_more: bool, cursor: str | None = None
        ) -> None:
            super().__init__()
            self.rows = rows
            self.has_more = has_more
            self.cursor = cursor

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
        self.busy = False  # a delete on its way: one at a time
        self._reload_wanted = False
        self._cursor: str | None = None  # `after` for the next page
        self._seen_cursors: set[str] = set()
        self._queue: Any = None  # the add dialog's AddQueue, made on the first `a`

    @property
    def noun(self) -> str:
        return "message" if self.kind is ResourceKind.THREAD else "item"

    def compose(self) -> ComposeResult:
        yield Static(self._head(), id="messages-head")
        yield TranscriptList(id="messages-list")
        yield Static("", id="messages-detail")
        yield Static("", id="messages-status")

    def on_mount(self) -> None:
        read_only = " · read-only" if tui(self).read_only else ""
        self.border_title = f"{self.noun.capitalize()}s{read_only}"
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
        from thread_tui.api import ClientError, ResponseFormatError

        client = tui(self).client
        page: dict[str, Any] | None
        try:
            if self.kind is ResourceKind.THREAD:
                page = await client.list_messages_page(
                    self.resource_id, limit=PAGE_SIZE, after=self._cursor
                )
            else:
                page = await client.list_items_page(
                    self.resource_id, limit=PAGE_SIZE, after=self._cursor
                )
        except ResponseFormatError as exc:
            page = lenient_page(exc)
            if page is None:
                self.post_message(self.PageFailed(exc.user_message()))
                return
        except ClientError as exc:
            self.post_message(self.PageFailed(exc.user_message()))
            return
        data = page.get("data")
        entries = data if isinstance(data, list) else []
        rows = [self._to_row(entry) for entry in entries]
        last_id = page.get("last_id")
        if not isinstance(last_id, str) or not last_id:
            last_id = rows[-1].id if rows else None
        # A server that repeats a cursor would page forever: stop there instead.
        has_more = page.get("has_more") is True and bool(rows) and bool(last_id)
        if last_id in self._seen_cursors:
            has_more = False
        self.post_message(self.PageLoaded(rows, has_more, last_id))

    def _to_row(self, entry: Any) -> TranscriptRow:
        """The line of one message or item; one that cannot be summarised (a bug, not the
        data: the models take any shape) is a placeholder, never the end of the list."""
        try:
            if self.kind is ResourceKind.THREAD:
                return message_row_of(entry)
            return item_row_of(entry)
        except Exception as exc:  # one line must not take the page down
            entry_id = entry.get("id") if isinstance(entry, dict) else None
            return TranscriptRow(
                id=entry_id if isinstance(entry_id, str) else "",
                role="",
                kind="message" if self.kind is ResourceKind.THREAD else "item",
                text=clean(f"(this {self.noun} could not be shown: {type(exc).__name__})"),
                raw=entry,
            )

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        event.stop()
        self.loading_page = False
        self.has_more = event.has_more
        if event.cursor:
            self._cursor = event.cursor
            self._seen_cursors.add(event.cursor)
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
        if self._reload_wanted:
            self.action_reload()

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
        if self._reload_wanted:
            self.action_reload()

    def action_reload(self) -> None:
        """Start again from the newest page (once the page on its way has come, if one is:
        the items just added must show)."""
        if self.loading_page:
            self._reload_wanted = True
            return
        self._reload_wanted = False
        self.rows.clear()
        self._cursor = None
        self._seen_cursors.clear()
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
        elif 0 <= event.option_index < len(self.rows):
            self._open_detail(self.rows[event.option_index])

    # -- detail, add, delete, edit --------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Items are added to a conversation; a thread's messages have metadata to edit.
        if action == "add_items":
            return self.kind is ResourceKind.CONVERSATION
        if action == "edit_message":
            return self.kind is ResourceKind.THREAD
        return True

    def _highlighted_row(self) -> TranscriptRow | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def _refused(self, what: str) -> bool:
        """True (and says so) in --read-only mode, before anything is sent."""
        if tui(self).read_only:
            self.notify(
                f"Read-only mode: {what} is disabled (started with --read-only).",
                severity="warning",
            )
            return True
        return False

    def _open_detail(self, row: TranscriptRow) -> None:
        from thread_tui.ui.screens.item_detail import ItemDetailScreen

        self.app.push_screen(ItemDetailScreen(f"{self.noun.capitalize()} {row.named}", row.raw))

    def action_add_items(self) -> None:
        if self.kind is not ResourceKind.CONVERSATION or self._refused("adding items"):
            return
        from thread_tui.core.item_queue import AddQueue
        from thread_tui.ui.screens.add_items import AddItemsScreen

        if self._queue is None:
            self._queue = AddQueue()
        self.app.push_screen(AddItemsScreen(self.resource_id, self._queue), self._added)

    def _added(self, result: dict[str, Any] | None) -> None:
        if result is None:
            return
        data = result.get("data")
        count = len(data) if isinstance(data, list) else 0
        self.notify(f"Added {count} item{'' if count == 1 else 's'} to {self.resource_id}.")
        self.action_reload()

    def action_delete_entry(self) -> None:
        row = self._highlighted_row()
        if row is None or self._refused(f"deleting a {self.noun}"):
            return
        if not row.id:
            self._status(f"This {self.noun} has no ID: it cannot be deleted.", error=True)
            return
        from thread_tui.ui.screens.dialogs import ChoiceScreen

        whose = "thread" if self.kind is ResourceKind.THREAD else "conversation"
        question: ChoiceScreen[str] = ChoiceScreen(
            f"Delete this {self.noun}?",
            f"{row.named}\nfrom {whose} {self.resource_id}. This cannot be undone.",
            [("delete", f"Delete {self.noun}", "error"), ("cancel", "Cancel", "primary")],
            "cancel",
            cancel="cancel",
        )
        self.app.push_screen(question, lambda answer: self._confirmed_delete(row, answer))

    def _confirmed_delete(self, row: TranscriptRow, answer: str | None) -> None:
        if answer != "delete" or self.busy:
            return
        self.busy = True
        self._status(f"Deleting {row.id}…")
        self._delete(row)

    @safe_work(group="messages-change")
    async def _delete(self, row: TranscriptRow) -> None:
        from thread_tui.api import ClientError

        client = tui(self).client
        try:
            if self.kind is ResourceKind.THREAD:
                await client.delete_message(self.resource_id, row.id)
            else:
                await client.delete_item(self.resource_id, row.id)
        except (ClientError, ValueError) as exc:
            why = exc.user_message() if isinstance(exc, ClientError) else str(exc)
            self._status(f"Could not delete {row.id}: {why}", error=True)
            return
        finally:
            self.busy = False
        self._remove_row(row)
        self.notify(f"Deleted {row.id}.")

    def _index_of(self, row: TranscriptRow) -> int | None:
        # By identity: a page loaded meanwhile may have moved nothing, but two rows may
        # share an id on a hostile server.
        return next((i for i, r in enumerate(self.rows) if r is row), None)

    def _remove_row(self, row: TranscriptRow) -> None:
        index = self._index_of(row)
        if index is None:
            return
        del self.rows[index]
        self.option_list.remove_option_at_index(index)
        current = self._highlighted_row()
        if current is not None:
            self._detail(current)
        else:
            self.query_one("#messages-detail", Static).update("")
        self._summary()

    def action_edit_message(self) -> None:
        row = self._highlighted_row()
        if self.kind is not ResourceKind.THREAD or row is None:
            return
        if self._refused("editing a message"):
            return
        if not row.id or not isinstance(row.raw, dict):
            self._status("This message could not be read: it cannot be edited.", error=True)
            return
        try:
            from thread_tui.ui.screens.message_editor import MessageEditorScreen
        except ImportError:  # the editor screen is another part of this round's work
            self.notify("Editing a message is not available in this build.", severity="warning")
            return
        self.app.push_screen(
            MessageEditorScreen(self.resource_id, row.raw),
            lambda updated: self._edited(row, updated),
        )

    def _edited(self, row: TranscriptRow, updated: Mapping[str, Any] | None) -> None:
        if not isinstance(updated, Mapping):
            return
        index = self._index_of(row)
        if index is None:
            return
        new_row = self._to_row(dict(updated))
        self.rows[index] = new_row
        self.option_list.replace_option_prompt_at_index(index, self._line(new_row, tui(self).now()))
        if self.option_list.highlighted == index:
            self._detail(new_row)
        self.notify(f"Updated {new_row.id or row.id}.")

    def _keys_hint(self) -> str:
        return " · read-only" if tui(self).read_only else ""

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
        self._status(f"{count} {self.noun}{plural}, newest first{self._keys_hint()}{more}")

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#messages-status", Static)
        status.update(plain(text))
        status.set_class(error, "-error")
