"""The help screen: every key by screen, the API's limits, and how the server treats edits."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from thread_tui.core.settings import Settings
from thread_tui.ui.context import tui

# {{id}} is the key bound to that binding id now (a keymap file may have moved it).
HELP = """\
## Lookup
| key | action |
|---|---|
| type an ID, `Enter` | open a thread (`thread_…`) or conversation (`conv_…`) |
| {{lookup.focus_recents}} | to the catalog: every object seen, pinned first, then recently opened |
| type in the filter | `thread_…`/`conv_…` an ID prefix · `key=value` a whole value (several: \
all) · `key=` has the key · other text a part of a key or value |
| type on the table | characters (not its keys) go to the filter; {{catalog.filter}} or `↑` \
on the top row goes back there |
| {{catalog.open}} | open the row (in the filter: the top row) |
| {{catalog.sort}} / {{catalog.reverse}} | sort by the next column / reverse; or click a header |
| {{catalog.select}} / {{catalog.select_all}} | select the row / every row shown (again: none) |
| {{catalog.bulk_edit}} | bulk edit: one change to every selected object |
| {{recents.toggle_pin}} | pin / unpin the row |
| {{recents.remove}} | remove it from the catalog (a pinned one asks first) |
| {{lookup.new_thread}} / {{lookup.new_conversation}} | new thread / new conversation \
(created on {{editor.submit}}) |

## Editor
| key | action |
|---|---|
| {{grid.walk_next}} / {{grid.walk_previous}} | next / previous field |
| {{grid.open_value}} | the key or value in full (`Ctrl+J` JSON, `Ctrl+S` apply); read-only: view |
| {{editor.add_row}} | add a metadata row |
| {{editor.delete_row}} | delete the row (the server keeps a saved key: you may blank it instead) |
| {{editor.undo}} | undo the last edit (typing in a field, a row, a file or store) |
| {{editor.redo}} | redo (`Ctrl+Shift+Z` only where the terminal can send it) |
| palette: Revert row | the focused row as loaded (a new row goes); undoable |
| {{editor.pick_files}} | pick code_interpreter files (threads) |
| {{editor.pick_store}} | pick the file_search vector store (threads) |
| {{id_list.remove}} | in the files or vector store list: remove the highlighted file or store |
| {{id_list.restore}} | in the files or vector store list: restore a removed one |
| {{editor.submit}} | review the diff and submit |
| {{editor.inspect}} | inspect the last response |
| {{editor.copy_as}} | copy the request as curl / openai CLI / Python |
| {{editor.reload}} | reload from the server |
| {{editor.delete_resource}} | delete the thread / conversation (type its ID to confirm) |
| {{editor.clone}} | clone with exact metadata: a new conversation with exactly this draft's \
metadata (removed keys gone) and the items (a thread's messages) copied; the old one is kept |
| {{editor.back}} | back to lookup |
| {{editor.messages}} | the Messages tab (Items for a conversation) and back |
| {{editor.external_edit}} | outside a text field: the draft as YAML in $VISUAL / $EDITOR \
(one undo step) |

Outside a text field single letters work too: {{editor.pick_files_alt}} files, \
{{editor.pick_store_alt}} store, {{editor.inspect_alt}} response, {{editor.copy_as_alt}} copy \
as, {{editor.reload_alt}} reload, {{editor.messages_alt}} messages. In a field they are text.

## Bulk editor
Opened on the catalog browser's selection, or from the palette: "Bulk edit IDs…", paste IDs, \
{{bulk_ids.open}}. The grid holds the change, merged into every object: \
{{bulk.add_row}} / {{bulk.delete_row}} add / delete a pair, {{bulk.undo}} / {{bulk.redo}} \
undo / redo. Each object's state is fetched and the change checked against it \
("1 of 7 would exceed 16 pairs"); {{bulk.refetch}} checks again, {{bulk.back}} leaves. \
{{bulk.pick_files}} / {{bulk.pick_store}} replace the threads' files / vector store \
(conversations get the metadata only). \
{{bulk.review}} reviews what each object gets ({{bulk_review.send}} go on to the confirm, \
{{bulk_review.cancel}} cancel), then {{bulk_confirm.send}} sends. While it sends, \
{{bulk_progress.stop}} stops (the requests in flight finish) and closes once done; \
{{bulk_progress.retry}} retries the failed ones.

