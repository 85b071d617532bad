"""The three ways to paste the pending request (curl, the `openai` CLI, Python) and the
highlighted view of one. The snippets come from `thread_tui.core.snippets`, which always
writes the key as `$OPENAI_API_KEY`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from thread_tui.core import snippets
from thread_tui.core.ids import ResourceKind
from thread_tui.ui.widgets.json_view import CodeView


@dataclass(frozen=True)
class SnippetKind:
    key: str
    title: str
    language: str
    copied: str


SNIPPET_KINDS = (
    SnippetKind("curl", "curl", "bash", "Copied curl command"),
    SnippetKind("cli", "openai CLI", "bash", "Copied openai CLI command"),
    SnippetKind("python", "Python", "python", "Copied Python snippet"),
)


def render_snippets(
    kind: ResourceKind,
    resource_id: str,
    body: dict[str, Any],
    base_url: str,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> dict[str, str]:
    """Each snippet's text by `SnippetKind.key` (curl and Python in Azure's form when
    `azure_endpoint` is given). An empty `resource_id` (a new resource, not created yet)
    gives the create call instead of the update. Every form carries the organization and
    project headers the app's own request carries."""
    who = {"organization": organization, "project": project}
    azure = {"azure_endpoint": azure_endpoint, "api_version": api_version, **who}
    if not resource_id:
        return {
            "curl": snippets.render_create_curl(kind, body, base_url, **azure),
            "cli": snippets.AZURE_CLI_NOTE
            if azure_endpoint
            else snippets.render_create_openai_cli(kind, body, base_url, **who),
            "python": snippets.render_create_python(kind, body, base_url, **azure),
        }
    return {
        "curl": snippets.render_curl(kind, resource_id, body, base_url, **azure),
        "cli": snippets.AZURE_CLI_NOTE
        if azure_endpoint
        else snippets.render_openai_cli(kind, resource_id, body, base_url, **who),
        "python": snippets.render_python(kind, resource_id, body, base_url, **azure),
    }


class SnippetView(CodeView):
    """One snippet, highlighted in its language."""

    def __init__(self, snippet: SnippetKind, code: str, *, id: str | None = None) -> None:
        super().__init__(code, snippet.language, id=id, classes="snippet")
        self.snippet = snippet
