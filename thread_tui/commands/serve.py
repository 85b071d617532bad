"""`thread-tui emulator`: the API emulator as a real HTTP server (as OpenAI, or with `--azure`
as Azure OpenAI), until Ctrl+C."""

from __future__ import annotations

import contextlib
import sys
import threading
import time


def _list_seeded(count: int) -> int:
    from thread_tui.emulator.seed_fleet import seeded_ids

    write = sys.stdout.write
    for resource_id in seeded_ids(count):
        write(resource_id + "\n")
    sys.stdout.flush()
    return 0


def run_emulator(
    host: str,
    port: int,
    *,
    accept_any_key: bool = False,
    azure: bool = False,
    rate_limit: int | None = None,
    rate_burst: int | None = None,
    seed_count: int = 150,
    list_seeded: bool = False,
) -> int:
    """Serve a fresh seeded emulator on host:port; prints how to point a client at it.
    With `list_seeded`, prints the seeded thread and conversation IDs instead."""
    if list_seeded:
        return _list_seeded(seed_count)
    if rate_burst is not None and (rate_limit is None or rate_burst > rate_limit):
        print("error: --rate-burst needs a --rate-limit of at least as many", file=sys.stderr)
        return 2
    from thread_tui.emulator import DEMO_API_KEY, DEMO_API_VERSION, Emulator
    from thread_tui.emulator.ratelimit import RequestRateLimit
    from thread_tui.emulator.server import running_server

    # The wall clock, which the app that talks to it reads too (its fixed seed time would
    # make a thread created a second ago a year old on the app's screens).
    emulator = Emulator(
        accept_any_key=accept_any_key,
        azure=azure,
        rate_limit=None if rate_limit is None else RequestRateLimit(rate_limit, burst=rate_burst),
        now=lambda: int(time.time()),
        seed_count=seed_count,
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
            burst = f", at most {rate_burst} at once" if rate_burst is not None else ""
            print(f"Rate limit: {rate_limit} requests a minute{burst} (then 429 with retry-after)")
        print(
            f"Seeded: {seed_count} threads and {seed_count} conversations besides the demo's "
            "(--list-seeded prints their IDs)"
        )
        sys.stdout.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("emulator stopped", file=sys.stderr)
    return 0
