"""What every command shares: settings from the arguments, and printing problems to stderr."""

from __future__ import annotations

import argparse
import sys

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
        )
    except SettingsError as exc:
        error(str(exc))
        return None
    timeout = getattr(args, "timeout", None)
    if timeout is not None:
        if not timeout > 0:
            error("--timeout must be a positive number of seconds")
            return None
        settings = settings.with_overrides(
            total_timeout=timeout, connect_timeout=min(timeout, settings.connect_timeout)
        )
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return settings


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
