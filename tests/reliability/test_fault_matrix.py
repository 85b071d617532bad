"""The fault matrix: every way a network or server can fail, on every surface.

One table, one parametrised test: a new fault is one line in FAULTS. Each fault must end in a
clear message (with the request id when the server gave one), never a traceback, with the
retry policy applied where it should be, the UI still responsive and the user's input intact.
The CLI surfaces run the matrix a second time against the real 127.0.0.1 server, with each
fault armed over HTTP (`POST /_emulator/faults`).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from textual.widgets import Input, Static

from thread_tui.api.retry import RetryPolicy
from thread_tui.cli import main
from thread_tui.emulator import DEMO_API_KEY, Emulator
from thread_tui.emulator.server import running_server


@dataclass(frozen=True)
class Fault:
    name: str
    inject: dict[str, Any]
    says: str  # a fragment of the message the user sees
    get_attempts: int = 1  # requests a GET makes before giving up (retries included)
    post_attempts: int = 1
    request_id: bool = True  # the server answered, so its x-request-id is quoted
    extra: dict[str, Any] = field(default_factory=dict)


def _error_body(param: str | None) -> str:
    return json.dumps(
        {
            "error": {
                "message": "Invalid 'metadata'.",
                "type": "invalid_request_error",
                "param": param,
                "code": None,
            }
        }
    )


RETRIED = {"get_attempts": 3, "post_attempts": 3}
FAULTS = [
    Fault("400 with param", {"status": 400, "body": _error_body("metadata")}, "metadata"),
    Fault("401", {"status": 401}, "API key was rejected"),
    Fault("403", {"status": 403}, "Permission denied"),
    Fault("404", {"status": 404}, "Not found"),
    Fault("409", {"status": 409}, "Conflict", **RETRIED),
    Fault("410", {"status": 410}, "gone"),
    Fault("422", {"status": 422}, "could not be processed"),
    Fault(
        "429 retry-after",
        {"status": 429, "headers": {"retry-after": "2"}},
        "Rate limited",
        **RETRIED,
    ),
    Fault("500", {"status": 500}, "server failed", **RETRIED),
    Fault("502", {"status": 502}, "server failed", **RETRIED),
    Fault("503", {"status": 503}, "server failed", **RETRIED),
    Fault("504", {"status": 504}, "server failed", **RETRIED),
    Fault("connect timeout", {"connect_timeout": True}, "timed out", request_id=False, **RETRIED),
    Fault("read timeout", {"delay": 0.5}, "read timeout", get_attempts=3, request_id=False),
    Fault(
        "reset mid-response",
        {"drop": True},
        "closed before a complete answer",
        get_attempts=3,
        request_id=False,
    ),
    Fault("non-JSON body", {"malformed": "not_json"}, "not JSON"),
    Fault("wrong-shape JSON", {"malformed": "wrong_shape"}, "not a valid"),
    Fault("empty 200", {"malformed": "empty"}, "empty body"),
]

SURFACES = ["cli-get", "cli-update", "tui-open", "tui-submit"]


def _over_the_socket(fault: Fault) -> Fault:
    """What a fault looks like through a real server: a refused or timed-out connect cannot be
    emulated once the connection is accepted, so the server resets it instead."""
    if fault.inject.get("connect_timeout") or fault.inject.get("connect_error"):
        return replace(
            fault,
            says="closed before a complete answer",
            get_attempts=3,
            post_attempts=1,
            request_id=False,
        )
    return fault


SOCKET_FAULTS = [_over_the_socket(fault) for fault in FAULTS]


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the retry policy's waits instead of sleeping through them."""
    recorded: list[float] = []
    real_delay = RetryPolicy.delay

    def fake(self: RetryPolicy, *args: Any, **kwargs: Any) -> float:
        recorded.append(real_delay(self, *args, **kwargs))
        return 0.0

    monkeypatch.setattr(RetryPolicy, "delay", fake)
    return recorded


def _arm(emu: Emulator, fault: Fault, method: str) -> None:
    emu.faults.inject(**fault.inject, times=5, match=f"{method} /v1/threads")


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
async def test_fault(
    fault: Fault,
    surface: str,
    waits: list[float],
    capsys: pytest.CaptureFixture[str],
    make_app: Any,
    emulator: Emulator,
) -> None:
    method = "GET" if surface in ("cli-get", "tui-open") else "POST"
    attempts = fault.get_attempts if method == "GET" else fault.post_attempts
    if surface.startswith("cli"):
        # The CLI runs its own event loop (asyncio.run), so it gets a thread of its own.
        message = await asyncio.to_thread(_run_cli, surface, fault, emulator, capsys)
    else:
        message = await _run_tui(surface, fault, emulator, make_app)
    assert fault.says in message, message
    assert "Traceback" not in message
    if fault.request_id:
        assert "request id req_" in message
    sent = [r for r in emulator.requests if r.method == method]
    assert len(sent) == attempts, [r.path for r in sent]
    assert len(waits) == attempts - 1
    if "retry-after" in fault.inject.get("headers", {}):
        assert waits == [2.0] * (attempts - 1)


