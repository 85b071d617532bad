"""Random edit sequences on random loaded threads and conversations.

Invariants checked after every edit:
- a draft reported valid yields a body that the official schema accepts, that encodes as UTF-8
  JSON, and that keeps every limit once merged into what the server holds;
- a broken limit (found here independently of the draft's own checks) always makes the draft
  invalid, with a Problem of the right code — and nothing else ever does;
- applying the body with a tiny model of the server's merge gives exactly what
  `expected_metadata()` and the diff promise.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from thread_tui.core import limits
from thread_tui.core.draft import Draft, DraftError
from thread_tui.core.models import ModifyThreadRequest, UpdateConversationRequest
from thread_tui.core.problems import ProblemCode
from thread_tui.core.resources import Conversation, Resource, Thread, ToolResources

KEY_POOL = [f"k{i}" for i in range(20)]
FILE_POOL = [f"file-{i}" for i in range(26)]
STORE_POOL = ["vs_1", "vs_2", "vs_3"]
ODD_IDS = ["file-\ud800", "file-🙂"]

# Pieces that make text interesting: multi-code-point graphemes, controls, lone surrogates.
PIECES = ["é", "🙂", "e\u0301", "👩‍💻", "\x00", "\n", "\x1b", "\ud800", "\udfff", '"', "\\", " "]
EDGE_LENGTHS = [0, 1, 63, 64, 65, 511, 512, 513, 2000]

edge_text = st.builds(
    lambda piece, n: (piece * n)[:n] if piece else "",
    st.sampled_from(["a", "é", "🙂", "\u0301"]),
    st.sampled_from(EDGE_LENGTHS),
)
mixed_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=12).map("".join)
any_text = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=20),  # surrogates too
    mixed_text,
    edge_text,
)
values = any_text | st.sampled_from(["", "v", "true"])
keys = st.sampled_from(KEY_POOL) | any_text
file_ids = st.sampled_from(FILE_POOL) | st.sampled_from(ODD_IDS)
store_ids = st.sampled_from(STORE_POOL)
row_pick = st.integers(0, 40)

loaded_metadata = st.dictionaries(
    st.sampled_from(KEY_POOL) | st.text(min_size=1, max_size=64),
    st.text(max_size=40) | st.sampled_from(["", "x" * 512, "🙂" * 512]),
    max_size=16,
)
tool_resources = st.one_of(
    st.none(),
    st.just({}),
    st.builds(
        lambda files, stores, shape: {
            "both": {
                "code_interpreter": {"file_ids": files},
                "file_search": {"vector_store_ids": stores},
            },
            "files": {"code_interpreter": {"file_ids": files}},
            "stores": {"file_search": {"vector_store_ids": stores}},
        }[shape],
        st.lists(st.sampled_from(FILE_POOL), unique=True, max_size=20),
        st.lists(st.sampled_from(STORE_POOL), unique=True, max_size=1),
        st.sampled_from(["both", "files", "stores"]),
    ),
)
threads = st.builds(
    lambda md, tools: Thread(
        id="thread_fuzz",
        created_at=1,
        metadata=md,
        tool_resources=None if tools is None else ToolResources.from_json(tools),
    ),
    st.none() | loaded_metadata,
    tool_resources,
)
conversations = st.builds(
    lambda md: Conversation(id="conv_fuzz", created_at=1, metadata=md),
    st.none() | loaded_metadata,
)

operations = st.lists(
    st.one_of(
        st.tuples(st.just("add_row"), keys, values),
        st.tuples(st.just("add_blank_row")),
        st.tuples(st.just("set_key"), row_pick, keys),
        st.tuples(st.just("set_value"), row_pick, values),
        st.tuples(st.just("delete_row"), row_pick),
        st.tuples(st.just("blank_row"), row_pick),
        st.tuples(st.just("restore_row"), row_pick),
        st.tuples(st.just("add_file"), file_ids),
        st.tuples(st.just("remove_file"), file_ids),
        st.tuples(st.just("set_files"), st.lists(file_ids, max_size=24)),
        st.tuples(st.just("assign_files"), st.lists(file_ids, max_size=24)),
        st.tuples(st.just("add_store"), store_ids),
        st.tuples(st.just("remove_store"), store_ids),
        st.tuples(st.just("set_stores"), st.lists(store_ids, max_size=3)),
        st.tuples(st.just("assign_stores"), st.lists(store_ids, max_size=3)),
    ),
    max_size=30,
)

ROW_OPS = {"set_key", "set_value", "delete_row", "blank_row", "restore_row"}
LIST_OPS = {"add_file", "remove_file", "set_files", "add_store", "remove_store", "set_stores"}


def apply(draft: Draft, op: tuple[Any, ...]) -> None:
    name, *args = op
    if name == "add_blank_row":
        draft.add_row()
    elif name == "assign_files":
        draft.file_ids = list(args[0])  # as a careless caller might: duplicates and all
    elif name == "assign_stores":
        draft.store_ids = list(args[0])
    elif name in ROW_OPS:
        if not draft.rows:
            return
        row = draft.rows[args[0] % len(draft.rows)].id
        getattr(draft, name)(row, *args[1:])
    elif name in LIST_OPS and not draft.kind.has_tool_resources:
        try:
            getattr(draft, name)(*args)
        except DraftError:
            return
        raise AssertionError(f"{name} was accepted on a conversation")
    else:
        getattr(draft, name)(*args)


def encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def broken_rules(draft: Draft) -> set[ProblemCode]:
    """Every limit the draft breaks, worked out from its rows and lists alone."""
    # A blank new row (no key, no value) is nothing yet: no pair and no error.
    live = [
        row
        for row in draft.rows
        if not row.deleted and not (row.origin is None and not row.key and not row.value)
    ]
    found: set[ProblemCode] = set()
    key_counts = Counter(row.key for row in live)
    for row in live:
        if row.key == "":
            found.add(ProblemCode.KEY_EMPTY)
        if len(row.key) > limits.MAX_KEY_CHARS:
            found.add(ProblemCode.KEY_TOO_LONG)
        if row.key and key_counts[row.key] > 1:
            found.add(ProblemCode.KEY_DUPLICATE)
        if len(row.value) > limits.MAX_VALUE_CHARS:
            found.add(ProblemCode.VALUE_TOO_LONG)
        if not (encodable(row.key) and encodable(row.value)):
            found.add(ProblemCode.INVALID_TEXT)
    server_keys = set(draft.loaded_metadata) | {row.key for row in live}
    if len(server_keys) > limits.MAX_METADATA_PAIRS:
        found.add(ProblemCode.TOO_MANY_PAIRS)
    if draft.kind.has_tool_resources:
        if len(draft.file_ids) > limits.MAX_FILE_IDS:
            found.add(ProblemCode.TOO_MANY_FILES)
        if len(set(draft.file_ids)) != len(draft.file_ids):
            found.add(ProblemCode.DUPLICATE_FILE)
        if len(draft.store_ids) > limits.MAX_VECTOR_STORE_IDS:
            found.add(ProblemCode.TOO_MANY_STORES)
        if len(set(draft.store_ids)) != len(draft.store_ids):
            found.add(ProblemCode.DUPLICATE_STORE)
        if not all(encodable(i) for i in draft.file_ids + draft.store_ids):
            found.add(ProblemCode.INVALID_TEXT)
    return found


def server_merge(loaded: Resource, body: dict[str, Any]) -> tuple[dict[str, str], list, list]:
    """A tiny model of the server: metadata merged, a sent list replaces the old one."""
    metadata = {**(loaded.metadata or {}), **body.get("metadata", {})}
    tools = loaded.tool_resources if isinstance(loaded, Thread) else None
    files = tools.file_ids if tools else []
    stores = tools.vector_store_ids if tools else []
    sent = body.get("tool_resources", {})
    if "code_interpreter" in sent:
        files = sent["code_interpreter"]["file_ids"]
    if "file_search" in sent:
        stores = sent["file_search"]["vector_store_ids"]
    return metadata, files, stores


def check_invariants(draft: Draft, loaded: Resource, schemas: Any) -> None:
    problems = draft.problems()
    broken = broken_rules(draft)
    reported = {p.code for p in problems}
    assert draft.is_valid is (not problems)
    # A broken limit is always reported, under its own code ...
    assert broken <= reported, (broken, reported)
    # ... and nothing else is: the only extra is the pair count of rows still unnamed.
    extra = reported - broken
    assert extra <= {ProblemCode.TOO_MANY_PAIRS}
    if extra:
        assert ProblemCode.KEY_EMPTY in broken
    for problem in problems:
        assert problem.message
        if problem.row is not None:
            assert not draft.row(problem.row).deleted

    body = draft.request_body()
    metadata: dict[str, str] = body.get("metadata", {})
    assert "metadata" not in body or metadata  # never an empty map
    merged, files, stores = server_merge(loaded, body)

    # What the diff and expected_metadata() promise is what the server ends up holding.
    assert draft.expected_metadata() == merged
    promised = dict(draft.loaded_metadata)
    for change in draft.diff().metadata:
        if change.kind == "kept":
            assert change.key in draft.loaded_metadata
            assert change.key not in draft.intended_metadata()
            assert change.old == change.new == draft.loaded_metadata[change.key]
        else:
            assert change.new is not None
            assert (change.old is None) is (change.kind == "added")
            promised[change.key] = change.new
    assert promised == merged
    assert set(metadata) == {c.key for c in draft.diff().metadata if c.kind != "kept"}

    if not draft.kind.has_tool_resources:
        assert set(body) <= {"metadata"}
        if body:
            schemas.validate("UpdateConversationBody", body)
            UpdateConversationRequest.model_validate(body)
    else:
        assert set(body) <= {"metadata", "tool_resources"}
        for change in draft.diff().files:
            assert (change.item in files) is (change.kind == "added")
        for change in draft.diff().stores:
            assert (change.item in stores) is (change.kind == "added")

    if not draft.is_valid:
        assert (draft.submit_block_reason() or "").startswith("Fix first: ")
        return

    encoded = json.dumps(body, ensure_ascii=False).encode("utf-8")
    assert json.loads(encoded) == body
    schemas.validate("ModifyThreadRequest", body)
    ModifyThreadRequest.model_validate(body)
    for key, value in metadata.items():
        assert 1 <= len(key) <= limits.MAX_KEY_CHARS
        assert len(value) <= limits.MAX_VALUE_CHARS
    assert len(merged) <= limits.MAX_METADATA_PAIRS
    assert draft.pair_count() == len(merged)
    if draft.kind.has_tool_resources:
        assert len(files) <= limits.MAX_FILE_IDS
        assert len(set(files)) == len(files)
        assert len(stores) <= limits.MAX_VECTOR_STORE_IDS
        assert Counter(files) == Counter(draft.file_ids)
        assert Counter(stores) == Counter(draft.store_ids)
        sent = body.get("tool_resources")
        if sent is not None:
            # Every sub-object sent carries its whole list.
            for name, ids in (
                ("code_interpreter", "file_ids"),
                ("file_search", "vector_store_ids"),
            ):
                if name in sent:
                    assert set(sent[name]) == {ids}
    changes = draft.diff()
    sendable = any(c.kind != "kept" for c in changes.metadata) or changes.files or changes.stores
    assert draft.is_noop is (not sendable)
    assert (draft.submit_block_reason() is None) is (not draft.is_noop)
    for name, (count, limit, level) in draft.counters().items():
        assert level in ("ok", "warning"), name
        assert count <= limit


@settings(max_examples=200, deadline=None)
@given(loaded=threads | conversations, ops=operations)
def test_random_edits_keep_every_invariant(
    loaded: Resource, ops: list[tuple[Any, ...]], schemas: Any
) -> None:
    draft = Draft.from_resource(loaded)
    check_invariants(draft, loaded, schemas)
    assert draft.is_noop
    for op in ops:
        apply(draft, op)
        check_invariants(draft, loaded, schemas)
    # However it was edited, restoring every row and the lists gives back what was loaded.
    for row in list(draft.rows):
        draft.restore_row(row.id)
    draft.file_ids = list(draft.loaded_file_ids)
    draft.store_ids = list(draft.loaded_store_ids)
    assert draft.is_noop
    assert draft.intended_metadata() == draft.loaded_metadata


@settings(max_examples=100, deadline=None)
@given(loaded=threads, new_keys=st.lists(st.sampled_from(KEY_POOL), max_size=20))
def test_pair_limit_counts_what_the_server_keeps(loaded: Thread, new_keys: list[str]) -> None:
    draft = Draft.from_resource(loaded)
    for row in list(draft.rows):
        draft.delete_row(row.id)  # the server keeps every one of them
    for key in dict.fromkeys(new_keys):
        draft.add_row(key, "v")
    server_keys = set(draft.loaded_metadata) | set(new_keys)
    assert draft.pair_count() == len(server_keys)
    too_many = ProblemCode.TOO_MANY_PAIRS in {p.code for p in draft.problems()}
    assert too_many is (len(server_keys) > limits.MAX_METADATA_PAIRS)
