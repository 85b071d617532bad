"""Commands pasted from OpenAI's CLI reference run with `openai` replaced by `thread-tui`:
`beta:threads`, `conversations`, `conversations:items` and `beta:threads:messages`, with the
official flags, the path IDs by flag or by position, nested flags and a body on stdin. Each
sends the same request as thread-tui's own command, is checked locally first (exit 2, nothing
sent), and prints as the official CLI does (a list: each entry on its own)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")

ITEM = "{type: message, role: user, content: [{type: input_text, text: hi}]}"
ITEM_2 = (
    '{"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "yo"}]}'
)


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def sent(emu: Emulator) -> list[tuple[str, str, Any]]:
    """The mutating requests the emulator saw: (method, path, body)."""
    return [(r.method, r.path, r.json) for r in emu.mutating_requests()]


def with_files(emu: Emulator) -> Emulator:
    """The reference's example IDs (file-1, vs_1) exist."""
    emu.files["file-1"] = {
        "id": "file-1",
        "object": "file",
        "bytes": 1,
        "created_at": 1,
        "filename": "a.txt",
        "purpose": "assistants",
    }
    store = next(iter(emu.vector_stores.values()))
    emu.vector_stores["vs_1"] = {**store, "id": "vs_1"}
    return emu


def same_request(official: list[str], ours: list[str], capsys: Capture) -> tuple[str, str]:
    """Run both against fresh emulators; their mutating requests are the same. The outputs."""
    first, second = with_files(Emulator()), with_files(Emulator())
    code_a, out_a, err_a = run(official, first, capsys)
    code_b, out_b, err_b = run(ours, second, capsys)
    assert (code_a, code_b) == (0, 0), (err_a, err_b)
    assert sent(first) == sent(second)
    assert sent(first)  # something was sent
    return out_a, out_b


# -- threads and conversations ---------------------------------------------------------------


@pytest.mark.parametrize(
    "official",
    [
        ["beta:threads", "retrieve", "--thread-id", "thread_abc123"],
        ["beta:threads", "retrieve", "thread_abc123"],
        ["--format", "json", "beta:threads", "retrieve", "thread_abc123"],
    ],
)
def test_beta_threads_retrieve_prints_what_get_prints(
    official: list[str], emulator: Emulator, capsys: Capture
) -> None:
    _, expected, _ = run(["get", "thread_abc123"], emulator, capsys)
    code, out, err = run(official, emulator, capsys)
    assert (code, out, err) == (0, expected, "")


def test_conversations_retrieve_prints_what_get_prints(emulator: Emulator, capsys: Capture) -> None:
    _, expected, _ = run(["get", "conv_abc123"], emulator, capsys)
    for argv in (["--conversation-id", "conv_abc123"], ["conv_abc123"]):
        code, out, _ = run(["conversations", "retrieve", *argv], emulator, capsys)
        assert (code, out) == (0, expected)


TOOLS = "{code_interpreter: {file_ids: [file-1]}, file_search: {vector_store_ids: [vs_1]}}"

