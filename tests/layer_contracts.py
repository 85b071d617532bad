"""Checks the layers' import contract ([tool.thread_tui.layers] in pyproject.toml) with grimp.

Run as `python tests/layer_contracts.py PROJECT_DIR` with PROJECT_DIR first on sys.path: it
builds the import graph of the package found there (grimp locates it by import, so a copy in a
temporary directory is checked, not the installed one), prints each broken contract with the
chain of imports that breaks it, and exits 1 when any contract is broken. A script rather than
a function so the graph is always built in a fresh process, where no `thread_tui` is imported
yet. grimp sees every import statement: module-level, function-level (lazy) and TYPE_CHECKING
ones; external packages appear by their top-level name.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp


def broken_contracts(project: Path) -> tuple[int, list[str]]:
    """The number of contracts in `project`'s pyproject.toml and a report line per break."""
    config = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["thread_tui"]["layers"]
    graph = grimp.build_graph(
        layers["root_package"], include_external_packages=True, cache_dir=None
    )
    contracts = layers["contracts"]
    lines: list[str] = []
    for contract in contracts:
        for source in contract["source_modules"]:
            if source not in graph.modules:
                lines.append(f"{contract['name']}: no module {source} (a stale contract)")
                continue
            for forbidden in contract["forbidden_modules"]:
                if forbidden not in graph.modules:
                    continue  # nothing in the package imports it (external) or it is gone
                for chain in sorted(graph.find_shortest_chains(source, forbidden)):
                    lines.append(f"BROKEN {contract['name']}: {' -> '.join(chain)}")
    return len(contracts), lines


def main() -> int:
    count, lines = broken_contracts(Path(sys.argv[1]))
    print("\n".join(lines))
    print(f"{count} contracts, {len(lines)} broken")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
