"""Threads and conversations read without pydantic: every accepted and refused shape, the
wording of each refusal, fields a newer server sends, and — against the pydantic models
they replaced, kept here as the reference — the same verdict on any JSON."""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any, Literal

import pytest
from api_samples import CONVERSATION, THREAD
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from thread_tui.api.parsing import MAX_PROBLEMS, format_error
from thread_tui.core import resource_reader
from thread_tui.core.ids import ResourceKind
from thread_tui.core.resource_reader import check_resource
from thread_tui.core.resources import (
    CodeInterpreterResources,
    Conversation,
    FileSearchResources,
    ResourceFormatError,
    Thread,
    ToolResources,
    parse_resource,
    resource_kind,
    unsaved_resource,
)


def message(kind: ResourceKind, data: Any) -> str:
    """The sentence the client raises for `data` (as a ResponseFormatError)."""
    with pytest.raises(ResourceFormatError) as caught:
        parse_resource(kind, data)
    return format_error(kind.value, caught.value, None).user_message()


# -- what is kept ---------------------------------------------------------------------------


def test_a_full_thread_round_trips_exactly() -> None:
    thread = Thread.from_json(THREAD)
    assert thread.to_json() == THREAD
    assert thread.tool_resources is not None
    assert thread.tool_resources.file_ids == ["file-1", "file-2"]
    assert thread.tool_resources.vector_store_ids == ["vs_1"]
    assert Conversation.from_json(CONVERSATION).to_json() == CONVERSATION


def test_unknown_fields_are_kept_at_every_level_and_round_trip() -> None:
    data = copy.deepcopy(THREAD)
    data["future_field"] = {"x": [1, 2]}
    data["extra"] = "a field of that name is an unknown field too"
    data["tool_resources"]["new_tool"] = {"ids": ["a"]}
    data["tool_resources"]["code_interpreter"]["container"] = "cntr_1"
    data["tool_resources"]["file_search"]["ranking"] = None
    thread = Thread.from_json(data)
    assert thread.extra == {
        "future_field": {"x": [1, 2]},
        "extra": "a field of that name is an unknown field too",
    }
    assert thread.tool_resources is not None
    assert thread.tool_resources.extra == {"new_tool": {"ids": ["a"]}}
    assert thread.tool_resources.code_interpreter is not None
    assert thread.tool_resources.code_interpreter.extra == {"container": "cntr_1"}
    assert thread.tool_resources.file_search is not None
    assert thread.tool_resources.file_search.extra == {"ranking": None}
    assert thread.to_json() == data
    assert Thread.from_json(thread.to_json()) == thread


def test_a_conversation_keeps_tool_resources_only_as_an_extra() -> None:
    conv = Conversation.from_json({**CONVERSATION, "tool_resources": {"x": 1}})
    assert not hasattr(Conversation, "tool_resources")
    assert conv.extra == {"tool_resources": {"x": 1}}


def test_the_objects_are_frozen_and_file_ids_is_a_copy() -> None:
    thread = Thread.from_json(THREAD)
    with pytest.raises(AttributeError):
        thread.id = "thread_other"  # type: ignore[misc]
    tools = ToolResources.from_json({"code_interpreter": {"file_ids": ["file-1"]}})
    tools.file_ids.append("file-2")
    tools.vector_store_ids.append("vs_2")
    assert tools.file_ids == ["file-1"]
    assert tools.vector_store_ids == []


# -- accepted shapes --------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, {}])
def test_null_or_empty_metadata_and_tool_resources(empty: Any) -> None:
    thread = Thread.from_json({**THREAD, "metadata": empty, "tool_resources": empty})
    assert thread.metadata == empty
    if empty is None:
        assert thread.tool_resources is None
    else:
        assert thread.tool_resources == ToolResources()
        assert thread.tool_resources.file_ids == []
        assert thread.tool_resources.vector_store_ids == []
    assert thread.to_json()["metadata"] == empty


def test_object_metadata_and_tool_resources_may_be_absent() -> None:
    thread = Thread.from_json({"id": "thread_1", "created_at": 1})
    assert thread == Thread(id="thread_1", created_at=1)
    assert (thread.object, thread.metadata, thread.tool_resources) == ("thread", None, None)
    conv = Conversation.from_json({"id": "conv_1", "created_at": 1})
    assert conv == Conversation(id="conv_1", created_at=1)
    assert conv.object == "conversation"


