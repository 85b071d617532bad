"""Hostile shapes read from a server: objects far beyond the API's limits are refused by the
parser (and slightly-over ones still read), and JSON that Python's json module takes but JSON
does not (duplicate keys, NaN, Infinity, a number too big for a float) is refused on reading."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from api_samples import THREAD

from thread_tui.api.parsing import format_error
from thread_tui.core import safejson
from thread_tui.core.ids import ResourceKind
from thread_tui.core.limits import HARD_MAX_IDS, HARD_MAX_ROWS, HARD_MAX_TEXT
from thread_tui.core.resources import ResourceFormatError, Thread, parse_resource


def thread(**fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(THREAD)
    data.update(fields)
    return data


def refusal(data: Any) -> str:
    with pytest.raises(ResourceFormatError) as caught:
        parse_resource(ResourceKind.THREAD, data)
    return format_error("thread", caught.value, None).user_message()


# -- far beyond the limits: refused, in a sentence ------------------------------------------


def test_5000_metadata_pairs_are_refused_in_a_sentence() -> None:
    data = thread(metadata={f"k{i}": "v" * 600 for i in range(5000)})
    said = refusal(data)
    assert "The server's thread has 5,000 metadata pairs; the API allows 16" in said


def test_a_key_or_value_of_thousands_of_characters_is_refused() -> None:
    said = refusal(thread(metadata={"k" * (HARD_MAX_TEXT + 1): "v"}))
    assert f"{HARD_MAX_TEXT + 1:,} characters" in said and "allows 64" in said
    said = refusal(thread(metadata={"k": "v" * 100_000}))
    assert "100,000 characters" in said and "allows 512" in said


def test_too_many_file_ids_or_store_ids_are_refused() -> None:
    ids = [f"file-{i}" for i in range(HARD_MAX_IDS + 1)]
    said = refusal(thread(tool_resources={"code_interpreter": {"file_ids": ids}}))
    assert f"{HARD_MAX_IDS + 1} file IDs" in said and "allows 20" in said
    stores = [f"vs_{i}" for i in range(1000)]
    said = refusal(thread(tool_resources={"file_search": {"vector_store_ids": stores}}))
    assert "1,000 vector store IDs" in said and "allows 1" in said
    said = refusal(thread(tool_resources={"code_interpreter": {"file_ids": ["f" * 9000]}}))
    assert "9,000 characters in one of the file IDs" in said


def test_slightly_over_the_limits_is_still_read_for_the_editor_to_show() -> None:
    metadata = {f"key{i}": "v" * 600 for i in range(HARD_MAX_ROWS)}
    metadata["k" * 100] = "x"
    metadata.pop("key0")
    files = [f"file-{i}" for i in range(HARD_MAX_IDS)]
    data = thread(metadata=metadata, tool_resources={"code_interpreter": {"file_ids": files}})
    parsed = parse_resource(ResourceKind.THREAD, data)
    assert isinstance(parsed, Thread) and parsed.metadata == metadata
    assert parsed.tool_resources is not None and parsed.tool_resources.file_ids == files


# -- JSON that is not JSON -------------------------------------------------------------------


def test_duplicate_keys_are_refused_in_any_object() -> None:
    text = '{"id": "thread_abc123", "object": "thread", "id": "thread_zzz"}'
    with pytest.raises(safejson.DuplicateKeyError) as caught:
        safejson.loads(text)
    assert isinstance(caught.value, ValueError)
    assert "'id'" in str(caught.value) and "more than once" in str(caught.value)
    with pytest.raises(safejson.DuplicateKeyError):
        safejson.loads('{"a": [{"m": {"x": "1", "x": "2"}}]}')
    assert safejson.loads('{"a": {"x": 1}, "b": {"x": 2}}') == {"a": {"x": 1}, "b": {"x": 2}}


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e99999", "-1e400"])
def test_a_number_that_is_not_finite_is_refused(number: str) -> None:
    with pytest.raises(safejson.NonFiniteNumberError) as caught:
        safejson.loads('{"created_at": ' + number + "}")
    assert isinstance(caught.value, ValueError) and number in str(caught.value)


def test_finite_numbers_still_read() -> None:
    assert safejson.loads("[1.5, -0.0, 1e308, 12345678901234567890]") == [
        1.5,
        -0.0,
        1e308,
        12345678901234567890,
    ]


def test_the_wording_knows_the_parsers_name_for_a_problem_beyond_the_limits() -> None:
    from thread_tui.api import parsing
    from thread_tui.core import resources

    assert parsing.BEYOND_LIMITS == resources.BEYOND_LIMITS
