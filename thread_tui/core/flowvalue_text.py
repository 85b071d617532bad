"""`core.flowvalue`'s parsed data written back as flow text that parses to the same data.

Used where parsed values are combined before they are checked (a body read from stdin, the
official CLI's `--tool-resources.file-search` set on `--tool-resources`): the combined value
is written back with `flow_text` and checked by the same parser as a typed value, so every
problem gets the same message. Strings are written as JSON strings (valid YAML flow too);
a `NotText` scalar is written as it was typed, so it is read as the same non-string again.
"""

from __future__ import annotations

import json

from thread_tui.core.flowvalue import FlowData, NotText


def flow_text(data: FlowData | dict[object, object] | list[object]) -> str:
    """YAML flow text of `data` (maps, lists, strings and NotText scalars)."""
    if isinstance(data, NotText):
        return data.text if data.text.strip() else "null"  # YAML's empty value is null
    if isinstance(data, str):
        return json.dumps(data, ensure_ascii=False)
    if isinstance(data, dict):
        pairs = (f"{flow_text(key)}: {flow_text(value)}" for key, value in data.items())  # type: ignore[arg-type]
        return "{" + ", ".join(pairs) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(flow_text(item) for item in data) + "]"  # type: ignore[arg-type]
    return json.dumps(data)