SAME = [
    (
        [
            "beta:threads",
            "update",
            "--thread-id",
            "thread_abc123",
            "--metadata",
            "{foo: bar}",
            "--tool-resources",
            TOOLS,
        ],
        ["update", "thread_abc123", "--metadata", "{foo: bar}", "--tool-resources", TOOLS],
    ),
    (
        ["beta:threads", "update", "thread_abc123", "--metadata", '{"foo": "bar"}'],
        ["update", "--thread-id", "thread_abc123", "--metadata", "foo=bar"],
    ),
    (
        [
            "beta:threads",
            "update",
            "--thread-id",
            "thread_abc123",
            "--tool-resources.file-search",
            "{vector_store_ids: [vs_1]}",
        ],
        [
            "update",
            "thread_abc123",
            "--tool-resources",
            "{file_search: {vector_store_ids: [vs_1]}}",
        ],
    ),
    (
        [
            "beta:threads",
            "update",
            "--thread-id",
            "thread_abc123",
            "--tool-resources.code-interpreter",
            "{file_ids: [file-1]}",
            "--tool-resources.file-search",
            "{vector_store_ids: []}",
        ],
        [
            "update",
            "thread_abc123",
            "--tool-resources",
            "{code_interpreter: {file_ids: [file-1]}, file_search: {vector_store_ids: []}}",
        ],
    ),
    (
        ["beta:threads", "create", "--metadata", "{owner: ana}", "--tool-resources", TOOLS],
        ["create", "--metadata", "owner=ana", "--tool-resources", TOOLS],
    ),
    (["beta:threads", "create"], ["create"]),
    (
        ["conversations", "update", "--conversation-id", "conv_abc123", "--metadata", "{a: b}"],
        ["update", "--conversation-id", "conv_abc123", "--metadata", "a=b"],
    ),
    (
        ["conversations", "update", "conv_abc123", "--metadata", "{a: b}"],
        ["update", "conv_abc123", "--metadata", "a=b"],
    ),
    (
        ["conversations", "create", "--metadata", "{topic: billing}"],
        ["create", "--conversation", "--metadata", "topic=billing"],
    ),
    (
        ["beta:threads", "delete", "--thread-id", "thread_abc123", "--yes"],
        ["delete", "thread_abc123", "--yes"],
    ),
    (
        ["conversations", "delete", "conv_abc123", "-y"],
        ["delete", "conv_abc123", "--yes"],
    ),
    (
        [
            "conversations:items",
            "create",
            "--conversation-id",
            "conv_abc123",
            "--item",
            ITEM,
            "--item",
            ITEM_2,
        ],
        ["items", "add", "conv_abc123", "--item", ITEM, "--item", ITEM_2],
    ),
    (
        [
            "conversations:items",
            "delete",
            "--conversation-id",
            "conv_abc123",
            "--item-id",
            "msg_to_delete",
            "--yes",
        ],
        ["items", "delete", "conv_abc123", "msg_to_delete", "--yes"],
    ),
    (
        [
            "beta:threads:messages",
            "update",
            "--thread-id",
            "thread_abc123",
            "--message-id",
            "msg_first",
            "--metadata",
            "{reviewed: 'yes'}",
        ],
        ["messages", "update", "thread_abc123", "msg_first", "--metadata", "reviewed=yes"],
    ),
    (
        ["beta:threads:messages", "delete", "thread_abc123", "msg_first", "--yes"],
        [
            "messages",
            "delete",
            "--thread-id",
            "thread_abc123",
            "--message-id",
            "msg_first",
            "--yes",
        ],
    ),
]


def _real_ids(argv: list[str], emu: Emulator) -> list[str]:
    """Put real item / message IDs of the emulator's seed in place of the placeholders."""
    item = emu.items["conv_abc123"][0]["id"]
    message = emu.messages["thread_abc123"][0]["id"]
    return [item if a == "msg_to_delete" else message if a == "msg_first" else a for a in argv]


@pytest.mark.parametrize(("official", "ours"), SAME, ids=[" ".join(o[:2]) for o, _ in SAME])
def test_an_official_form_sends_what_our_command_sends(
    official: list[str], ours: list[str], capsys: Capture
) -> None:
    seed = Emulator()
    out_a, out_b = same_request(_real_ids(official, seed), _real_ids(ours, seed), capsys)
    printed_a, printed_b = json.loads(out_a), json.loads(out_b)
    for printed in (printed_a, printed_b):  # a created object's ID differs between runs
        if isinstance(printed, dict) and printed.get("object") in ("thread", "conversation"):
            printed.pop("id"), printed.pop("created_at")
    assert printed_a == printed_b


def test_conversations_create_takes_initial_items(emulator: Emulator, capsys: Capture) -> None:
    argv = ["conversations", "create", "--metadata", "{a: b}", "--item", ITEM, "--item", ITEM_2]
    code, out, err = run(argv, emulator, capsys)
    assert code == 0, err
    created = json.loads(out)
    [request] = emulator.mutating_requests()
    assert request.path.endswith("/conversations")
    assert request.json["metadata"] == {"a": "b"}
    assert [i["role"] for i in request.json["items"]] == ["user", "assistant"]
    assert [i["role"] for i in emulator.items[created["id"]]] == ["user", "assistant"]


# -- items and messages -------------------------------------------------------------------------