@pytest.mark.parametrize(
    ("tools", "files", "stores"),
    [
        ({"file_search": {"vector_store_ids": ["vs_9"]}}, [], ["vs_9"]),
        ({"code_interpreter": {"file_ids": ["file-9"]}}, ["file-9"], []),
        ({"code_interpreter": {}, "file_search": {}}, [], []),
        ({"code_interpreter": None, "file_search": None}, [], []),
        ({"code_interpreter": {"file_ids": []}}, [], []),
        ({}, [], []),
    ],
)
def test_tool_resources_with_sub_objects_absent(
    tools: dict[str, Any], files: list[str], stores: list[str]
) -> None:
    parsed = ToolResources.from_json(tools)
    assert parsed.file_ids == files
    assert parsed.vector_store_ids == stores


def test_each_part_parses_on_its_own() -> None:
    assert CodeInterpreterResources.from_json({}) == CodeInterpreterResources()
    assert FileSearchResources.from_json({"vector_store_ids": ["vs_1"]}).vector_store_ids == [
        "vs_1"
    ]
    with pytest.raises(ResourceFormatError):
        CodeInterpreterResources.from_json({"file_ids": [1]})


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (1699014083, 1699014083),
        (0, 0),
        (-5, -5),
        (10**30, 10**30),  # Python's integers have no upper bound; neither had pydantic's
        (True, 1),  # pydantic's lax mode took a boolean as 0 or 1
        (123.0, 123),
        (-0.0, 0),
        (9.2e18, 9_200_000_000_000_000_000),
        ("123", 123),
        (" 123 ", 123),
        ("\t12\n", 12),
        ("\xa012", 12),
        ("+5", 5),
        ("-5", -5),
        ("00012", 12),
        ("1_000", 1000),
        ("123.0", 123),
        ("1.000", 1),
        ("-0.00", 0),
        ("9" * 4300, int("9" * 4300)),
        ("0" * 5000 + "1", 1),
    ],
)
def test_created_at_in_pydantic_lax_forms(raw: Any, value: int) -> None:
    thread = Thread.from_json({"id": "thread_1", "created_at": raw})
    assert thread.created_at == value
    assert type(thread.created_at) is int


# -- refused shapes and their words -----------------------------------------------------------

T = ResourceKind.THREAD
C = ResourceKind.CONVERSATION
INT = "input should be a valid integer"


