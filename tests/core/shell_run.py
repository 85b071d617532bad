"""Running a snippet through a real bash with its program replaced by a function that prints
its arguments, and the key that bash's environment holds (shared by the snippet tests)."""

from __future__ import annotations

import subprocess

KEY = "sk-planted-secret-0123456789"


def run_shell(command: str, program: str) -> list[str]:
    """The argv `program` gets when bash runs `command`, with `program` a function."""
    script = f"{program}() {{ printf '%s\\0' \"$@\"; }}\n{command}"
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        env={"OPENAI_API_KEY": KEY, "PATH": "/usr/bin:/bin"},
        timeout=30,
        check=True,
    )
    return result.stdout.decode("utf-8").split("\0")[:-1]
