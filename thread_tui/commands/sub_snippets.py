"""`--show body|curl|cli|python` of `items add` and `messages update`: the requests as
something to paste, built with `core.snippets`' pieces so that they quote and address exactly
as `update --show` does. The key is always `$OPENAI_API_KEY` (`$AZURE_OPENAI_API_KEY` on
Azure OpenAI), never its value: these functions are never given it.

`items add` with more than 20 items is several calls; each form then prints one request per
call, in order, each after a comment line saying which items it sends (JSON bodies, which
have no comments, are printed one document after another).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import Settings

# The private pieces of core.snippets used here build the same URL, headers and quoting as
# its public render_* functions, which only know the thread/conversation paths.
_curl = snippets._curl
_cli = snippets._cli
_python_client = snippets._python_client
_python_literal = snippets._python_literal
_compact = snippets._compact


def _who(settings: Settings) -> dict[str, str | None]:
    return {"organization": settings.organization, "project": settings.project}


def _curl_call(kind: ResourceKind, path: str, body: dict[str, Any], settings: Settings) -> str:
    return _curl(
        kind,
        path,
        body,
        settings.base_url,
        settings.azure_endpoint,
        settings.api_version,
        settings.organization,
        settings.project,
    )


def _python(settings: Settings, call_lines: list[str]) -> str:
    client = _python_client(
        settings.base_url,
        settings.azure_endpoint,
        settings.api_version,
        settings.organization,
        settings.project,
    )
    return "\n".join([*client, *call_lines])


def add_items_forms(
    form: str,
    conversation_id: str,
    batches: Sequence[Sequence[Mapping[str, Any]]],
    settings: Settings,
) -> str:
    """The `POST /conversations/{id}/items` calls, one per batch, in `form`."""
    bodies = [{"items": [dict(item) for item in batch]} for batch in batches]
    if form == "body":
        return "\n".join(json.dumps(body, indent=2, ensure_ascii=False) for body in bodies)
    if form == "cli" and settings.azure_endpoint:
        return snippets.AZURE_CLI_NOTE
    path = f"conversations/{quote(conversation_id, safe='')}/items"
    shown: list[str] = []
    first = 1
    for number, body in enumerate(bodies, start=1):
        count = len(body["items"])
        if len(bodies) > 1:
            shown.append(f"# call {number} of {len(bodies)}: items {first} to {first + count - 1}")
        first += count
        if form == "curl":
            shown.append(_curl_call(ResourceKind.CONVERSATION, path, body, settings))
        elif form == "cli":
            options = [f"--conversation-id {shlex.quote(conversation_id)}"]
            options += [f"--item {shlex.quote(_compact(item))}" for item in body["items"]]
            shown.append(
                _cli("conversations:items create", options, {}, settings.base_url, **_who(settings))
            )
        else:
            literal = _python_literal(body["items"], indent=4)
            shown.append(
                _python(
                    settings,
                    [
                        "items = client.conversations.items.create(",
                        f"    {conversation_id!r},",
                        f"    items={literal},",
                        ")",
                        "print(items)",
                    ],
                )
            )
    return "\n\n".join(shown)


def update_message_forms(
    form: str, thread_id: str, message_id: str, metadata: Mapping[str, str], settings: Settings
) -> str:
    """The `POST /threads/{id}/messages/{message_id}` call in `form`: the message editor's
    copy-as forms (core.message_snippets), or the body."""
    body = {"metadata": dict(metadata)}
    if form == "body":
        return json.dumps(body, indent=2, ensure_ascii=False)
    from thread_tui.core.message_snippets import render_message_snippets

    forms = render_message_snippets(
        thread_id,
        message_id,
        body,
        settings.base_url,
        azure_endpoint=settings.azure_endpoint,
        api_version=settings.api_version,
        organization=settings.organization,
        project=settings.project,
    )
    return forms[form]
