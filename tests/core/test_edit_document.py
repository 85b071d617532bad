"""The YAML document `thread-tui edit` and the TUI's `e` open in $EDITOR: render, read, check."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core import edit_document as ed
from thread_tui.core.draft import Draft
from thread_tui.core.resources import (
    CodeInterpreterResources,
    Conversation,
    FileSearchResources,
    Thread,
    ToolResources,
)


def thread(
    metadata: dict[str, str] | None = None,
    files: list[str] | None = None,
    stores: list[str] | None = None,
) -> Draft:
    tools = ToolResources(
        code_interpreter=CodeInterpreterResources(file_ids=files or []),
        file_search=FileSearchResources(vector_store_ids=stores or []),
    )
    return Draft.from_resource(
        Thread(id="thread_abc", created_at=1, metadata=metadata, tool_resources=tools)
    )


def conversation(metadata: dict[str, str] | None = None) -> Draft:
    return Draft.from_resource(Conversation(id="conv_abc", created_at=1, metadata=metadata))


def messages(checked: ed.Checked) -> list[str]:
    return [p.message for p in checked.problems]


# -- round trip ---------------------------------------------------------------------------------

# Any character (surrogates aside: not valid metadata), with YAML's and terminals' special
# ones drawn often: `: `, `#`, quotes, backslash, line breaks, flow and tag indicators, ESC,
# C1 NEL, U+2028, BOM, bidi override.
hard = st.sampled_from(list(":# \n\r\t\"'\\-{}[],&*!|>%@`?~\x00\x1b\x7f\x85\u2028\ufeff\u202e"))
chars = st.one_of(hard, st.characters(exclude_categories=("Cs",)))
keys = st.one_of(st.text(chars, min_size=1, max_size=64), st.sampled_from(["yes", "1", "null"]))
values = st.one_of(
    st.text(chars, max_size=512), st.sampled_from(["", " ", "yes", "0x1", "1e3", "~", "- a"])
)
metadata_maps = st.dictionaries(keys, values, max_size=16)
ids = st.lists(st.text(min_size=1, max_size=40), unique=True)


@settings(max_examples=300, deadline=None)
@given(metadata_maps, ids, ids)
def test_render_then_read_is_the_identity_for_any_valid_fields(
    metadata: dict[str, str], files: list[str], stores: list[str]
) -> None:
    draft = thread(metadata, files[:20], stores[:1])
    checked = ed.check(ed.render(draft), draft)
    assert checked.problems == ()
    assert checked.draft is not None
    assert list(checked.draft.intended_metadata().items()) == list(metadata.items())
    assert checked.draft.file_ids == files[:20]
    assert checked.draft.store_ids == stores[:1]
    assert checked.body == {}


@settings(max_examples=200, deadline=None)
@given(metadata_maps, metadata_maps)
def test_every_edited_value_is_sent_exactly(old: dict[str, str], new: dict[str, str]) -> None:
    """Each value the user would write into the file (rendered as the app renders values)
    reaches the body exactly: no YAML coercion, no lost newline, `#` or `: `."""
    merged = {**old, **new}
    if len(merged) > 16:
        return
    draft = conversation(old)
    pairs = "\n".join(f"  {ed.quote(k)}: {ed.quote(v)}" for k, v in merged.items())
    checked = ed.check(f"metadata:\n{pairs}\n", draft)
    assert checked.problems == ()
    changed = {k: v for k, v in merged.items() if old.get(k) != v}
    assert checked.body == ({"metadata": changed} if changed else {})


def test_hard_values_are_written_quoted_and_escaped() -> None:
    text = ed.render(conversation({"a: b": "x # y\nz", "esc": "\x1b]0;pwn\x07\u202e", "n": "1"}))
    assert '"a: b": "x # y\\nz"' in text
    assert '"esc": "\\x1b]0;pwn\\x07\\u202e"' in text
    assert '"n": "1"' in text
    assert "\x1b" not in text and "\u202e" not in text  # the server's text is inert there too


def test_header_names_the_object_the_limits_and_how_to_abort() -> None:
    text = ed.render(thread())
    head = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(head)
    assert "thread thread_abc" in joined
    assert "16 pairs" in joined and "64 characters" in joined and "512" in joined
    assert "20 code_interpreter file_ids" in joined
    assert "cannot be removed" in joined
    assert "save an empty file" in joined and "without changing anything" in joined
    assert yaml.safe_load(text) == {
        "metadata": {},
        "tool_resources": {
            "code_interpreter": {"file_ids": []},
            "file_search": {"vector_store_ids": []},
        },
    }


def test_a_conversation_has_no_tool_resources_section() -> None:
    text = ed.render(conversation({"a": "b"}))
    assert "tool_resources:" not in text
    checked = ed.check(text + "tool_resources: {}\n", conversation({"a": "b"}))
    assert messages(checked) == ["A conversation has no tool_resources: remove it."]


# -- what is refused, with its line ----------------------------------------------------------


def test_unquoted_values_are_reported_not_coerced() -> None:
    draft = conversation()
    checked = ed.check("metadata:\n  a: yes\n  b: 1\n  c: null\n  d: 2024-01-01\n", draft)
    assert [(p.line, p.message) for p in checked.problems] == [
        (2, "The value of 'a' must be a string, not a boolean: quote it (\"yes\")."),
        (3, "The value of 'b' must be a string, not a number: quote it (\"1\")."),
        (
            4,
            "The value of 'c' must be a string, not null: quote it (\"null\") "
            '(a key cannot be deleted; use "" to blank its value).',
        ),
        (5, "The value of 'd' must be a string, not a date: quote it (\"2024-01-01\")."),
    ]
    assert checked.body is None


def test_limit_problems_carry_the_line_of_their_row() -> None:
    draft = conversation({"keep": "v"})
    long = "x" * 513
    text = f'metadata:\n  "keep": "v"\n  "{"k" * 65}": "v"\n  "big": "{long}"\n'
    checked = ed.check(text, draft)
    assert [p.line for p in checked.problems] == [3, 4]
    assert "65 characters; at most 64" in checked.problems[0].message
    assert "513 characters; at most 512" in checked.problems[1].message
    assert checked.well_formed and checked.body is None


def test_too_many_pairs_counts_the_keys_the_server_keeps() -> None:
    loaded = {f"k{i}": "v" for i in range(16)}
    text = ed.render(conversation(loaded)).replace('"k0": "v"', '"k0": "v"\n  "new": "v"')
    checked = ed.check(text, conversation(loaded))
    assert [(p.line, p.message.split(";")[0]) for p in checked.problems] == [
        (
            text.splitlines().index("metadata:") + 1,
            "17 metadata pairs (counting the keys the server keeps: a key cannot be deleted)",
        )
    ]


def test_a_removed_key_is_refused_and_blanking_it_is_the_way() -> None:
    draft = conversation({"owner": "ana", "team": "core"})
    text = ed.render(draft).replace('  "team": "core"\n', "")
    checked = ed.check(text, draft)
    assert len(checked.problems) == 1
    assert "'team' cannot be removed" in checked.problems[0].message
    assert not checked.well_formed
    blanked = ed.check(ed.render(draft).replace('"core"', '""'), draft)
    assert blanked.problems == () and blanked.body == {"metadata": {"team": ""}}


def test_a_duplicate_key_is_reported_on_both_lines() -> None:
    checked = ed.check('metadata:\n  "a": "1"\n  "a": "2"\n', conversation())
    assert [p.line for p in checked.problems] == [2, 3]
    assert all("appears 2 times" in m for m in messages(checked))


def test_too_many_files_and_bad_list_shapes() -> None:
    draft = thread()
    many = "\n".join(f'      - "file-{i}"' for i in range(21))
    text = (
        "metadata: {}\ntool_resources:\n  code_interpreter:\n    file_ids:\n"
        f'{many}\n  file_search:\n    vector_store_ids: "vs_1"\n'
    )
    checked = ed.check(text, draft)
    assert [(p.line, p.message) for p in checked.problems] == [
        (27, "vector_store_ids must be a list of IDs (write [] for none)."),
        (4, "21 code_interpreter files; at most 20."),
    ]


def test_unknown_fields_and_syntax_errors() -> None:
    draft = thread()
    checked = ed.check('metadata: {}\nname: "x"\n', draft)
    assert messages(checked) == [
        "Unknown field 'name': only metadata and tool_resources can be edited."
    ]
    broken = ed.check('metadata:\n  "a": "unterminated\n', draft)
    assert broken.draft is None and broken.problems[0].line is not None
    assert broken.problems[0].message.startswith("Not valid YAML")
    assert ed.check("- a\n- b\n", draft).problems[0].message.startswith("The file must be a map")


def test_an_empty_file_or_only_comments_is_an_abort() -> None:
    for text in ("", "\n\n", "# nothing\n# here\n"):
        checked = ed.check(text, thread({"a": "b"}))
        assert checked.empty and checked.problems == ()


def test_a_missing_list_section_is_an_empty_list() -> None:
    draft = thread(files=["file-1"])
    checked = ed.check("metadata: {}\n", draft)
    assert checked.problems == ()
    assert checked.body == {"tool_resources": {"code_interpreter": {"file_ids": []}}}


# -- the problems written into the file -----------------------------------------------------------


def test_errors_go_on_top_keep_the_text_and_count_lines_in_the_new_file() -> None:
    draft = conversation()
    saved = 'metadata:\n  a: yes\n  "b": "typed by hand"\n'
    checked = ed.check(saved, draft)
    reopened = ed.with_errors(saved, checked.problems)
    assert reopened.endswith(saved)  # nothing the user typed is lost
    lines = reopened.splitlines()
    assert lines[0].startswith("# ERROR: line 4: The value of 'a'")
    assert lines[3] == "  a: yes"  # line 4 of the reopened file, as the message says
    # Saved again with the same mistake: one error block, the numbers still right.
    again = ed.check(reopened, draft)
    assert again.problems[0].line == 4
    assert ed.with_errors(reopened, again.problems) == reopened
    # Fixed: the old error lines are comments; the edit goes through.
    fixed = ed.check(reopened.replace("a: yes", 'a: "yes"'), draft)
    assert fixed.problems == () and fixed.body == {"metadata": {"a": "yes", "b": "typed by hand"}}


def test_error_lines_are_inert() -> None:
    text = ed.with_errors("x", [ed.DocumentProblem(1, "bad \x1b[2J key\nnext")])
    assert "\x1b" not in text and text.count("\n") == 2


def test_unchanged_ignores_only_trailing_whitespace() -> None:
    assert ed.is_unchanged("a: 1\n", "a: 1")
    assert not ed.is_unchanged("a: 2\n", "a: 1\n")


# -- into a draft in place (the TUI's one undo step) ------------------------------------------


def test_apply_keeps_the_rows_of_loaded_keys_and_adds_new_ones() -> None:
    draft = conversation({"owner": "ana", "team": "core"})
    ids = {row.origin: row.id for row in draft.rows}
    stale = draft.add_row("typed", "in the grid")
    checked = ed.check('metadata:\n  "team": "ops"\n  "owner": "ana"\n  "extra": "1"\n', draft)
    assert checked.problems == ()
    reading = ed.read('metadata:\n  "team": "ops"\n  "owner": "ana"\n  "extra": "1"\n', draft)
    assert reading.fields is not None
    lines = ed.apply(draft, reading.fields)
    assert [(r.key, r.value) for r in draft.rows] == [
        ("team", "ops"),
        ("owner", "ana"),
        ("extra", "1"),
    ]
    assert draft.rows[0].id == ids["team"] and draft.rows[1].id == ids["owner"]
    assert draft.rows[2].id not in {*ids.values(), stale}  # ids never reused
    assert lines == {ids["team"]: 2, ids["owner"]: 3, draft.rows[2].id: 4}
    assert draft.request_body() == {"metadata": {"team": "ops", "extra": "1"}}


def test_check_leaves_the_draft_it_was_given_untouched() -> None:
    draft = thread({"a": "b"}, files=["file-1"])
    before = draft.snapshot()
    checked = ed.check('metadata:\n  "a": "c"\n', draft)
    assert draft.snapshot() == before
    assert checked.body == {
        "metadata": {"a": "c"},
        "tool_resources": {"code_interpreter": {"file_ids": []}},
    }


def test_a_draft_with_a_deleted_or_renamed_server_key_renders_the_kept_key() -> None:
    draft = conversation({"a": "1", "b": "2"})
    draft.delete_row(draft.rows[0].id)
    draft.set_key(draft.rows[1].id, "c")  # a rename: the server keeps "b" too
    checked = ed.check(ed.render(draft), draft)
    assert checked.problems == ()
    assert checked.draft is not None
    assert checked.draft.expected_metadata() == draft.expected_metadata()


def test_diff_lines() -> None:
    draft = thread({"a": "1"}, files=["file-1"])
    checked = ed.check(
        'metadata:\n  "a": "2"\n  "b": "x\\ny"\ntool_resources:\n  code_interpreter:\n'
        '    file_ids: ["file-2"]\n',
        draft,
    )
    assert checked.draft is not None
    assert ed.diff_lines(checked.draft.diff()) == [
        '~ a: "1" → "2"',
        '+ b: "x\\ny"',
        "- detach file file-1",
        "+ attach file file-2",
    ]
