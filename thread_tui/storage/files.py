"""Atomic JSON files: a crash mid-write leaves the old file, never half of a new one."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def atomic_write_json(path: Path, data: Any) -> None:
    """Write `data` as JSON to a temp file in the same folder, fsync it, then rename over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> tuple[Any, str | None]:
    """(data, None), or (None, warning) when the file is unreadable or corrupt; (None, None)
    when it does not exist. A corrupt file is moved aside so it is not lost."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"Could not read {path}: {exc}"
    try:
        return json.loads(text), None
    except ValueError:
        aside = path.with_suffix(path.suffix + ".corrupt")
        try:
            os.replace(path, aside)
        except OSError:
            aside = path
        return None, f"{path.name} was corrupt and was set aside as {aside.name}; starting fresh."