# A real socket on a loaded 2-core machine can take longer than the in-process tests' 0.2 s
# to answer at all: a try cut off by its deadline there is retried and miscounted.
SOCKET_TIMEOUT = 2.0


@pytest.mark.parametrize("surface", ["cli-get", "cli-update"])
@pytest.mark.parametrize("fault", SOCKET_FAULTS, ids=lambda f: f.name)
def test_fault_over_the_socket(
    fault: Fault,
    surface: str,
    waits: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    emulator: Emulator,
) -> None:
    """The same matrix against the real 127.0.0.1 server, each fault armed over HTTP through
    `POST /_emulator/faults`, as a user rehearsing failures with any client would."""
    monkeypatch.setenv("OPENAI_API_KEY", DEMO_API_KEY)
    method = "GET" if surface == "cli-get" else "POST"
    with running_server(emulator) as base_url:
        spec = {**fault.inject, "times": 5, "match": f"{method} /v1/threads"}
        if "delay" in spec:  # still well past the try's deadline, at the socket's timeout
            spec["delay"] = SOCKET_TIMEOUT + 1.5
        armed = httpx.post(
            base_url.removesuffix("/v1") + "/_emulator/faults",
            json=spec,
            headers={"Authorization": f"Bearer {DEMO_API_KEY}"},
        )
        assert armed.status_code == 200, armed.text
        if surface == "cli-get":
            argv = ["get", "thread_abc123"]
        else:
            argv = ["update", "--thread-id", "thread_abc123", "--metadata", "owner=ana"]
        code = main([*argv, "--base-url", base_url, "--timeout", str(SOCKET_TIMEOUT)])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    message = captured.err
    assert fault.says in message, message
    assert "Traceback" not in message
    if fault.request_id:
        assert "request id req_" in message
    attempts = fault.get_attempts if method == "GET" else fault.post_attempts
    sent = [r for r in emulator.requests if r.method == method]
    assert len(sent) == attempts, [r.path for r in sent]
    assert len(waits) == attempts - 1
    if "retry-after" in fault.inject.get("headers", {}):
        assert waits == [2.0] * (attempts - 1)


def _run_cli(surface: str, fault: Fault, emu: Emulator, capsys: pytest.CaptureFixture[str]) -> str:
    if surface == "cli-get":
        argv = ["get", "thread_abc123"]
        _arm(emu, fault, "GET")
    else:
        argv = ["update", "--thread-id", "thread_abc123", "--metadata", "owner=ana"]
        _arm(emu, fault, "POST")
    code = main([*argv, "--demo", "--timeout", "0.2"], emulator=emu)
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    return captured.err


async def _run_tui(surface: str, fault: Fault, emu: Emulator, make_app: Any) -> str:
    from dataclasses import replace

    from thread_tui.ui.screens.editor import EditorScreen
    from thread_tui.ui.screens.lookup import LookupScreen
    from thread_tui.ui.widgets.editor_header import EditorHeader
    from thread_tui.ui.widgets.metadata_row import MetadataRow

    app = make_app()
    app.client.settings = replace(app.client.settings, total_timeout=0.2)
    app.client._http.timeout = httpx.Timeout(0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        if surface == "tui-open":
            _arm(emu, fault, "GET")
            lookup = app.screen
            assert isinstance(lookup, LookupScreen)
            typed = lookup.query_one("#lookup-id", Input)
            typed.value = "thread_abc123"  # typing itself is covered by the UI tests
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is lookup
            assert typed.value == "thread_abc123"
            message = str(lookup.query_one("#lookup-error", Static).render())
            await pilot.press("x")  # still responsive: the input takes more typing
            assert typed.value == "thread_abc123x"
            return message
        resource = await app.client.get_resource("thread_abc123")
        emu.requests.clear()
        editor = EditorScreen(resource, app.client.last_exchange)
        await app.push_screen(editor)
        await pilot.press("ctrl+n")
        row = editor.query(MetadataRow).last()
        row.key_input.value = "owner"
        row.value_input.value = "ana"
        await pilot.pause()
        before = editor.draft.request_body()
        assert before == {"metadata": {"owner": "ana"}}
        _arm(emu, fault, "POST")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is editor
        assert editor.draft.request_body() == before  # every edit survived the failure
        assert (row.key_input.value, row.value_input.value) == ("owner", "ana")
        return editor.query_one(EditorHeader).status_text
