"""Routing and handlers: the endpoints' behaviour, with the real API's checks and messages."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from thread_tui.emulator import validation as v
from thread_tui.emulator.errors import (
    ApiFailure,
    GatewayFailure,
    bad_request,
    invalid_type,
    json_type_name,
)

if TYPE_CHECKING:
    from thread_tui.emulator.state import Emulator, EmuRequest

Payload = dict[str, Any]
Result = tuple[int, Payload]


def route(emu: Emulator, request: EmuRequest) -> Result:
    """Answer one request. Raises ApiFailure for every error answer."""
    path = request.path
    prefix = emu.base_path + "/"
    if not path.startswith(prefix):
        raise _azure_not_found() if emu.azure else _unknown_url(request)
    parts = path[len(prefix) :].rstrip("/").split("/")
    if emu.azure:
        _authenticate_azure(emu, request)
        _require_api_version(request)
    else:
        _authenticate(emu, request)
    method = request.method
    head = parts[0]
    if head == "threads":
        _require_beta(request)
        if len(parts) == 1 and method == "POST":
            return _create_thread(emu, request)
        if len(parts) == 2:
            return _thread_item(emu, request, parts[1])
        if len(parts) == 3 and parts[2] == "messages" and method == "GET":
            return _list_messages(emu, request, parts[1])
        if len(parts) == 4 and parts[2] == "messages" and method in ("GET", "POST", "DELETE"):
            from thread_tui.emulator import messages

            return messages.one_message(
                emu, request, parts[1], parts[3], lambda: _json_body(request), _thread
            )
    elif head == "conversations":
        if len(parts) == 1 and method == "POST":
            return _create_conversation(emu, request)
        if len(parts) == 2:
            return _conversation_item(emu, request, parts[1])
        if len(parts) == 3 and parts[2] == "items" and method == "GET":
            return _list_items(emu, request, parts[1])
        if len(parts) == 3 and parts[2] == "items" and method == "POST":
            from thread_tui.emulator import items

            return items.add_items(emu, request, parts[1], _json_body(request), _conversation)
        if len(parts) == 4 and parts[2] == "items" and method in ("GET", "DELETE"):
            from thread_tui.emulator import items

            return items.one_item(emu, request, parts[1], parts[3], _conversation)
    elif head == "files" and len(parts) == 1 and method == "GET":
        return _list_files(emu, request)
    elif head == "files" and len(parts) == 2 and method == "GET":
        return _get_file(emu, parts[1])
    elif head == "vector_stores" and len(parts) == 1 and method == "GET":
        return _list_vector_stores(emu, request)
    elif head == "vector_stores" and len(parts) == 2 and method == "GET":
        return _get_vector_store(emu, parts[1])
    raise _azure_not_found() if emu.azure else _unknown_url(request)


def _unknown_url(request: EmuRequest) -> ApiFailure:
    return ApiFailure(
        404,
        f"Invalid URL ({request.method} {request.path})",
        param=None,
        code=None,
    )


def _authenticate(emu: Emulator, request: EmuRequest) -> None:
    header = request.headers.get("authorization", "")
    key = header[len("Bearer ") :].strip() if header.startswith("Bearer ") else ""
    if not key:
        raise ApiFailure(
            401,
            "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or "
            "as the password field (with blank username) if you're accessing the API from your "
            "browser and are prompted for a username and password. You can obtain an API key "
            "from https://platform.openai.com/account/api-keys.",
            param=None,
            code=None,
        )
    if emu.accept_any_key or key in emu.api_keys:
        return
    shown = f"{key[:3]}*{key[-4:]}" if len(key) > 8 else "****"
    raise ApiFailure(
        401,
        f"Incorrect API key provided: {shown}. You can find your API key at "
        "https://platform.openai.com/account/api-keys.",
        param=None,
        code="invalid_api_key",
    )


# Azure's gateway answers in its own shapes (`code` is a string there), not the API's.
AZURE_MISSING_KEY = (
    "Access denied due to missing subscription key. Make sure to include subscription key "
    "when making requests to an API."
)
AZURE_INVALID_KEY = (
    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide "
    "a valid key for an active subscription and use a correct regional API endpoint for your "
    "resource."
)
AZURE_BEARER_REFUSED = (
    "Unauthorized. Access token is missing, invalid, audience is incorrect "
    "(https://cognitiveservices.azure.com), or have expired."
)


def _authenticate_azure(emu: Emulator, request: EmuRequest) -> None:
    """The `api-key` header. A Bearer header alone is read as an Entra ID token, which an
    API key is not: Azure refuses it with a 401 of another shape."""
    key = request.headers.get("api-key", "").strip()
    if not key:
        if request.headers.get("authorization", "").strip():
            raise GatewayFailure(401, {"statusCode": 401, "message": AZURE_BEARER_REFUSED})
        raise GatewayFailure(401, {"error": {"code": "401", "message": AZURE_MISSING_KEY}})
    if emu.accept_any_key or key in emu.api_keys:
        return
    raise GatewayFailure(401, {"error": {"code": "401", "message": AZURE_INVALID_KEY}})


def _require_api_version(request: EmuRequest) -> None:
    # Azure answers a call without api-version with a bare 404 rather than a 400.
    if not request.query.get("api-version", "").strip():
        raise _azure_not_found()


def _azure_not_found() -> ApiFailure:
    return GatewayFailure(404, {"error": {"code": "404", "message": "Resource not found"}})


def _require_beta(request: EmuRequest) -> None:
    if request.headers.get("openai-beta", "").strip() != "assistants=v2":
        raise bad_request(
            "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please "
            "try again by setting the header 'OpenAI-Beta: assistants=v2'.",
            code="invalid_beta",
        )


def _json_body(request: EmuRequest) -> Payload:
    if not request.body.strip():
        return {}
    try:
        parsed = json.loads(request.body)
    except (ValueError, RecursionError):  # nested too deep to parse is not JSON to us either
        parsed = None
    return v.require_object(parsed)


# -- threads -----------------------------------------------------------------------------


def _thread(emu: Emulator, thread_id: str) -> Payload:
    thread = emu.threads.get(thread_id)
    if thread is None:
        raise ApiFailure(404, f"No thread found with id '{thread_id}'.")
    return thread


def _thread_item(emu: Emulator, request: EmuRequest, thread_id: str) -> Result:
    with emu.lock:
        if request.method == "GET":
            return 200, copy.deepcopy(_thread(emu, thread_id))
        if request.method == "POST":
            return _modify_thread(emu, request, thread_id)
        if request.method == "DELETE":
            _thread(emu, thread_id)
            del emu.threads[thread_id]
            emu.messages.pop(thread_id, None)
            return 200, {"id": thread_id, "object": "thread.deleted", "deleted": True}
    raise _unknown_url(request)


def _modify_thread(emu: Emulator, request: EmuRequest, thread_id: str) -> Result:
    body = _json_body(request)
    thread = _thread(emu, thread_id)
    v.reject_unknown_keys(body, v.THREAD_MODIFY_KEYS)
    current = thread.get("metadata") or {}
    metadata = v.check_metadata(body["metadata"], current) if "metadata" in body else None
    resources = v.check_tool_resources(body.get("tool_resources"), emu.files, emu.vector_stores)
    if metadata is not None:
        thread["metadata"] = {**current, **metadata}
    if resources is not None:
        merged = dict(thread.get("tool_resources") or {})
        merged.update(resources)
        thread["tool_resources"] = merged
    emu.threads[thread_id] = thread  # keeps a seeded thread's change (seed_fleet.py)
    return 200, copy.deepcopy(thread)


def _create_thread(emu: Emulator, request: EmuRequest) -> Result:
    body = _json_body(request)
    v.reject_unknown_keys(body, v.THREAD_CREATE_KEYS)
    metadata = v.check_metadata(body.get("metadata")) or {}
    resources = v.check_tool_resources(body.get("tool_resources"), emu.files, emu.vector_stores)
    messages = body.get("messages") or []
    if not isinstance(messages, list):
        raise invalid_type("messages", "an array", json_type_name(messages))
    with emu.lock:
        thread_id = emu.new_id("thread_")
        created = emu.now()
        thread = {
            "id": thread_id,
            "object": "thread",
            "created_at": created,
            "metadata": dict(metadata),
            "tool_resources": resources or {},
        }
        emu.threads[thread_id] = thread
        emu.messages[thread_id] = []
        for index, message in enumerate(messages):
            emu.messages[thread_id].append(_new_message(emu, thread_id, message, index, created))
        return 200, copy.deepcopy(thread)


def _new_message(emu: Emulator, thread_id: str, message: Any, index: int, created: int) -> Payload:
    if not isinstance(message, dict) or not isinstance(message.get("content"), str | list):
        raise bad_request("Each message needs a role and content.", param=f"messages[{index}]")
    role = message.get("role", "user")
    if role not in ("user", "assistant"):
        raise bad_request(
            f"Invalid value: '{role}'. Supported values are: 'user' and 'assistant'.",
            param=f"messages[{index}].role",
        )
    content = message["content"]
    text = content if isinstance(content, str) else json.dumps(content)
    return {
        "id": emu.new_id("msg_"),
        "object": "thread.message",
        "created_at": created,
        "thread_id": thread_id,
        "status": "completed",
        "incomplete_details": None,
        "completed_at": created,
        "incomplete_at": None,
        "role": role,
        "content": [{"type": "text", "text": {"value": text, "annotations": []}}],
        "assistant_id": None,
        "run_id": None,
        "attachments": [],
        "metadata": {},
    }


def _list_messages(emu: Emulator, request: EmuRequest, thread_id: str) -> Result:
    with emu.lock:
        _thread(emu, thread_id)
        items = list(emu.messages.get(thread_id, []))
    limit = v.page_limit(request.query.get("limit"), 20, 100)
    return 200, _page(items, request, limit)


# -- conversations -----------------------------------------------------------------------


def _conversation(emu: Emulator, conversation_id: str) -> Payload:
    conversation = emu.conversations.get(conversation_id)
    if conversation is None:
        raise ApiFailure(404, f"Conversation with id '{conversation_id}' not found.")
    return conversation


def _conversation_item(emu: Emulator, request: EmuRequest, conversation_id: str) -> Result:
    with emu.lock:
        if request.method == "GET":
            return 200, copy.deepcopy(_conversation(emu, conversation_id))
        if request.method == "POST":
            body = _json_body(request)
            conversation = _conversation(emu, conversation_id)
            v.reject_unknown_keys(body, frozenset({"metadata"}))
            if "metadata" not in body:
                raise bad_request("Missing required parameter: 'metadata'.", param="metadata")
            current = conversation.get("metadata") or {}
            metadata = v.check_metadata(body["metadata"], current)
            if metadata is not None:
                conversation["metadata"] = {**current, **metadata}
                emu.conversations[conversation_id] = conversation  # as for a thread
            return 200, copy.deepcopy(conversation)
        if request.method == "DELETE":
            _conversation(emu, conversation_id)
            del emu.conversations[conversation_id]
            emu.items.pop(conversation_id, None)
            return 200, {
                "id": conversation_id,
                "object": "conversation.deleted",
                "deleted": True,
            }
    raise _unknown_url(request)


def _list_items(emu: Emulator, request: EmuRequest, conversation_id: str) -> Result:
    """`GET /conversations/{id}/items`: items have no created_at; they are listed in the
    order they were added (`desc`, the default, is newest first)."""
    from thread_tui.emulator.items import check_include

    with emu.lock:
        _conversation(emu, conversation_id)
        items = list(emu.items.get(conversation_id, []))
    limit = v.page_limit(request.query.get("limit"), 20, 100)
    check_include(request)
    return 200, _page(items, request, limit, by_time=False)


def _create_conversation(emu: Emulator, request: EmuRequest) -> Result:
    """`POST /conversations`: up to 20 initial items (CreateConversationBody), all checked
    before the conversation is made, and stored in the order sent."""
    from thread_tui.emulator import input_items

    body = _json_body(request)
    v.reject_unknown_keys(body, v.CONVERSATION_KEYS)
    metadata = v.check_metadata(body.get("metadata")) or {}
    sent = input_items.check_item_list(body.get("items"), required=False, allow_empty=True)
    with emu.lock:
        # An item_reference has nothing to name in a conversation not yet made (a 404).
        items = input_items.build_items(sent, emu.new_id, ())
        conversation_id = emu.new_id("conv_")
        conversation = {
            "id": conversation_id,
            "object": "conversation",
            "created_at": emu.now(),
            "metadata": dict(metadata),
        }
        emu.conversations[conversation_id] = conversation
        emu.items[conversation_id] = items
        return 200, copy.deepcopy(conversation)


# -- files and vector stores ---------------------------------------------------------------


def _list_files(emu: Emulator, request: EmuRequest) -> Result:
    purpose = request.query.get("purpose")
    with emu.lock:
        items = [f for f in emu.files.values() if purpose is None or f["purpose"] == purpose]
    limit = v.page_limit(request.query.get("limit"), 10_000, 10_000)
    return 200, _page(items, request, limit)


def _get_file(emu: Emulator, file_id: str) -> Result:
    with emu.lock:
        found = emu.files.get(file_id)
        if found is None:
            # The real API's wording and param for a file it does not have.
            raise ApiFailure(404, f"No such File object: {file_id}", param="id")
        return 200, copy.deepcopy(found)


def _get_vector_store(emu: Emulator, store_id: str) -> Result:
    with emu.lock:
        found = emu.vector_stores.get(store_id)
        if found is None:
            raise ApiFailure(404, f"No vector store found with id '{store_id}'.")
        return 200, copy.deepcopy(found)


def _list_vector_stores(emu: Emulator, request: EmuRequest) -> Result:
    with emu.lock:
        items = list(emu.vector_stores.values())
    limit = v.page_limit(request.query.get("limit"), 20, 100)
    return 200, _page(items, request, limit)


def _page(
    items: list[Payload], request: EmuRequest, limit: int, *, by_time: bool = True
) -> Payload:
    """One page of a list, ordered by created_at (ties by id) or, without `by_time`, as
    given (oldest first), and cut by `after` / `before`."""
    order = v.order(request.query.get("order"))
    if by_time:
        ordered = sorted(items, key=lambda item: (item["created_at"], item["id"]))
    else:
        ordered = list(items)
    if order == "desc":
        ordered.reverse()
    ids = [item["id"] for item in ordered]
    start, stop = 0, len(ordered)
    after = request.query.get("after")
    before = request.query.get("before")
    if after is not None:
        if after not in ids:
            raise bad_request(f"No object found with id '{after}' for 'after'.", param="after")
        start = ids.index(after) + 1
    if before is not None:
        if before not in ids:
            raise bad_request(f"No object found with id '{before}' for 'before'.", param="before")
        stop = ids.index(before)
        start = max(start, stop - limit) if after is None else start
    window = ordered[start:stop]
    data = copy.deepcopy(window[:limit])
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": len(window) > limit,
    }
