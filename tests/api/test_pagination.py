"""Lists arrive page by page (so a picker fills as they come), follow `after=last_id` while
`has_more`, and stop when a server repeats its cursor."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from thread_tui.api import ApiClient
from thread_tui.core.models import FileObject, ListPage, VectorStore
from thread_tui.emulator import Emulator


async def test_files_follow_the_cursor(client: ApiClient, emu: Emulator) -> None:
    expected = sorted(f["id"] for f in emu.files.values() if f["purpose"] == "assistants")
    pages = [page async for page in client.iter_file_pages(page_size=25)]
    assert all(isinstance(page, ListPage) for page in pages)
    assert [len(p.data) for p in pages[:-1]] == [25] * (len(pages) - 1)
    assert not pages[-1].has_more
    ids = [item.id for page in pages for item in page.data]
    assert sorted(ids) == expected and len(set(ids)) == len(ids)
    afters = [r.query.get("after") for r in emu.requests]
    assert afters == [None] + [p.last_id for p in pages[:-1]]
    assert all(
        r.query["purpose"] == "assistants" and r.query["limit"] == "25" for r in emu.requests
    )


async def test_pages_are_yielded_as_they_arrive(client: ApiClient, emu: Emulator) -> None:
    pages = client.iter_vector_store_pages(page_size=2)
    first = await anext(pages)
    assert len(first.data) == 2 and first.has_more
    assert len(emu.requests) == 1  # the second page is not asked for until it is wanted
    rest = [page async for page in pages]
    assert [len(p.data) for p in rest] == [2, 1]
    assert all(isinstance(item, VectorStore) for page in rest for item in page.data)


async def test_list_all_helpers(client: ApiClient) -> None:
    files = await client.list_all_files(page_size=7)
    assert files and all(isinstance(f, FileObject) for f in files)
    assert all(f.purpose == "assistants" for f in files)
    stores = await client.list_all_vector_stores(page_size=3)
    assert len(stores) == 5 and len({s.id for s in stores}) == 5


async def test_vector_store_page_size_is_clamped_to_100(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    route = router.get("/vector_stores").respond(200, json={"object": "list", "data": []})
    await rx_client.list_all_vector_stores(page_size=500)
    assert route.calls.last.request.url.params["limit"] == "100"
    assert "openai-beta" not in route.calls.last.request.headers


def _page(ids: list[str], *, last_id: str | None, has_more: bool) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": i, "object": "file", "created_at": 1, "filename": i} for i in ids],
        "first_id": ids[0] if ids else None,
        "last_id": last_id,
        "has_more": has_more,
    }


async def test_a_repeated_cursor_stops_the_loop(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    route = router.get("/files").mock(
        side_effect=[
            httpx.Response(200, json=_page(["file-1", "file-2"], last_id="file-2", has_more=True)),
            httpx.Response(200, json=_page(["file-3", "file-2"], last_id="file-2", has_more=True)),
            httpx.Response(200, json=_page(["file-9"], last_id="file-9", has_more=False)),
        ]
    )
    pages = [page async for page in rx_client.iter_file_pages()]
    assert len(pages) == 2 and route.call_count == 2
    assert route.calls[1].request.url.params["after"] == "file-2"


async def test_a_cursor_cycle_stops_the_loop(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    pages = [
        _page(["file-1"], last_id="file-1", has_more=True),
        _page(["file-2"], last_id="file-2", has_more=True),
        _page(["file-1"], last_id="file-1", has_more=True),
    ]
    route = router.get("/files").mock(
        side_effect=[httpx.Response(200, json=p) for p in pages]
        + [httpx.Response(500)] * 5  # never reached
    )
    assert len([p async for p in rx_client.iter_file_pages()]) == 3
    assert route.call_count == 3


async def test_a_missing_last_id_uses_the_last_item(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    route = router.get("/files").mock(
        side_effect=[
            httpx.Response(200, json=_page(["file-1", "file-2"], last_id=None, has_more=True)),
            httpx.Response(200, json=_page(["file-3"], last_id=None, has_more=False)),
        ]
    )
    files = await rx_client.list_all_files()
    assert [f.id for f in files] == ["file-1", "file-2", "file-3"]
    assert route.calls[1].request.url.params["after"] == "file-2"


async def test_an_empty_page_claiming_more_stops(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    route = router.get("/files").respond(200, json=_page([], last_id=None, has_more=True))
    assert await rx_client.list_all_files() == []
    assert route.call_count == 1