@pytest.mark.parametrize(
    ("kind", "data", "problems"),
    [
        (T, [1, 2], "expected a JSON object, got a list"),
        (T, None, "expected a JSON object, got null"),
        (T, "thread_1", "expected a JSON object, got a string"),
        (T, 3, "expected a JSON object, got a number"),
        (T, {}, "'id' is missing; 'created_at' is missing"),
        (T, {"object": "thread"}, "'id' is missing; 'created_at' is missing"),
        (T, {"id": 1, "created_at": 1}, "'id': input should be a valid string"),
        (T, {"id": None, "created_at": 1}, "'id': input should be a valid string"),
        (T, {"id": "t", "created_at": None}, f"'created_at': {INT}"),
        (T, {"id": "t", "created_at": [1]}, f"'created_at': {INT}"),
        (
            T,
            {"id": "t", "created_at": "soon"},
            f"'created_at': {INT}, unable to parse string as an integer",
        ),
        (T, {"id": "t", "created_at": "1e3"}, f"'created_at': {INT}, unable to parse string"),
        (T, {"id": "t", "created_at": "1.5"}, f"'created_at': {INT}, unable to parse string"),
        (T, {"id": "t", "created_at": "1__0"}, f"'created_at': {INT}, unable to parse string"),
        (T, {"id": "t", "created_at": ""}, f"'created_at': {INT}, unable to parse string"),
        (
            T,
            {"id": "t", "created_at": 1.5},
            f"'created_at': {INT}, got a number with a fractional part",
        ),
        (T, {"id": "t", "created_at": math.inf}, "'created_at': input should be a finite number"),
        (T, {"id": "t", "created_at": math.nan}, "'created_at': input should be a finite number"),
        (
            T,
            {"id": "t", "created_at": 1e19},
            "'created_at': unable to parse input string as an integer, exceeded maximum size",
        ),
        (
            T,
            {"id": "t", "created_at": "9" * 4301},
            "'created_at': unable to parse input string as an integer, exceeded maximum size",
        ),
        (T, {"id": "t", "created_at": 1, "object": "conversation"}, "'object': input should be"),
        (T, {"id": "t", "created_at": 1, "object": None}, "'object': input should be 'thread'"),
        (T, {"id": "t", "created_at": 1, "metadata": []}, "'metadata': input should be a valid"),
        (T, {"id": "t", "created_at": 1, "metadata": "a=b"}, "'metadata': input should be a"),
        (
            T,
            {"id": "t", "created_at": 1, "metadata": {"a": 1}},
            "'metadata.a': input should be a valid string",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "metadata": {"a": "1", "b": None}},
            "'metadata.b': input should be a valid string",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": "x"},
            "'tool_resources': input should be a valid dictionary",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": []},
            "'tool_resources': input should be a valid dictionary",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": {"code_interpreter": []}},
            "'tool_resources.code_interpreter': input should be a valid dictionary",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": {"file_search": "vs_1"}},
            "'tool_resources.file_search': input should be a valid dictionary",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": {"code_interpreter": {"file_ids": "f"}}},
            "'tool_resources.code_interpreter.file_ids': input should be a valid list",
        ),
        (
            T,
            {
                "id": "t",
                "created_at": 1,
                "tool_resources": {"code_interpreter": {"file_ids": None}},
            },
            "'tool_resources.code_interpreter.file_ids': input should be a valid list",
        ),
        (
            T,
            {"id": "t", "created_at": 1, "tool_resources": {"code_interpreter": {"file_ids": [7]}}},
            "'tool_resources.code_interpreter.file_ids[0]': input should be a valid string",
        ),
        (
            T,
            {
                "id": "t",
                "created_at": 1,
                "tool_resources": {"file_search": {"vector_store_ids": ["vs_1", None]}},
            },
            "'tool_resources.file_search.vector_store_ids[1]': input should be a valid string",
        ),
        (C, {"id": "c", "created_at": 1, "object": "thread"}, "'object': input should be"),
        (C, {"id": "c", "created_at": "x"}, f"'created_at': {INT}"),
        (C, {"created_at": 1, "metadata": {"k": {"v": 1}}}, "'id' is missing; 'metadata.k'"),
        (C, [], "expected a JSON object, got a list"),
    ],
)
def test_refused_shapes_and_their_message(kind: ResourceKind, data: Any, problems: str) -> None:
    text = message(kind, data)
    assert text.startswith(f"The server's answer is not a valid {kind.value}: {problems}")
    assert text.endswith(".")
    assert "pydantic" not in text and "Traceback" not in text


def test_the_object_literal_names_the_expected_value() -> None:
    thread = message(T, {"id": "t", "created_at": 1, "object": "conversation"})
    assert "'object': input should be 'thread'." in thread
    conv = message(C, {"id": "c", "created_at": 1, "object": "thread"})
    assert "'object': input should be 'conversation'." in conv


def test_the_example_of_the_brief_reads_exactly() -> None:
    data = {**THREAD, "tool_resources": {"code_interpreter": {"file_ids": [1]}}}
    assert message(T, data) == (
        "The server's answer is not a valid thread: "
        "'tool_resources.code_interpreter.file_ids[0]': input should be a valid string."
    )


def test_every_problem_is_found_and_only_the_first_are_listed() -> None:
    data = {
        "object": "x",
        "created_at": "soon",
        "metadata": {"a": 1, "b": 2},
        "tool_resources": {"code_interpreter": {"file_ids": [1]}},
    }
    with pytest.raises(ResourceFormatError) as caught:
        Thread.from_json(data)
    # pydantic's order: fields as declared, then within each, in the order they came
    assert [(p.loc, p.type) for p in caught.value.problems] == [
        (("id",), "missing"),
        (("object",), "literal_error"),
        (("created_at",), "int_parsing"),
        (("metadata", "a"), "string_type"),
        (("metadata", "b"), "string_type"),
        (("tool_resources", "code_interpreter", "file_ids", 0), "string_type"),
    ]
    assert caught.value.error_count() == 6
    text = format_error("thread", caught.value, None).user_message()
    assert text.count("; ") == MAX_PROBLEMS - 1
    assert text.endswith(f" (and {6 - MAX_PROBLEMS} more).")


def test_a_metadata_key_that_is_not_text_is_refused_where_pydantic_put_it() -> None:
    # JSON cannot send one; a Python caller can.
    with pytest.raises(ResourceFormatError) as caught:
        Thread.from_json({"id": "t", "created_at": 1, "metadata": {1: "a"}})
    [problem] = caught.value.problems
    assert (problem.loc, problem.type) == (("metadata", 1, "[key]"), "string_type")


