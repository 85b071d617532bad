"""Parse `--metadata` / `--tool-resources` values as the official `openai` CLI takes them:
JSON or YAML flow (`'{foo: bar}'`), `@path` to read the value from a file, and, for metadata,
repeated `key=value` pairs.

Everything wrong comes back as one `FlowValueError` with a one-line message per problem;
nothing here raises anything else, whatever the input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from thread_tui.core import limits
from thread_tui.core.problems import Field, Problem, check_id_list, check_metadata_map

MAX_INPUT_CHARS = 1_000_000


class FlowValueError(ValueError):
    """A value that cannot be used; `lines` holds one message per problem."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


def read_value(raw: str, option: str) -> str:
    """The text of an option value: `@path` reads the file, anything else is the value."""
    if not raw.startswith("@"):
        return raw
    path = Path(raw[1:])
    try:
        with path.open(encoding="utf-8") as handle:
            text = handle.read(MAX_INPUT_CHARS + 1)
    except FileNotFoundError:
        raise FlowValueError([f"{option}: no such file: {path}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise FlowValueError([f"{option}: cannot read {path}: {reason}"]) from None
    except ValueError:  # e.g. a NUL byte in the path
        raise FlowValueError([f"{option}: {raw[1:]!r} is not a usable file name."]) from None
    return text


def parse_flow(text: str, option: str) -> Any:
    """JSON or YAML flow text → a Python value."""
    if len(text) > MAX_INPUT_CHARS:
        raise FlowValueError([f"{option}: the value is over {MAX_INPUT_CHARS:,} characters."])
    if "&" in text and "*" in text and _has_yaml_alias(text):
        # Aliases let a few bytes expand into gigabytes; no real value needs them.
        raise FlowValueError([f"{option}: YAML anchors and aliases are not accepted."])
    import yaml  # imported here: most commands never parse a value, and it costs start-up time

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or "invalid syntax"
        raise FlowValueError([f"{option}: not valid JSON or YAML{where}: {problem}."]) from None
    except (ValueError, RecursionError):
        raise FlowValueError([f"{option}: not valid JSON or YAML."]) from None


def _has_yaml_alias(text: str) -> bool:
    import re

    return bool(re.search(r"(^|[\s\[{,:])&[^\s,\]}]+", text)) and bool(
        re.search(r"(^|[\s\[{,:])\*[^\s,\]}]+", text)
    )


def parse_metadata(values: Sequence[str]) -> dict[str, str]:
    """One or more `--metadata` values → a metadata map, checked against every limit."""
    merged: dict[str, Any] = {}
    errors: list[str] = []
    for raw in values:
        try:
            merged.update(_one_metadata(raw))
        except FlowValueError as exc:
            errors.extend(exc.lines)
    if errors:
        raise FlowValueError(errors)
    problems = check_metadata_map(merged)
    if problems:
        raise FlowValueError([f"--metadata: {p.message}" for p in problems])
    return {key: str(value) for key, value in merged.items()}


def _one_metadata(raw: str) -> dict[str, Any]:
    if not raw.startswith("@") and "=" in raw and not raw.lstrip().startswith(("{", "[")):
        key, _, value = raw.partition("=")
        if not key:
            raise FlowValueError([f"--metadata {raw!r}: the key before '=' is empty."])
        return {key: value}
    value = parse_flow(read_value(raw, "--metadata"), "--metadata")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FlowValueError(
            [
                "--metadata: expected a map like '{key: value}' or key=value, got "
                f"{_type_name(value)}."
            ]
        )
    bad_keys = [k for k in value if not isinstance(k, str)]
    if bad_keys:
        raise FlowValueError(
            [f"--metadata: key {k!r} is not a string; quote it." for k in bad_keys]
        )
    return value


def parse_tool_resources(raw: str) -> dict[str, Any]:
    """A `--tool-resources` value → `{code_interpreter?: {file_ids}, file_search?: {...}}`."""
    option = "--tool-resources"
    value = parse_flow(read_value(raw, option), option)
    if not isinstance(value, dict):
        raise FlowValueError(
            [
                f"{option}: expected a map like '{{code_interpreter: {{file_ids: [file-1]}}}}', "
                f"got {_type_name(value)}."
            ]
        )
    errors: list[str] = []
    result: dict[str, Any] = {}
    sections = {
        "code_interpreter": ("file_ids", Field.FILE_IDS, limits.MAX_FILE_IDS),
        "file_search": ("vector_store_ids", Field.VECTOR_STORE_IDS, limits.MAX_VECTOR_STORE_IDS),
    }
    for section, sub in value.items():
        if section not in sections:
            errors.append(
                f"{option}: unknown key {section!r}; use code_interpreter and/or file_search."
            )
            continue
        field_name, field, _limit = sections[section]
        if not isinstance(sub, dict) or set(sub) - {field_name}:
            errors.append(f"{option}: {section} must be {{{field_name}: [...]}}.")
            continue
        ids = sub.get(field_name, [])
        if ids is None:
            ids = []
        if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
            errors.append(f"{option}: {section}.{field_name} must be a list of ID strings.")
            continue
        problems: list[Problem] = check_id_list(ids, field)
        errors.extend(f"{option}: {p.message}" for p in problems)
        result[section] = {field_name: list(ids)}
    if errors:
        raise FlowValueError(errors)
    return result


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a plain string"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
