"""`thread-tui items list|get|add|delete`: a conversation's items, headless, against the
in-process emulator (`main(..., emulator=)`), with the request log read back.

What is checked: the request each sub-command sends (bodies against the official schemas),
paging on with `after=` up to --max-items, more than 20 items sent 20 a call in order, every
local refusal sending nothing, hostile server text inert on a terminal, and no key anywhere.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator

Capture = pytest.CaptureFixture[str]
CONV = "conv_abc123"
ITEMS_PATH = f"/v1/conversations/{CONV}/items"

pytestmark = pytest.mark.usefixtures("no_user_environment")


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert DEMO_API_KEY not in out + err
    return code, out, err


def sent(emu: Emulator) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emu.requests]


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [part["text"] for item in items for part in item.get("content", [])]


def user_item(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def valid_input_item(schemas: Any, item: dict[str, Any]) -> None:
    """The spec's InputItem is a oneOf whose branches overlap (a user message is both an
    EasyInputMessage and an Item), so a message is checked against EasyInputMessage. (An
    assistant's message with output_text parts, which the API asks for, matches none of
    the spec's branches without an id and status, so it is not checked here.)"""
    schemas.validate("EasyInputMessage", item)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- list -------------------------------------------------------------------------------------


def test_list_pages_on_with_after_up_to_max_items(
    emu: Emulator, capsys: Capture, schemas: Any
) -> None:
    stored = emu.items[CONV]
    code, out, err = run(
        ["items", "list", CONV, "--limit", "5", "--order", "asc", "--max-items", "12"],
        emu,
        capsys,
    )
    assert (code, err) == (0, "")
    listed = json.loads(out)
    schemas.validate("ConversationItemList", listed)
    assert [i["id"] for i in listed["data"]] == [i["id"] for i in stored[:12]]
    assert listed["has_more"] is True  # more items are on the server
    assert listed["first_id"] == stored[0]["id"] and listed["last_id"] == stored[11]["id"]
    assert [(r.method, r.path, r.query.get("after")) for r in emu.requests] == [
        ("GET", ITEMS_PATH, None),
        ("GET", ITEMS_PATH, stored[4]["id"]),
        ("GET", ITEMS_PATH, stored[9]["id"]),
    ]
    assert {(r.query["limit"], r.query["order"]) for r in emu.requests} == {("5", "asc")}


def test_list_reads_every_page_by_default(emu: Emulator, capsys: Capture) -> None:
    stored = emu.items[CONV]
    assert len(stored) > 20  # two pages of the default 20
    code, out, _ = run(["items", "list", "--conversation-id", CONV], emu, capsys)
    assert code == 0
    listed = json.loads(out)
    assert [i["id"] for i in listed["data"]] == [i["id"] for i in reversed(stored)]  # desc
    assert listed["has_more"] is False
    assert len(emu.requests) == 2


def test_list_starts_after_the_given_item(emu: Emulator, capsys: Capture) -> None:
    stored = emu.items[CONV]
    code, out, _ = run(
        ["items", "list", CONV, "--order", "asc", "--after", stored[19]["id"]], emu, capsys
    )
    assert code == 0
    assert [i["id"] for i in json.loads(out)["data"]] == [i["id"] for i in stored[20:]]


def test_list_jsonl_prints_one_item_a_line(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(["items", "list", CONV, "--format", "jsonl"], emu, capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(emu.items[CONV])
    assert json.loads(lines[0])["id"] == emu.items[CONV][-1]["id"]


@pytest.mark.parametrize(
    "argv",
    [
        ["items", "list", CONV, "--conversation-id", "conv_empty"],  # both, and different
        ["items", "list"],  # none
        ["items", "list", "thread_abc123"],  # not a conversation
        ["items", "list", "conv_bad id"],
        ["items", "list", CONV, "--limit", "0"],
        ["items", "list", CONV, "--limit", "101"],
        ["items", "list", CONV, "--order", "sideways"],
        ["items", "list", CONV, "--max-items", "0"],
        ["items", "list", CONV, "--after", "msg_x;rm"],
    ],
)
def test_list_refusals_send_nothing(argv: list[str], emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(argv, emu, capsys)
    assert code == 2 and err.strip()
    assert emu.requests == []


def test_the_same_id_twice_is_fine(emu: Emulator, capsys: Capture) -> None:
    code, _, _ = run(["items", "list", CONV, "--conversation-id", CONV], emu, capsys)
    assert code == 0


def test_both_ids_different_says_which(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["items", "list", CONV, "--conversation-id", "conv_empty"], emu, capsys)
    assert code == 2
    assert CONV in err and "conv_empty" in err and "--conversation-id" in err


def test_a_missing_conversation_is_an_api_error(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(["items", "list", "conv_nope"], emu, capsys)
    assert code == 1 and out == ""
    assert "conv_nope/items" in err and "404" in err


def test_a_server_whose_list_never_moves_on_is_stopped(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile server answering has_more with the same page for ever: the loop stops."""
    page = {"object": "list", "data": [emu.items[CONV][0]], "has_more": True}
    page["first_id"] = page["last_id"] = emu.items[CONV][0]["id"]
    emu.faults.inject(200, body=json.dumps(page), match="GET /v1/conversations", times=50)
    code, out, err = run(["items", "list", CONV], emu, capsys)
    assert code == 1 and "does not move on" in err
    assert len(emu.requests) == 2
    assert json.loads(out)["has_more"] is True  # what was read is still printed


# -- get --------------------------------------------------------------------------------------


def test_get_by_position_and_by_flags(emu: Emulator, capsys: Capture) -> None:
    item = emu.items[CONV][3]
    code, out, err = run(["items", "get", CONV, item["id"]], emu, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out) == item
    code, out, _ = run(
        ["items", "get", "--conversation-id", CONV, "--item-id", item["id"]], emu, capsys
    )
    assert code == 0 and json.loads(out) == item
    assert sent(emu) == [("GET", f"{ITEMS_PATH}/{item['id']}")] * 2


@pytest.mark.parametrize(
    "argv",
    [
        ["items", "get", CONV],
        ["items", "get", CONV, "msg_a", "--item-id", "msg_b"],
        ["items", "get", CONV, "msg/../../x"],
        ["items", "get", CONV, "msg_a", "extra"],
    ],
)
def test_get_refusals_send_nothing(argv: list[str], emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(argv, emu, capsys)
    assert code == 2 and err.strip()
    assert emu.requests == []


def test_hostile_item_text_is_inert_on_a_terminal(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = emu.items[CONV][0]
    item["content"][0]["text"] = "hi \x9b2J\x1b]0;owned\x07 \u202eevil"
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    assert main(["items", "get", CONV, item["id"], "--demo"], emulator=emu) == 0
    shown = terminal.getvalue()
    assert not any(c in shown for c in "\x1b\x07\x9b\u202e")
    assert json.loads(shown)["content"][0]["text"] == item["content"][0]["text"]


# -- add --------------------------------------------------------------------------------------


def test_add_json_yaml_and_role_text_in_order(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    before = len(emu.items[CONV])
    code, out, err = run(
        [
            "items",
            "add",
            CONV,
            "--item",
            '{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "a"}]}',
            "--role",
            "assistant",
            "--text",
            "b",
            "--item",
            "{type: message, role: developer, content: [{type: input_text, text: c}]}",
        ],
        emu,
        capsys,
    )
    assert code == 0, err
    [post] = [r for r in emu.requests if r.method == "POST"]
    assert post.path == ITEMS_PATH
    for item in post.json["items"]:
        if item["role"] != "assistant":  # see valid_input_item
            valid_input_item(schemas, item)
    assert texts(post.json["items"]) == ["a", "b", "c"]
    assert [i["role"] for i in post.json["items"]] == ["user", "assistant", "developer"]
    assert post.json["items"][1]["content"][0]["type"] == "output_text"
    created = json.loads(out)
    schemas.validate("ConversationItemList", created)
    assert texts(created["data"]) == ["a", "b", "c"]
    assert texts(emu.items[CONV][before:]) == ["a", "b", "c"]
    assert "3 items" in err and "1 call" in err


def test_add_reads_an_item_from_a_file(emu: Emulator, capsys: Capture, tmp_path: Path) -> None:
    (tmp_path / "item.json").write_text(json.dumps(user_item("from a file")), encoding="utf-8")
    code, _, _ = run(["items", "add", CONV, "--item", f"@{tmp_path / 'item.json'}"], emu, capsys)
    assert code == 0
    assert texts(emu.items[CONV][-1:]) == ["from a file"]


def test_add_45_items_in_3_calls_in_order(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    before = len(emu.items[CONV])
    wanted = [f"line {n}" for n in range(45)]
    argv = ["items", "add", CONV]
    for text in wanted:
        argv += ["--role", "user", "--text", text]
    code, out, err = run(argv, emu, capsys)
    assert code == 0, err
    posts = [r for r in emu.requests if r.method == "POST"]
    assert [r.path for r in posts] == [ITEMS_PATH] * 3
    assert [len(r.json["items"]) for r in posts] == [20, 20, 5]
    assert [t for r in posts for t in texts(r.json["items"])] == wanted
    for post in posts:
        assert set(post.json) == {"items"}
        for item in post.json["items"]:
            valid_input_item(schemas, item)
    assert texts(emu.items[CONV][before:]) == wanted
    assert texts(json.loads(out)["data"]) == wanted
    assert "45 items" in err and "3 calls" in err


def test_a_bad_item_among_many_sends_nothing(emu: Emulator, capsys: Capture) -> None:
    argv = ["items", "add", CONV]
    for n in range(30):
        argv += ["--role", "user", "--text", f"line {n}"]
    argv += ["--item", "{type: message, role: robot, content: [{type: input_text, text: x}]}"]
    argv += ["--item", "[1, 2]"]
    code, out, err = run(argv, emu, capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) >= 2 and all(line.startswith("error: ") for line in lines)
    assert "robot" in err
    assert emu.requests == []


@pytest.mark.parametrize(
    "argv",
    [
        ["items", "add", CONV],  # no item
        ["items", "add", CONV, "--item", "{type: message, role: user"],  # not flow
        ["items", "add", CONV, "--item", "@/nonexistent/item.json"],
        ["items", "add", CONV, "--text", "no role"],
        ["items", "add", CONV, "--role", "user"],  # no text
        ["items", "add", CONV, "--role", "robot", "--text", "x"],
        ["items", "add", "thread_abc123", "--role", "user", "--text", "x"],
    ],
)
def test_add_refusals_send_nothing(argv: list[str], emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(argv, emu, capsys)
    assert code == 2 and out == "" and err.strip()
    assert emu.requests == []


def test_add_read_only_is_refused(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(
        ["items", "add", CONV, "--role", "user", "--text", "x", "--read-only"], emu, capsys
    )
    assert code == 2 and "read-only" in err
    assert emu.requests == []


@pytest.mark.parametrize("form", ["body", "curl", "cli", "python"])
def test_add_show_prints_every_call_and_sends_nothing(
    form: str, emu: Emulator, capsys: Capture
) -> None:
    argv = ["items", "add", CONV, "--show", form]
    for n in range(25):
        argv += ["--role", "user", "--text", f"line {n}"]
    code, out, err = run(argv, emu, capsys)
    assert code == 0, err
    assert emu.requests == []
    assert "line 0" in out and "line 24" in out
    if form == "curl":
        assert out.count("curl ") == 2 and "$OPENAI_API_KEY" in out
        assert f"/conversations/{CONV}/items" in out
    if form == "cli":
        assert out.count("openai conversations:items create") == 2
        assert f"--conversation-id {CONV}" in out and "--item" in out
    if form == "python":
        assert out.count("client.conversations.items.create(") == 2


def test_add_dry_run_prints_the_bodies(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(
        ["items", "add", CONV, "--role", "user", "--text", "x", "--dry-run"], emu, capsys
    )
    assert code == 0 and emu.requests == []
    assert json.loads(out) == {"items": [user_item("x")]}


def test_a_failing_second_call_says_what_was_added(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Items 1-20 are on the server when call 2 fails: the user is told, 21-30 not sent."""
    real_take = emu.faults.take
    posts = 0

    def take(method: str, path: str) -> Any:
        nonlocal posts
        if method == "POST":
            posts += 1
            if posts == 2:
                emu.faults.inject(400)
        return real_take(method, path)

    monkeypatch.setattr(emu.faults, "take", take)
    before = len(emu.items[CONV])
    argv = ["items", "add", CONV]
    for n in range(30):
        argv += ["--role", "user", "--text", f"line {n}"]
    code, out, err = run(argv, emu, capsys)
    assert code == 1
    assert len(emu.items[CONV]) == before + 20
    assert "20 of 30" in err and "400" in err
    assert len(json.loads(out)["data"]) == 20
    assert len([r for r in emu.requests if r.method == "POST"]) == 2


# -- delete -----------------------------------------------------------------------------------


def test_delete_with_yes_prints_the_conversation(
    emu: Emulator, capsys: Capture, schemas: Any
) -> None:
    item_id = emu.items[CONV][2]["id"]
    code, out, err = run(["items", "delete", CONV, item_id, "--yes"], emu, capsys)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["id"] == CONV and answer["object"] == "conversation"
    schemas.validate("ConversationResource", answer)
    assert item_id not in [i["id"] for i in emu.items[CONV]]
    assert sent(emu) == [("DELETE", f"{ITEMS_PATH}/{item_id}")]


def test_delete_without_a_terminal_deletes_nothing(emu: Emulator, capsys: Capture) -> None:
    item_id = emu.items[CONV][2]["id"]
    code, out, err = run(
        ["items", "delete", "--conversation-id", CONV, "--item-id", item_id], emu, capsys
    )
    assert code == 2 and out == ""
    assert "--yes" in err
    assert emu.requests == []


def test_delete_asks_on_a_terminal(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = emu.items[CONV][2]["id"]

    class Answer(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Answer("n\n"))
    code, _, err = run(["items", "delete", CONV, item_id], emu, capsys)
    assert code == 1 and item_id in err and emu.requests == []
    monkeypatch.setattr("sys.stdin", Answer("y\n"))
    code, out, _ = run(["items", "delete", CONV, item_id], emu, capsys)
    assert code == 0 and json.loads(out)["id"] == CONV
    assert sent(emu) == [("DELETE", f"{ITEMS_PATH}/{item_id}")]


def test_delete_records_the_conversation_in_the_catalog(emu: Emulator, capsys: Capture) -> None:
    from thread_tui.emulator.server import running_server
    from thread_tui.storage.catalog import CATALOG_FILE, Catalog
    from thread_tui.storage.state import default_state_dir

    emu.conversations[CONV]["metadata"] = {"topic": "recorded"}
    item_id = emu.items[CONV][0]["id"]
    with running_server(emu) as base_url:
        auth = ["--base-url", base_url, "--api-key", DEMO_API_KEY]
        assert main(["items", "delete", CONV, item_id, "--yes", *auth]) == 0
    out, err = capsys.readouterr()
    assert DEMO_API_KEY not in out + err
    catalog = Catalog.open(default_state_dir() / CATALOG_FILE)
    try:
        entry = catalog.get(CONV)
        assert entry is not None and entry.metadata == {"topic": "recorded"}
    finally:
        catalog.close()


def test_help_has_examples(capsys: Capture) -> None:
    for action in ("list", "get", "add", "delete"):
        assert main(["items", action, "--help"]) == 0
        out = capsys.readouterr().out
        assert "examples:" in out and f"thread-tui items {action}" in out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "items" in out and "messages" in out
