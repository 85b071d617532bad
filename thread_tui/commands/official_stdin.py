"""The official CLI's body on stdin: `echo '{metadata: {a: b}}' | thread-tui beta:threads update …`.

As the official CLI does, stdin is read only when something is piped in: a regular file that
is not empty, or a pipe or socket with data within 10 ms (an idle pipe left open by an IDE or
a CI runner is not waited on); a terminal, /dev/null or no stdin at all is never read. The
text is YAML or JSON (`core.flowvalue`, at most 1,000,000 characters) and must be an object:
- its path keys (`thread_id`, `conversation_id`, `item_id`, `message_id`) fill the IDs not
  given by flag or by position;
- its other keys are the body: each must be one the command sends (an unknown key would be a
  400 from the server; here it is refused first), and a flag given wins over the same key;
- its values are then checked exactly as the same flags' values (they are handed on as
  flow text, `core.flowvalue_text`).
"""

from __future__ import annotations

import argparse
import os
import select
import stat
import sys
from collections.abc import Sequence
from typing import Final

from thread_tui.commands.common import error
from thread_tui.commands.sub_args import PathId

WAIT_SECONDS: Final = 0.01  # the official CLI's poll for piped data
SOURCE: Final = "the body on stdin"


def piped_text() -> str | None:
    """What is piped into stdin, or None when nothing is (see the module's docstring)."""
    stream = sys.stdin
    try:
        fd = stream.fileno()
        if os.isatty(fd):
            return None
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            if os.fstat(fd).st_size == 0:
                return None
        elif stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            ready, _, _ = select.select([fd], [], [], WAIT_SECONDS)
            if not ready:
                return None
        else:
            return None  # a character device such as /dev/null
        from thread_tui.core.flowvalue import MAX_INPUT_CHARS

        text = stream.read(MAX_INPUT_CHARS + 1)
    except (AttributeError, OSError, ValueError):
        return None
    return text if isinstance(text, str) and text.strip() else None


def apply_stdin_body(
    args: argparse.Namespace, keys: Sequence[str], path_ids: Sequence[PathId], form: str
) -> bool:
    """Merge a piped body into `args` (flags win); False after printing its problems."""
    text = piped_text()
    if text is None:
        return True
    from thread_tui.core.flowvalue import FlowValueError, parse_flow
    from thread_tui.core.flowvalue_text import flow_text

    try:
        body = parse_flow(text, SOURCE)
    except FlowValueError as exc:
        for line in exc.lines:
            error(line)
        return False
    if not isinstance(body, dict):
        error(f"{SOURCE}: give an object ({{metadata: {{…}}}}), not a list or a single value")
        return False
    positions = list(getattr(args, "ids", None) or [])
    problems: list[str] = []
    for key, value in body.items():
        name = key if isinstance(key, str) else key.text
        path_id = next((p for p in path_ids if p.dest == name), None)
        if path_id is not None:
            if not isinstance(value, str):
                problems.append(f"{SOURCE}: {name} must be a string ID")
            elif getattr(args, path_id.dest, None) is None and not positions:
                setattr(args, path_id.dest, value)
            continue
        if name not in keys:
            takes = ", ".join(keys)
            problems.append(f"{SOURCE}: `{form}` does not take {name!r} (it takes {takes})")
            continue
        if name == "metadata":
            if not args.metadata:  # a --metadata flag wins, whole (as the official CLI)
                args.metadata = [flow_text(value)]
        elif name == "tool_resources":
            if getattr(args, "tool_resources", None) is None:
                args.tool_resources = flow_text(value)
        elif name == "items":
            if not isinstance(value, list):
                problems.append(f"{SOURCE}: items must be a list of items")
            elif not getattr(args, "item", None):
                args.item = [flow_text(item) for item in value]
    for line in problems:
        error(line)
    return not problems
