"""thread_tui's benchmark: every figure as a ratio against a baseline measured in the same run.

    python bench/run.py            full run (about a minute)
    python bench/run.py --quick    fewer repetitions, for CI
    python bench/run.py --fleet    issue 12's fleet figures alone (about three minutes)
    python bench/run.py --clone    issue 13's clone figure alone (about ten seconds)

Prints a table and exits 1 when a target is missed. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import clone  # noqa: E402
import fleet  # noqa: E402
import inprocess  # noqa: E402


@dataclass
class Figure:
    name: str
    value: float
    baseline: float | None
    unit: str
    target: float  # a ratio when baseline is set, else an absolute bound in `unit`
    at_least: bool = False  # the target is a floor (a rate), not a ceiling

    @property
    def measure(self) -> float:
        return self.value / self.baseline if self.baseline else self.value

    @property
    def ok(self) -> bool:
        return self.measure >= self.target if self.at_least else self.measure <= self.target

    def row(self) -> str:
        bound = "≥" if self.at_least else "≤"
        if self.baseline:
            shown = f"{self.value:.1f} {self.unit} vs {self.baseline:.1f} {self.unit}"
            verdict = f"{self.measure:.2f}× ({bound} {self.target:.2f}×)"
        else:
            shown = f"{self.value:.1f} {self.unit}"
            verdict = f"{bound} {self.target:g} {self.unit}"
        return f"{self.name:<44} {shown:<30} {verdict:<18} {'ok' if self.ok else 'MISSED'}"


def _env() -> dict[str, str]:
    # Bytecode caching on, as in any real install: otherwise our editable package would be
    # compiled on every start while Textual's wheel comes with cached bytecode.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _process_ms(args: list[str], runs: int) -> float:
    """Median wall time of a whole process, in ms."""
    env = _env()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env, cwd=ROOT, timeout=120)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _paired_ms(ours: list[str], base: list[str], runs: int) -> tuple[float, float]:
    """Medians of both commands, run alternately so that machine load hits both alike."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        a.append(_process_ms(ours, 1))
        b.append(_process_ms(base, 1))
    return statistics.median(a), statistics.median(b)


def _probe(mode: str) -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "probes.py"), mode]


def _rss_kib(mode: str) -> float:
    out = subprocess.run(
        _probe(mode), check=True, capture_output=True, text=True, cwd=ROOT, timeout=120, env=_env()
    ).stdout
    return float(out.strip().splitlines()[-1])


def measure(quick: bool, notes: list[str]) -> list[Figure]:
    """The figures; lines worth printing that are no target go to `notes`."""
    import compileall

    compileall.compile_dir(ROOT / "thread_tui", quiet=1)
    runs = 7 if quick else 15
    figures: list[Figure] = []

    # Interleave-free but warmed: one throw-away run of each warms the OS file cache.
    _process_ms(_probe("bare"), 1)
    _process_ms(_probe("tui"), 1)
    tui_ms, bare_ms = _paired_ms(_probe("tui"), _probe("bare"), runs)
    figures.append(
        Figure("cold start → lookup screen ready (process)", tui_ms, bare_ms, "ms", 1.15)
    )

    cli = [sys.executable, "-m", "thread_tui", "get", "thread_abc123", "--demo"]
    _process_ms(cli, 1)
    get_ms, httpx_ms = _paired_ms(cli, _probe("httpx-get"), runs)
    figures.append(Figure("headless `get` on the emulator (process)", get_ms, httpx_ms, "ms", 1.5))

    editor_ms, bare_ms = asyncio.run(inprocess.editor_paint_ms(15 if quick else 40))
    figures.append(
        Figure(
            "thread loaded → editor painted (median)",
            statistics.median(editor_ms),
            statistics.median(bare_ms),
            "ms",
            1.3,
        )
    )
    notes.append(
        f"editor painted: editor {min(editor_ms):.1f}–{max(editor_ms):.1f} ms, "
        f"bare screen {min(bare_ms):.1f}–{max(bare_ms):.1f} ms over {len(editor_ms)} runs each"
    )

    value_ms, modal_ms = asyncio.run(inprocess.value_editor_ms(15 if quick else 40))
    figures.append(
        Figure(
            "value editor on 512 chars opened (median)",
            statistics.median(value_ms),
            statistics.median(modal_ms),
            "ms",
            1.3,
        )
    )
    notes.append(
        f"value editor: {min(value_ms):.1f}–{max(value_ms):.1f} ms, bare modal with a "
        f"TextArea {min(modal_ms):.1f}–{max(modal_ms):.1f} ms over {len(value_ms)} runs each"
    )

    # CPU time is noisy on a busy machine: the median of a few runs of each.
    pairs = [asyncio.run(inprocess.keystrokes(500)) for _ in range(3 if quick else 5)]
    editor_cpu = statistics.median(p[0] for p in pairs)
    bare_cpu = statistics.median(p[1] for p in pairs)
    figures.append(
        Figure(
            "500 keystrokes into a metadata value (CPU)",
            editor_cpu * 1000,
            bare_cpu * 1000,
            "ms",
            1.2,
        )
    )

    load_s, filter_ms = asyncio.run(inprocess.picker(10_000, 10 if quick else 30))
    figures.append(Figure("picker: 10,000 files, all pages in", load_s * 1000, None, "ms", 1500))
    figures.append(
        Figure(
            "picker: filter keystroke over 10,000 (median)",
            statistics.median(filter_ms),
            None,
            "ms",
            30,
        )
    )

    figures.append(
        Figure(
            "peak RSS with the editor open",
            _rss_kib("editor-rss") / 1024,
            _rss_kib("bare-rss") / 1024,
            "MiB",
            1.3,
        )
    )
    return figures


