"""`--debug`: each request and its answer on stderr, as the official CLI's debug log shows them.

It prints the client's recorded exchanges (`api.exchange.Exchange`), which hold the
Authorization header (and Azure's api-key) as a placeholder and have every other text passed
through the key's redactor: the key is never printed. Server text is drawn inert.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from thread_tui.core.inert import inert

if TYPE_CHECKING:
    from thread_tui.api.exchange import Exchange

BODY_SHOWN = 64 * 1024  # characters of a body printed; the rest is counted


def print_exchanges(exchanges: Iterable[Exchange], stream: IO[str] | None = None) -> None:
    """Each exchange as `> request line`, `> header`, the body, then `< status`, `< header`
    and the answer's body."""
    out = sys.stderr if stream is None else stream
    for exchange in exchanges:
        lines = [f"> {exchange.method} {exchange.url}"]
        lines += [f"> {name}: {value}" for name, value in exchange.request_headers.items()]
        if exchange.request_body is not None:
            lines += ["", _cut(json.dumps(exchange.request_body, ensure_ascii=False))]
        lines += [
            "",
            f"< {exchange.status} ({exchange.elapsed_ms:.0f} ms, try {exchange.attempts})",
        ]
        lines += [f"< {name}: {value}" for name, value in exchange.response_headers.items()]
        lines += ["", _cut(exchange.response_text), ""]
        print(inert("\n".join(lines), keep_newlines=True), file=out, flush=True)


def _cut(text: str) -> str:
    if len(text) <= BODY_SHOWN:
        return text
    return f"{text[:BODY_SHOWN]}… ({len(text) - BODY_SHOWN} more characters)"
