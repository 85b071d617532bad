"""The emulator's metadata rules at their edges: conversations merge like threads, and each
limit (64-character keys, 512-character values, 16 pairs) allows exactly the limit.

Each test here was written against a planted bug that the rest of the suite let through:
a conversation update that replaced the stored map, and a key-length check off by one.
"""

from __future__ import annotations

import httpx
import pytest

from thread_tui.core import limits


@pytest.mark.parametrize("path", ["/threads/thread_abc123", "/conversations/conv_abc123"])
async def test_an_update_merges_into_the_stored_metadata(
    http: httpx.AsyncClient, path: str
) -> None:
    before = (await http.get(path)).json()["metadata"]
    assert len(before) >= 2
    first_key = next(iter(before))
    response = await http.post(path, json={"metadata": {first_key: "changed", "added": "x"}})
    assert response.status_code == 200
    expected = {**before, first_key: "changed", "added": "x"}
    assert response.json()["metadata"] == expected
    assert (await http.get(path)).json()["metadata"] == expected


async def test_an_empty_conversation_update_keeps_every_pair(http: httpx.AsyncClient) -> None:
    before = (await http.get("/conversations/conv_abc123")).json()["metadata"]
    response = await http.post("/conversations/conv_abc123", json={"metadata": {}})
    assert response.status_code == 200
    assert response.json()["metadata"] == before


async def test_a_conversation_counts_pairs_after_the_merge(http: httpx.AsyncClient) -> None:
    path = "/conversations/conv_abc123"
    before = (await http.get(path)).json()["metadata"]
    room = limits.MAX_METADATA_PAIRS - len(before)
    fill = {f"n{i}": "v" for i in range(room)}
    assert (await http.post(path, json={"metadata": fill})).status_code == 200
    over = await http.post(path, json={"metadata": {"one_more": "v"}})
    assert over.status_code == 400
    assert over.json()["error"]["code"] == "object_above_max_properties"


@pytest.mark.parametrize("path", ["/threads/thread_abc123", "/conversations/conv_abc123"])
async def test_a_key_of_exactly_the_limit_is_allowed_one_more_is_refused(
    http: httpx.AsyncClient, path: str
) -> None:
    longest = "k" * limits.MAX_KEY_CHARS
    response = await http.post(path, json={"metadata": {longest: "v"}})
    assert response.status_code == 200, response.text
    assert response.json()["metadata"][longest] == "v"
    too_long = await http.post(path, json={"metadata": {longest + "k": "v"}})
    assert too_long.status_code == 400
    error = too_long.json()["error"]
    assert (error["param"], error["code"]) == ("metadata", "invalid_value")
    assert f"got a key with length {limits.MAX_KEY_CHARS + 1}" in error["message"]


async def test_a_value_of_exactly_the_limit_is_allowed_one_more_is_refused(
    http: httpx.AsyncClient,
) -> None:
    path = "/threads/thread_abc123"
    longest = "v" * limits.MAX_VALUE_CHARS
    response = await http.post(path, json={"metadata": {"a": longest}})
    assert response.status_code == 200, response.text
    too_long = await http.post(path, json={"metadata": {"a": longest + "v"}})
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "string_above_max_length"


def test_the_limits_are_the_api_s() -> None:
    # The edges above are only meaningful if they are the documented ones.
    assert (limits.MAX_KEY_CHARS, limits.MAX_VALUE_CHARS, limits.MAX_METADATA_PAIRS) == (
        64,
        512,
        16,
    )
