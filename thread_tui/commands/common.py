"""What every command shares: settings from the arguments, and printing to the terminal.

Whatever a server sent is printed inert: a message drawn with `core.inert` (an escape
sequence shows as ␛, never acts on the terminal), JSON with such characters as `\\uXXXX`
escapes, so that stdout stays valid JSON of the same data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from thread_tui.core.inert import inert, inert_json
from thread_tui.core.safejson import MAX_DEPTH, value_depth
from thread_tui.core.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from thread_tui.api.waits import Wait


def settings_from_args(args: argparse.Namespace) -> Settings | None:
    """Resolve settings (flags > env > .env); print the problem and return None if unusable."""
    try:
        settings = load_settings(
            api_key=getattr(args, "api_key", None),
            base_url=getattr(args, "base_url", None),
            organization=getattr(args, "org", None),
            project=getattr(args, "project", None),
            env_file=getattr(args, "env_file", None),
            demo=bool(getattr(args, "demo", False)),
            insecure=bool(getattr(args, "insecure", False)),
            read_only=bool(getattr(args, "read_only", False)),
            azure_endpoint=getattr(args, "azure_endpoint", None),
            api_version=getattr(args, "api_version", None),
        )
    except SettingsError as exc:
        error(str(exc))
        return None
    timeout: float | None = getattr(args, "timeout", None)
    if timeout is not None:
        settings = settings.with_overrides(
            total_timeout=timeout, connect_timeout=min(timeout, settings.connect_timeout)
        )
    retries: int | None = getattr(args, "max_retries", None)
    if retries is not None:
        settings = settings.with_overrides(max_retries=retries)
    cap: int | None = getattr(args, "max_response_bytes", None)
    if cap is not None:
        settings = settings.with_overrides(max_response_bytes=cap)
    for warning in settings.warnings:
        print(f"warning: {inert(warning)}", file=sys.stderr)
    return settings


def cannot_connect(settings: Settings) -> bool:
    """Print why `settings` cannot reach the API before anything is read or sent (a key in
    clear text to a remote host, no key at all) and return True; False when they can."""
    from thread_tui.core.settings import plain_http_refusal

    refusal = plain_http_refusal(settings)
    if refusal is None and settings.api_key is None and not settings.demo:
        from thread_tui.api import MissingApiKeyError

        refusal = MissingApiKeyError(settings.key_env_name).user_message()
    if refusal:
        error(refusal)
        return True
    return False


def error(message: str) -> None:
    print(f"error: {inert(message)}", file=sys.stderr)


def print_json(value: Any, file: IO[str] | None = None) -> None:
    """Pretty JSON (indent 2), as the official CLI prints; printable non-ASCII text as it
    is, every character a terminal would act on as a JSON escape (the same data, inert),
    and all of it as escapes when the terminal's encoding cannot show it, rather than a crash.
    A value nested too deep to print without deep recursion, or holding NaN or Infinity
    (not JSON), gets a sentence instead."""
    stream = sys.stdout if file is None else file
    if value_depth(value) > MAX_DEPTH:
        error(f"not printed: the JSON is nested deeper than {MAX_DEPTH} levels")
        return
    try:
        # allow_nan=False: NaN or Infinity would print as no JSON parser reads it (the reader
        # refuses them already; this guards any other way in).
        text = inert_json(json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False))
    except ValueError:
        error("not printed: the JSON holds a number that is not finite (NaN or Infinity)")
        return
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        print(json.dumps(value, indent=2, allow_nan=False), file=stream)


def wait_teller(max_retries: int, stream: IO[str] | None = None) -> Callable[[Wait], None] | None:
    """A client's `on_wait` hook printing one line per wait, when `stream` (stderr) is a
    terminal: a script reading stderr gets no progress lines."""
    out = sys.stderr if stream is None else stream
    try:
        terminal = out.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if not terminal:
        return None

    def tell(wait: Wait) -> None:
        left = "" if wait.deadline_left is None else f"; {wait.deadline_left:.0f} s left"
        print(
            f"waiting {wait.seconds:g} s before retry {wait.retry} of {max_retries}: "
            f"{inert(wait.reason)}{left}",
            file=out,
            flush=True,
        )

    return tell
