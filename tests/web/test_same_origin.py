"""`thread-tui serve` answers only its own address: another site's page cannot open its
websocket (cross-site websocket hijacking), nor reach it through a name of its own resolved
to 127.0.0.1 (DNS rebinding). A real `serve --demo`, driven with aiohttp's client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

import aiohttp
import pytest

from thread_tui.commands.web import SameOrigin, ServeError

if TYPE_CHECKING:
    from conftest import Served  # the fixtures' class, for annotations only

EVIL = "https://evil.example"


@pytest.mark.parametrize(
    ("host", "origin", "refused"),
    [
        ("127.0.0.1:8000", None, None),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", None),
        ("LOCALHOST:8000", "http://localhost:8000", None),
        ("127.0.0.1:8000", EVIL, "Origin"),
        ("127.0.0.1:8000", "http://127.0.0.1:9000", "Origin"),
        ("127.0.0.1:8000", "https://127.0.0.1:8000", "Origin"),
        ("127.0.0.1:8000", "null", "Origin"),
        ("127.0.0.1:8000", "http://127.0.0.1:8000@evil.example", "Origin"),
        ("evil.example:8000", None, "Host"),
        ("evil.example:8000", "http://evil.example:8000", "Host"),
        ("127.0.0.1", None, "Host"),
        ("127.0.0.1:8000/x", None, "Host"),
    ],
)
def test_only_the_served_address_is_allowed(host: str, origin: str | None, refused: str) -> None:
    allowed = SameOrigin.of("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert allowed.refusal([host], [origin] if origin else []) == refused


def test_a_websocket_must_name_its_origin_a_page_need_not() -> None:
    allowed = SameOrigin.of("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert allowed.refusal(["127.0.0.1:8000"], [], websocket=True) == "Origin"
    assert allowed.refusal(["127.0.0.1:8000"], ["http://127.0.0.1:8000"], websocket=True) is None
    assert allowed.refusal(["127.0.0.1:8000"], [], websocket=False) is None


def test_no_host_or_two_of_a_header_are_refused() -> None:
    allowed = SameOrigin.of("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert allowed.refusal([], []) == "Host"
    assert allowed.refusal(["127.0.0.1:8000", "evil.example"], []) == "Host"
    assert allowed.refusal(["127.0.0.1:8000"], ["http://127.0.0.1:8000", EVIL]) == "Origin"


def test_the_public_url_and_ipv6_addresses() -> None:
    allowed = SameOrigin.of("0.0.0.0", 8000, "https://TUI.example.com")
    for host in ("tui.example.com", "tui.example.com:443", "0.0.0.0:8000"):
        assert allowed.refusal([host], ["https://tui.example.com"]) is None
    assert allowed.refusal(["tui.example.com"], ["https://tui.example.com:443"]) is None
    assert allowed.refusal(["tui.example.com"], ["http://tui.example.com"]) == "Origin"
    assert allowed.refusal(["tui.example.com:8000"], []) == "Host"
    assert allowed.refusal(["localhost:8000"], []) == "Host"  # 0.0.0.0 is no loopback name

    ipv6 = SameOrigin.of("::1", 8001, "http://[::1]:8001")
    assert ipv6.refusal(["[::1]:8001"], ["http://[::1]:8001"]) is None
    assert ipv6.refusal(["localhost:8001"], ["http://localhost:8001"]) is None
    assert ipv6.refusal(["[::2]:8001"], []) == "Host"


@pytest.mark.parametrize("url", ["tui.example.com", "ftp://tui.example.com", "https://"])
def test_a_public_url_that_is_no_http_url_is_refused(url: str) -> None:
    with pytest.raises(ServeError, match="--public-url"):
        SameOrigin.of("127.0.0.1", 8000, url)


async def _refused(http: aiohttp.ClientSession, url: str, **headers: str) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        async with http.ws_connect(url, headers=headers):
            pass
    assert refused.value.status == 403


async def _screen_starts(http: aiohttp.ClientSession, url: str, **headers: str) -> None:
    """A websocket that is accepted, and streams the started app's screen."""
    async with http.ws_connect(url, headers=headers) as ws:
        await ws.send_json(["resize", {"width": 100, "height": 30}])
        message = await ws.receive(timeout=20)
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message


async def test_another_sites_websocket_is_refused_and_starts_nothing(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    served = serve()
    ws_url = f"{served.base}/ws?width=100&height=30"
    await _refused(http, ws_url, Origin=EVIL)
    await _refused(http, ws_url, Origin="null")
    # DNS rebinding: the attacker's own name, resolved to 127.0.0.1, so same-origin to it.
    rebound = f"http://evil.example:{served.port}"
    await _refused(http, ws_url, Origin=rebound, Host=f"evil.example:{served.port}")
    await asyncio.sleep(1)  # a process started anyway would show by now
    assert served.apps() == set()
    assert "refused GET /ws: Origin 'https://evil.example'" in served.output()

    # The page's own origin, under either loopback name: the app starts.
    await _screen_starts(http, ws_url, Origin=served.base)
    await _screen_starts(http, ws_url, Origin=f"http://localhost:{served.port}")
    assert served.apps() != set()


async def test_a_websocket_without_an_origin_is_refused_and_starts_nothing(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    """Every browser sends Origin on a websocket; a client that leaves it out is no page of
    ours (a script, a browser extension, a proxied request): refused before a process."""
    served = serve()
    ws_url = f"{served.base}/ws?width=100&height=30"
    await _refused(http, ws_url)  # aiohttp sends no Origin unless given one
    await asyncio.sleep(1)  # a process started anyway would show by now
    assert served.apps() == set()
    assert "refused GET /ws: Origin '' is not" in served.output()
    # A top-level page load carries no Origin, and is served.
    async with http.get(served.base) as page:
        assert page.status == 200
    await _screen_starts(http, ws_url, Origin=served.base)


async def test_the_page_is_refused_under_another_host_name(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    served = serve()
    async with http.get(served.base, headers={"Host": f"evil.example:{served.port}"}) as page:
        assert page.status == 403
        assert "Forbidden" in await page.text()
    async with http.get(f"{served.base}/static/css/xterm.css", headers={"Origin": EVIL}) as css:
        assert css.status == 403
    async with http.get(served.base) as page:
        assert page.status == 200
        assert f'"ws://127.0.0.1:{served.port}/ws"' in await page.text()


async def test_the_public_url_is_allowed(
    serve: Callable[..., Served], http: aiohttp.ClientSession
) -> None:
    public = "https://tui.example.com"
    served = serve("--public-url", f"{public}/")
    async with http.get(served.base, headers={"Host": "tui.example.com"}) as page:
        assert page.status == 200
        assert '"wss://tui.example.com/ws"' in await page.text()
    ws_url = f"{served.base}/ws"
    await _screen_starts(http, ws_url, Origin=public, Host="tui.example.com")
    await _screen_starts(http, ws_url, Origin=public)  # a proxy that gives its own Host
    await _refused(http, ws_url, Origin=EVIL, Host="tui.example.com")
