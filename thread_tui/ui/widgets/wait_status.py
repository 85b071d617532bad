"""The countdown of a wait before a retry: "Waiting 12 s: the server asked to wait (429) ·
retry 1 of 2", shown in the status area of the screen the user is waiting on.

`WaitStatus` (one per app) is the API client's `on_wait` hook. The client calls it on the
app's event loop, inside the worker whose request waits, as each pause starts. It keeps the
wait, counts it down on the app's clock (`app.now`, so a test moves time by hand and calls
`tick`), and publishes the line through a Textual signal. Each `WaitLine` (composed by the
lookup screen, the editor and the pickers under their own status line) shows what is
published. The line clears when the pause is over (the retry starts) or when the worker
that waits ends, whichever comes first.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.signal import Signal
from textual.timer import Timer
from textual.widgets import Static

from thread_tui.ui.inert_text import plain

if TYPE_CHECKING:  # thread_tui.api loads httpx: not on the start-up path
    from thread_tui.api import ApiClient
    from thread_tui.api.waits import Wait


def wait_line(wait: Wait, seconds_left: float, max_retries: int | None) -> str:
    """The status line of `wait` with `seconds_left` to go."""
    of = f" of {max_retries}" if max_retries else ""
    return f"Waiting {math.ceil(seconds_left)} s: {wait.reason} · retry {wait.retry}{of}"


class WaitStatus:
    """The app's record of the wait in progress, if any, and the signal that shows it."""

    def __init__(self, app: App[Any], now: Callable[[], float]) -> None:
        self.app = app
        self.now = now
        self.changed: Signal[str | None] = Signal(app, "wait-status")
        self.max_retries: int | None = None
        self.wait: Wait | None = None
        self._started = 0.0
        self._timer: Timer | None = None
        self._task: asyncio.Task[object] | None = None
        self.text: str | None = None

    def attach(self, client: ApiClient) -> None:
        """Become `client`'s `on_wait` hook and read its number of retries."""
        client.on_wait = self.started
        self.max_retries = client.policy.max_retries

    def started(self, wait: Wait) -> None:
        """The client's hook: a pause of `wait.seconds` starts now."""
        self.wait = wait
        self._started = self.now()
        try:
            task: asyncio.Task[object] | None = asyncio.current_task()
        except RuntimeError:  # called off the loop: no request to follow
            task = None
        if task is not None and task is not self._task:
            self._task = task
            task.add_done_callback(self._request_ended)
        if self._timer is None:
            self._timer = self.app.set_interval(1.0, self.tick, name="wait-countdown")
        self.tick()

    def tick(self) -> None:
        """Count down: publish the line for now, or clear it once the pause is over."""
        wait = self.wait
        left = wait.seconds - (self.now() - self._started) if wait is not None else 0.0
        if wait is None or left <= 0:
            self.clear()
            return
        self._publish(wait_line(wait, left, self.max_retries))

    def clear(self) -> None:
        self.wait = None
        self._task = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._publish(None)

    def _request_ended(self, task: asyncio.Task[object]) -> None:
        if task is self._task:
            self.clear()

    def _publish(self, text: str | None) -> None:
        if text != self.text:
            self.text = text
            self.changed.publish(text)


class WaitLine(Static):
    """One line under a screen's status: the countdown while a request waits, else hidden."""

    DEFAULT_CSS = """
    WaitLine {
        height: auto;
        color: $text-warning;
        display: none;
    }
    WaitLine#editor-wait {
        padding: 0 1;  /* under the header's status line, aligned with it */
    }
    """

    def __init__(self, status: WaitStatus, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.status = status

    def on_mount(self) -> None:
        self.status.changed.subscribe(self, self.show)
        self.show(self.status.text)

    def show(self, text: str | None) -> None:
        self.display = bool(text)
        self.update(plain(text or "", lines=False))
