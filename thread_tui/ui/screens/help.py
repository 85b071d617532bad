"""The help screen: every key by screen, the API's limits, and how the server treats edits."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from thread_tui.core.settings import Settings
from thread_tui.ui.context import tui

HELP = """\
## Lookup
| key | action |
|---|---|
| type an ID, `Enter` | open a thread (`thread_…`) or conversation (`conv_…`) |
| `↓` / `↑`, `Enter` | move through recent IDs, open one |
| `p` | pin / unpin the highlighted recent ID |
| `Delete` / `x` | remove it from the list |
| `Ctrl+N` / `Ctrl+O` | new thread / new conversation (created on `Ctrl+S`) |

## Editor
| key | action |
|---|---|
| `Tab` / `Shift+Tab` | next / previous field |
| `Ctrl+N` | add a metadata row |
| `Ctrl+D` | delete the row (the server keeps a saved key: you may blank it instead) |
| `Ctrl+Z` | undo every edit of the row |
| `Ctrl+F` | pick code_interpreter files (threads) |
| `Ctrl+T` | pick the file_search vector store (threads) |
| `Ctrl+S` | review the diff and submit |
| `Ctrl+O` | inspect the last response |
| `Ctrl+Y` | copy the request as curl / openai CLI / Python |
| `Ctrl+R` | reload from the server |
| `Delete` / `x` | in the files or vector store list: remove the highlighted file or store |
| `F8` | delete the thread / conversation (type its ID to confirm) |
| `Escape` | back to lookup |
| `Ctrl+L` (or `m`) | the read-only Messages tab (Items for a conversation) and back |

## Messages tab
Newest first: role, time, attached files or the item type, and the text. `↑`/`↓` move and show
the line in full below the list; the end of the list (or `Enter` there) loads the next page.
`r` reloads the list, `Escape` or `Ctrl+L` goes back to editing.

## Dialogs
Pickers: type to filter, `Space`/`Enter` select, `Ctrl+S` done, `Escape` cancel.
Confirm: `y`/`Enter` send, `n`/`Escape` cancel. Copy-as: `c` copies the shown snippet.
Delete: type the ID exactly, then `Enter` deletes; `Escape` cancels.

## Everywhere
`F1` or `?` this help · `Ctrl+P` command palette (every action, themes) · `Ctrl+Q` quit.

## Limits (checked before anything is sent)
At most **16** metadata pairs · keys **1–64** characters · values at most **512** characters ·
at most **20** code_interpreter files · at most **1** file_search vector store.

## How the server treats your edits
The server **merges** the metadata you send into what it holds: a key can never be deleted,
so removed keys still count towards the 16. To clear a value, blank it (`""`).
"""


def connection_text(settings: Settings) -> Text:
    """Where requests go and with which key; the key as `sk-…last4` at most, never itself."""
    text = Text()
    text.append("Connection  ", style="bold")
    if settings.demo:
        text.append("built-in emulator (demo), no key needed")
        if settings.azure:
            text.append(f" · answering as Azure OpenAI, api-version {settings.api_version}")
        return text
    if settings.azure:
        text.append(f"Azure OpenAI {settings.base_url} · api-version {settings.api_version}")
        text.append(f" · key {settings.masked_key()}")
    else:
        text.append(f"{settings.base_url} · key {settings.masked_key()}")
    if settings.organization:
        text.append(f" · org {settings.organization}")
    if settings.project:
        text.append(f" · project {settings.project}")
    if settings.read_only:
        text.append(" · read-only")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="modal-box"):
            yield Static("thread_tui — help", classes="modal-title")
            yield Static(connection_text(tui(self).settings), id="help-connection")
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
