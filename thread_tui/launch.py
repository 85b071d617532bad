"""The `thread-tui` program (`python -m thread_tui` and the console script): one quick path
before the full command line is built, then `thread_tui.cli.main`.

`ls … --format ids` over a catalog needs none of argparse, the settings or pathlib, whose
imports cost it more than its query (commands/ls_quick.py says which command lines it takes;
any other goes to `cli.main` untouched).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run thread-tui and return its exit code (as `thread_tui.cli.main` does)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["ls"]:
        from thread_tui.commands.ls_quick import run

        try:
            code = run(args)
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            _stdout_to_null()
            return 1
        if code is not None:
            return code
    from thread_tui.cli import main as full_main

    return full_main(args)


def _stdout_to_null() -> None:
    # The reader went away (`| head`): keep Python's final flush of stdout from failing
    # again at exit, as cli.main does.
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
