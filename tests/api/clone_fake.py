"""A small fake of the ApiClient methods a clone uses (`clone_runner.CloneClient`): the items
and messages of one source, the calls made with their bodies, and a failure on the Nth call."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from thread_tui.api.errors import ServerError
from thread_tui.core.ids import ResourceKind


class FakeCloneClient:
    def __init__(
        self,
        source: dict[str, Any],
        entries: Sequence[dict[str, Any]],
        *,
        fail_on_call: int | None = None,
        hang_on_call: int | None = None,
    ) -> None:
        self.source = source
        self.entries = list(entries)
        self.calls: list[tuple[str, Any]] = []
        self.fail_on_call = fail_on_call
        self.hang_on_call = hang_on_call
        self.made: dict[str, list[dict[str, Any]]] = {}
        self.metadata: dict[str, dict[str, str]] = {}

    async def _step(self, name: str, body: Any) -> None:
        self.calls.append((name, body))
        if self.hang_on_call == len(self.calls):
            await asyncio.Event().wait()
        if self.fail_on_call == len(self.calls):
            raise ServerError(503, "Service Unavailable", method="POST", url="http://x/v1/" + name)

    async def call_json(
        self,
        method: str,
        resource_id: str | None,
        body: dict[str, Any] | None = None,
        *,
        kind: ResourceKind | None = None,
    ) -> dict[str, Any]:
        await self._step(f"{method} {resource_id}", body)
        return dict(self.source)

    def _page(self, limit: int, order: str, after: str | None) -> dict[str, Any]:
        assert order == "asc"
        ids = [e["id"] for e in self.entries]
        start = ids.index(after) + 1 if after else 0
        data = self.entries[start : start + limit]
        return {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
            "has_more": start + limit < len(self.entries),
        }

    async def list_items_page(
        self,
        conversation_id: str,
        *,
        limit: int = 20,
        order: str = "desc",
        after: str | None = None,
    ) -> dict[str, Any]:
        await self._step("list_items", {"limit": limit, "order": order, "after": after})
        return self._page(limit, order, after)

    async def list_messages_page(
        self, thread_id: str, *, limit: int = 20, order: str = "desc", after: str | None = None
    ) -> dict[str, Any]:
        await self._step("list_messages", {"limit": limit, "order": order, "after": after})
        return self._page(limit, order, after)

    async def create_conversation_with_items(
        self, metadata: Mapping[str, str], items: Sequence[Mapping[str, Any]] = ()
    ) -> dict[str, Any]:
        assert len(items) <= 20
        await self._step("create", {"metadata": dict(metadata), "items": list(items)})
        new_id = f"conv_new{len(self.made)}"
        self.made[new_id] = [dict(i) for i in items]
        self.metadata[new_id] = dict(metadata)
        return {"id": new_id, "object": "conversation", "created_at": 1, "metadata": dict(metadata)}

    async def add_items(
        self, conversation_id: str, items: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        if len(items) > 20:
            raise ValueError("more than 20 items")
        await self._step("add", {"items": list(items)})
        self.made[conversation_id].extend(dict(i) for i in items)
        return {"object": "list", "data": list(items), "has_more": False}


def message(n: int, role: str = "user") -> dict[str, Any]:
    kind = "output_text" if role == "assistant" else "input_text"
    return {
        "type": "message",
        "id": f"msg_{n:04d}",
        "status": "completed",
        "role": role,
        "content": [{"type": kind, "text": f"text {n}"}],
    }
