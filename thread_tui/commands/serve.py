"""`thread-tui emulator`: the API emulator as a real HTTP server (as OpenAI, or with `--azure`
as Azure OpenAI), until Ctrl+C."""

from __future__ import annotations

import contextlib
import sys
import threading
import time


def run_emulator(
    host: str,
    port: int,
    *,
    accept_any_key: bool = False,
    azure: bool = False,
    rate_limit: int | None = None,
) -> int:
    """Serve a fresh seeded emulator on host:port; prints how to point a client at it."""
    from thread_tui.emulator import DEMO_API_KEY, DEMO_API_VERSION, Emulator
    from thread_tui.emulator.server import running_server

    # The wall clock, which the app that talks to it reads too (its fixed seed time would
    # make a thread created a second ago a year old on the app's screens).
    emulator = Emulator(
        accept_any_key=accept_any_key,
        azure=azure,
        rate_limit=rate_limit,
        now=lambda: int(time.time()),
    )
    with contextlib.ExitStack() as stack:
        try:
            # Bound before anything is printed, so the banner never names a port not held.
            base_url = stack.enter_context(running_server(emulator, host, port))
        except (OSError, OverflowError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"error: cannot serve on {host}:{port}: {reason}", file=sys.stderr)
            return 1
        mode = " (Azure OpenAI)" if azure else ""
        print(f"thread_tui emulator{mode} on {base_url} (Ctrl+C to stop)")
        print("Use it with:")
        # The demo key is a public token that only this emulator accepts.
        if azure:
            # A client is given the endpoint and adds /openai itself, as AzureOpenAI does.
            print(f"  export AZURE_OPENAI_ENDPOINT={base_url.removesuffix(emulator.base_path)}")
            print(f"  export AZURE_OPENAI_API_KEY={DEMO_API_KEY}")
            print(f"  export OPENAI_API_VERSION={DEMO_API_VERSION}")
        else:
            print(f"  export OPENAI_BASE_URL={base_url}")
            print(f"  export OPENAI_API_KEY={DEMO_API_KEY}")
        root = base_url.removesuffix(emulator.base_path)
        print(f"Faults: POST/GET/DELETE {root}/_emulator/faults with the key above (see README)")
        if rate_limit is not None:
            print(f"Rate limit: {rate_limit} requests a minute (then 429 with retry-after)")
        sys.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("emulator stopped", file=sys.stderr)
    return 0
