"""Parse `--metadata` / `--tool-resources` values as the official `openai` CLI takes them:
JSON or YAML flow (`'{foo: bar}'`), `@path` to read the value from a file, and, for metadata,
repeated `key=value` pairs.

YAML reads `1`, `yes`, `null` or `2024-01-01` as non-strings; metadata values must be strings,
so each of those is refused with a message that names the key and says how to quote it (the
text as typed is kept for that). Everything wrong comes back as one `FlowValueError` with a
one-line message per problem; nothing here raises anything else, whatever the input: sizes
are capped and YAML aliases (the "billion laughs" expansion) are refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeAlias

from thread_tui.core import limits
from thread_tui.core.problems import Field, check_id_list, check_metadata_map, has_lone_surrogate

if TYPE_CHECKING:
    import yaml

MAX_INPUT_CHARS: Final = 1_000_000
# Metadata needs 2 levels and tool_resources 3; anything deeper is a mistake, not data.
MAX_DEPTH: Final = 8

METADATA: Final = "--metadata"
TOOL_RESOURCES: Final = "--tool-resources"

_STR_TAG: Final = "tag:yaml.org,2002:str"
_MAP_TAG: Final = "tag:yaml.org,2002:map"
_SEQ_TAG: Final = "tag:yaml.org,2002:seq"
_YAML_TYPE_NAMES: Final = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "binary data",
}


class FlowValueError(ValueError):
    """A value that cannot be used; `lines` holds one message per problem."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class NotText:
    """A scalar that JSON or YAML read as something other than a string.

    `kind` is how it was read ("a number", "a boolean", "null", "a date", ...) and `text` is
    the value as it was typed, so a message can show exactly what to quote.
    """

    kind: str
    text: str


# What parsing gives back: strings, maps, lists, and NotText for every other scalar.
FlowKey: TypeAlias = "str | NotText"
FlowData: TypeAlias = "str | NotText | dict[FlowKey, FlowData] | list[FlowData]"


def read_value(raw: str, option: str) -> str:
    """The text of an option value: `@path` reads the file, anything else is the value."""
    if not raw.startswith("@"):
        return raw
    name = raw[1:]
    if not name:
        raise FlowValueError([f"{option}: '@' must be followed by a file name (@path)."])
    path = Path(name)
    try:
        with path.open(encoding="utf-8") as handle:
            text = handle.read(MAX_INPUT_CHARS + 1)
    except FileNotFoundError:
        raise FlowValueError([f"{option}: no such file: {name}"]) from None
    except IsADirectoryError:
        raise FlowValueError([f"{option}: {name} is a directory, not a file."]) from None
    except UnicodeDecodeError:
        raise FlowValueError([f"{option}: cannot read {name}: it is not UTF-8 text."]) from None
    except OSError as exc:
        raise FlowValueError([f"{option}: cannot read {name}: {exc.strerror or exc}"]) from None
    except ValueError:  # a NUL byte, or text the file system cannot encode
        raise FlowValueError([f"{option}: {name!r} is not a usable file name."]) from None
    return text


def parse_flow(text: str, option: str) -> FlowData:
    """JSON or YAML flow text → strings, maps, lists and `NotText` scalars."""
    if len(text) > MAX_INPUT_CHARS:
        raise FlowValueError([f"{option}: the value is over {MAX_INPUT_CHARS:,} characters."])
    if not text.strip():
        raise FlowValueError([f"{option}: the value is empty."])
    try:
        # JSON first: it is what most people paste, and the C parser is fast on any size.
        data = json.loads(text)
    except (ValueError, RecursionError):
        pass
    else:
        return _from_json(data, option, 0)
    if has_lone_surrogate(text):
        raise FlowValueError(
            [
                f"{option}: the value holds a character that is not valid Unicode text "
                "(a lone surrogate)."
            ]
        )
    return _from_yaml(text, option)