def test_the_error_is_a_value_error_that_names_the_problems() -> None:
    with pytest.raises(ValueError, match=r"not a valid thread: id: Field required") as caught:
        Thread.from_json({"created_at": 1})
    assert isinstance(caught.value, ResourceFormatError)
    assert caught.value.errors() == [
        {"type": "missing", "loc": ("id",), "msg": "Field required", "input": {"created_at": 1}}
    ]


# -- kinds ----------------------------------------------------------------------------------


def test_parse_resource_by_kind() -> None:
    conv = parse_resource(ResourceKind.CONVERSATION, CONVERSATION)
    thread = parse_resource(ResourceKind.THREAD, THREAD)
    assert isinstance(conv, Conversation)
    assert isinstance(thread, Thread)
    assert resource_kind(conv) is ResourceKind.CONVERSATION
    assert resource_kind(thread) is ResourceKind.THREAD


def test_parse_resource_refuses_the_wrong_object_or_missing_fields() -> None:
    with pytest.raises(ResourceFormatError):
        parse_resource(ResourceKind.THREAD, {"id": "x"})
    with pytest.raises(ResourceFormatError):
        parse_resource(ResourceKind.THREAD, CONVERSATION)  # object "conversation"
    with pytest.raises(ResourceFormatError):
        parse_resource(ResourceKind.CONVERSATION, THREAD)  # object "thread"


@pytest.mark.parametrize("kind", list(ResourceKind))
def test_unsaved_resource_has_no_id_and_no_time(kind: ResourceKind) -> None:
    resource = unsaved_resource(kind)
    assert resource_kind(resource) is kind
    assert (resource.id, resource.created_at, resource.metadata) == ("", 0, None)


# -- any JSON at all ------------------------------------------------------------------------

# Where pydantic stopped taking a float as an integer: within i64 only.
FLOAT_EDGES = [2.0**63, -(2.0**63), 2.0**63 - 1024, -(2.0**63) + 1024, 1e19, 9.2e18, -9.3e18]
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["thread", "conversation", "123", " 1_0 ", "1.0", "-0.00", "1e3", "+7"])
    | st.sampled_from(FLOAT_EDGES)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
id_lists = st.lists(st.text(max_size=4) | json_scalars, max_size=3) | json_values
code_interpreter = (
    st.fixed_dictionaries({}, optional={"file_ids": id_lists, "container": json_values})
    | json_values
)
file_search = (
    st.fixed_dictionaries({}, optional={"vector_store_ids": id_lists, "ranking": json_values})
    | json_values
)
tool_resources = (
    st.fixed_dictionaries(
        {},
        optional={
            "code_interpreter": code_interpreter,
            "file_search": file_search,
            "new_tool": json_values,
        },
    )
    | json_values
)
metadata = st.dictionaries(st.text(max_size=4), st.text(max_size=4) | json_scalars) | json_values
# Bodies shaped like a thread or a conversation (so that the deep fields are reached), with
# every field optional and any value in it; and any JSON value at all.
bodies = (
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.text(max_size=6) | json_scalars,
            "object": st.sampled_from(["thread", "conversation"]) | json_scalars,
            "created_at": st.integers() | json_scalars,
            "metadata": metadata,
            "tool_resources": tool_resources,
            "future_field": json_values,
        },
    )
    | json_values
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=bodies, kind=st.sampled_from(list(ResourceKind)))
def test_any_json_parses_or_raises_only_the_format_error(data: Any, kind: ResourceKind) -> None:
    try:
        parsed = parse_resource(kind, data)
    except ResourceFormatError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.type and problem.msg
        text = format_error(kind.value, exc, None).user_message()
        assert text.startswith(f"The server's answer is not a valid {kind.value}: ")
    else:
        assert resource_kind(parsed) is kind
        assert isinstance(parsed.id, str) and type(parsed.created_at) is int


# -- the same verdicts as the pydantic models they replaced ------------------------------------


class _RefObject(BaseModel):
    model_config = ConfigDict(extra="allow")


class _RefCodeInterpreter(_RefObject):
    file_ids: list[str] = Field(default_factory=list)


class _RefFileSearch(_RefObject):
    vector_store_ids: list[str] = Field(default_factory=list)


class _RefToolResources(_RefObject):
    code_interpreter: _RefCodeInterpreter | None = None
    file_search: _RefFileSearch | None = None


