"""`--seed-count N`: a fleet of N threads and N conversations with deterministic IDs (the same
on every run and Python, and a fleet of N+1 starts with the fleet of N), varied metadata valid
per the official schemas, made as it is read (memory stays flat) and changed as any object."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from thread_tui.cli import main
from thread_tui.core import limits
from thread_tui.emulator import DEMO_API_KEY, DEMO_BASE_URL, Emulator, seed, seed_fleet
from thread_tui.emulator.seed_fleet import (
    conversation_id,
    make_conversation,
    make_thread,
    seeded_ids,
    thread_id,
)
from thread_tui.emulator.validation import check_metadata

HEADERS = {"Authorization": f"Bearer {DEMO_API_KEY}", "OpenAI-Beta": "assistants=v2"}
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = range(0, 3_000)


def _client(emu: Emulator) -> httpx.Client:
    return httpx.Client(transport=emu.sync_transport(), base_url=DEMO_BASE_URL, headers=HEADERS)


def test_ids_are_those_of_the_first_release() -> None:
    # Users keep files of these IDs: they may never change from one version to the next.
    assert thread_id(0) == "thread_s000000dtKUPaZBNfuVbGeUk"
    assert conversation_id(1) == "conv_s000001ATUddyt3DhCXWB9hWPDJ4y6EyDEUP6qtwKSsjsDhp"
    assert len(thread_id(7)) == len("thread_") + 24
    assert len(conversation_id(7)) == len("conv_") + 48


@pytest.mark.parametrize("count", [0, 1, 7, 150])
def test_a_larger_fleet_starts_with_the_smaller_one(count: int) -> None:
    smaller = list(seeded_ids(count))
    larger = list(seeded_ids(count + 1))
    assert larger[: len(smaller)] == smaller
    assert len(larger) == len(smaller) + 2 and len(set(larger)) == len(larger)
    # The hand-made demo objects come first, as they are.
    assert smaller[:7] == [*seed.DEMO_THREAD_IDS, *seed.DEMO_CONVERSATION_IDS]


def test_the_hand_made_ids_are_those_the_demo_holds() -> None:
    files = seed.make_files(64)
    stores = seed.make_vector_stores()
    assert tuple(t["id"] for t in seed.make_threads(files, stores)) == seed.DEMO_THREAD_IDS
    assert tuple(c["id"] for c in seed.make_conversations()) == seed.DEMO_CONVERSATION_IDS


def test_the_same_ids_on_every_python() -> None:
    """Another interpreter (another hash seed, another version where there is one) lists the
    same IDs as this one."""
    python = next(
        (
            p
            for p in ("/work/venv-3.13.0/bin/python", "/work/venv-3.12.1/bin/python")
            if Path(p).exists() and Path(p).resolve() != Path(sys.executable).resolve()
        ),
        sys.executable,
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"}
    listed = subprocess.run(
        [python, "-m", "thread_tui", "emulator", "--list-seeded", "--seed-count", "40"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout.splitlines()
    assert listed == list(seeded_ids(40))


def test_list_seeded_prints_every_id_and_exits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--list-seeded", "--seed-count", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 + 2 * 3 and lines == list(seeded_ids(3))
    assert main(["emulator", "--list-seeded"]) == 0  # the demo's fleet by default
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 + 2 * seed_fleet.DEMO_SEED_COUNT


@pytest.mark.parametrize("value", ["-1", "many", "1000001"])
def test_a_bad_seed_count_is_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--list-seeded", "--seed-count", value]) == 2
    err = capsys.readouterr().err
    assert "--seed-count" in err and "Traceback" not in err


def test_the_emulator_holds_every_listed_object_and_no_other() -> None:
    emu = Emulator(seed_count=25)
    assert len(emu.threads) == 5 + 25 and len(emu.conversations) == 2 + 25
    assert [*emu.threads, *emu.conversations] == sorted(
        seeded_ids(25), key=lambda i: not i.startswith("thread_")
    )
    with _client(emu) as client:
        for resource_id in seeded_ids(25):
            kind = "threads" if resource_id.startswith("thread_") else "conversations"
            got = client.get(f"/{kind}/{resource_id}")
            assert got.status_code == 200 and got.json()["id"] == resource_id
        beyond = client.get(f"/threads/{thread_id(25)}")
        forged = client.get(f"/threads/{thread_id(3)[:-1]}Q")
    assert beyond.status_code == 404 and forged.status_code == 404
    assert thread_id(25) not in emu.threads and thread_id(24) in emu.threads


def test_object_i_does_not_depend_on_the_count() -> None:
    small = Emulator(seed_count=3)
    large = Emulator(seed_count=3_000)
    for index in range(3):
        assert small.threads[thread_id(index)] == large.threads[thread_id(index)]
        assert (
            small.conversations[conversation_id(index)]
            == (large.conversations[conversation_id(index)])
        )


def test_the_demo_objects_stay_as_they_were() -> None:
    plain = Emulator()
    fleet = Emulator(seed_count=seed_fleet.DEMO_SEED_COUNT)
    for resource_id in seed.DEMO_THREAD_IDS:
        assert fleet.threads[resource_id] == plain.threads[resource_id]
        assert fleet.messages[resource_id] == plain.messages[resource_id]
    for resource_id in seed.DEMO_CONVERSATION_IDS:
        assert fleet.conversations[resource_id] == plain.conversations[resource_id]
    assert fleet.files == plain.files and fleet.vector_stores == plain.vector_stores


def test_shapes_are_valid_per_the_official_schemas(schemas: Any) -> None:
    emu = Emulator()
    for index in SAMPLE:
        thread = make_thread(index)
        conversation = make_conversation(index)
        schemas.validate("ThreadObject", thread)
        schemas.validate("ConversationResource", conversation)
        for meta in (thread["metadata"], conversation["metadata"]):
            assert len(meta) <= limits.MAX_METADATA_PAIRS
            assert check_metadata(meta) == meta  # the emulator's own checks let it back in
        resources = thread["tool_resources"] or {}
        files = resources.get("code_interpreter", {}).get("file_ids", [])
        stores = resources.get("file_search", {}).get("vector_store_ids", [])
        assert len(files) <= 20 and len(stores) <= 1
        assert all(f in emu.files for f in files) and all(s in emu.vector_stores for s in stores)


def test_shapes_vary() -> None:
    metas = [make_thread(i)["metadata"] for i in SAMPLE] + [
        make_conversation(i)["metadata"] for i in SAMPLE
    ]
    sizes = Counter(len(m) for m in metas)
    assert sizes[0] > 100 and sizes[16] > 100 and len(sizes) >= 8
    longest_value = max(len(v) for m in metas for v in m.values())
    longest_key = max(len(k) for m in metas for k in m)
    assert (longest_value, longest_key) == (limits.MAX_VALUE_CHARS, limits.MAX_KEY_CHARS)
    for key, spread in (("team", 8), ("env", 4), ("owner", 20), ("status", 5)):
        values = Counter(m[key] for m in metas if key in m)
        assert len(values) >= spread and min(values.values()) > 20, key
    resources = [make_thread(i)["tool_resources"] for i in SAMPLE]
    assert any(r is None for r in resources) and any(r == {} for r in resources)
    assert any(r and "code_interpreter" in r for r in resources)
    assert any(r and "file_search" in r for r in resources)
    assert any(
        r and len(r["code_interpreter"]["file_ids"]) == 20
        for r in resources
        if r and "code_interpreter" in r
    )


def test_a_fleet_of_100_000_costs_no_memory_until_written() -> None:
    tracemalloc.start()
    try:
        emu = Emulator(seed_count=100_000)
        built, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for index in range(0, 100_000, 5):
            assert emu.threads[thread_id(index)]["id"] == thread_id(index)
        read, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(emu.threads) == 100_005 and len(emu.conversations) == 100_002
    assert built < 1024 * 1024  # the 64 demo files and such, no fleet
    assert read - built < 64 * 1024  # 20,000 reads held nothing


def test_a_seeded_object_changes_and_goes_as_any_other() -> None:
    emu = Emulator(seed_count=10)
    target, other = thread_id(4), conversation_id(2)
    with _client(emu) as client:
        before = client.get(f"/threads/{target}").json()["metadata"]
        updated = client.post(f"/threads/{target}", json={"metadata": {"fleet": "yes"}})
        assert updated.status_code == 200 or len(before) == 16
        if len(before) < 16:
            assert client.get(f"/threads/{target}").json()["metadata"] == {
                **before,
                "fleet": "yes",
            }
        client.post(f"/conversations/{other}", json={"metadata": {"a": "b"}})
        assert client.get(f"/conversations/{other}").json()["metadata"]["a"] == "b"
        assert client.delete(f"/conversations/{other}").status_code == 200
        assert client.get(f"/conversations/{other}").status_code == 404
        assert client.delete(f"/threads/{thread_id(5)}").status_code == 200
        assert client.delete(f"/threads/{thread_id(5)}").status_code == 404
    assert len(emu.threads) == 5 + 9 and len(emu.conversations) == 2 + 9
    assert other not in emu.conversations and other not in list(emu.conversations)
    assert target in list(emu.threads) and thread_id(5) not in list(emu.threads)
    with pytest.raises(KeyError):
        del emu.threads[thread_id(5)]


def test_a_16_pair_seeded_thread_refuses_a_new_key() -> None:
    index = next(i for i in range(1000) if len(make_thread(i)["metadata"]) == 16)
    emu = Emulator(seed_count=1000)
    with _client(emu) as client:
        refused = client.post(f"/threads/{thread_id(index)}", json={"metadata": {"new": "x"}})
    assert refused.status_code == 400
    assert "new" not in emu.threads[thread_id(index)]["metadata"]


def test_the_demo_serves_its_fleet(capsys: pytest.CaptureFixture[str]) -> None:
    last = list(seeded_ids(seed_fleet.DEMO_SEED_COUNT))[-1]
    assert main(["get", last, "--demo"]) == 0
    assert last in capsys.readouterr().out
