"""The emulator as a real HTTP server on a loopback socket (standard library only).

`running_server` starts it on an ephemeral port in a thread for socket-level tests;
`serve` blocks, for `thread-tui emulator --host --port`.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from thread_tui.emulator.state import Emulator, EmuRequest


def _handler_for(emulator: Emulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "thread-tui-emulator"

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {key.lower(): value for key, value in self.headers.items()}
            request = EmuRequest(
                self.command, parts.path, dict(parse_qsl(parts.query)), headers, body
            )
            outcome = emulator.dispatch(request)
            if outcome.delay:
                time.sleep(outcome.delay)
            if outcome.drop or outcome.connect_error or outcome.connect_timeout:
                # A reset: close the socket without a byte of response.
                self.close_connection = True
                with suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            response = outcome.response
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = _handle
        do_POST = _handle
        do_DELETE = _handle

        def log_message(self, format: str, *args: object) -> None:
            # Quiet: the request log lives in Emulator.requests (with the key redacted).
            return

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (timeout, reset) is expected in fault tests: no traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def running_server(emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve `emulator` on host:port (0 = any free port) in a thread; yields the base URL
    (`…/v1`, or `…/openai` for an Azure-mode emulator)."""
    server = _Server((host, port), _handler_for(emulator))
    # A short poll interval makes shutdown quick, which keeps socket tests fast.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="emulator", daemon=True
    )
    thread.start()
    try:
        bound_port = server.server_address[1]
        yield f"http://{host}:{bound_port}{emulator.base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def serve(host: str, port: int, emulator: Emulator) -> None:
    """Serve until interrupted."""
    with _Server((host, port), _handler_for(emulator)) as server:
        server.serve_forever()
