"""One thread message through the emulator: `GET`, `POST` (metadata only, merged as a thread's,
with the 16 / 64 / 512 limits) and `DELETE /threads/{id}/messages/{message_id}`; answers checked
against the official schemas, in process and through the real 127.0.0.1 server (`http`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from thread_tui.emulator import Emulator

THREAD = "/threads/thread_abc123/messages"


def first_id(emu: Emulator) -> str:
    return str(emu.messages["thread_abc123"][0]["id"])


async def test_a_message_is_read_as_the_spec_says(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    mid = first_id(emu)
    response = await http.get(f"{THREAD}/{mid}")
    assert response.status_code == 200
    schemas.validate("MessageObject", response.json())
    assert response.json() == emu.messages["thread_abc123"][0]


async def test_metadata_is_merged_and_a_key_never_removed(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    mid = first_id(emu)
    emu.messages["thread_abc123"][0]["metadata"] = {"keep": "1", "change": "old"}
    body = {"metadata": {"change": "new", "added": ""}}
    assert schemas.errors("ModifyMessageRequest", body) == []
    response = await http.post(f"{THREAD}/{mid}", json=body)
    assert response.status_code == 200, response.text
    schemas.validate("MessageObject", response.json())
    assert response.json()["metadata"] == {"keep": "1", "change": "new", "added": ""}
    again = await http.post(f"{THREAD}/{mid}", json={})
    assert again.json()["metadata"] == {"keep": "1", "change": "new", "added": ""}
    stored = await http.get(f"{THREAD}/{mid}")
    assert stored.json()["metadata"] == {"keep": "1", "change": "new", "added": ""}
    # only the metadata changed
    assert {k: v for k, v in stored.json().items() if k != "metadata"} == {
        k: v for k, v in emu.messages["thread_abc123"][0].items() if k != "metadata"
    }


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"content": "new text"}, "content", None),
        ({"metadata": {"k": None}}, "metadata.k", "invalid_type"),
        ({"metadata": {"k": 1}}, "metadata.k", "invalid_type"),
        ({"metadata": "x"}, "metadata", "invalid_type"),
        ({"metadata": {"k" * 65: "v"}}, "metadata", "invalid_value"),
        ({"metadata": {"k": "v" * 513}}, "metadata.k", "string_above_max_length"),
        (
            {"metadata": {f"k{n}": "v" for n in range(17)}},
            "metadata",
            "object_above_max_properties",
        ),
    ],
)
async def test_bad_modify_bodies_are_the_real_400s(
    http: httpx.AsyncClient,
    emu: Emulator,
    body: dict[str, Any],
    param: str,
    code: str | None,
    schemas: Any,
) -> None:
    mid = first_id(emu)
    before = dict(emu.messages["thread_abc123"][0])
    response = await http.post(f"{THREAD}/{mid}", json=body)
    assert response.status_code == 400
    schemas.validate("ErrorResponse", response.json())
    assert response.json()["error"]["param"] == param
    assert response.json()["error"]["code"] == code
    assert emu.messages["thread_abc123"][0] == before


async def test_sixteen_pairs_are_counted_after_the_merge(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    mid = first_id(emu)
    emu.messages["thread_abc123"][0]["metadata"] = {f"k{n}": "v" for n in range(15)}
    assert (await http.post(f"{THREAD}/{mid}", json={"metadata": {"k0": "w"}})).status_code == 200
    assert (await http.post(f"{THREAD}/{mid}", json={"metadata": {"n1": "v"}})).status_code == 200
    over = await http.post(f"{THREAD}/{mid}", json={"metadata": {"n2": "v"}})
    assert over.status_code == 400
    assert over.json()["error"]["code"] == "object_above_max_properties"


async def test_delete_and_the_list_keeps_its_order(
    http: httpx.AsyncClient, emu: Emulator, schemas: Any
) -> None:
    ids = [m["id"] for m in emu.messages["thread_abc123"]]
    response = await http.delete(f"{THREAD}/{ids[1]}")
    assert response.status_code == 200
    schemas.validate("DeleteMessageResponse", response.json())
    assert response.json() == {"id": ids[1], "object": "thread.message.deleted", "deleted": True}
    gone = await http.get(f"{THREAD}/{ids[1]}")
    assert gone.status_code == 404
    assert gone.json()["error"]["message"] == f"No message found with id '{ids[1]}'."
    page = (await http.get(THREAD, params={"order": "asc", "limit": "3"})).json()
    schemas.validate("ListMessagesResponse", page)
    assert [m["id"] for m in page["data"]] == [ids[0], ids[2], ids[3]]
    newest = (await http.get(THREAD, params={"limit": "2"})).json()
    assert [m["id"] for m in newest["data"]] == ids[::-1][:2]


async def test_a_message_of_another_thread_is_not_found(
    http: httpx.AsyncClient, emu: Emulator
) -> None:
    theirs = first_id(emu)
    for method in ("GET", "POST", "DELETE"):
        body = {"metadata": {}} if method == "POST" else None
        response = await http.request(
            method, f"/threads/thread_full16/messages/{theirs}", json=body
        )
        assert response.status_code == 404
        assert response.json()["error"]["message"] == f"No message found with id '{theirs}'."
    assert theirs in {m["id"] for m in emu.messages["thread_abc123"]}
    missing = await http.get(f"/threads/thread_nope/messages/{theirs}")
    assert missing.json()["error"]["message"] == "No thread found with id 'thread_nope'."


async def test_the_beta_header_is_required(http: httpx.AsyncClient, emu: Emulator) -> None:
    response = await http.get(f"{THREAD}/{first_id(emu)}", headers={"OpenAI-Beta": ""})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_beta"
    assert (await http.get(f"{THREAD}/{first_id(emu)}")).status_code == 200


async def test_a_modify_honours_injected_faults(http: httpx.AsyncClient, emu: Emulator) -> None:
    mid = first_id(emu)
    emu.faults.inject(503)
    failed = await http.post(f"{THREAD}/{mid}", json={"metadata": {"a": "b"}})
    assert failed.status_code == 503
    assert "a" not in emu.messages["thread_abc123"][0]["metadata"]
    ok = await http.post(f"{THREAD}/{mid}", json={"metadata": {"a": "b"}})
    assert ok.status_code == 200
    assert emu.messages["thread_abc123"][0]["metadata"]["a"] == "b"
    logged = [r for r in emu.mutating_requests() if mid in r.path]
    assert [r.status for r in logged] == [503, 200]
    assert logged[1].json == {"metadata": {"a": "b"}}
