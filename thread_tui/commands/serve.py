"""`thread-tui emulator`: the API emulator as a real HTTP server."""

from __future__ import annotations

import sys


def run_emulator(host: str, port: int, *, accept_any_key: bool = False) -> int:
    from thread_tui.emulator import DEMO_API_KEY, Emulator
    from thread_tui.emulator.server import serve

    emulator = Emulator(accept_any_key=accept_any_key)
    print(f"thread_tui emulator on http://{host}:{port}/v1 (Ctrl+C to stop)")
    print("Use it with:")
    print(f"  export OPENAI_BASE_URL=http://{host}:{port}/v1")
    # The demo key is a public token that only this emulator accepts.
    print(f"  export OPENAI_API_KEY={DEMO_API_KEY}")
    sys.stdout.flush()
    try:
        serve(host, port, emulator)
    except OSError as exc:
        print(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    return 0
