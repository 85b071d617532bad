"""The user's `$VISUAL` / `$EDITOR` run on a private temporary file, for `thread-tui edit` and
the TUI's `e` alike.

The file lives in a directory of its own made by `tempfile.mkdtemp` (mode 0700), is created
0600, and the directory is removed when the session ends, whatever happened: the document
holds the object's metadata, which may be private. The editor command is split as a shell
would (`code --wait`, `emacs -nw`) but run without a shell. Here with storage because it is
the one other place that writes files; it imports nothing of the API or the UI.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Final

DEFAULT_EDITOR: Final = "vi"
MAX_READ_BYTES: Final = 4_000_001
"""Read at most this much back (4 MB: far past any valid document; the reader refuses it)."""


class EditorError(Exception):
    """The editor cannot be run, or failed; the message says why in a sentence."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run, as an argv: `$VISUAL`, else `$EDITOR`, else `vi`. Raises
    EditorError when it cannot be split or is not found."""
    env = os.environ if environ is None else environ
    name, raw = next(
        ((var, env[var]) for var in ("VISUAL", "EDITOR") if env.get(var, "").strip()),
        ("the default editor", DEFAULT_EDITOR),
    )
    where = f"${name}" if name in ("VISUAL", "EDITOR") else name
    try:
        argv = shlex.split(raw)
    except ValueError as exc:
        raise EditorError(f"{where} ({raw!r}) cannot be read as a command: {exc}.") from None
    if not argv:
        raise EditorError(f"{where} is empty.")
    if shutil.which(argv[0], path=env.get("PATH")) is None:
        raise EditorError(
            f"The editor {argv[0]!r} ({where}) was not found: set $VISUAL or $EDITOR to an "
            "editor that is installed (e.g. EDITOR=nano)."
        )
    return argv


class EditSession:
    """A private temporary file to edit, removed on exit (use as a context manager) unless
    `keep()` was called: an edit that was checked but never reached the server stays there."""

    def __init__(self, name: str, editor: list[str]) -> None:
        self.editor = editor
        self.kept = False
        self._dir = Path(tempfile.mkdtemp(prefix="thread-tui-edit-"))
        safe = "".join(c if c.isalnum() or c in "_-" else "_" for c in name)[:80] or "object"
        self.path = self._dir / f"{safe}.yaml"

    def __enter__(self) -> EditSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if not self.kept:
            shutil.rmtree(self._dir, ignore_errors=True)

    def keep(self) -> Path:
        """Leave the file (0600, in its 0700 directory) for the user; its path."""
        self.kept = True
        return self.path

    def write(self, text: str) -> None:
        """Put `text` in the file, 0600 (the editor may have replaced it with its own)."""
        self.path.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)

    def read(self) -> str:
        """What the user saved; "" when they removed the file. Bytes that are not UTF-8 are
        read as U+FFFD (the reader then says where)."""
        try:
            with self.path.open("rb") as source:
                data = source.read(MAX_READ_BYTES)
        except FileNotFoundError:
            return ""
        except OSError as exc:
            raise EditorError(f"The edited file cannot be read: {exc.strerror}.") from None
        return data.decode("utf-8", errors="replace")

    def run_editor(self) -> None:
        """Run the editor on the file and wait for it; EditorError when it fails."""
        argv = [*self.editor, str(self.path)]
        try:
            # The argv is the user's own editor setting, run without a shell.
            done = subprocess.run(argv, check=False)  # noqa: S603
        except OSError as exc:
            raise EditorError(f"The editor {self.editor[0]!r} could not run: {exc}.") from None
        if done.returncode != 0:
            raise EditorError(f"The editor exited with status {done.returncode}.")

    def edit(self, text: str) -> str:
        """Write `text`, run the editor, and return what was saved."""
        self.write(text)
        self.run_editor()
        return self.read()