def _from_json(value: object, option: str, depth: int) -> FlowData:
    if depth > MAX_DEPTH:
        raise FlowValueError([f"{option}: the value is nested too deeply."])
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {key: _from_json(item, option, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        return [_from_json(item, option, depth + 1) for item in value]
    kind = "null" if value is None else "a boolean" if isinstance(value, bool) else "a number"
    return NotText(kind, json.dumps(value))


def _from_yaml(text: str, option: str) -> FlowData:
    # Imported here, not at the top: most commands never parse a value, and it costs start-up.
    import yaml
    from yaml.reader import ReaderError

    # libyaml's composer is fast and caps nesting at 1000 levels; the pure-Python one (when
    # PyYAML was built without it) raises RecursionError instead, caught below.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or "invalid syntax"
        raise FlowValueError([f"{option}: not valid JSON or YAML{where}: {problem}."]) from None
    except ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character or 0xFFFD)
        raise FlowValueError(
            [
                f"{option}: YAML does not allow the character U+{ord(char):04X}; write it as "
                f'a JSON escape ("\\u{ord(char):04x}") or use key=value.'
            ]
        ) from None
    except (yaml.YAMLError, ValueError, RecursionError):
        raise FlowValueError([f"{option}: not valid JSON or YAML."]) from None
    if node is None:
        raise FlowValueError([f"{option}: the value is empty."])
    return _YamlReader(option).read(node, 0)


class _YamlReader:
    """Turns a composed YAML node graph into FlowData, refusing aliases and custom tags.

    Working on nodes rather than `yaml.safe_load`'s objects keeps the text as typed (`yes`,
    `0x1F`) for messages, and sees every alias: an alias is a node met a second time.
    """

    def __init__(self, option: str) -> None:
        self.option = option
        self.seen: set[int] = set()

    def read(self, node: yaml.Node, depth: int) -> FlowData:
        import yaml

        if id(node) in self.seen:
            raise self._error("YAML anchors and aliases are not accepted.")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            raise self._error("the value is nested too deeply.")
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            result: dict[FlowKey, FlowData] = {}
            for key_node, value_node in node.value:
                key = self.read(key_node, depth + 1)
                if isinstance(key, dict | list):
                    raise self._error("a key must be plain text, not a map or a list.")
                result[key] = self.read(value_node, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.read(item, depth + 1) for item in node.value]
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                return str(node.value)
            kind = _YAML_TYPE_NAMES.get(node.tag)
            if kind is not None:
                return NotText(kind, str(node.value))
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise self._error(f"the YAML tag {tag} is not accepted here.")

    def _error(self, message: str) -> FlowValueError:
        return FlowValueError([f"{self.option}: {message}"])


# -- metadata ----------------------------------------------------------------------------------


def parse_metadata(values: Sequence[str]) -> dict[str, str]:
    """One or more `--metadata` values → one metadata map, checked against every limit.

    Later values win over earlier ones for the same key, as repeated flags usually do.
    """
    merged: dict[str, object] = {}
    errors: list[str] = []
    for raw in values:
        try:
            merged.update(_one_metadata(raw))
        except FlowValueError as exc:
            errors.extend(exc.lines)
    if errors:
        raise FlowValueError(errors)
    strings = {key: value for key, value in merged.items() if isinstance(value, str)}
    for key, value in merged.items():
        if not isinstance(value, str):
            errors.append(f"{METADATA}: {_not_text_message(key, value)}")
    # Wrong types are reported above; "" stand-ins keep their keys in the count and key checks.
    problems = check_metadata_map({k: v if isinstance(v, str) else "" for k, v in merged.items()})
    errors.extend(f"{METADATA}: {problem.message}" for problem in problems)
    if errors:
        raise FlowValueError(errors)
    return strings


def _one_metadata(raw: str) -> dict[str, object]:
    if _is_pair(raw):
        key, _, text = raw.partition("=")
        if not key:
            raise FlowValueError([f"{METADATA} {_short(raw)}: the key before '=' is empty."])
        return {key: text}
    parsed = parse_flow(read_value(raw, METADATA), METADATA)
    if not isinstance(parsed, dict):
        raise FlowValueError(
            [f"{METADATA}: expected a map like '{{key: value}}' or key=value, not {_kind(parsed)}."]
        )
    errors: list[str] = []
    result: dict[str, object] = {}
    for name, item in parsed.items():
        if isinstance(name, NotText):
            errors.append(
                f"{METADATA}: the key {name.text} was read as {name.kind}; keys are text, "
                f"so quote it: {{{_json(name.text)}: ...}}."
            )
        else:
            result[name] = item
    if errors:
        raise FlowValueError(errors)
    return result


def _is_pair(raw: str) -> bool:
    """`key=value`, as opposed to a JSON/YAML map or an `@path`."""
    if raw.startswith("@") or "=" not in raw:
        return False
    head = raw.partition("=")[0]
    # `{a: b=c}` or `"a=b"` is a flow value that happens to contain '='.
    return not head.lstrip().startswith(("{", "[", '"', "'"))


def _not_text_message(key: str, value: object) -> str:
    name = _short(key)
    if isinstance(value, NotText) and value.kind == "null":
        return (
            f"the value of {name} must be a string, not null (a key cannot be deleted; "
            'use "" to blank its value).'
        )
    if isinstance(value, NotText):
        return (
            f"the value of {name} must be a string, but {value.text} was read as "
            f"{value.kind}; quote it: {{{_json(key)}: {_json(value.text)}}}."
        )
    return (
        f"the value of {name} must be a string, not {_kind(value)}: metadata values are "
        "flat strings (quote it to send it as text)."
    )


# -- tool_resources ----------------------------------------------------------------------------

_SECTIONS: Final = {
    "code_interpreter": ("file_ids", Field.FILE_IDS, limits.MAX_FILE_IDS),
    "file_search": ("vector_store_ids", Field.VECTOR_STORE_IDS, limits.MAX_VECTOR_STORE_IDS),
}


def parse_tool_resources(raw: str) -> dict[str, dict[str, list[str]]]:
    """A `--tool-resources` value → `{code_interpreter?: {file_ids}, file_search?: {...}}`.

    A section given as `{}` stays `{}`; a list given is the complete new list.
    """
    option = TOOL_RESOURCES
    value = parse_flow(read_value(raw, option), option)
    if not isinstance(value, dict):
        raise FlowValueError(
            [
                f"{option}: expected a map like '{{code_interpreter: {{file_ids: [file-1]}}}}', "
                f"not {_kind(value)}."
            ]
        )
    errors: list[str] = []
    result: dict[str, dict[str, list[str]]] = {}
    for section, sub in value.items():
        if not isinstance(section, str) or section not in _SECTIONS:
            shown = section.text if isinstance(section, NotText) else _short(section)
            errors.append(
                f"{option}: unknown key {shown}; use code_interpreter and/or file_search."
            )
            continue
        field_name, field, _limit = _SECTIONS[section]
        if not isinstance(sub, dict) or any(k != field_name for k in sub):
            errors.append(f"{option}: {section} must be {{{field_name}: [...]}}.")
            continue
        if field_name not in sub:
            result[section] = {}
            continue
        ids = _id_list(sub[field_name], f"{section}.{field_name}", option, errors)
        if ids is None:
            continue
        errors.extend(f"{option}: {p.message}" for p in check_id_list(ids, field))
        result[section] = {field_name: ids}
    if errors:
        raise FlowValueError(errors)
    return result


def _id_list(value: FlowData, where: str, option: str, errors: list[str]) -> list[str] | None:
    if not isinstance(value, list):
        errors.append(f"{option}: {where} must be a list of IDs, not {_kind(value)}.")
        return None
    ids: list[str] = []
    for index, item in enumerate(value):
        if isinstance(item, str) and item:
            ids.append(item)
        elif isinstance(item, NotText):
            errors.append(
                f"{option}: {where}[{index}] is {item.kind} ({item.text}), not an ID; "
                f"quote it: {_json(item.text)}."
            )
        else:
            errors.append(f"{option}: {where}[{index}] must be an ID, not {_kind(item)}.")
    return ids if len(ids) == len(value) else None


def _kind(value: object) -> str:
    if isinstance(value, NotText):
        return value.kind
    if isinstance(value, str):
        return "an empty string" if not value else "a plain string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")
