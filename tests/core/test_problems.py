"""The checks behind every limit: one Problem per broken rule, with count, limit and a sentence."""

from __future__ import annotations

import pytest

from thread_tui.core.problems import (
    Field,
    Problem,
    ProblemCode,
    check_id_list,
    check_key,
    check_metadata_map,
    check_pair_count,
    check_value,
    has_lone_surrogate,
)


def test_key_at_64_is_fine_and_65_is_too_long() -> None:
    assert check_key("k" * 64) == []
    assert check_key("k" * 65, row=7) == [
        Problem(
            ProblemCode.KEY_TOO_LONG,
            Field.KEY,
            "Key 'kkkkkkkkkkkkkkkkkkkkkkk…' is 65 characters; at most 64.",
            7,
            65,
            64,
        )
    ]


def test_empty_key() -> None:
    [problem] = check_key("", row=3)
    assert (problem.code, problem.field, problem.row) == (ProblemCode.KEY_EMPTY, Field.KEY, 3)
    assert problem.message == "A key cannot be empty."


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("é" * 64, True),
        ("é" * 65, False),
        ("🙂" * 64, True),
        ("🙂" * 65, False),
        ("e\u0301" * 32, True),  # 32 visible letters, 64 code points
        ("e\u0301" * 32 + "e", False),  # 33 visible letters, 65 code points
        ("👩‍💻" * 21 + "x", True),  # 64 code points
        ("👩‍💻" * 22, False),  # 66 code points
    ],
)
def test_key_length_is_counted_in_code_points(key: str, ok: bool) -> None:
    problems = check_key(key)
    assert (problems == []) is ok
    if not ok:
        assert [p.code for p in problems] == [ProblemCode.KEY_TOO_LONG]
        assert problems[0].count == len(key)


def test_value_at_512_is_fine_and_513_is_too_long() -> None:
    assert check_value("k", "v" * 512) == []
    assert check_value("k", "🙂" * 512) == []
    [problem] = check_value("k", "🙂" * 513, row=2)
    assert (problem.code, problem.field, problem.row) == (
        ProblemCode.VALUE_TOO_LONG,
        Field.VALUE,
        2,
    )
    assert (problem.count, problem.limit) == (513, 512)
    assert problem.message == "The value of 'k' is 513 characters; at most 512."


def test_an_empty_value_is_allowed() -> None:
    assert check_value("k", "") == []


def test_long_keys_are_shortened_in_messages() -> None:
    [problem] = check_value("x" * 100, "v" * 600)
    assert "'" + "x" * 23 + "…'" in problem.message
    assert "x" * 25 not in problem.message


def test_lone_surrogates_are_invalid_text() -> None:
    assert has_lone_surrogate("a\ud800b")
    assert has_lone_surrogate("\udfff")
    assert not has_lone_surrogate("🙂 é \x00 \u200b")
    [key_problem] = check_key("k\ud800", row=1)
    assert (key_problem.code, key_problem.field, key_problem.row) == (
        ProblemCode.INVALID_TEXT,
        Field.KEY,
        1,
    )
    [value_problem] = check_value("k", "v\udc80", row=1)
    assert (value_problem.code, value_problem.field) == (ProblemCode.INVALID_TEXT, Field.VALUE)
    assert "lone surrogate" in value_problem.message


def test_a_key_can_break_two_rules_at_once() -> None:
    codes = [p.code for p in check_key("\ud800" * 65)]
    assert codes == [ProblemCode.KEY_TOO_LONG, ProblemCode.INVALID_TEXT]


def test_control_characters_are_plain_text() -> None:
    # JSON escapes them; the API has no rule against them.
    assert check_key("tab\there") == []
    assert check_value("k", "\x00\x1b[31m\n") == []


