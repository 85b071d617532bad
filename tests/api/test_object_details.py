"""`get_file_detail` / `get_vector_store_detail`: one file's or store's details for the tools
panel, read without pydantic, with the body's shape checked and the ID checked before sending."""

from __future__ import annotations

import json
import sys

import pytest

from thread_tui.api import ApiClient, ClientError, NotFoundError, ResponseFormatError
from thread_tui.emulator import Emulator


async def test_a_file_and_a_store_are_read_into_details(client: ApiClient, emu: Emulator) -> None:
    file = next(iter(emu.files.values()))
    detail = await client.get_file_detail(file["id"])
    assert (detail.id, detail.kind, detail.name) == (file["id"], "file", file["filename"])
    assert (detail.size, detail.status) == (file["bytes"], file["status"])
    store = next(iter(emu.vector_stores.values()))
    found = await client.get_vector_store_detail(store["id"])
    assert (found.kind, found.name, found.size) == ("store", store["name"], store["usage_bytes"])
    assert [r.path for r in emu.requests] == [
        f"/v1/files/{file['id']}",
        f"/v1/vector_stores/{store['id']}",
    ]


async def test_an_unknown_id_is_the_real_apis_404(client: ApiClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.get_file_detail("file-nope")
    assert "No such File object: file-nope" in caught.value.user_message()
    with pytest.raises(NotFoundError) as store:
        await client.get_vector_store_detail("vs_nope")
    assert "No vector store found with id 'vs_nope'." in store.value.user_message()


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"object": "file"},
        {"id": "file-other", "object": "file"},
        {"id": "ID", "object": "vector_store"},
        {"id": "ID", "object": "file", "bytes": "12"},
        {"id": "ID", "object": "file", "filename": 3},
        {"id": "ID", "object": "file", "bytes": True},
    ],
)
async def test_a_body_of_the_wrong_shape_is_a_format_error(
    client: ApiClient, emu: Emulator, body: object
) -> None:
    file_id = next(iter(emu.files))
    text = json.dumps(body).replace('"ID"', json.dumps(file_id))
    emu.faults.inject(200, body=text, match=f"GET /v1/files/{file_id}")
    with pytest.raises(ResponseFormatError) as caught:
        await client.get_file_detail(file_id)
    assert caught.value.user_message().startswith("The server's answer is not a valid file")


@pytest.mark.parametrize("bad", ["", "../threads/thread_abc123", "file x", "f" * 129, "file-\x1b"])
async def test_an_id_that_is_no_file_id_is_refused_unsent(
    client: ApiClient, emu: Emulator, bad: str
) -> None:
    with pytest.raises(ClientError) as caught:
        await client.get_file_detail(bad)
    assert "is not a valid file ID" in caught.value.user_message()
    assert "\x1b" not in caught.value.user_message()
    assert not emu.requests


async def test_a_lookup_is_not_the_last_exchange(client: ApiClient, emu: Emulator) -> None:
    await client.get_resource("thread_tools")
    loaded = client.last_exchange
    await client.get_file_detail(next(iter(emu.files)))
    assert client.last_exchange is loaded and len(client.history) == 1


def test_the_details_need_no_pydantic() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from thread_tui.core.resource_details import parse_detail\n"
        "parse_detail('file', {'id': 'file-1', 'object': 'file', 'bytes': 3})\n"
        "assert not [m for m in sys.modules if m.startswith('pydantic')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
