"""`thread-tui serve --max-sessions N`: at most N browser tabs run an app process. One tab
more gets a page (or, if its page was served before the slots filled, a terminal line) that
says so, and no process; a tab that is closed frees its slot. A real `serve --demo`, driven
with aiohttp's client on 127.0.0.1. At most two sessions are started, and the
fixture ends them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

import aiohttp

if TYPE_CHECKING:
    from conftest import Served

FULL = "thread-tui is already open in 1 tab, the most this server runs (--max-sessions 1)"


async def _session_starts(ws: aiohttp.ClientWebSocketResponse) -> None:
    await ws.send_json(["resize", {"width": 100, "height": 30}])
    message = await ws.receive(timeout=20)
    assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message


async def _page_status(http: aiohttp.ClientSession, served: Served) -> tuple[int, str]:
    async with http.get(served.base) as page:
        return page.status, await page.text()


async def test_a_session_beyond_max_sessions_gets_a_message_and_no_process(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    served = serve("--max-sessions", "1")
    ws_url = f"{served.base}/ws?width=100&height=30"
    async with http.ws_connect(ws_url, origin=served.base) as first:
        await _session_starts(first)
        await served.wait_for_apps(bool)
        running = served.apps()

        # A new tab gets a page that says why, instead of the app's page.
        status, text = await _page_status(http, served)
        assert status == 503
        assert FULL in text and "close one and reload" in text
        # A tab whose page was served before the slot was taken: the message in its terminal.
        async with http.ws_connect(ws_url, origin=served.base) as second:
            message = await second.receive(timeout=20)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            assert FULL in message.data.decode()
            await asyncio.sleep(1)  # a process started anyway would show by now
            assert served.apps() == running
        assert served.apps() == running

    # The first tab closed (or reloaded): its process ends, and a new tab that asks while it
    # is still ending waits for its slot rather than being turned away.
    status, text = await _page_status(http, served)
    assert status == 200, text
    async with http.ws_connect(ws_url, origin=served.base) as third:
        await _session_starts(third)
        await served.wait_for_apps(lambda found: bool(found) and not found & running)