@pytest.mark.parametrize(("count", "broken"), [(0, False), (16, False), (17, True), (40, True)])
def test_pair_count(count: int, broken: bool) -> None:
    assert (check_pair_count(count, merged=False) != []) is broken
    if broken:
        [problem] = check_pair_count(count, merged=True)
        assert (problem.code, problem.field, problem.row) == (
            ProblemCode.TOO_MANY_PAIRS,
            Field.PAIRS,
            None,
        )
        assert (problem.count, problem.limit) == (count, 16)
        assert problem.message == (
            f"{count} metadata pairs (counting the keys the server keeps: a key cannot be "
            "deleted); at most 16."
        )
        [plain] = check_pair_count(count, merged=False)
        assert plain.message == f"{count} metadata pairs; at most 16."


def test_file_ids_20_ok_21_too_many() -> None:
    ids = [f"file-{i}" for i in range(21)]
    assert check_id_list(ids[:20], Field.FILE_IDS) == []
    [problem] = check_id_list(ids, Field.FILE_IDS)
    assert (problem.code, problem.field, problem.count, problem.limit) == (
        ProblemCode.TOO_MANY_FILES,
        Field.FILE_IDS,
        21,
        20,
    )
    assert problem.message == "21 code_interpreter files; at most 20."


def test_vector_stores_1_ok_2_too_many() -> None:
    assert check_id_list(["vs_1"], Field.VECTOR_STORE_IDS) == []
    assert check_id_list([], Field.VECTOR_STORE_IDS) == []
    [problem] = check_id_list(["vs_1", "vs_2"], Field.VECTOR_STORE_IDS)
    assert (problem.code, problem.count, problem.limit) == (ProblemCode.TOO_MANY_STORES, 2, 1)
    assert problem.message == "2 file_search vector stores; at most 1."


def test_duplicate_ids() -> None:
    [problem] = check_id_list(["file-1", "file-2", "file-1"], Field.FILE_IDS)
    assert (problem.code, problem.field) == (ProblemCode.DUPLICATE_FILE, Field.FILE_IDS)
    assert problem.message == "file-1 is listed twice."
    codes = [p.code for p in check_id_list(["vs_1", "vs_1"], Field.VECTOR_STORE_IDS)]
    assert codes == [ProblemCode.TOO_MANY_STORES, ProblemCode.DUPLICATE_STORE]


def test_an_id_that_cannot_be_encoded_is_invalid_text() -> None:
    [problem] = check_id_list(["file-\ud800"], Field.FILE_IDS)
    assert (problem.code, problem.field) == (ProblemCode.INVALID_TEXT, Field.FILE_IDS)
    assert "lone surrogate" in problem.message


def test_metadata_map_as_sent_by_the_cli() -> None:
    assert check_metadata_map({"a": "1", "é" * 64: "🙂" * 512}) == []
    assert check_metadata_map({}) == []
    codes = [p.code for p in check_metadata_map({"": "x", "k" * 65: "v" * 513})]
    assert codes == [ProblemCode.KEY_EMPTY, ProblemCode.KEY_TOO_LONG, ProblemCode.VALUE_TOO_LONG]
    many = {f"k{i}": "v" for i in range(17)}
    [problem] = check_metadata_map(many)
    assert problem.code is ProblemCode.TOO_MANY_PAIRS
    assert "server keeps" not in problem.message  # a whole map: no merge involved


@pytest.mark.parametrize(
    ("value", "ending"),
    [
        (None, 'null (a key cannot be deleted; use "" to blank its value).'),
        (True, 'a boolean (quote it: "true").'),
        (3, 'a number (quote it: "3").'),
        (2.5, 'a number (quote it: "2.5").'),
        ({"a": "b"}, "a map: metadata values are flat strings."),
        (["a"], "a list: metadata values are flat strings."),
    ],
)
def test_non_string_values_are_explained(value: object, ending: str) -> None:
    [problem] = check_metadata_map({"k": value})
    assert (problem.code, problem.field) == (ProblemCode.NOT_A_STRING, Field.VALUE)
    assert problem.message == f"The value of 'k' must be a string, not {ending}"