def test_items_list_prints_each_item_as_the_official_cli(
    emulator: Emulator, capsys: Capture
) -> None:
    code, out, _ = run(
        ["conversations:items", "list", "--conversation-id", "conv_abc123", "--format", "jsonl"],
        emulator,
        capsys,
    )
    assert code == 0
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == [i["id"] for i in reversed(emulator.items["conv_abc123"])]  # desc by default
    code, out, _ = run(
        [
            "conversations:items",
            "list",
            "conv_abc123",
            "--order",
            "asc",
            "--limit",
            "3",
            "--max-items",
            "5",
        ],
        emulator,
        capsys,
    )
    assert code == 0
    decoder, objects, text = json.JSONDecoder(), [], out.strip()
    while text:  # pretty JSON objects one after another, not one list object
        obj, end = decoder.raw_decode(text)
        objects.append(obj)
        text = text[end:].strip()
    assert [o["id"] for o in objects] == [i["id"] for i in emulator.items["conv_abc123"][:5]]
    lists = [r for r in emulator.requests if r.path.endswith("/items")]
    assert [r.query.get("limit") for r in lists][-2:] == ["3", "3"]  # 5 items: two pages


def test_items_list_raw_prints_one_page_as_the_server_sent_it(
    emulator: Emulator, capsys: Capture
) -> None:
    code, out, _ = run(
        ["--format", "raw", "conversations:items", "list", "conv_abc123", "--limit", "4"],
        emulator,
        capsys,
    )
    assert code == 0 and len(out.splitlines()) == 1
    page = json.loads(out)
    assert page["object"] == "list" and len(page["data"]) == 4 and page["has_more"] is True


def test_items_retrieve_and_messages_retrieve_and_list(emulator: Emulator, capsys: Capture) -> None:
    item = emulator.items["conv_abc123"][2]
    code, out, _ = run(
        [
            "conversations:items",
            "retrieve",
            "--conversation-id",
            "conv_abc123",
            "--item-id",
            item["id"],
        ],
        emulator,
        capsys,
    )
    assert code == 0 and json.loads(out)["id"] == item["id"]
    message = emulator.messages["thread_abc123"][3]
    code, out, _ = run(
        ["beta:threads:messages", "retrieve", "thread_abc123", message["id"], "--format", "yaml"],
        emulator,
        capsys,
    )
    assert code == 0 and yaml.safe_load(out)["id"] == message["id"]
    code, out, _ = run(
        [
            "beta:threads:messages",
            "list",
            "--thread-id",
            "thread_abc123",
            "--max-items",
            "7",
            "--format",
            "jsonl",
            "--order",
            "asc",
        ],
        emulator,
        capsys,
    )
    assert code == 0
    assert [json.loads(x)["id"] for x in out.splitlines()] == [
        m["id"] for m in emulator.messages["thread_abc123"][:7]
    ]


# -- checked locally first ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["beta:threads", "update", "--thread-id", "conv_abc123", "--metadata", "a=b"],
            "--thread-id takes a thread_",
        ),
        (["conversations", "retrieve", "--conversation-id", "thread_abc123"], "conv_"),
        (["beta:threads", "update", "--thread-id", "thread_abc123"], "nothing to update"),
        (["conversations", "update", "conv_abc123"], "--metadata is required"),
        (
            [
                "beta:threads",
                "update",
                "thread_abc123",
                "--metadata",
                "{" + ", ".join(f"k{n}: v" for n in range(17)) + "}",
            ],
            "16",
        ),
        (["beta:threads", "update", "thread_abc123", "--metadata", "{n: 1}"], "quote"),
        (
            [
                "beta:threads",
                "update",
                "thread_abc123",
                "--tool-resources.file-search",
                "{vector_store_ids: [vs_1, vs_2]}",
            ],
            "1",
        ),
        (["beta:threads", "retrieve", "thread_abc123", "thread_other"], "extra"),
        (["beta:threads", "retrieve"], "give the thread ID"),
        (["conversations:items", "create", "conv_abc123"], "--item"),
        (
            [
                "conversations:items",
                "create",
                "conv_abc123",
                "--item",
                "{type: message, role: boss, content: [{type: input_text, text: hi}]}",
            ],
            "role",
        ),
        (["conversations:items", "retrieve", "conv_abc123", "bad id!"], "letters, digits"),
        (
            [
                "conversations:items",
                "list",
                "conv_abc123",
                "--include",
                "message.output_text.logprobs",
            ],
            "--include",
        ),
        (["beta:threads:messages", "list", "thread_abc123", "--before", "msg_1"], "--before"),
        (["beta:threads", "create", "--message", "{role: user, content: hi}"], "--message"),
        (["beta:threads", "delete", "thread_abc123"], "--yes"),  # no terminal to ask on
    ],
)
def test_a_local_problem_exits_2_and_sends_nothing(
    argv: list[str], says: str, emulator: Emulator, capsys: Capture
) -> None:
    code, out, err = run(argv, emulator, capsys)
    assert (code, out) == (2, "")
    assert says in err
    assert emulator.mutating_requests() == []


