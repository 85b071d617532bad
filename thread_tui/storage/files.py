"""Atomic JSON files read with a size cap: a crash mid-write leaves the old file, never half of
a new one; a damaged, oversized or absurdly nested file is set aside with a warning, never
raised and never silently overwritten."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

MAX_STATE_FILE_BYTES = 4 * 1024 * 1024
"""Far above anything the app writes (a full draft is tens of KB): a bigger file is not ours."""


def atomic_write_json(path: Path, data: Any) -> None:
    """Write `data` as JSON to a temp file in the same folder, fsync it, then rename over."""
    import tempfile  # here: tempfile loads random and shutil, which readers never need

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # ASCII escapes: a lone surrogate the user pasted cannot be encoded as UTF-8, but
            # `\ud800` can, and reads back as exactly what was typed.
            json.dump(data, handle, ensure_ascii=True, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path, max_bytes: int = MAX_STATE_FILE_BYTES) -> tuple[Any, str | None]:
    """(data, None), or (None, warning) when the file is unreadable, too big or not JSON;
    (None, None) when it does not exist. A damaged file is set aside so it is not lost."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except (FileNotFoundError, NotADirectoryError):
        return None, None
    except OSError as exc:
        return None, f"Could not read {path}: {exc.strerror or exc}"
    if len(raw) > max_bytes:
        return None, set_aside(path, f"is larger than {max_bytes // (1024 * 1024)} MB")
    try:
        return json.loads(raw.decode("utf-8")), None
    except RecursionError:  # the C parser's guard against deep nesting: no stack overflow
        return None, set_aside(path, "is nested too deeply")
    except (ValueError, UnicodeDecodeError):
        return None, set_aside(path, "is not valid JSON")


def set_aside(path: Path, reason: str) -> str:
    """Rename a file the app cannot use to `<name>.corrupt-<UTC time>`; the warning to show."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, aside)
    except OSError:
        return f"{path} {reason} and could not be set aside; it is ignored."
    return f"{path.name} {reason}: it was set aside as {aside} and not used."
