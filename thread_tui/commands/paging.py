"""Reading a whole list, page by page: `after=<last_id>` while `has_more`, up to a number of
entries, into one list object.

The official CLI's `list` pages on the same way (its --max-items, -1 for all). The result is
one list object, `{"object": "list", "data": [...], "first_id", "last_id", "has_more"}`, so
that json and yaml print one document and jsonl one line per entry; `has_more` says whether
the server holds more than was read. A server is not trusted to end its list: a page that
brings nothing new while claiming more stops the reading, and so does the overall cap.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from thread_tui.commands.sub_args import MAX_LISTED
from thread_tui.commands.sub_run import Partial

FetchPage = Callable[[str | None], Awaitable[dict[str, Any]]]


def list_object(data: list[Any], has_more: bool) -> dict[str, Any]:
    def entry_id(entry: Any) -> Any:
        return entry.get("id") if isinstance(entry, dict) else None

    return {
        "object": "list",
        "data": data,
        "first_id": entry_id(data[0]) if data else None,
        "last_id": entry_id(data[-1]) if data else None,
        "has_more": has_more,
    }


async def collect(
    fetch: FetchPage, *, after: str | None, max_items: int, noun: str
) -> dict[str, Any]:
    """Every entry from `after` on (at most `max_items`; -1: all, up to MAX_LISTED).

    A single page read whole is returned as the server sent it. An error after the first
    page raises `Partial` with the entries read so far."""
    from thread_tui.api import ClientError

    wanted = MAX_LISTED if max_items < 0 else max_items
    data: list[Any] = []
    pages: list[dict[str, Any]] = []
    seen: set[str] = set()
    cursor = after
    while True:
        try:
            page = await fetch(cursor)
        except ClientError as exc:
            if not pages:
                raise
            note = f"read {len(data)} {noun} in {len(pages)} pages before a page failed"
            raise Partial(list_object(data, True), note, exc) from None
        entries = page["data"]
        more = bool(page.get("has_more"))
        last = page.get("last_id")
        if not isinstance(last, str) and entries and isinstance(entries[-1], dict):
            last = entries[-1].get("id")
        if more and (not entries or not isinstance(last, str) or last in seen or last == cursor):
            note = (
                f"the server's list does not move on (has_more, but the page after "
                f"{cursor!r} brings nothing new); stopped after {len(data)} {noun}"
            )
            raise Partial(list_object(data, True), note, None)
        pages.append(page)
        room = wanted - len(data)
        data.extend(entries[:room])
        if len(entries) > room or (len(data) >= wanted and more):
            if max_items < 0:
                from thread_tui.commands.sub_run import tell

                tell(f"warning: stopped at {MAX_LISTED} {noun}, the most one run reads")
            return list_object(data, True)
        if not more:
            break
        assert isinstance(last, str)  # checked with the stall above
        seen.add(last)
        cursor = last
    if len(pages) == 1:
        return pages[0]
    return list_object(data, False)
