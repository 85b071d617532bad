"""What every command shares: settings from the arguments, and printing to the terminal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from thread_tui.core.settings import Settings, SettingsError, load_settings


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
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return settings


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def print_json(value: Any, file: IO[str] | None = None) -> None:
    """Pretty JSON (indent 2), as the official CLI prints; non-ASCII text as it is, unless
    the terminal's encoding cannot show it, then as JSON escapes rather than a crash."""
    stream = sys.stdout if file is None else file
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        print(json.dumps(value, indent=2), file=stream)
