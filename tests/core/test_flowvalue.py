"""--metadata / --tool-resources parsing: the official CLI's syntax, one clear line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core.flowvalue import FlowValueError, parse_metadata, parse_tool_resources


def test_json_yaml_flow_and_pairs() -> None:
    assert parse_metadata(['{"a": "1"}']) == {"a": "1"}
    assert parse_metadata(["{foo: bar, n: '1'}"]) == {"foo": "bar", "n": "1"}
    assert parse_metadata(["k=v=w", "x="]) == {"k": "v=w", "x": ""}


def test_at_file(tmp_path: Path) -> None:
    path = tmp_path / "meta.yaml"
    path.write_text("{owner: ana, 'emoji': '🙂'}", encoding="utf-8")
    assert parse_metadata([f"@{path}"]) == {"owner": "ana", "emoji": "🙂"}
    with pytest.raises(FlowValueError, match="no such file"):
        parse_metadata([f"@{tmp_path / 'nope'}"])


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("{a: 1}", 'not a number (quote it: "1")'),
        ("{a: yes}", "not a boolean"),
        ("{a: null}", "not null"),
        ("{a: {b: c}}", "not a map"),
        ("{a: [1]}", "not a list"),
        ("[1, 2]", "expected a map"),
        ("{", "not valid JSON or YAML"),
        ("=v", "key before '=' is empty"),
        ("{1: a}", "is not a string"),
    ],
)
def test_bad_metadata_is_one_clear_line(raw: str, fragment: str) -> None:
    with pytest.raises(FlowValueError) as info:
        parse_metadata([raw])
    assert any(fragment in line for line in info.value.lines)


def test_limits_one_line_per_problem() -> None:
    many = "{" + ", ".join(f"k{i}: v" for i in range(17)) + "}"
    with pytest.raises(FlowValueError) as info:
        parse_metadata([many, "x" * 65 + "=v", "y=" + "z" * 513])
    lines = info.value.lines
    assert len(lines) == 3
    assert "19 metadata pairs; at most 16" in lines[0]


def test_yaml_alias_bomb_is_refused() -> None:
    bomb = "{a: &x [1,1,1], b: [*x, *x, *x]}"
    with pytest.raises(FlowValueError, match="anchors"):
        parse_metadata([bomb])


def test_tool_resources() -> None:
    parsed = parse_tool_resources(
        "{code_interpreter: {file_ids: [file-1, file-2]}, file_search: {vector_store_ids: [vs_1]}}"
    )
    assert parsed == {
        "code_interpreter": {"file_ids": ["file-1", "file-2"]},
        "file_search": {"vector_store_ids": ["vs_1"]},
    }


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("{file_search: {vector_store_ids: [a, b]}}", "at most 1"),
        (
            "{code_interpreter: {file_ids: [" + ", ".join(f"f{i}" for i in range(21)) + "]}}",
            "at most 20",
        ),
        ("{retrieval: {}}", "unknown key"),
        ("{code_interpreter: {file_ids: [1]}}", "list of ID strings"),
        ("{code_interpreter: [file-1]}", "must be {file_ids"),
        ("[]", "expected a map"),
    ],
)
def test_bad_tool_resources(raw: str, fragment: str) -> None:
    with pytest.raises(FlowValueError) as info:
        parse_tool_resources(raw)
    assert any(fragment in line for line in info.value.lines)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_map_of_strings_or_a_clear_error(raw: str) -> None:
    try:
        result = parse_metadata([raw])
    except FlowValueError as exc:
        assert exc.lines and all(isinstance(line, str) and line for line in exc.lines)
        return
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.items())
    assert len(result) <= 16


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_tool_resources_text_is_safe(raw: str) -> None:
    try:
        parse_tool_resources(raw)
    except FlowValueError as exc:
        assert exc.lines
