"""`thread-tui clone` end to end against the emulator: the new object's metadata is exactly
the set asked for (a dropped key is absent on the server), items are copied in order 20 a
call, what cannot be re-created is reported, a failure part way names the half-made copy,
lineage lands in the catalog, --delete-old deletes only when it should, and every request
body matches the official schemas."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from thread_tui.cli import main
from thread_tui.commands import clone as clone_command
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server
from thread_tui.storage.catalog import CATALOG_FILE, Catalog

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("no_user_environment")
SOURCE = "conv_src45"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def seed_items(emu: Emulator, conversation_id: str, count: int, **metadata: str) -> None:
    emu.conversations[conversation_id] = {
        "id": conversation_id,
        "object": "conversation",
        "created_at": 1_700_000_000,
        "metadata": dict(metadata),
    }
    items = []
    for n in range(count):
        role = "assistant" if n % 3 == 2 else "user"
        part = "output_text" if role == "assistant" else "input_text"
        items.append(
            {
                "type": "message",
                "id": f"msg_{conversation_id}_{n:04d}",
                "status": "completed",
                "role": role,
                "content": [{"type": part, "text": f"item {n}"}],
            }
        )
    emu.items[conversation_id] = items


def run(argv: list[str], emu: Emulator, capsys: Capture) -> tuple[int, str, str]:
    code = main([*argv, "--demo"], emulator=emu)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def writes(emu: Emulator) -> list[Any]:
    return [r for r in emu.requests if r.method in ("POST", "DELETE")]


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [part["text"] for item in items for part in item["content"]]


def test_a_dropped_key_is_absent_on_the_new_object(emu: Emulator, capsys: Capture) -> None:
    before = dict(emu.conversations["conv_abc123"]["metadata"])
    assert before == {"topic": "demo", "customer": "acme"}
    code, out, err = run(
        ["clone", "conv_abc123", "--drop-key", "customer", "--metadata", "owner=ana"], emu, capsys
    )
    assert code == 0, err
    report = json.loads(out)
    new_id = report["id"]
    assert new_id != "conv_abc123" and report["complete"] is True
    stored = emu.conversations[new_id]["metadata"]
    assert stored == {"topic": "demo", "owner": "ana"}
    assert "customer" not in stored
    assert emu.conversations["conv_abc123"]["metadata"] == before  # the source is untouched
    assert report["conversation"]["metadata"] == stored
    assert f"cloned conv_abc123 into {new_id}" in err


def test_45_items_keep_their_order_across_three_calls(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 45, team="core")
    code, out, err = run(["clone", SOURCE], emu, capsys)
    assert code == 0, err
    report = json.loads(out)
    new_id = report["id"]
    assert report["copied"] == 45 and report["skipped"] == []
    made = emu.items[new_id]
    assert texts(made) == [f"item {n}" for n in range(45)]
    assert [i["role"] for i in made] == [i["role"] for i in emu.items[SOURCE]]
    posts = writes(emu)
    assert [r.path for r in posts] == [
        "/v1/conversations",
        f"/v1/conversations/{new_id}/items",
        f"/v1/conversations/{new_id}/items",
    ]
    assert [len(r.json["items"]) for r in posts] == [20, 20, 5]
    assert emu.conversations[new_id]["metadata"] == {"team": "core"}


def test_items_that_cannot_be_recreated_are_reported(emu: Emulator, capsys: Capture) -> None:
    source = emu.items["conv_abc123"]
    code, out, err = run(["clone", "conv_abc123"], emu, capsys)
    assert code == 0, err
    report = json.loads(out)
    skipped = {s["id"]: s for s in report["skipped"]}
    reasoning = next(i for i in source if i["type"] == "reasoning")
    assert set(skipped) == {reasoning["id"]}
    assert skipped[reasoning["id"]]["type"] == "reasoning"
    assert "encrypted content" in skipped[reasoning["id"]]["why"]
    made = emu.items[report["id"]]
    assert report["copied"] == len(source) - 1 == len(made)

    # the message with a file keeps it, by its file ID
    def file_parts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [p for i in items for p in i.get("content", []) if p["type"] == "input_file"]

    (part,) = file_parts(made)
    (original,) = file_parts(source)
    assert part["file_id"] == original["file_id"]
    calls = [i for i in made if i["type"].startswith("function_call")]
    assert [i["type"] for i in calls] == ["function_call", "function_call_output"]
    assert "1 could not be re-created" in err


def test_a_failure_part_way_reports_the_half_made_copy(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 45)
    # The create goes through; the first add call fails (an add is never repeated).
    emu.faults.inject(503, match="POST /v1/conversations/conv_")
    code, out, err = run(["clone", SOURCE, "--delete-old", "--yes"], emu, capsys)
    assert code == 1
    report = json.loads(out)
    new_id = report["id"]
    assert report["complete"] is False and report["copied"] == 20 and report["total"] == 45
    assert "503" in report["error"]
    assert len(emu.items[new_id]) == 20  # what the report says is what the server holds
    assert f"{new_id} holds 20 of 45" in err
    assert SOURCE in emu.conversations  # --delete-old does nothing after a failure
    assert not any(r.method == "DELETE" for r in emu.requests)


def test_a_failed_create_makes_nothing_and_says_so(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 5)
    count = len(emu.conversations)
    emu.faults.inject(400, match="POST /v1/conversations")
    code, out, err = run(["clone", SOURCE], emu, capsys)
    assert code == 1
    assert json.loads(out)["id"] is None
    assert "before a conversation was made" in err
    assert len(emu.conversations) == count


def test_a_drop_key_naming_no_key_sends_nothing(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["clone", "conv_abc123", "--drop-key", "nope"], emu, capsys)
    assert code == 2
    assert "'nope'" in err and "no such key" in err and "nothing was created" in err
    assert writes(emu) == []


def test_too_many_pairs_are_refused_before_sending(emu: Emulator, capsys: Capture) -> None:
    pairs = [f"--metadata=k{n}=v" for n in range(15)]
    code, _, err = run(["clone", "conv_abc123", *pairs], emu, capsys)
    assert code == 2 and "17 metadata pairs" in err
    assert writes(emu) == []


def test_dry_run_reads_and_makes_nothing(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(
        ["clone", "conv_abc123", "--drop-key", "customer", "--dry-run"], emu, capsys
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["dry_run"] is True and report["metadata"] == {"topic": "demo"}
    assert report["items_to_copy"] == len(emu.items["conv_abc123"]) - 1
    assert writes(emu) == []


def test_a_thread_needs_to_conversation_and_says_why(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["clone", "thread_abc123"], emu, capsys)
    assert code == 2 and "--to-conversation" in err
    assert list(emu.requests) == []


def test_a_thread_is_copied_into_a_conversation(emu: Emulator, capsys: Capture) -> None:
    thread = emu.threads["thread_abc123"]
    thread["tool_resources"] = {"code_interpreter": {"file_ids": ["file-1"]}}
    messages = emu.messages["thread_abc123"]
    code, out, err = run(["clone", "thread_abc123", "--to-conversation"], emu, capsys)
    assert code == 0, err
    report = json.loads(out)
    new_id = report["id"]
    assert emu.conversations[new_id]["metadata"] == thread["metadata"]
    kept = [m for m in messages if not m["attachments"]]
    made = emu.items[new_id]
    assert texts(made) == [m["content"][0]["text"]["value"] for m in kept]
    assert [i["role"] for i in made] == [m["role"] for m in kept]
    assert {s["id"] for s in report["skipped"]} == {m["id"] for m in messages if m["attachments"]}
    assert any("tool_resources" in note for note in report["notes"])
    assert "tool_resources are not copied" in err


def test_request_bodies_match_the_official_schemas(
    emu: Emulator, capsys: Capture, schemas: Any
) -> None:
    seed_items(emu, SOURCE, 25, team="core")
    emu.items[SOURCE].insert(
        3,
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "lookup",
            "arguments": "{}",
            "status": "completed",
        },
    )
    emu.items[SOURCE].insert(
        4, {"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "output": "{}"}
    )
    code, _, err = run(["clone", SOURCE, "--drop-key", "team"], emu, capsys)
    assert code == 0, err
    create, add = writes(emu)
    assert set(create.json) <= {"metadata", "items"} and len(create.json["items"]) == 20
    schemas.validate("Metadata", create.json["metadata"])
    assert set(add.json) == {"items"} and len(add.json["items"]) == 7
    for item in [*create.json["items"], *add.json["items"]]:
        if item["type"] == "function_call":
            schemas.validate("FunctionToolCall", item)
        elif item["type"] == "function_call_output":
            schemas.validate("FunctionCallOutputItemParam", item)
        elif item["role"] == "assistant":
            # OutputMessage needs the model's own id and status; the part is output_text.
            for part in item["content"]:
                schemas.validate("OutputTextContent", {**part, "annotations": [], "logprobs": []})
        else:
            schemas.validate("EasyInputMessage", item)
    listed = [r for r in emu.requests if r.method == "GET" and r.path.endswith("/items")]
    assert [(r.query["order"], r.query["limit"]) for r in listed] == [("asc", "100")]


# -- --delete-old --------------------------------------------------------------------------


def test_delete_old_without_a_terminal_or_yes_deletes_nothing(
    emu: Emulator, capsys: Capture
) -> None:
    seed_items(emu, SOURCE, 3)
    code, out, err = run(["clone", SOURCE, "--delete-old"], emu, capsys)
    assert code == 1
    assert SOURCE in emu.conversations and json.loads(out)["complete"] is True
    assert "no terminal" in err and "--yes" in err
    assert not any(r.method == "DELETE" for r in emu.requests)


def test_delete_old_with_yes_deletes_after_a_complete_clone(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 3)
    code, out, err = run(["clone", SOURCE, "--delete-old", "--yes"], emu, capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["deleted"] == SOURCE
    assert SOURCE not in emu.conversations and report["id"] in emu.conversations


def test_skipped_items_make_it_ask_even_with_yes(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(clone_command, "_terminal_answer", lambda q: asked.append(q) or None)
    code, _, err = run(["clone", "conv_abc123", "--delete-old", "--yes"], emu, capsys)
    assert code == 1
    assert "conv_abc123" in emu.conversations
    assert len(asked) == 1 and "1 item(s)" in asked[0] and "anyway" in asked[0]
    assert "no terminal" in err


@pytest.mark.parametrize(("answer", "deleted"), [("n\n", False), ("", False), ("y\n", True)])
def test_the_terminal_answer_decides(
    emu: Emulator,
    capsys: Capture,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    deleted: bool,
) -> None:
    seed_items(emu, SOURCE, 3)
    monkeypatch.setattr(clone_command, "_terminal_answer", lambda q: answer)
    code, _, _ = run(["clone", SOURCE, "--delete-old"], emu, capsys)
    assert (code == 0) is deleted
    assert (SOURCE not in emu.conversations) is deleted


def test_without_delete_old_nothing_is_ever_deleted(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 3)
    code, _, _ = run(["clone", SOURCE, "--yes"], emu, capsys)
    assert code == 0 and SOURCE in emu.conversations
    assert not any(r.method == "DELETE" for r in emu.requests)


def test_read_only_refuses_but_a_dry_run_goes(emu: Emulator, capsys: Capture) -> None:
    code, _, err = run(["clone", "conv_abc123", "--read-only"], emu, capsys)
    assert code == 2 and "read-only" in err and list(emu.requests) == []
    code, _, _ = run(["clone", "conv_abc123", "--read-only", "--dry-run"], emu, capsys)
    assert code == 0 and writes(emu) == []


# -- the catalog, over a socket (the demo's catalog is in memory) -------------------------


def catalog_file() -> Path:
    from thread_tui.storage.state_dir import default_state_dir

    return default_state_dir() / CATALOG_FILE


def test_lineage_and_the_new_object_are_recorded(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 3, team="core", old="x")
    with running_server(emu) as base_url:
        code = main(
            [
                "clone",
                SOURCE,
                "--drop-key",
                "old",
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ]
        )
    out, err = capsys.readouterr()
    assert code == 0, err
    new_id = json.loads(out)["id"]
    catalog = Catalog.open(catalog_file())
    assert catalog.clone_of(new_id) == SOURCE and catalog.clones(SOURCE) == [new_id]
    entry = catalog.get(new_id)
    assert entry is not None and entry.metadata == {"team": "core"}


def test_a_half_made_copy_is_catalogued_without_lineage(emu: Emulator, capsys: Capture) -> None:
    seed_items(emu, SOURCE, 30)
    emu.faults.inject(503, match="POST /v1/conversations/conv_")
    with running_server(emu) as base_url:
        code = main(["clone", SOURCE, "--base-url", base_url, "--api-key", DEMO_API_KEY])
    out, _ = capsys.readouterr()
    assert code == 1
    new_id = json.loads(out)["id"]
    catalog = Catalog.open(catalog_file())
    assert catalog.get(new_id) is not None and catalog.clones(SOURCE) == []


def test_ctrl_c_stops_with_the_report_and_exit_130(emu: Emulator, tmp_path: Path) -> None:
    seed_items(emu, SOURCE, 60)
    # The first add call hangs: Ctrl+C arrives while it is in flight.
    emu.faults.inject(delay=20, match="POST /v1/conversations/conv_")
    with running_server(emu) as base_url:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "thread_tui",
                "clone",
                SOURCE,
                "--base-url",
                base_url,
                "--api-key",
                DEMO_API_KEY,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while not any(r.path.endswith("/items") and r.method == "POST" for r in emu.requests):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    report = json.loads(out)
    assert report["error"].startswith("interrupted") and report["copied"] == 20
    assert report["id"] in emu.conversations and report["uncertain"] == 20
    assert "may or may not have been added" in err


def test_a_second_ctrl_c_still_reports_what_was_made(
    emu: Emulator, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thread_tui.api import clone_runner

    async def interrupted_clone(*args: Any, on_progress: Any = None, **kwargs: Any) -> Any:
        on_progress(clone_runner.CloneProgress("copying", 20, 45, 1, "conv_half"))
        raise KeyboardInterrupt

    monkeypatch.setattr(clone_runner, "clone", interrupted_clone)
    code, out, err = run(["clone", "conv_abc123"], emu, capsys)
    assert code == 130
    report = json.loads(out)
    assert report["id"] == "conv_half" and report["copied"] == 20 and not report["complete"]
    assert "conv_half holds at least 20 of 45" in err


def test_the_global_output_flags_shape_the_report(emu: Emulator, capsys: Capture) -> None:
    code, out, err = run(["clone", "conv_abc123", "--transform", "id", "-r"], emu, capsys)
    assert code == 0, err
    new_id = out.strip()
    assert new_id.startswith("conv_") and new_id in emu.conversations
    code, out, err = run(["--format", "yaml", "clone", "conv_abc123"], emu, capsys)
    assert code == 0, err
    import yaml

    report = yaml.safe_load(out)
    assert report["complete"] is True and report["id"] in emu.conversations


def test_the_parser_built_for_clone_alone_parses_as_the_whole_one() -> None:
    from thread_tui.cli import build_parser, named_command

    line = ["clone", "conv_a", "--metadata", "a=b", "--drop-key", "k", "--delete-old", "-y"]
    assert named_command(line) == "clone"
    assert build_parser("clone").parse_args(line) == build_parser().parse_args(line)