def test_read_only_refuses_the_official_changes(emulator: Emulator, capsys: Capture) -> None:
    for argv in (
        ["beta:threads", "update", "thread_abc123", "--metadata", "{a: b}"],
        ["conversations", "delete", "conv_abc123", "--yes"],
    ):
        code, _, err = run([*argv, "--read-only"], emulator, capsys)
        assert code == 2 and "read-only mode" in err
    assert emulator.requests == []


# -- the body on stdin ------------------------------------------------------------------------


def stdin_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "body.yaml"
    path.write_text(text, encoding="utf-8")
    handle = path.open(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", handle)


def test_the_body_may_come_on_stdin_and_flags_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator, capsys: Capture
) -> None:
    stdin_file(tmp_path, monkeypatch, "thread_id: thread_abc123\nmetadata: {a: from-stdin, b: x}\n")
    code, _out, err = run(["beta:threads", "update", "--metadata", "{a: flag}"], emulator, capsys)
    assert code == 0, err
    [request] = emulator.mutating_requests()
    assert request.path.endswith("/threads/thread_abc123")
    assert request.json == {"metadata": {"a": "flag"}}  # the flag's map, as the official CLI


def test_a_stdin_body_is_checked_like_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator, capsys: Capture
) -> None:
    stdin_file(tmp_path, monkeypatch, '{"metadata": {"a": "b"}, "model": "gpt-4o"}')
    code, _, err = run(["beta:threads", "update", "thread_abc123"], emulator, capsys)
    assert code == 2 and "model" in err
    stdin_file(tmp_path, monkeypatch, "metadata: {n: 1}\n")
    code, _, err = run(["conversations", "update", "conv_abc123"], emulator, capsys)
    assert code == 2 and "string" in err
    stdin_file(tmp_path, monkeypatch, "metadata: [unclosed\n")
    code, _, err = run(["conversations", "update", "conv_abc123"], emulator, capsys)
    assert code == 2 and "stdin" in err
    assert emulator.mutating_requests() == []


