"""The pending request as something to paste: a curl command, the official `openai` CLI
command, or a Python SDK snippet. The key is always `$OPENAI_API_KEY` (on Azure OpenAI
`$AZURE_OPENAI_API_KEY`), never its value. Each form goes where the app's request goes (the
base URL in use, unless it is api.openai.com) and carries its OpenAI-Organization and
OpenAI-Project headers when the settings have them.

Each form gives back the exact body: the shell words are quoted with `shlex.quote` (the URL,
the organization and the project too, so none of them can run as shell), the CLI's values are
JSON that YAML also reads unchanged, and the Python literals come from `repr`.

`render_*` write the update of an existing resource (`POST /threads/{id}`), `render_create_*`
the creation of a new one (`POST /threads`, `POST /conversations`).
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any
from urllib.parse import quote

from thread_tui.core.ids import ResourceKind
from thread_tui.core.settings import AZURE_PATH, DEFAULT_BASE_URL


def _curl(
    kind: ResourceKind,
    path: str,
    body: dict[str, Any],
    base_url: str,
    azure_endpoint: str | None,
    api_version: str | None,
    organization: str | None,
    project: str | None,
) -> str:
    """A POST of `body` to `path` as curl: the key as a variable, never its value."""
    if azure_endpoint is not None:
        base_url = azure_endpoint.rstrip("/") + AZURE_PATH
    url = f"{base_url.rstrip('/')}/{path}"
    if azure_endpoint is not None:
        url += f"?api-version={quote(api_version or '', safe='')}"
        auth = '  -H "api-key: $AZURE_OPENAI_API_KEY"'
    else:
        auth = '  -H "Authorization: Bearer $OPENAI_API_KEY"'
    lines = [f"curl {shlex.quote(url)}", '  -H "Content-Type: application/json"', auth]
    if kind is ResourceKind.THREAD:
        lines.append('  -H "OpenAI-Beta: assistants=v2"')
    for header, value in (("OpenAI-Organization", organization), ("OpenAI-Project", project)):
        if value:
            lines.append(f"  -H {shlex.quote(f'{header}: {value}')}")
    lines.append(f"  -d {shlex.quote(json.dumps(body, ensure_ascii=False, indent=2))}")
    return " \\\n".join(lines)


def render_curl(
    kind: ResourceKind,
    resource_id: str,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """With `azure_endpoint` (and its `api_version`), the request as Azure OpenAI takes it:
    under `{endpoint}/openai`, `?api-version=` in the URL and the key in an `api-key` header."""
    path = f"{kind.collection}/{quote(resource_id, safe='')}"
    return _curl(kind, path, body, base_url, azure_endpoint, api_version, organization, project)


# Shown instead of the `openai` CLI form with Azure OpenAI: that command is written for
# api.openai.com, and a command that quietly sent the request elsewhere would mislead.
AZURE_CLI_NOTE = (
    "# The `openai` CLI form of this request is for api.openai.com, so it is not shown for\n"
    "# Azure OpenAI: use the curl or the Python form, which carry the endpoint and api-version."
)


def _cli(
    command: str,
    options: list[str],
    body: dict[str, Any],
    base_url: str,
    organization: str | None,
    project: str | None,
) -> str:
    """`openai [global flags] <command> <options> [--metadata …] [--tool-resources …]`.

    The CLI's global flags (`--base-url`, `--organization`, `--project`) come before the
    command, as its help shows them; `--base-url` only for a server other than api.openai.com.
    """
    flags = []
    if base_url.rstrip("/") != DEFAULT_BASE_URL:
        flags.append(f"--base-url {shlex.quote(base_url.rstrip('/'))}")
    if organization:
        flags.append(f"--organization {shlex.quote(organization)}")
    if project:
        flags.append(f"--project {shlex.quote(project)}")
    head = ["openai " + " ".join(flags), command] if flags else [f"openai {command}"]
    parts = [*head, *options]
    if "metadata" in body:
        parts.append(f"--metadata {shlex.quote(_compact(body['metadata']))}")
    if "tool_resources" in body:
        parts.append(f"--tool-resources {shlex.quote(_compact(body['tool_resources']))}")
    return " \\\n  ".join(parts)


def render_openai_cli(
    kind: ResourceKind,
    resource_id: str,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """`openai beta:threads update …` / `openai conversations update …`."""
    if kind is ResourceKind.THREAD:
        command, option = "beta:threads update", "--thread-id"
    else:
        command, option = "conversations update", "--conversation-id"
    options = [f"{option} {shlex.quote(resource_id)}"]
    return _cli(command, options, body, base_url, organization, project)


def _python_client(
    base_url: str,
    azure_endpoint: str | None,
    api_version: str | None,
    organization: str | None,
    project: str | None,
) -> list[str]:
    """The lines that make the SDK client: `AzureOpenAI` (which adds `/openai` itself and
    reads AZURE_OPENAI_API_KEY) when `azure_endpoint` is given, else `OpenAI`. Both send
    `organization` and `project` as the OpenAI-Organization / OpenAI-Project headers."""
    who = [
        f"{name}={value!r}"
        for name, value in (("organization", organization), ("project", project))
        if value
    ]
    if azure_endpoint is not None:
        return [
            "from openai import AzureOpenAI",
            "",
            "client = AzureOpenAI(  # reads AZURE_OPENAI_API_KEY from the environment",
            f"    azure_endpoint={azure_endpoint!r},",
            f"    api_version={api_version!r},",
            *(f"    {arg}," for arg in who),
            ")",
        ]
    if base_url.rstrip("/") != DEFAULT_BASE_URL:
        who.insert(0, f"base_url={base_url!r}")
    return [
        "from openai import OpenAI",
        "",
        f"client = OpenAI({', '.join(who)})  # reads OPENAI_API_KEY from the environment",
    ]


def render_python(
    kind: ResourceKind,
    resource_id: str,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """With `azure_endpoint`, an `AzureOpenAI` client (which adds `/openai` itself and reads
    AZURE_OPENAI_API_KEY) instead of `OpenAI`."""
    client_lines = _python_client(base_url, azure_endpoint, api_version, organization, project)
    call = (
        "client.beta.threads.update"
        if kind is ResourceKind.THREAD
        else "client.conversations.update"
    )
    name = "thread" if kind is ResourceKind.THREAD else "conversation"
    args = [f"    {resource_id!r},"]
    for field in ("metadata", "tool_resources"):
        if field in body:
            literal = _python_literal(body[field], indent=4)
            args.append(f"    {field}={literal},")
    lines = [
        *client_lines,
        f"{name} = {call}(",
        *args,
        ")",
        f"print({name})",
    ]
    return "\n".join(lines)


# Characters YAML either refuses or reads as a line break inside a quoted string (so a value
# would change on its way through the official CLI's YAML parser); written as JSON escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _compact(value: Any) -> str:
    """One-line JSON that YAML reads back as the same value."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _python_literal(value: Any, indent: int) -> str:
    """A Python literal of a JSON value (repr keeps str escapes right for any text)."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ",\n".join(
            f"{pad}    {key!r}: {_python_literal(item, indent + 4)}" for key, item in value.items()
        )
        return "{\n" + inner + f",\n{pad}}}"
    if isinstance(value, list):
        return "[" + ", ".join(_python_literal(item, indent) for item in value) + "]"
    return repr(value)


# -- the create call of a new thread or conversation (`POST /threads`, `POST /conversations`) --


def render_create_curl(
    kind: ResourceKind,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """The create call as curl; an empty body (`{}`) creates an empty thread / conversation."""
    return _curl(
        kind, kind.collection, body, base_url, azure_endpoint, api_version, organization, project
    )


def render_create_openai_cli(
    kind: ResourceKind,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """`openai beta:threads create …` / `openai conversations create …`."""
    group = "beta:threads" if kind is ResourceKind.THREAD else "conversations"
    return _cli(f"{group} create", [], body, base_url, organization, project)


def render_create_python(
    kind: ResourceKind,
    body: dict[str, Any],
    base_url: str = DEFAULT_BASE_URL,
    *,
    azure_endpoint: str | None = None,
    api_version: str | None = None,
    organization: str | None = None,
    project: str | None = None,
) -> str:
    """`client.beta.threads.create(...)` / `client.conversations.create(...)`."""
    client_lines = _python_client(base_url, azure_endpoint, api_version, organization, project)
    thread = kind is ResourceKind.THREAD
    call = "client.beta.threads.create" if thread else "client.conversations.create"
    name = "thread" if thread else "conversation"
    args = [
        f"    {field}={_python_literal(body[field], indent=4)},"
        for field in ("metadata", "tool_resources")
        if field in body
    ]
    call_lines = [f"{name} = {call}(", *args, ")"] if args else [f"{name} = {call}()"]
    return "\n".join([*client_lines, *call_lines, f"print({name})"])
