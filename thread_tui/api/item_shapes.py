"""Light shape checks of the item and message answers, for calls that return the server's JSON
as it came (no pydantic): a wrong shape is a `ResponseFormatError` saying what was wrong.

Only what a caller relies on is checked: an item is an object with a string `id` and `type`;
a message has `object: "thread.message"` and a string `id`; a list is `object: "list"` with
`data` a list of such entries and `has_more` a boolean. Unknown fields are kept.
"""

from __future__ import annotations

from typing import Any

from thread_tui.api.errors import ResponseFormatError
from thread_tui.api.exchange import Exchange
from thread_tui.api.parsing import json_type
from thread_tui.core.inert import inert


def _problem_of_entry(value: Any, what: str) -> str | None:
    if not isinstance(value, dict):
        return f"expected a JSON object, got {json_type(value)}"
    if not isinstance(value.get("id"), str):
        return "it has no string 'id'"
    if what == "item" and not isinstance(value.get("type"), str):
        return "it has no string 'type'"
    if what == "message" and value.get("object") != "thread.message":
        return f"'object' is {_shown(value.get('object'))}, expected 'thread.message'"
    return None


def check_entry(data: Any, what: str, exchange: Exchange) -> dict[str, Any]:
    """`data` as one item (`what="item"`) or thread message (`what="message"`)."""
    problem = _problem_of_entry(data, what)
    if problem is not None:
        raise _error(f"The server's answer is not a valid {_noun(what)}: {problem}.", exchange)
    return dict(data)


def check_list(data: Any, what: str, exchange: Exchange) -> dict[str, Any]:
    """`data` as a list object of items or messages."""
    noun = f"list of {_noun(what)}s"
    if not isinstance(data, dict):
        problem: str | None = f"expected a JSON object, got {json_type(data)}"
    elif data.get("object") != "list":
        problem = f"'object' is {_shown(data.get('object'))}, expected 'list'"
    elif not isinstance(data.get("data"), list):
        problem = "'data' is not a list"
    elif not isinstance(data.get("has_more", False), bool):
        problem = "'has_more' is not a boolean"
    else:
        problem = None
        for index, entry in enumerate(data["data"]):
            inner = _problem_of_entry(entry, what)
            if inner is not None:
                problem = f"'data[{index}]': {inner}"
                break
    if problem is not None:
        raise _error(f"The server's answer is not a valid {noun}: {problem}.", exchange)
    return dict(data)


def check_created(data: Any, sent: int, exchange: Exchange) -> dict[str, Any]:
    """The list of created items: as `check_list`, with one entry per item sent."""
    page = check_list(data, "item", exchange)
    got = len(page["data"])
    if got != sent:
        raise _error(
            f"The server's answer lists {got} created item{'s' if got != 1 else ''} for the "
            f"{sent} sent; check the conversation's items before adding them again.",
            exchange,
        )
    return page


def _error(message: str, exchange: Exchange) -> ResponseFormatError:
    return ResponseFormatError(message, request_id=exchange.request_id, exchange=exchange)


def _noun(what: str) -> str:
    return "conversation item" if what == "item" else "thread message"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(inert(value[:40]))
    return json_type(value)
