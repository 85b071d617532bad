"""A stand-in for `$EDITOR` in the tests, run as `python edit_script.py [args] FILE`.

Each run takes the next step of the plan in the JSON file `$EDIT_PLAN` ({"steps": [...]}) and
appends what it saw (the text, the file's and its directory's modes, its own arguments) to the
plan's "seen" list. A step: {"replace": [old, new]}, {"write": text}, {"keep": true} (quit
without saving), {"exit": status}. Past the last step it keeps the file as it is.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path


def main() -> int:
    path = Path(sys.argv[-1])
    plan_file = Path(os.environ["EDIT_PLAN"])
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    seen = plan.setdefault("seen", [])
    steps = plan["steps"]
    step = steps[len(seen)] if len(seen) < len(steps) else {"keep": True}
    text = path.read_text(encoding="utf-8")
    seen.append(
        {
            "text": text,
            "mode": stat.S_IMODE(path.stat().st_mode),
            "dir_mode": stat.S_IMODE(path.parent.stat().st_mode),
            "path": str(path),
            "args": sys.argv[1:-1],
        }
    )
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    if "exit" in step:
        return int(step["exit"])
    if "replace" in step:
        old, new = step["replace"]
        if old not in text:
            return 3
        text = text.replace(old, new)
    elif "write" in step:
        text = step["write"]
    if not step.get("keep"):
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
