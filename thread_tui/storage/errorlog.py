"""`thread-tui.log` in the state directory: one entry per unexpected error, with its
traceback, for a bug report. Bounded: past MAX_LOG_BYTES the file moves to `.1` (the one
before is dropped). Writing it never raises; the caller scrubs secrets before."""

from __future__ import annotations

import os
import time
from pathlib import Path

MAX_LOG_BYTES = 256 * 1024


class ErrorLog:
    def __init__(self, path: Path, max_bytes: int = MAX_LOG_BYTES) -> None:
        self.path = path
        self.max_bytes = max_bytes

    def append(self, text: str) -> bool:
        """Add one entry; False when the disk refused it."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        entry = f"--- {stamp} pid {os.getpid()}\n{text.rstrip()}\n"
        data = entry.encode("utf-8", "replace")[: self.max_bytes]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                size = self.path.stat().st_size
            except FileNotFoundError:
                size = 0
            if size + len(data) > self.max_bytes:
                os.replace(self.path, self.path.with_name(self.path.name + ".1"))
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "ab") as handle:
                handle.write(data)
        except OSError:
            return False
        return True
