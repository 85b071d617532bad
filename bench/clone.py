"""Issue 13's clone figure: `thread-tui clone` of a conversation with 200 items against a real
`thread-tui emulator` on 127.0.0.1, in requests (against the fewest the API allows) and in time
(against a bare httpx script sending that fewest sequence itself).

    python bench/run.py --clone    this figure alone (about ten seconds)

The minimum, as the issue counts it: one create, ceil(200 / 20) item calls, and the reads (one
GET of the source and ceil(200 / 100) pages of items) = 14. The create call itself carries the
first 20 items, so the fewest is in fact 13. Every request goes to the emulator this module
starts on 127.0.0.1 (and stops); each process runs under a timeout.
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import fleet

ITEMS = 200
PER_CALL = 20
PAGE = 100
RUN_TIMEOUT = 120.0
# The minimum: 1 create + ceil(items/20) item calls + 1 GET + ceil(items/100) pages.
MINIMUM = 1 + math.ceil(ITEMS / PER_CALL) + 1 + math.ceil(ITEMS / PAGE)

# The baseline: the fewest requests, sent in order by a bare httpx script (no thread-tui).
BARE_CLONE = """
import sys, httpx
base, key, source = sys.argv[1:4]
headers = {"Authorization": f"Bearer {key}"}
with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
    meta = http.get(f"/conversations/{source}").raise_for_status().json()["metadata"]
    items, after = [], None
    while True:
        params = {"limit": "100", "order": "asc", **({"after": after} if after else {})}
        page = http.get(f"/conversations/{source}/items", params=params).raise_for_status().json()
        items += [{"type": "message", "role": i["role"], "content": [
            {"type": p["type"], "text": p["text"]} for p in i["content"]]} for i in page["data"]]
        if not page["has_more"]:
            break
        after = page["last_id"]
    made = http.post("/conversations", json={"metadata": meta, "items": items[:20]})
    new_id = made.raise_for_status().json()["id"]
    for start in range(20, len(items), 20):
        http.post(f"/conversations/{new_id}/items", json={"items": items[start:start + 20]})
"""


@dataclass
class CloneRun:
    requests: int
    by_status: dict[str, int]
    exit_code: int
    copied: int
    seconds: float  # the whole `thread-tui clone` process
    bare_seconds: float  # the whole bare script's process

    @property
    def ratio(self) -> float:
        return self.requests / MINIMUM


def seed(base_url: str) -> str:
    """A conversation of ITEMS message items (user and assistant turns), made through the
    API; its ID."""
    import httpx

    items = []
    for n in range(ITEMS):
        role = "assistant" if n % 2 else "user"
        part = "output_text" if role == "assistant" else "input_text"
        items.append({"type": "message", "role": role, "content": [{"type": part, "text": f"{n}"}]})
    headers = {"Authorization": f"Bearer {fleet.DEMO_KEY}"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as http:
        made = http.post("/conversations", json={"metadata": {"team": "bench", "drop": "me"}})
        conversation_id = str(made.raise_for_status().json()["id"])
        for start in range(0, ITEMS, PER_CALL):
            chunk = items[start : start + PER_CALL]
            http.post(f"/conversations/{conversation_id}/items", json={"items": chunk})
    return conversation_id


def _timed(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=fleet.ROOT, timeout=RUN_TIMEOUT
    )
    return done, time.perf_counter() - start


def clone_run(work: Path, runs: int = 5) -> CloneRun:
    """Clone the seeded conversation `runs` times (paired with the bare script): the request
    count of one clone (the emulator's /_emulator/stats), the median times."""
    ours: list[float] = []
    bare: list[float] = []
    requests = 0
    by_status: dict[str, int] = {}
    exit_code = 0
    copied = 0
    with fleet.emulator(0) as base_url:
        source = seed(base_url)
        env = fleet.env(work / "state", base_url)
        clone_args = [sys.executable, "-m", "thread_tui", "clone", source, "--drop-key", "drop"]
        bare_args = [sys.executable, "-c", BARE_CLONE, base_url, fleet.DEMO_KEY, source]
        _timed(clone_args, env)  # warm the file cache and the bytecode
        for index in range(runs):
            fleet.control(base_url, "DELETE", "/_emulator/stats")
            done, seconds = _timed(clone_args, env)
            stats = fleet.control(base_url, "GET", "/_emulator/stats")
            ours.append(seconds)
            if index == 0:
                requests = int(str(stats["requests"]))
                raw = stats["by_status"]
                by_status = {str(k): int(str(v)) for k, v in dict(raw).items()}  # type: ignore[call-overload]
                exit_code = done.returncode
                copied = int(json.loads(done.stdout).get("copied", 0)) if done.stdout else 0
            bare.append(_timed(bare_args, env)[1])
    return CloneRun(
        requests, by_status, exit_code, copied, statistics.median(ours), statistics.median(bare)
    )


def main() -> int:
    work = fleet.workdir()
    try:
        run = clone_run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"clone of {ITEMS} items: {run.requests} requests (minimum {MINIMUM}: {run.ratio:.2f}×), "
        f"exit {run.exit_code}, copied {run.copied}, statuses {run.by_status}; "
        f"{run.seconds * 1000:.0f} ms vs bare httpx {run.bare_seconds * 1000:.0f} ms"
    )
    return 0 if run.ratio <= 1.2 and run.exit_code == 0 and run.copied == ITEMS else 1


if __name__ == "__main__":
    raise SystemExit(main())