def test_no_stdin_body_when_stdin_is_empty_or_unreadable(
    monkeypatch: pytest.MonkeyPatch, emulator: Emulator, capsys: Capture
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no file descriptor at all
    code, _, err = run(
        ["conversations", "update", "conv_abc123", "--metadata", "{a: b}"], emulator, capsys
    )
    assert code == 0, err


# -- errors as the official CLI prints them ----------------------------------------------------


def test_a_404_prints_the_request_line_and_the_error_json_on_stderr(
    emulator: Emulator, capsys: Capture
) -> None:
    code, out, err = run(
        ["beta:threads", "retrieve", "--thread-id", "thread_nope"], emulator, capsys
    )
    assert (code, out) == (1, "")
    first, _sentence, *rest = err.splitlines()
    assert first == 'GET "http://emulator.local/v1/threads/thread_nope": 404 Not Found'
    assert (
        json.loads("\n".join(rest))["error"]["message"] == "No thread found with id 'thread_nope'."
    )


def test_format_error_and_transform_error_shape_the_error_json(
    emulator: Emulator, capsys: Capture
) -> None:
    argv = ["--format-error", "yaml", "conversations", "retrieve", "conv_nope"]
    code, _, err = run(argv, emulator, capsys)
    assert code == 1
    assert (
        yaml.safe_load("\n".join(err.splitlines()[2:]))["error"]["type"] == "invalid_request_error"
    )
    argv = ["conversations", "retrieve", "conv_nope", "--transform-error", "error.message", "-r"]
    code, _, err = run(argv, emulator, capsys)
    assert code == 1 and err.splitlines()[2].startswith('"Conversation with id')
    # -r is for the data output only, as in the official CLI: the error string keeps quotes


def test_transform_and_raw_output_pick_a_part(emulator: Emulator, capsys: Capture) -> None:
    code, out, _ = run(
        ["beta:threads", "retrieve", "thread_abc123", "--transform", "id", "-r"], emulator, capsys
    )
    assert (code, out) == (0, "thread_abc123\n")
    code, out, _ = run(
        ["--transform", "metadata", "beta:threads", "retrieve", "thread_abc123"], emulator, capsys
    )
    assert code == 0 and json.loads(out) == emulator.threads["thread_abc123"]["metadata"]
    code, out, _ = run(
        [
            "conversations:items",
            "list",
            "conv_abc123",
            "--max-items",
            "2",
            "--transform",
            "id",
            "-r",
        ],
        emulator,
        capsys,
    )
    assert out.splitlines() == [i["id"] for i in reversed(emulator.items["conv_abc123"])][:2]


@pytest.mark.parametrize("path", ["data.*.id", "@pretty", "data.#(id==x)", "a|b"])
def test_an_unsupported_gjson_path_is_refused_before_sending(
    path: str, emulator: Emulator, capsys: Capture
) -> None:
    code, _, err = run(
        ["--transform", path, "beta:threads", "retrieve", "thread_abc123"], emulator, capsys
    )
    assert code == 2 and "GJSON" in err
    assert emulator.requests == []


# -- global flags, pasted commands, the key ---------------------------------------------------


def test_the_official_global_flags_before_the_command(emulator: Emulator, capsys: Capture) -> None:
    argv = [
        "--organization",
        "org-1",
        "--project",
        "proj_1",
        "--format",
        "yaml",
        "conversations",
        "retrieve",
        "conv_abc123",
    ]
    code, out, _ = run(argv, emulator, capsys)
    assert code == 0 and yaml.safe_load(out)["id"] == "conv_abc123"
    headers = emulator.requests[-1].headers
    assert headers.get("openai-organization") == "org-1"
    assert headers.get("openai-project") == "proj_1"


PASTED = [
    "openai beta:threads update --thread-id thread_abc123 --metadata '{foo: bar}' "
    "--tool-resources '{code_interpreter: {file_ids: [file-1]}, file_search: "
    "{vector_store_ids: [vs_1]}}'",
    "openai beta:threads update --thread-id thread_abc123 --tool-resources.file-search "
    "'{vector_store_ids: [vs_1]}'",
    "openai conversations retrieve --conversation-id conv_abc123",
    "openai conversations update --conversation-id conv_abc123 --metadata '{topic: billing}'",
    "openai conversations create --metadata '{topic: billing}'",
    "openai conversations:items create --conversation-id conv_abc123 --item '{type: message, "
    "role: user, content: [{type: input_text, text: hi}]}' --item '{type: message, role: "
    "assistant, content: [{type: output_text, text: hello}]}'",
    "openai conversations:items list --conversation-id conv_abc123 --limit 5 --order asc "
    "--max-items 8",
    "openai beta:threads:messages list --thread-id thread_abc123 --limit 10 --order desc",
    "openai --format yaml beta:threads retrieve --thread-id thread_abc123",
    "openai --format jsonl conversations:items list --conversation-id conv_abc123",
    "openai beta:threads retrieve thread_abc123 --format raw",
]


@pytest.mark.parametrize("line", PASTED)
def test_a_pasted_command_runs_with_openai_replaced(line: str, capsys: Capture) -> None:
    import shlex

    words = shlex.split(line)
    assert words[0] == "openai"
    emu = with_files(Emulator())
    code, out, err = run(words[1:], emu, capsys)
    assert code == 0, err
    assert out.strip()


def test_debug_shows_requests_and_never_the_key(emulator: Emulator, capsys: Capture) -> None:
    code, _, err = run(
        ["--debug", "beta:threads", "update", "thread_abc123", "--metadata", "{a: b}"],
        emulator,
        capsys,
    )
    assert code == 0
    assert "> POST http://emulator.local/v1/threads/thread_abc123" in err
    assert '"metadata": {"a": "b"}' in err and "< 200" in err
    assert DEMO_API_KEY not in err
    code, _, err = run(
        [
            "conversations:items",
            "list",
            "conv_abc123",
            "--max-items",
            "1",
            "--debug",
            "--api-key",
            DEMO_API_KEY,
        ],
        emulator,
        capsys,
    )
    assert "> GET" in err and DEMO_API_KEY not in err
