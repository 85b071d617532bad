"""The copy-as dialog for a thread message's metadata update: the editor's `CopyAsScreen`
(tabs, copy, wrap, scrolling) showing `core.message_snippets`' forms of
`POST /threads/{thread_id}/messages/{message_id}`. The key is never in a snippet."""

from __future__ import annotations

from typing import Any

from thread_tui.core.ids import ResourceKind
from thread_tui.core.message_snippets import render_message_snippets
from thread_tui.core.settings import Settings
from thread_tui.ui.screens.copy_as import CopyAsScreen


class MessageCopyAsScreen(CopyAsScreen):
    """`CopyAsScreen` titled with the message's ID, its snippets the message update's."""

    def __init__(
        self, thread_id: str, message_id: str, body: dict[str, Any], settings: Settings
    ) -> None:
        super().__init__(ResourceKind.THREAD, message_id, body, settings.base_url, settings)
        self.thread_id = thread_id
        self.snippets = render_message_snippets(
            thread_id,
            message_id,
            body,
            settings.base_url,
            azure_endpoint=settings.azure_endpoint,
            api_version=settings.api_version,
            organization=settings.organization,
            project=settings.project,
        )