## Messages tab
Newest first: role, time, attached files or the item type, and the text. `↑`/`↓` move and show
the line in full below the list; the end of the list (or `Enter` there) loads the next page.
{{messages.detail}} on a line: its JSON as the server sent it ({{item_detail.copy}} copies, \
{{item_detail.close}} closes). {{messages.delete}} deletes the message or item (after a \
confirm). A conversation: {{messages.add}} adds message items (a role and the text; \
{{add_items.another}} queues another, up to 20, the most one request adds; \
{{add_items.review}} reviews and sends them in one request; {{add_items.close}} closes and \
keeps what is typed). A thread: {{messages.edit_message}} edits the message's metadata. \
{{messages.reload}} reloads the list, {{messages.edit}} or {{editor.messages}} goes back to \
editing. In `--read-only` nothing is added, deleted or edited.

## Dialogs
Pickers: type to filter, `Space`/`Enter` select, {{picker.done}} done, {{picker.cancel}} cancel.
Confirm: {{confirm.send}}/{{confirm.send_alt}} send, {{confirm.cancel}}/{{confirm.cancel_alt}} \
cancel. Copy-as: {{copy_as.copy}} copies the shown snippet.
Delete: type the ID exactly, then `Enter` deletes; {{delete.cancel}} cancels.
A deleted server row: {{keeps_key.blank}} blank it, {{keeps_key.remove}} mark removed, \
{{keeps_key.keep}} keep, {{keeps_key.clone}} clone without it; the review offers \
{{confirm.clone}} when it shows a kept key.
Clone: {{clone.start}} clones, {{clone.cancel}} cancels (while it runs: stops, asking first; \
then closes), {{clone.scroll_up}}/{{clone.scroll_down}} scroll; after it {{clone.open}} opens \
the new one, {{clone.delete_old}} deletes the old one (type its ID; only after a whole clone).

## Everywhere
{{app.help}} this help · {{editor.messages}} the Messages tab in the editor · `Ctrl+P` command \
palette (every action with its key, themes) · {{app.quit}} quit. These work in a text field \
too. {{app.help_alt}} (help) and {{editor.messages_alt}} (messages) work outside a text field: \
in a field they are typed.

## Message metadata editor
Opened on a thread message from the Messages tab: its own metadata in the editor's grid, with \
the same counters and limits. {{message_editor.add_row}} / {{message_editor.delete_row}} add / \
delete a pair (a saved key is kept by the server: blank it), {{message_editor.undo}} / \
{{message_editor.redo}} undo / redo, {{message_editor.submit}} reviews the diff and sends it, \
then shows what the server holds and any difference. {{message_editor.inspect}} inspects the \
answer, {{message_editor.copy_as}} copies the update as curl / openai CLI / Python, \
{{message_editor.back}} goes back (asking first when edits are unsaved).

## Your keys
A `keymap.toml` in the config directory (`~/.config/thread-tui` on Linux) remaps any key by \
its binding id, e.g. `"editor.submit" = "f5"`; see the README's Keys section.

## Limits (checked before anything is sent)
At most **16** metadata pairs · keys **1–64** characters · values at most **512** characters ·
at most **20** code_interpreter files · at most **1** file_search vector store.

## How the server treats your edits
The server **merges** the metadata you send into what it holds: a key can never be deleted,
so removed keys still count towards the 16. To clear a value, blank it (`""`). To be rid of
a key for real, clone with exact metadata ({{editor.clone}}): a new conversation, with a new ID.
"""
_PLACEHOLDER = re.compile(r"\{\{([a-z_.]+)\}\}")


def help_markdown(keymap: Mapping[str, str]) -> str:
    """HELP with each {{id}} replaced by its keys as they are bound now."""
    from thread_tui.ui.keys import active_keys, key_label

    def keys(match: re.Match[str]) -> str:
        found = active_keys(keymap, match.group(1))
        return " / ".join(f"`{key_label(key)}`" for key in found) or "(no key)"

    return _PLACEHOLDER.sub(keys, HELP)


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
        Binding("escape", "close", "Close", id="help.close"),
        Binding("f1", "close", "Close", show=False, id="help.close_f1"),
        Binding("q", "close", "Close", show=False, id="help.close_q"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="modal-box"):
            yield Static("thread_tui — help", classes="modal-title")
            yield Static(connection_text(tui(self).settings), id="help-connection")
            yield Markdown(help_markdown(tui(self).keymap))

    def action_close(self) -> None:
        self.dismiss(None)
