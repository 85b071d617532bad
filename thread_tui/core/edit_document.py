"""An object's editable fields as a YAML document for `$EDITOR`, and the way back (no I/O).

`render` writes a draft's metadata (and a thread's tool_resources lists) as YAML under a
comment header: what is edited, the limits, that a key cannot be removed once set, how to
abort. Every key and value is written double-quoted, with each character a terminal would act
on (and each YAML line break) as an escape, so the text round-trips exactly and the server's
text is inert in the user's editor too.

`read` parses what the user saved with PyYAML's safe loader, at the node level so that each
problem carries its line, and so that nothing is coerced: `yes`, `1` or `null` unquoted is
reported as not a string, never sent as "True" or "1". `apply` puts what was read into a
draft (reusing the rows of the keys it had), after which the draft's own checks
(`Draft.problems`, core/problems.py) find the limit problems; `check` does both and maps
every problem to a line. `with_errors` writes the problems as `# ERROR:` comments at the top
of the user's text, as `kubectl edit` does, keeping everything they typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import yaml

from thread_tui.core import limits
from thread_tui.core.diff import DraftDiff
from thread_tui.core.draft import Draft
from thread_tui.core.inert import visible
from thread_tui.core.problems import Field, Problem

ERROR_PREFIX: Final = "# ERROR: "
MAX_DOCUMENT_CHARS: Final = 1_000_000
"""A saved file larger than this is refused unread: it cannot hold a valid edit."""

_SECTIONS: Final = ("metadata", "tool_resources")
_STR_TAG: Final = "tag:yaml.org,2002:str"
_NULL_TAG: Final = "tag:yaml.org,2002:null"
_TAG_WORDS: Final = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    _NULL_TAG: "null",
    "tag:yaml.org,2002:timestamp": "a date",
}


# -- writing --------------------------------------------------------------------------------


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar on one line, read back exactly by any YAML
    parser: backslash, quote, tab and newline escaped by name, and every character `visible`
    would replace (controls, C1, bidi and format characters, line separators, surrogates,
    unassigned code points) as a numeric escape."""
    out: list[str] = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif visible(char) != char:
            code = ord(char)
            if code <= 0xFF:
                out.append(f"\\x{code:02x}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def header(draft: Draft) -> list[str]:
    """The comment lines above the fields: what, the limits, the rules, how to abort."""
    noun = draft.kind.value
    what = f"a new {noun} (not created yet)" if draft.is_new else f"{noun} {draft.resource_id}"
    lines = [
        f"# Editing {what} with thread-tui.",
        "# Save and quit to review the change; nothing is sent before you confirm it.",
        "# To abort: save an empty file, or quit without changing anything.",
        "#",
        f"# metadata: at most {limits.MAX_METADATA_PAIRS} pairs; keys up to "
        f"{limits.MAX_KEY_CHARS} characters, values up to {limits.MAX_VALUE_CHARS}.",
        '#   Every key and value is a string: keep them quoted ("1", "yes", "").',
        "#   A key cannot be removed once set (the server keeps it): blank its value",
        '#   with "" instead.',
    ]
    if draft.kind.has_tool_resources:
        lines += [
            f"# tool_resources: at most {limits.MAX_FILE_IDS} code_interpreter file_ids and "
            f"{limits.MAX_VECTOR_STORE_IDS} file_search",
            "#   vector_store_id; each list is the new complete list.",
        ]
    return lines


def shown_pairs(draft: Draft) -> list[tuple[str, str]]:
    """The pairs the document shows: the draft's rows in order (a duplicate too, for its
    problem to show), then each loaded key no row holds now with its stored value, since the
    server keeps it whatever the draft says."""
    pairs = [(row.key, row.value) for row in draft.counted_rows()]
    keys = {key for key, _ in pairs}
    pairs += [(k, v) for k, v in draft.loaded_metadata.items() if k not in keys]
    return pairs


def render(draft: Draft) -> str:
    """The document of a draft's editable fields."""
    lines = header(draft)
    pairs = shown_pairs(draft)
    if pairs:
        lines.append("metadata:")
        lines += [f"  {quote(key)}: {quote(value)}" for key, value in pairs]
    else:
        lines.append("metadata: {}")
    if draft.kind.has_tool_resources:
        lines += [
            "tool_resources:",
            "  code_interpreter:",
            *_id_list("file_ids", draft.file_ids),
            "  file_search:",
            *_id_list("vector_store_ids", draft.store_ids),
        ]
    return "\n".join(lines) + "\n"


def _id_list(name: str, ids: list[str]) -> list[str]:
    if not ids:
        return [f"    {name}: []"]
    return [f"    {name}:", *(f"      - {quote(item)}" for item in ids)]


# -- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentProblem:
    """One problem of a saved document; `line` is 1-based in the text read, or None."""

    line: int | None
    message: str


@dataclass(frozen=True)
class Fields:
    """What a document says: the metadata pairs in order (with their lines), the lists
    (None for a conversation), and the line of each section or list for its problems."""

    metadata: tuple[tuple[str, str, int], ...]
    file_ids: tuple[str, ...] | None
    store_ids: tuple[str, ...] | None
    lines: dict[str, int]


@dataclass(frozen=True)
class Reading:
    """What could be read (`fields`; None when the text is not YAML, not a map, or empty)
    and the problems of its shape: a value not a string, an unknown field, a removed key.
    The limits are checked later, by `check`. `empty`: the text holds nothing (an abort)."""

    fields: Fields | None
    problems: tuple[DocumentProblem, ...]
    empty: bool = False


def _fields(draft: Draft) -> tuple[str, ...]:
    return _SECTIONS if draft.kind.has_tool_resources else _SECTIONS[:1]


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _short(text: str, width: int = 24) -> str:
    shown = text if len(text) <= width else text[: width - 1] + "…"
    return repr(shown)


class _Reader:
    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.problems: list[DocumentProblem] = []
        self.lines: dict[str, int] = {}
        self.keys_seen: set[str] = set()  # read as keys, whatever their values
        self.metadata_read = True  # False when the section is not a map: no key is missed

    def problem(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(DocumentProblem(None if node is None else _line(node), message))

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A scalar that YAML reads as a string; else a problem naming what it is instead."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG:
            return str(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag in _TAG_WORDS:
            typed = str(node.value) if node.value else "~"
            fix = (
                ' (a key cannot be deleted; use "" to blank its value)'
                if node.tag == _NULL_TAG and node.value in ("", "~", "null", "Null", "NULL")
                else ""
            )
            self.problem(
                node,
                f"{what} must be a string, not {_TAG_WORDS[node.tag]}: quote it "
                f"({quote(typed)}){fix}.",
            )
        elif isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be a string, not a map: metadata values are flat.")
        elif isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{what} must be a string, not a list.")
        else:
            self.problem(node, f"{what} must be a quoted string.")
        return None

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]] | None:
        """The pairs of a map; a null (a section emptied) is an empty map."""
        if isinstance(node, yaml.MappingNode):
            return list(node.value)
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return []
        self.problem(node, f"{what} must be a map of keys to values.")
        return None

    def sections(self, root: yaml.Node) -> dict[str, yaml.Node]:
        found: dict[str, yaml.Node] = {}
        pairs = self.mapping(root, "The document")
        for key_node, value_node in pairs or []:
            name = self.text(key_node, "A field name")
            if name is None:
                continue
            if name in found:
                self.problem(key_node, f"{name} is given twice.")
            elif name == "tool_resources" and not self.draft.kind.has_tool_resources:
                self.problem(key_node, "A conversation has no tool_resources: remove it.")
            elif name not in _SECTIONS:
                allowed = " and ".join(_fields(self.draft))
                self.problem(
                    key_node, f"Unknown field {_short(name)}: only {allowed} can be edited."
                )
            else:
                found[name] = value_node
                self.lines[name] = _line(key_node)
        return found

    def metadata(self, node: yaml.Node | None) -> list[tuple[str, str, int]]:
        pairs: list[tuple[str, str, int]] = []
        if node is None:
            return pairs
        items = self.mapping(node, "metadata")
        self.metadata_read = items is not None
        if items is not None and len(items) > limits.HARD_MAX_ROWS:
            self.problem(
                node,
                f"metadata has {len(items)} pairs, far beyond the limit of "
                f"{limits.MAX_METADATA_PAIRS}.",
            )
            return pairs
        for key_node, value_node in items or []:
            key = self.text(key_node, "A metadata key")
            if key is None:
                continue
            self.keys_seen.add(key)
            value = self.text(value_node, f"The value of {_short(key)}")
            if value is not None:
                pairs.append((key, value, _line(key_node)))
        return pairs

    def id_list(self, parent: yaml.Node, section: str, name: str) -> tuple[str, ...]:
        """`tool_resources.<section>.<name>`: absent or null is an empty list."""
        entries = self.mapping(parent, f"tool_resources.{section}") or []
        found: yaml.Node | None = None
        for key_node, value_node in entries:
            key = self.text(key_node, f"A field of tool_resources.{section}")
            if key == name:
                found = value_node
                self.lines[name] = _line(key_node)
            elif key is not None:
                self.problem(
                    key_node,
                    f"Unknown field {_short(key)} in tool_resources.{section}: only {name}.",
                )
        if found is None or (isinstance(found, yaml.ScalarNode) and found.tag == _NULL_TAG):
            return ()
        if not isinstance(found, yaml.SequenceNode):
            self.problem(found, f"{name} must be a list of IDs (write [] for none).")
            return ()
        if len(found.value) > limits.HARD_MAX_IDS:
            self.problem(found, f"{name} has {len(found.value)} IDs, far beyond the limit.")
            return ()
        ids = (self.text(item, f"An ID in {name}") for item in found.value)
        return tuple(item for item in ids if item is not None)

    def tool_resources(self, node: yaml.Node | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if node is None:
            return (), ()
        parts: dict[str, yaml.Node] = {}
        for key_node, value_node in self.mapping(node, "tool_resources") or []:
            key = self.text(key_node, "A field of tool_resources")
            if key in ("code_interpreter", "file_search"):
                parts[key] = value_node
            elif key is not None:
                self.problem(
                    key_node,
                    f"Unknown field {_short(key)} in tool_resources: only code_interpreter "
                    "and file_search.",
                )
        files = (
            self.id_list(parts["code_interpreter"], "code_interpreter", "file_ids")
            if ("code_interpreter" in parts)
            else ()
        )
        stores = (
            self.id_list(parts["file_search"], "file_search", "vector_store_ids")
            if ("file_search" in parts)
            else ()
        )
        return files, stores


def read(text: str, draft: Draft) -> Reading:
    """Read a saved document against the draft it was made from (its kind and loaded keys)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        return Reading(
            None, (DocumentProblem(None, f"The file is over {MAX_DOCUMENT_CHARS} characters."),)
        )
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else int(mark.line) + 1
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "not valid YAML"
        return Reading(None, (DocumentProblem(line, f"Not valid YAML: {visible(what)}."),))
    except yaml.YAMLError as exc:
        return Reading(None, (DocumentProblem(None, f"Not valid YAML: {visible(str(exc))}"),))
    if root is None:
        return Reading(None, (), empty=True)
    if not isinstance(root, yaml.MappingNode):
        fields = " and ".join(_fields(draft))
        return Reading(
            None, (DocumentProblem(_line(root), f"The file must be a map of {fields}."),)
        )
    reader = _Reader(draft)
    sections = reader.sections(root)
    pairs = reader.metadata(sections.get("metadata"))
    files: tuple[str, ...] | None = None
    stores: tuple[str, ...] | None = None
    if draft.kind.has_tool_resources:
        files, stores = reader.tool_resources(sections.get("tool_resources"))
    for key in draft.loaded_metadata:
        if reader.metadata_read and key not in reader.keys_seen:
            reader.problem(
                sections.get("metadata"),
                f"Key {_short(key)} cannot be removed (the server keeps a key once set): put "
                'it back, or set its value to "" to blank it.',
            )
    return Reading(Fields(tuple(pairs), files, stores, dict(reader.lines)), tuple(reader.problems))


# -- into the draft, and checked --------------------------------------------------------------


def apply(draft: Draft, fields: Fields) -> dict[int, int]:
    """Make the draft say what the document says, in place (one undo step for the editor).

    A loaded key keeps its row (its origin); every other pair is a new row; a loaded key the
    document leaves out (`read` refuses that, so only a caller skipping it) is marked deleted.
    Returns the line of each row, for its problems."""
    by_origin = {row.origin: row for row in draft.rows if row.origin is not None}
    draft.rows = []
    lines: dict[int, int] = {}
    for key, value, line in fields.metadata:
        row = by_origin.pop(key, None)
        if row is None:
            row_id = draft.add_row(key, value, fresh=False)
        else:
            row.key, row.value, row.deleted, row.fresh = key, value, False, False
            draft.rows.append(row)
            row_id = row.id
        lines[row_id] = line
    for row in by_origin.values():
        row.key, row.deleted = row.origin or row.key, True
        draft.rows.append(row)
    if draft.kind.has_tool_resources:
        draft.set_files(list(fields.file_ids or ()))
        draft.set_stores(list(fields.store_ids or ()))
    return lines


def problem_line(problem: Problem, rows: dict[int, int], sections: dict[str, int]) -> int | None:
    """Where a draft problem is in the document: its row's line, else its list's or section's."""
    if problem.row is not None and problem.row in rows:
        return rows[problem.row]
    if problem.field is Field.FILE_IDS:
        return sections.get("file_ids", sections.get("tool_resources"))
    if problem.field is Field.VECTOR_STORE_IDS:
        return sections.get("vector_store_ids", sections.get("tool_resources"))
    return sections.get("metadata")


@dataclass(frozen=True)
class Checked:
    """A saved document checked against a draft: `draft` is a copy carrying what could be
    read; `problems` are the document's (its shape: `shape_problems` of them, first) and then
    the draft's limit problems; `empty` for an abort by an empty file."""

    draft: Draft | None
    problems: tuple[DocumentProblem, ...]
    empty: bool = False
    shape_problems: int = 0

    @property
    def well_formed(self) -> bool:
        """The draft holds everything the document says (its limits may still be broken)."""
        return self.draft is not None and not self.shape_problems

    @property
    def body(self) -> dict[str, Any] | None:
        """The request body when the edit is valid, else None."""
        if self.draft is None or self.problems:
            return None
        return self.draft.request_body()


def copy_of(draft: Draft) -> Draft:
    """A draft of the same loaded state holding the same edits (the original is untouched)."""
    copy = Draft(
        draft.kind,
        draft.resource_id,
        dict(draft.loaded_metadata),
        list(draft.loaded_file_ids),
        list(draft.loaded_store_ids),
    )
    copy.is_new = draft.is_new
    copy.reset()
    copy.restore(draft.snapshot())
    for _ in range(max((row.id for row in draft.rows), default=-1) + 1):
        next(copy._ids)  # the copy's new rows get ids the original has not used
    return copy


def check(text: str, draft: Draft) -> Checked:
    """Read `text` and apply it to a copy of `draft`; every problem with its line."""
    body, offset = strip_errors(text)
    reading = read(body, draft)
    if reading.fields is None:
        shifted = tuple(_shift(p, offset) for p in reading.problems)
        return Checked(None, shifted, reading.empty, shape_problems=len(shifted))
    edited = copy_of(draft)
    rows = apply(edited, reading.fields)
    found = list(reading.problems) + [
        DocumentProblem(problem_line(p, rows, reading.fields.lines), p.message)
        for p in edited.problems()
    ]
    shifted = tuple(_shift(p, offset) for p in found)
    return Checked(edited, shifted, shape_problems=len(reading.problems))


def _shift(problem: DocumentProblem, offset: int) -> DocumentProblem:
    if problem.line is None:
        return problem
    return DocumentProblem(problem.line + offset, problem.message)


# -- the problems, written into the file ------------------------------------------------------


def strip_errors(text: str) -> tuple[str, int]:
    """The text without the `# ERROR:` block a previous round wrote at its top (and the
    separator line after it), and how many lines that removed."""
    lines = text.split("\n")
    count = 0
    while count < len(lines) and lines[count].startswith(ERROR_PREFIX):
        count += 1
    if count and count < len(lines) and lines[count] == "#":
        count += 1
    return "\n".join(lines[count:]), count


def with_errors(text: str, problems: tuple[DocumentProblem, ...] | list[DocumentProblem]) -> str:
    """The user's text as they saved it, with the problems as `# ERROR:` lines on top (a
    previous round's replaced). Line numbers are counted in the text returned."""
    body, removed = strip_errors(text)
    size = len(problems) + 1  # the error lines and the separator
    lines = []
    for problem in problems:
        where = "" if problem.line is None else f"line {problem.line - removed + size}: "
        lines.append(ERROR_PREFIX + visible(where + problem.message))
    return "\n".join([*lines, "#", body])


def is_unchanged(saved: str, written: str) -> bool:
    """The user quit without changing the file (trailing whitespace aside: some editors add
    or drop the final newline)."""
    return saved.rstrip() == written.rstrip()


# -- the diff, as text ---------------------------------------------------------------------------


def diff_lines(diff: DraftDiff) -> list[str]:
    """The diff one line each, marked as the TUI's confirm screen marks it: `+` added key,
    `~` changed value (old → new), `!` a removed key the server keeps, `+`/`-` per file and
    vector store. Keys and values JSON-quoted; inert for a terminal."""
    import json

    def show(value: str | None) -> str:
        return visible(json.dumps(value, ensure_ascii=False))

    lines: list[str] = []
    for change in diff.metadata:
        key = visible(change.key or '""')
        if change.kind == "added":
            lines.append(f"+ {key}: {show(change.new)}")
        elif change.kind == "changed":
            lines.append(f"~ {key}: {show(change.old)} → {show(change.new)}")
        else:
            lines.append(f"! {key}: {show(change.old)} (kept by the server)")
    for noun, changes in (("file", diff.files), ("vector store", diff.stores)):
        for item in changes:
            verb = ("+ attach" if item.kind == "added" else "- detach") + f" {noun}"
            lines.append(f"{verb} {visible(item.item)}")
    return lines