class _RefThread(_RefObject):
    id: str
    object: Literal["thread"] = "thread"
    created_at: int
    metadata: dict[str, str] | None = None
    tool_resources: _RefToolResources | None = None


class _RefConversation(_RefObject):
    id: str
    object: Literal["conversation"] = "conversation"
    created_at: int
    metadata: dict[str, str] | None = None


def _pydantic_quirk(value: Any) -> bool:
    """Integer text that pydantic-core took by accident and core.resources refuses: after
    leading zeros, a sign or doubled underscores ("0-1" was -1, "0__1" was 1)."""
    if not isinstance(value, str):
        return False
    digits = value.strip().lstrip("+-")
    return digits.startswith("0") and any(bad in digits for bad in ("-", "+", "__"))


def _verdict(parse: Any, data: Any, error: type[Exception]) -> tuple[Any, Any]:
    """(the object as a dict, None) or (None, [(location, pydantic error type, message)])."""
    try:
        parsed = parse(data)
    except error as exc:
        problems = exc.errors()  # type: ignore[attr-defined]
        # Only the wording of a nested object of the wrong type differs: pydantic named
        # its class ("… or instance of ToolResources"), a name the user never sees.
        return None, [
            (p["loc"], p["type"], None if p["type"] == "model_type" else p["msg"]) for p in problems
        ]
    dumped = parsed.to_json() if hasattr(parsed, "to_json") else parsed.model_dump()
    return repr(dumped), None  # repr: a NaN kept in an unknown field equals itself


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=bodies, kind=st.sampled_from(list(ResourceKind)))
def test_the_verdict_is_the_pydantic_models(data: Any, kind: ResourceKind) -> None:
    assume(not (isinstance(data, dict) and _pydantic_quirk(data.get("created_at"))))
    reference = _RefThread if kind is ResourceKind.THREAD else _RefConversation
    ours = _verdict(lambda d: parse_resource(kind, d), data, ResourceFormatError)
    theirs = _verdict(reference.model_validate, data, ValidationError)
    assert ours == theirs


@settings(max_examples=400, deadline=None)
@given(
    raw=st.from_regex(r"\s?[+-]?[0-9_]{0,5}(\.[0-9_]{0,2})?(e[0-9])?\s?", fullmatch=True)
    | st.floats()
    | st.sampled_from(FLOAT_EDGES)
    | st.integers()
)
def test_created_at_is_read_as_pydantic_read_it(raw: Any) -> None:
    assume(not _pydantic_quirk(raw))
    data = {"id": "thread_1", "created_at": raw}
    ours = _verdict(Thread.from_json, data, ResourceFormatError)
    theirs = _verdict(_RefThread.model_validate, data, ValidationError)
    assert ours == theirs


@pytest.mark.parametrize("raw", ["0-1", "00-1", "0_-1", "0__1", "+0-1"])
def test_integer_text_pydantic_took_by_accident_is_refused(raw: str) -> None:
    assert _RefThread.model_validate({"id": "t", "created_at": raw}).created_at in (-1, 1)
    assert _pydantic_quirk(raw)
    assert "unable to parse string" in message(T, {"id": "t", "created_at": raw})


# -- the headless check: the same verdict, no object built -----------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=bodies, kind=st.sampled_from(list(ResourceKind)))
def test_check_resource_gives_the_verdict_and_problems_of_parse_resource(
    data: Any, kind: ResourceKind
) -> None:
    try:
        parse_resource(kind, data)
    except ResourceFormatError as exc:
        with pytest.raises(ResourceFormatError) as checked:
            check_resource(kind, data)
        assert checked.value.errors() == exc.errors()
        assert str(checked.value) == str(exc)
    else:
        check_resource(kind, data)


@pytest.mark.parametrize(
    ("cls", "declared"),
    [
        (CodeInterpreterResources, resource_reader.CODE_INTERPRETER_FIELDS),
        (FileSearchResources, resource_reader.FILE_SEARCH_FIELDS),
        (ToolResources, resource_reader.TOOL_RESOURCES_FIELDS),
        (Thread, resource_reader.THREAD_FIELDS),
        (Conversation, resource_reader.CONVERSATION_FIELDS),
    ],
)
def test_the_reader_knows_each_objects_fields(cls: type, declared: frozenset[str]) -> None:
    """What the reader keeps out of `extra` is exactly what each object declares."""
    assert {f.name for f in dataclasses.fields(cls)} - {"extra"} == declared
