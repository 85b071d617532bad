"""A thread message's metadata update as curl, the official `openai` CLI, or Python.

The same forms as `core.snippets` writes for a thread (its helpers build them: the key as
`$OPENAI_API_KEY`, never its value; Azure's form; the organization and project headers), for
`POST /threads/{thread_id}/messages/{message_id}` with `{"metadata": {...}}`:
`openai beta:threads:messages update --thread-id … --message-id … --metadata …` and
`client.beta.threads.messages.update(message_id, thread_id=…, metadata=…)`.
"""

from __future__ import annotations

import shlex
from typing import Any
from urllib.parse import quote

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import DEFAULT_BASE_URL


def message_path(thread_id: str, message_id: str) -> str:
    """`threads/{thread_id}/messages/{message_id}`, each ID quoted for a URL path."""
    return f"threads/{quote(thread_id, safe='')}/messages/{quote(message_id, safe='')}"


def render_message_snippets(
    thread_id: str,
    message_id: str,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> dict[str, str]:
    """Each form's text by the copy-as dialog's keys: "curl", "cli", "python"."""
    curl = snippets._curl(
        ResourceKind.THREAD,  # a /threads call: it carries the OpenAI-Beta header
        message_path(thread_id, message_id),
        body,
        base_url,
        azure_endpoint,
        api_version,
        organization,
        project,
    )
    if azure_endpoint is not None:
        cli = snippets.AZURE_CLI_NOTE
    else:
        options = [
            f"--thread-id {shlex.quote(thread_id)}",
            f"--message-id {shlex.quote(message_id)}",
        ]
        cli = snippets._cli(
            "beta:threads:messages update", options, body, base_url, organization, project
        )
    client = snippets._python_client(base_url, azure_endpoint, api_version, organization, project)
    args = [f"    {message_id!r},", f"    thread_id={thread_id!r},"]
    if "metadata" in body:
        args.append(f"    metadata={snippets._python_literal(body['metadata'], indent=4)},")
    python = "\n".join(
        [*client, "message = client.beta.threads.messages.update(", *args, ")", "print(message)"]
    )
    return {"curl": curl, "cli": cli, "python": python}
