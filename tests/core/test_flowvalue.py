"""--metadata / --tool-resources parsing: the official CLI's syntax, one clear line per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.flowvalue import (
    MAX_INPUT_CHARS,
    FlowValueError,
    parse_metadata,
    parse_tool_resources,
)


def lines_of(raw: list[str]) -> list[str]:
    with pytest.raises(FlowValueError) as info:
        parse_metadata(raw)
    return info.value.lines


def test_json_yaml_flow_and_pairs() -> None:
    assert parse_metadata(['{"a": "1"}']) == {"a": "1"}
    assert parse_metadata(['{"a":"b"}']) == {"a": "b"}  # compact JSON, which YAML 1.1 can refuse
    assert parse_metadata(["{foo: bar, n: '1'}"]) == {"foo": "bar", "n": "1"}
    assert parse_metadata(["foo: bar"]) == {"foo": "bar"}  # YAML block style
    assert parse_metadata(["k=v=w", "x="]) == {"k": "v=w", "x": ""}
    assert parse_metadata(["{a: b=c}"]) == {"a": "b=c"}  # '=' inside a flow map is text
    assert parse_metadata(["{}"]) == {}


def test_later_values_win() -> None:
    assert parse_metadata(["{a: one, b: two}", "a=three"]) == {"a": "three", "b": "two"}


def test_at_file(tmp_path: Path) -> None:
    path = tmp_path / "meta.yaml"
    path.write_text("{owner: ana, 'emoji': '🙂'}", encoding="utf-8")
    assert parse_metadata([f"@{path}"]) == {"owner": "ana", "emoji": "🙂"}


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("nope", None, "no such file: "),
        ("dir", "<dir>", "is a directory"),
        ("latin1.txt", b"{a: \xe9}", "not UTF-8"),
    ],
)
def test_at_file_problems(tmp_path: Path, name: str, content: object, fragment: str) -> None:
    path = tmp_path / name
    if content == "<dir>":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    [line] = lines_of([f"@{path}"])
    assert line.startswith("--metadata: ") and fragment in line and name in line
    [line] = lines_of(["@"])
    assert "file name" in line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "{a: 1}",
            "the value of 'a' must be a string, but 1 was read as a number; "
            'quote it: {"a": "1"}.',
        ),
        ("{a: 0x1F}", 'but 0x1F was read as a number; quote it: {"a": "0x1F"}'),
        ("{a: yes}", 'but yes was read as a boolean; quote it: {"a": "yes"}'),
        ("{a: true}", 'but true was read as a boolean; quote it: {"a": "true"}'),
        ('{"a": false}', 'but false was read as a boolean; quote it: {"a": "false"}'),
        ("{a: 2024-01-01}", 'was read as a date; quote it: {"a": "2024-01-01"}'),
        ("{a: null}", """the value of 'a' must be a string, not null (a key cannot be deleted"""),
        ("{a: }", "must be a string, not null"),
        ("{a: {b: c}}", "must be a string, not a map"),
        ("{a: [1]}", "must be a string, not a list"),
        ("[1, 2]", "expected a map like '{key: value}' or key=value, not a list"),
        ("'just text'", "not a plain string"),
        ("42", "not a number"),
        ("{", "not valid JSON or YAML at line 2, column 1"),
        ("=v", "key before '=' is empty"),
        ("{1: a}", 'the key 1 was read as a number; keys are text, so quote it: {"1": ...}'),
        ("{? [a] : b}", "a key must be plain text"),
        ("{a: !!set {x}}", "the YAML tag !!set is not accepted"),
        ("{a: !!python/object/apply:os.system [ls]}", "YAML tag !!python/object/apply"),
        ("", "the value is empty"),
        ("  ", "the value is empty"),
    ],
)
def test_bad_metadata_is_one_clear_line(raw: str, expected: str) -> None:
    [line] = lines_of([raw])
    assert line.startswith("--metadata")
    assert expected in line


def test_every_wrong_type_is_reported_with_its_key() -> None:
    lines = lines_of(["{a: 1, b: yes, c: null, d: ok}"])
    assert [line.split("'")[1] for line in lines] == ["a", "b", "c"]


def test_limits_one_line_per_problem() -> None:
    many = "{" + ", ".join(f"k{i}: v" for i in range(17)) + "}"
    lines = lines_of([many, "x" * 65 + "=v", "y=" + "z" * 513])
    assert len(lines) == 3
    assert "19 metadata pairs; at most 16" in lines[0]
    assert "65 characters; at most 64" in lines[1]
    assert "513 characters; at most 512" in lines[2]


def test_limits_are_exact() -> None:
    pairs = [f"k{i}=v" for i in range(15)] + ["k" * 64 + "=" + "v" * 512]
    assert len(parse_metadata(pairs)) == 16


def test_wrong_types_still_count_towards_the_limit() -> None:
    lines = lines_of(["{" + ", ".join(f"k{i}: v" for i in range(16)) + ", n: 1}"])
    assert len(lines) == 2 and "17 metadata pairs" in lines[1]


@pytest.mark.parametrize(
    "bomb",
    [
        "{a: &x [1,1,1], b: [*x, *x, *x]}",
        "&a [*a]",  # a self-reference
        "{a: &x b, c: *x}",
    ],
)
def test_yaml_aliases_are_refused(bomb: str) -> None:
    [line] = lines_of([bomb])
    assert "anchors and aliases are not accepted" in line


def test_yaml_merge_keys_are_refused() -> None:
    [line] = lines_of(["{x: {a: b}, y: {<<: {a: c}}}"])
    assert "!!merge is not accepted" in line


def test_billion_laughs_is_refused() -> None:
    # Refused while composing, before anything is expanded: without the refusal the expansion
    # (9**10 items) never ends, so this test would hang rather than pass.
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        laughs.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    [line] = lines_of(["\n".join(laughs)])
    assert "anchors and aliases are not accepted" in line


def test_huge_and_deep_input_is_refused() -> None:
    [line] = lines_of(["{a: '" + "x" * MAX_INPUT_CHARS + "'}"])
    assert "over 1,000,000 characters" in line
    assert lines_of(["[" * 100_000 + "]" * 100_000])  # JSON and YAML both give up cleanly
    assert lines_of(["{a: " * 50 + "b" + "}" * 50])


def test_near_the_cap_is_read_and_refused_by_count() -> None:
    # Just under the size cap the input is parsed, not refused for size, and the message is
    # about the pair count. (How fast is a matter for bench/, not for a test.)
    text = "{" + ", ".join(f"k{i}: value {i}" for i in range(40_000)) + "}"
    assert len(text) < MAX_INPUT_CHARS
    [line] = lines_of([text])
    assert "40000 metadata pairs" in line
    assert "characters" not in line


def test_control_characters_and_surrogates() -> None:
    # key=value and JSON escapes carry control characters as they are: they are valid text.
    assert parse_metadata(["a=\x00\x1b[31m"]) == {"a": "\x00\x1b[31m"}
    assert parse_metadata(['{"a": "\\u0007"}']) == {"a": "\x07"}
    # YAML refuses them raw; the message says what to do instead.
    [line] = lines_of(["{a: 'x\x01'}"])
    assert "U+0001" in line and "\\u0001" in line
    for raw in ["a=\ud800", '{"a": "\\udfff"}', "{a: '\ud800'}", "\udc80=v"]:
        [line] = lines_of([raw])
        assert "lone surrogate" in line


def test_tool_resources() -> None:
    parsed = parse_tool_resources(
        "{code_interpreter: {file_ids: [file-1, file-2]}, file_search: {vector_store_ids: [vs_1]}}"
    )
    assert parsed == {
        "code_interpreter": {"file_ids": ["file-1", "file-2"]},
        "file_search": {"vector_store_ids": ["vs_1"]},
    }
    assert parse_tool_resources('{"file_search": {"vector_store_ids": []}}') == {
        "file_search": {"vector_store_ids": []}
    }
    assert parse_tool_resources("{code_interpreter: {}}") == {"code_interpreter": {}}
    assert parse_tool_resources("{}") == {}


def test_tool_resources_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "tools.json"
    path.write_text(json.dumps({"code_interpreter": {"file_ids": ["file-1"]}}))
    assert parse_tool_resources(f"@{path}") == {"code_interpreter": {"file_ids": ["file-1"]}}
    with pytest.raises(FlowValueError, match="--tool-resources: no such file"):
        parse_tool_resources(f"@{tmp_path / 'missing.json'}")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("{file_search: {vector_store_ids: [a, b]}}", ["2 file_search vector stores; at most 1"]),
        (
            "{code_interpreter: {file_ids: [" + ", ".join(f"f{i}" for i in range(21)) + "]}}",
            ["21 code_interpreter files; at most 20"],
        ),
        ("{retrieval: {}}", ["unknown key 'retrieval'; use code_interpreter and/or file_search"]),
        ("{code_interpreter: {file_ids: [1]}}", ["file_ids[0] is a number (1), not an ID"]),
        ("{code_interpreter: {file_ids: ['']}}", ["file_ids[0] must be an ID, not an empty"]),
        ("{code_interpreter: {file_ids: null}}", ["must be a list of IDs, not null"]),
        ("{code_interpreter: {file_ids: file-1}}", ["must be a list of IDs, not a plain string"]),
        ("{code_interpreter: [file-1]}", ["code_interpreter must be {file_ids: [...]}"]),
        ("{code_interpreter: {vector_store_ids: [vs_1]}}", ["must be {file_ids: [...]}"]),
        ("[]", ["expected a map"]),
        ("{code_interpreter: {file_ids: [f, f]}}", ["f is listed twice"]),
        ('{"code_interpreter": {"file_ids": ["\\ud800"]}}', ["lone surrogate"]),
        (
            "{retrieval: {}, file_search: {vector_store_ids: [a, b]}}",
            ["unknown key", "at most 1"],
        ),
    ],
)
def test_bad_tool_resources(raw: str, expected: list[str]) -> None:
    with pytest.raises(FlowValueError) as info:
        parse_tool_resources(raw)
    assert len(info.value.lines) == len(expected)
    for fragment, line in zip(expected, info.value.lines, strict=True):
        assert line.startswith("--tool-resources: ") and fragment in line


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_map_of_strings_or_a_clear_error(raw: str) -> None:
    try:
        result = parse_metadata([raw])
    except FlowValueError as exc:
        assert exc.lines and all(isinstance(line, str) and "\n" not in line for line in exc.lines)
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())
    json.dumps(result).encode("utf-8")
    assert len(result) <= 16


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=64),
        st.one_of(st.text(max_size=80), st.integers(), st.booleans(), st.none()),
        max_size=16,
    )
)
def test_json_maps_of_strings_are_taken_exactly(value: dict[str, object]) -> None:
    raw = json.dumps(value)
    if all(isinstance(v, str) for v in value.values()):
        assert parse_metadata([raw]) == value
    else:
        with pytest.raises(FlowValueError):
            parse_metadata([raw])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_tool_resources_text_is_safe(raw: str) -> None:
    try:
        parse_tool_resources(raw)
    except FlowValueError as exc:
        assert exc.lines
