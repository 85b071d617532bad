"""`thread-tui messages list|get|update|delete`: a thread's messages, headless, against the
in-process emulator, with the request log read back.

`update` is checked as `update` is: the --metadata syntax, every limit before sending, and the
pair count after the merge with the message's current metadata (fetched first: a key once set
cannot be removed, so it still counts).
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator

Capture = pytest.CaptureFixture[str]
THREAD = "thread_abc123"
MESSAGES_PATH = f"/v1/threads/{THREAD}/messages"

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


def first_id(emu: Emulator) -> str:
    message_id: str = emu.messages[THREAD][0]["id"]
    return message_id


# -- list and get -----------------------------------------------------------------------------


def test_list_pages_on_up_to_max_items(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    stored = emu.messages[THREAD]
    code, out, err = run(
        ["messages", "list", THREAD, "--limit", "10", "--order", "asc", "--max-items", "25"],
        emu,
        capsys,
    )
    assert (code, err) == (0, "")
    listed = json.loads(out)
    schemas.validate("ListMessagesResponse", listed)
    assert [m["id"] for m in listed["data"]] == [m["id"] for m in stored[:25]]
    assert listed["has_more"] is True
    assert [r.query.get("after") for r in emu.requests] == [None, stored[9]["id"], stored[19]["id"]]
    assert {r.path for r in emu.requests} == {MESSAGES_PATH}


def test_list_by_flag_reads_all(emu: Emulator, capsys: Capture) -> None:
    code, out, _ = run(["messages", "list", "--thread-id", THREAD], emu, capsys)
    assert code == 0
    listed = json.loads(out)
    assert len(listed["data"]) == len(emu.messages[THREAD]) and listed["has_more"] is False


def test_get_by_position_and_by_flags(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    message = emu.messages[THREAD][5]
    code, out, _ = run(["messages", "get", THREAD, message["id"]], emu, capsys)
    assert code == 0 and json.loads(out) == message
    schemas.validate("MessageObject", json.loads(out))
    code, out, _ = run(
        ["messages", "get", "--thread-id", THREAD, "--message-id", message["id"]], emu, capsys
    )
    assert code == 0 and json.loads(out) == message
    assert sent(emu) == [("GET", f"{MESSAGES_PATH}/{message['id']}")] * 2


@pytest.mark.parametrize(
    "argv",
    [
        ["messages", "list", THREAD, "--thread-id", "thread_empty"],
        ["messages", "list", "conv_abc123"],
        ["messages", "get", THREAD],
        ["messages", "get", THREAD, "msg_a", "--message-id", "msg_b"],
        ["messages", "get", THREAD, "msg a"],
        ["messages", "update", THREAD, "msg_a"],  # no --metadata
        ["messages", "update", THREAD, "msg_a", "--metadata", "{n: 1}"],
        ["messages", "update", THREAD, "msg_a", "--metadata", "k" * 65 + "=v"],
        ["messages", "update", THREAD, "msg_a", "--metadata", "k=" + "v" * 513],
        ["messages", "update", THREAD, "msg_a", "--metadata", "{a: null}"],
        ["messages", "update", THREAD, "msg_a", "--metadata", "{}"],
        ["messages", "update", THREAD, "msg_a"]
        + [arg for n in range(17) for arg in ("--metadata", f"k{n}=v")],
        ["messages", "delete", THREAD, "msg_a"],  # no terminal, no --yes
    ],
)
def test_refusals_send_nothing(argv: list[str], emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(argv, emu, capsys)
    assert code == 2 and out == "" and err.strip()
    assert emu.requests == []


# -- update -----------------------------------------------------------------------------------


def test_update_merges_and_prints_the_message(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    message_id = first_id(emu)
    emu.messages[THREAD][0]["metadata"] = {"kept": "yes"}
    code, out, err = run(
        ["messages", "update", THREAD, message_id, "--metadata", "{owner: ana}"], emu, capsys
    )
    assert code == 0, err
    assert sent(emu) == [
        ("GET", f"{MESSAGES_PATH}/{message_id}"),
        ("POST", f"{MESSAGES_PATH}/{message_id}"),
    ]
    post = emu.requests[1]
    assert post.json == {"metadata": {"owner": "ana"}}
    schemas.validate("ModifyMessageRequest", post.json)
    answer = json.loads(out)
    schemas.validate("MessageObject", answer)
    assert answer["metadata"] == {"kept": "yes", "owner": "ana"}
    assert "kept" in err and "cannot be removed" in err  # the kept key is named


def test_update_counts_the_keys_the_server_keeps(emu: Emulator, capsys: Capture) -> None:
    message_id = first_id(emu)
    emu.messages[THREAD][0]["metadata"] = {f"old{n}": "v" for n in range(15)}
    code, out, err = run(
        [
            *("messages", "update", "--thread-id", THREAD, "--message-id", message_id),
            *("--metadata", "new1=a", "--metadata", "new2=b"),
        ],
        emu,
        capsys,
    )
    assert code == 2 and out == ""
    assert "17 metadata pairs" in err and "16" in err
    assert sent(emu) == [("GET", f"{MESSAGES_PATH}/{message_id}")]  # read, nothing sent


def test_update_of_existing_keys_within_16_is_sent(emu: Emulator, capsys: Capture) -> None:
    message_id = first_id(emu)
    emu.messages[THREAD][0]["metadata"] = {f"k{n}": "v" for n in range(16)}
    code, out, _ = run(
        ["messages", "update", THREAD, message_id, "--metadata", "k3=new"], emu, capsys
    )
    assert code == 0 and json.loads(out)["metadata"]["k3"] == "new"


def test_update_of_a_missing_message_is_an_api_error(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(
        ["messages", "update", THREAD, "msg_nope", "--metadata", "a=b"], emu, capsys
    )
    assert code == 1 and out == "" and "404" in err
    assert [r.method for r in emu.requests] == ["GET"]


def test_update_read_only_is_refused(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(
        ["messages", "update", THREAD, first_id(emu), "--metadata", "a=b", "--read-only"],
        emu,
        capsys,
    )
    assert code == 2 and "read-only" in err and emu.requests == []


@pytest.mark.parametrize("form", ["body", "curl", "cli", "python"])
def test_update_show_sends_nothing(form: str, emu: Emulator, capsys: Capture) -> None:
    message_id = first_id(emu)
    code, out, _ = run(
        ["messages", "update", THREAD, message_id, "--metadata", "owner=ana", "--show", form],
        emu,
        capsys,
    )
    assert code == 0 and emu.requests == []
    assert "owner" in out and "ana" in out
    if form == "body":
        assert json.loads(out) == {"metadata": {"owner": "ana"}}
    if form == "curl":
        assert "$OPENAI_API_KEY" in out and "OpenAI-Beta: assistants=v2" in out
        assert f"/threads/{THREAD}/messages/{message_id}" in out
    if form == "cli":
        assert "openai beta:threads:messages update" in out
        assert f"--thread-id {THREAD}" in out and f"--message-id {message_id}" in out
    if form == "python":
        assert "client.beta.threads.messages.update(" in out and repr(THREAD) in out


def test_hostile_server_text_is_inert_on_a_terminal(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = emu.messages[THREAD][0]
    message["metadata"] = {"note": "\x1b]52;c;owned\x07 \x9b2J \u202e"}

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = Terminal(), Terminal()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    code = main(
        ["messages", "update", THREAD, message["id"], "--metadata", "a=b", "--demo"],
        emulator=emu,
    )
    assert code == 0
    for shown in (out.getvalue(), err.getvalue()):
        assert not any(c in shown for c in "\x1b\x07\x9b\u202e")
    assert json.loads(out.getvalue())["metadata"]["note"] == message["metadata"]["note"]


# -- delete -----------------------------------------------------------------------------------


def test_delete_with_yes(emu: Emulator, capsys: Capture, schemas: Any) -> None:
    message_id = first_id(emu)
    code, out, err = run(["messages", "delete", THREAD, message_id, "-y"], emu, capsys)
    assert code == 0, err
    answer = json.loads(out)
    schemas.validate("DeleteMessageResponse", answer)
    assert answer == {"id": message_id, "object": "thread.message.deleted", "deleted": True}
    assert message_id not in [m["id"] for m in emu.messages[THREAD]]
    assert sent(emu) == [("DELETE", f"{MESSAGES_PATH}/{message_id}")]


def test_help_has_examples(capsys: Capture) -> None:
    for action in ("list", "get", "update", "delete"):
        assert main(["messages", action, "--help"]) == 0
        out = capsys.readouterr().out
        assert "examples:" in out and f"thread-tui messages {action}" in out