def measure_fleet(notes: list[str]) -> list[Figure]:
    """Issue 12's figures (bench/fleet.py): bulk rates against a real emulator limited to
    6,000 requests a minute, the peak RSS of bulk runs, the catalog of 100,000 objects."""
    work = fleet.workdir()
    try:
        return _fleet_figures(work, notes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fleet_figures(work: Path, notes: list[str]) -> list[Figure]:
    figures: list[Figure] = []
    paced = fleet.bulk_rate(fleet.LIMIT, work)
    figures.append(
        Figure(
            f"bulk {fleet.BULK_IDS:,} IDs, --rpm {fleet.LIMIT}: rate",
            paced.passed_per_minute,
            fleet.LIMIT,
            "/min",
            0.95,
            at_least=True,
        )
    )
    figures.append(Figure("bulk --rpm: requests answered 429", paced.limited, None, "", 0))
    free = fleet.bulk_rate(None, work)
    figures.append(
        Figure(
            f"bulk {fleet.BULK_IDS:,} IDs, no --rpm: rate",
            free.passed_per_minute,
            fleet.LIMIT,
            "/min",
            0.85,
            at_least=True,
        )
    )
    figures.append(
        Figure("bulk, no --rpm: share answered 429", free.limited_share * 100, None, "%", 2)
    )
    for name, run in (("--rpm", paced), ("no --rpm", free)):
        notes.append(
            f"bulk {name}: {run.requests} requests in {run.seconds:.1f} s, {run.limited} "
            f"answered 429, exit {run.exit_code}, outcomes {run.outcomes}"
        )

    small, large = fleet.bulk_rss_kib(work)
    figures.append(
        Figure(
            f"peak RSS, bulk {fleet.RSS_LARGE:,} vs {fleet.RSS_SMALL:,} IDs",
            large / 1024,
            small / 1024,
            "MiB",
            1.1,
        )
    )

    state = work / "catalog-state"
    start = time.perf_counter()
    catalog_path = fleet.build_catalog(state)
    notes.append(
        f"catalog: {fleet.CATALOG_OBJECTS:,} objects recorded in "
        f"{time.perf_counter() - start:.1f} s ({catalog_path.stat().st_size / 2**20:.1f} MiB)"
    )
    child_env = fleet.env(state)
    ours = [sys.executable, "-m", "thread_tui", "ls", "--where", "team=payments"]
    ours += ["--format", "ids"]
    base = [sys.executable, "-c", fleet.bare_query(catalog_path, "team", "payments")]
    ls_ms, bare_ms = fleet.paired_ms(ours, base, child_env, 5)
    figures.append(Figure("`ls --where` over 100,000 (process)", ls_ms, bare_ms, "ms", 1.5))

    filter_ms = asyncio.run(fleet.catalog_filter_ms(catalog_path, len(fleet.FILTER_TEXTS)))
    figures.append(
        Figure(
            "catalog browser: filter keystroke over 100,000 (median)",
            statistics.median(filter_ms),
            None,
            "ms",
            30,
        )
    )
    notes.append(f"filter keystroke: {min(filter_ms):.1f}–{max(filter_ms):.1f} ms")
    return figures


def measure_clone(notes: list[str]) -> list[Figure]:
    """Issue 13's figure (bench/clone.py): a clone of 200 items against a real emulator, in
    requests against the fewest the API allows."""
    work = fleet.workdir()
    try:
        run = clone.clone_run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    notes.append(
        f"clone: exit {run.exit_code}, {run.copied} of {clone.ITEMS} items copied, statuses "
        f"{run.by_status}; {run.seconds * 1000:.0f} ms for the whole process vs "
        f"{run.bare_seconds * 1000:.0f} ms for a bare httpx script sending the fewest requests "
        f"({run.seconds / run.bare_seconds:.2f}×)"
    )
    return [
        Figure(
            f"clone of {clone.ITEMS} items: requests",
            run.requests,
            clone.MINIMUM,
            "req",
            1.2,
        ),
        Figure(
            f"clone of {clone.ITEMS} items: items copied",
            run.copied,
            None,
            "",
            clone.ITEMS,
            at_least=True,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    parser.add_argument("--fleet", action="store_true", help="issue 12's fleet figures only")
    parser.add_argument("--clone", action="store_true", help="issue 13's clone figure only")
    args = parser.parse_args()
    notes: list[str] = []
    if args.clone:
        figures = measure_clone(notes)
    elif args.fleet:
        figures = measure_fleet(notes)
    else:
        figures = measure(args.quick, notes)
    print(f"{'figure':<44} {'measured':<30} {'target':<18} result")
    print("-" * 100)
    for figure in figures:
        print(figure.row())
    for note in notes:
        print(f"  ({note})")
    missed = [f.name for f in figures if not f.ok]
    if missed:
        print(f"\n{len(missed)} target(s) missed: {', '.join(missed)}")
        return 1
    print("\nall targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
