"""core.item_input: message items, items typed as JSON/YAML flow, the checks before sending
(one clear line per problem, the emulator's limits), and cutting a list into calls of 20.
The property: whatever item_problems lets through, the emulator (the server's checks) takes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from thread_tui.core.item_input import (
    MAX_ITEMS_PER_CALL,
    MAX_TEXT_CHARS,
    ROLES,
    ItemInputError,
    batches,
    item_problems,
    message_item,
    parse_item,
)
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator


def test_message_item_parts_by_role() -> None:
    assert message_item("user", "hi") == {
        "type": "message",
        "role": "user",
        "content": [{"type": "input_text", "text": "hi"}],
    }
    assert message_item("assistant", "ok")["content"] == [{"type": "output_text", "text": "ok"}]
    for role in ROLES:
        assert item_problems([message_item(role, "x")]) == []
    with pytest.raises(ValueError, match="role"):
        message_item("bot", "x")


def test_parse_item_reads_json_and_yaml_flow() -> None:
    assert parse_item('{"type": "message", "role": "user", "content": "hi"}') == {
        "type": "message",
        "role": "user",
        "content": "hi",
    }
    flow = parse_item("{type: message, role: developer, content: [{type: input_text, text: hi}]}")
    assert flow["content"] == [{"type": "input_text", "text": "hi"}]
    # scalars keep their JSON types, so the checks can name them
    typed = parse_item("{type: function_call_output, call_id: c, output: 12, status: null}")
    assert typed["output"] == 12 and typed["status"] is None
    assert item_problems([typed]) == [
        "item 1: output is a number; give a text, or a list of content parts."
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "--item: the value is empty."),
        ("[1, 2]", "--item: an item is a JSON object ({…}), not a list."),
        ('"hi"', "--item: an item is a JSON object ({…}), not a string."),
        ("{a: [", "--item: not valid JSON or YAML"),
    ],
)
def test_parse_item_errors_are_one_line(text: str, expected: str) -> None:
    with pytest.raises(ItemInputError) as info:
        parse_item(text)
    assert len(info.value.lines) == 1
    assert info.value.lines[0].startswith(expected)
    assert "\n" not in info.value.lines[0]


def test_parse_item_names_its_source() -> None:
    with pytest.raises(ItemInputError, match=r"^items\.json: "):
        parse_item("[]", source="items.json")


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([], "No items to add: give at least one."),
        ([message_item("user", "x")] * 21, "21 items: at most 20 can be added in one call."),
        (["hi"], "item 1: not a JSON object but a string."),
        (
            [{"content": "x"}],
            "item 1: no 'type' (a message item needs type: message, a role and content).",
        ),
        (
            [{"type": "web_search_call"}],
            "item 1: type 'web_search_call' is not one thread_tui can add (it adds message, "
            "function_call, function_call_output, reasoning).",
        ),
        (
            [{"type": "message", "role": "bot", "content": "x"}],
            "item 1: role 'bot'; a message's role is one of user, assistant, system, developer.",
        ),
        (
            [{"type": "message", "role": "user"}],
            "item 1: no content; give a text, or a list of content parts.",
        ),
        (
            [{"type": "message", "role": "user", "content": []}],
            "item 1: content is a list; give a text, or a list of content parts.",
        ),
        (
            [
                {
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "output_text", "text": "x"}],
                }
            ],
            "item 1, part 1: type 'output_text' cannot be in a message of role user (it takes "
            "input_text, input_image, input_file).",
        ),
        (
            [
                {
                    "type": "message",
                    "role": "assistant",
                    "content": [{"type": "input_text", "text": "x"}],
                }
            ],
            "item 1, part 1: type 'input_text' cannot be in a message of role assistant (it takes "
            "output_text, refusal).",
        ),
        (
            [{"type": "message", "role": "user", "content": [{"type": "input_text"}]}],
            "item 1, part 1: text is missing.",
        ),
        (
            [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": 3}]}],
            "item 1, part 1: text must be a string, not a number.",
        ),
        (
            [message_item("user", "x" * (MAX_TEXT_CHARS + 1))],
            f"item 1, part 1: text is {MAX_TEXT_CHARS + 1:,} characters long; "
            f"at most {MAX_TEXT_CHARS:,}.",
        ),
        ([{**message_item("user", "x"), "colour": "red"}], "item 1: unknown field 'colour'."),
        ([{**message_item("user", "x"), "id": "fc_1"}], "item 1: id 'fc_1' must begin with 'msg'."),
        (
            [{**message_item("user", "x"), "status": "done"}],
            "item 1: status must be one of in_progress, completed, incomplete.",
        ),
        ([{"type": "function_call", "call_id": "c", "name": "f"}], "item 1: arguments is missing."),
        ([{"type": "function_call_output", "output": "x"}], "item 1: call_id is missing."),
        (
            [{"type": "function_call_output", "call_id": "c" * 65, "output": "x"}],
            "item 1: call_id is 65 characters long; at most 64.",
        ),
        ([{"type": "reasoning", "summary": []}], "item 1: id is missing."),
        (
            [message_item("user", "\ud800")],
            "item 1: holds a character that is not valid Unicode text (a lone surrogate).",
        ),
    ],
)
def test_each_problem_is_one_clear_line(items: list[Any], problem: str) -> None:
    problems = item_problems(items)
    assert problem in problems
    assert all("\n" not in line for line in problems)


def test_every_problem_of_every_item_is_listed() -> None:
    problems = item_problems([{"type": "message"}, message_item("user", "ok"), 7])
    assert [line.split(":")[0] for line in problems] == ["item 1", "item 3"]


def test_batches_keep_the_order_in_calls_of_twenty() -> None:
    items = list(range(45))
    cut = batches(items)
    assert [len(b) for b in cut] == [20, 20, 5]
    assert [x for b in cut for x in b] == items
    assert batches([]) == []
    assert batches(items, 7)[-1] == [42, 43, 44]
    with pytest.raises(ValueError):
        batches(items, 0)
    assert MAX_ITEMS_PER_CALL == 20


# -- the property: accepted here means accepted by the emulator --------------------------------

# Items are drawn valid-looking and then, often, spoilt in one way: lists of entirely random
# items would almost never pass item_problems, and the property would say nothing.
_ODD_VALUES = st.one_of(
    st.text(max_size=12), st.integers(), st.none(), st.just([]), st.just({}), st.booleans()
)
_PART_TEMPLATES: dict[str, dict[str, Any]] = {
    "input_text": {"text": "t"},
    "output_text": {"text": "t"},
    "refusal": {"refusal": "no"},
    "input_image": {"image_url": "https://example.test/a.png"},
    "input_file": {"file_id": "file-1"},
    "summary_text": {"text": "t"},
}
_ITEM_TEMPLATES: dict[str, dict[str, Any]] = {
    "function_call": {"call_id": "call_1", "name": "f", "arguments": "{}"},
    "function_call_output": {"call_id": "call_1", "output": "ok"},
    "reasoning": {"id": "rs_1", "summary": [{"type": "summary_text", "text": "s"}]},
    "item_reference": {"id": "msg_1"},
    "web_search_call": {"id": "ws_1", "status": "completed"},
}
_KEYS = st.sampled_from(
    [
        "text",
        "refusal",
        "image_url",
        "file_id",
        "detail",
        "annotations",
        "logprobs",
        "id",
        "status",
        "phase",
        "call_id",
        "name",
        "arguments",
        "output",
        "summary",
        "content",
        "role",
        "type",
        "namespace",
        "colour",
    ]
)


@st.composite
def _spoilt(draw: st.DrawFn, value: dict[str, Any]) -> dict[str, Any]:
    """`value`, or a copy with one key set to an odd value, or one key removed."""
    how = draw(st.integers(0, 4))
    if how == 0 and value:
        value = dict(value)
        del value[draw(st.sampled_from(sorted(value)))]
    elif how == 1:
        value = {**value, draw(_KEYS): draw(_ODD_VALUES)}
    return value


@st.composite
def _part(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(sorted(_PART_TEMPLATES)))
    part = {"type": kind, **_PART_TEMPLATES[kind]}
    if "text" in part:
        part["text"] = draw(st.text(max_size=20))
    return draw(_spoilt(part))


@st.composite
def _item(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["message"] * 4 + sorted(_ITEM_TEMPLATES)))
    if kind == "message":
        item: dict[str, Any] = {
            "type": "message",
            "role": draw(st.sampled_from([*ROLES, "bot"])),
            "content": draw(st.one_of(st.text(max_size=20), st.lists(_part(), max_size=3))),
        }
        if draw(st.booleans()):
            del item["type"]  # an EasyInputMessage
    else:
        item = {"type": kind, **_ITEM_TEMPLATES[kind]}
        if kind == "function_call_output" and draw(st.booleans()):
            item["output"] = draw(st.lists(_part(), max_size=2))
    return draw(_spoilt(item))


_ITEM_LISTS = st.one_of(
    st.lists(_item(), max_size=3),
    st.lists(_item(), max_size=3),
    st.lists(st.just(message_item("user", "x")), min_size=19, max_size=21),
)


_EMULATOR = Emulator()
_HTTP = httpx.Client(
    transport=_EMULATOR.sync_transport(),
    base_url=DEMO_BASE_URL,
    headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ITEM_LISTS)
def test_what_item_problems_accepts_the_emulator_accepts(items: list[Any]) -> None:
    if item_problems(items):
        return
    response = _HTTP.post("/conversations/conv_empty/items", json={"items": items})
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]) == len(items)
    created = _HTTP.post("/conversations", json={"items": items})
    assert created.status_code == 200, created.text


def test_the_property_is_not_vacuous() -> None:
    """The generator gives accepted lists often enough for the property to say something."""
    from hypothesis import find

    accepted = find(
        st.lists(_item(), min_size=3, max_size=3),
        lambda items: not item_problems(items) and len({i.get("type") for i in items}) >= 2,
        settings=settings(max_examples=2000, database=None, phases=[Phase.generate]),
    )
    assert len(accepted) >= 3
