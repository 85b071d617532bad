"""The async API client: one `httpx.AsyncClient` for the app's life, typed results and errors,
retries, and an `Exchange` record of every answer for the response inspector.

Every server is treated as hostile: each try has one deadline for all of it (connecting,
headers and the whole body: `total_timeout`), a request with its retries and waits has one too
(`Settings.deadline`), the body is read up to a cap (`max_response_bytes`) and parsed only when
it does not nest too deep. Each wait between tries is reported through `on_wait` as it starts.
A loopback base URL never goes through a proxy from the environment.

Every ID is checked with `core.ids.parse_id` before a request is built, and still quoted into
the path. The key is read from its `SecretStr` only here, when a request is sent, and is
scrubbed from everything the client records or raises.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from thread_tui import __version__
from thread_tui.api.errors import (
    ApiError,
    ClientError,
    InsecureTransportError,
    MissingApiKeyError,
    NetworkError,
    ResponseFormatError,
    ResponseTooLargeError,
    byte_size,
    error_class,
)
from thread_tui.api.exchange import Exchange
from thread_tui.api.network import network_error, origin
from thread_tui.api.parsing import (
    ModelT,
    check_object_shape,
    check_resource,
    decode_json,
    validate,
    validate_resource,
)
from thread_tui.api.redact import AZURE_KEY_NAME, KEY_NAME, Redactor
from thread_tui.api.retry import (
    RetryPolicy,
    is_retryable_network,
    is_retryable_status,
    retry_after,
)
from thread_tui.core.ids import InvalidIdError, ResourceKind, parse_id
from thread_tui.core.inert import inert
from thread_tui.core.settings import (
    Settings,
    SettingsError,
    check_proxy_variables,
    header_problem,
    is_loopback_url,
    plain_http_refusal,
)

if TYPE_CHECKING:
    from thread_tui.api.waits import Wait, WaitHook
    from thread_tui.core.models import (
        ConversationItem,
        DeletedObject,
        FileObject,
        ListPage,
        Message,
        VectorStore,
    )
    from thread_tui.core.resource_details import Detail, Kind
    from thread_tui.core.resources import Resource

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]
# A pacer's hooks (api.pacer): awaited before each try is sent, told of each answer's status
# and headers, so that retries count against a client-side rate too.
BeforeSend = Callable[[], Awaitable[None]]
ResponseHook = Callable[[int, Mapping[str, str]], None]
HISTORY_SIZE = 50
MAX_VECTOR_STORE_PAGE = 100
MAX_LIST_PAGE = 100  # messages and conversation items
MAX_FILE_PAGE = 10_000
BETA_HEADER = ("OpenAI-Beta", "assistants=v2")
# A file or vector store ID as the API makes them (file-…, vs_…); anything else is not sent.
# A pattern, compiled (and cached by `re`) on the first lookup, not on every headless start.
_OBJECT_ID = r"[A-Za-z0-9_-]{1,128}"


class ApiClient:
    """Calls the endpoints thread_tui uses. Safe to share between tasks of one event loop.

    `transport` replaces the network (the emulator, respx); `sleep`, `clock` and `rng` drive
    the retry waits and the deadline, so tests can record the delays instead of waiting.
    `on_wait` (also settable later as `client.on_wait`) is called as each wait starts.
    `before_send` is awaited before every try (first or retry) and `on_response` is called
    with every answer's status and headers: a bulk run's pacer sets them.
    """

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        history_size: int = HISTORY_SIZE,
        on_wait: WaitHook | None = None,
        before_send: BeforeSend | None = None,
        on_response: ResponseHook | None = None,
    ) -> None:
        self.settings = settings
        self.before_send: BeforeSend | None = before_send
        self.on_response: ResponseHook | None = on_response
        self.policy = RetryPolicy(max_retries=max(settings.max_retries, 0))
        self.on_wait: WaitHook | None = on_wait
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()
        self._redactor = Redactor(settings.api_key, AZURE_KEY_NAME if settings.azure else KEY_NAME)
        self._history: deque[Exchange] = deque(maxlen=history_size)
        self._http = _http_client(settings, transport)

    def __repr__(self) -> str:
        return f"ApiClient(base_url={self.settings.base_url!r}, key={self.settings.masked_key()})"

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def history(self) -> list[Exchange]:
        """The latest answered requests, oldest first (bounded)."""
        return list(self._history)

    @property
    def last_exchange(self) -> Exchange | None:
        return self._history[-1] if self._history else None

    # -- threads and conversations --------------------------------------------------------

    async def get_resource(self, resource_id: str) -> Resource:
        kind, rid = parse_id(resource_id)
        data, exchange = await self._call("GET", _item_path(kind, rid))
        return validate_resource(kind, data, exchange)

    async def modify_resource(self, resource_id: str, body: dict[str, Any]) -> Resource:
        """POST the body exactly as given (the Draft built it) and return the stored object."""
        kind, rid = parse_id(resource_id)
        data, exchange = await self._call("POST", _item_path(kind, rid), json_body=body)
        return validate_resource(kind, data, exchange)

    async def create_resource(
        self, kind: ResourceKind, body: dict[str, Any] | None = None
    ) -> Resource:
        data, exchange = await self._call(
            "POST", kind.collection, json_body=body or {}, creates=True
        )
        return validate_resource(kind, data, exchange)

    async def delete_resource(self, resource_id: str) -> DeletedObject:
        kind, rid = parse_id(resource_id)
        data, exchange = await self._call("DELETE", _item_path(kind, rid))
        from thread_tui.core.models import DeletedObject

        return validate(DeletedObject, data, "deletion result", exchange)

    # -- the same calls as plain JSON, for the headless commands -------------------------

    async def call_json(
        self,
        method: str,
        resource_id: str | None,
        body: dict[str, Any] | None = None,
        *,
        kind: ResourceKind | None = None,
    ) -> dict[str, Any]:
        """GET / POST / DELETE one thread or conversation (or create one when `resource_id`
        is None) and return the server's JSON object as it came, after checking it with the
        TUI's parser (a wrong shape is the same ResponseFormatError as in the TUI).

        The headless commands print what the server said, as the official CLI does; this
        path needs no pydantic, which keeps `thread-tui get` quick to start.
        """
        if resource_id is None:
            if kind is None:
                raise ValueError("creating needs a kind")
            path = kind.collection
        else:
            kind, rid = parse_id(resource_id)
            path = _item_path(kind, rid)
        json_body = body if method == "POST" else None
        creates = resource_id is None  # a create is not repeated after a 409 or 5xx
        data, exchange = await self._call(method, path, json_body=json_body, creates=creates)
        if method == "DELETE":
            check_object_shape(data, f"{kind.value}.deleted", exchange)
        else:
            check_resource(kind, data, exchange)
        return dict(data)

    # -- lists --------------------------------------------------------------------------------

    async def list_messages(
        self, thread_id: str, *, limit: int = 20, order: str = "desc", after: str | None = None
    ) -> ListPage[Message]:
        path, params = _sub_list(thread_id, ResourceKind.THREAD, limit, order, after)
        data, exchange = await self._call("GET", path, params=params)
        from thread_tui.core.models import ListPage, Message

        return validate(ListPage[Message], data, "list of messages", exchange)

    async def list_conversation_items(
        self,
        conversation_id: str,
        *,
        limit: int = 20,
        order: str = "desc",
        after: str | None = None,
    ) -> ListPage[ConversationItem]:
        """One page of `GET /conversations/{id}/items` (newest first unless `order="asc"`)."""
        path, params = _sub_list(conversation_id, ResourceKind.CONVERSATION, limit, order, after)
        data, exchange = await self._call("GET", path, params=params)
        from thread_tui.core.models import ConversationItem, ListPage

        return validate(ListPage[ConversationItem], data, "list of conversation items", exchange)

    def iter_message_pages(
        self, thread_id: str, *, page_size: int = 20, order: str = "desc", after: str | None = None
    ) -> AsyncIterator[ListPage[Message]]:
        """Pages of a thread's messages, each yielded as it arrives; `after` starts past that
        message (to resume after a failed page)."""
        limit = min(max(page_size, 1), MAX_LIST_PAGE)
        path, params = _sub_list(thread_id, ResourceKind.THREAD, limit, order, after)
        from thread_tui.core.models import ListPage, Message

        return self._pages(path, params, ListPage[Message], "list of messages")

    def iter_conversation_item_pages(
        self,
        conversation_id: str,
        *,
        page_size: int = 20,
        order: str = "desc",
        after: str | None = None,
    ) -> AsyncIterator[ListPage[ConversationItem]]:
        """Pages of a conversation's items, each yielded as it arrives (see iter_message_pages)."""
        limit = min(max(page_size, 1), MAX_LIST_PAGE)
        path, params = _sub_list(conversation_id, ResourceKind.CONVERSATION, limit, order, after)
        from thread_tui.core.models import ConversationItem, ListPage

        what = "list of conversation items"
        return self._pages(path, params, ListPage[ConversationItem], what)

    def iter_file_pages(
        self, *, purpose: str = "assistants", page_size: int = 100
    ) -> AsyncIterator[ListPage[FileObject]]:
        """Pages of files, each yielded as it arrives (a picker can fill page by page)."""
        limit = min(max(page_size, 1), MAX_FILE_PAGE)
        params = {"purpose": purpose, "limit": str(limit), "order": "desc"}
        from thread_tui.core.models import FileObject, ListPage

        return self._pages("files", params, ListPage[FileObject], "list of files")

    def iter_vector_store_pages(
        self, *, page_size: int = 100
    ) -> AsyncIterator[ListPage[VectorStore]]:
        limit = min(max(page_size, 1), MAX_VECTOR_STORE_PAGE)
        params = {"limit": str(limit), "order": "desc"}
        from thread_tui.core.models import ListPage, VectorStore

        return self._pages("vector_stores", params, ListPage[VectorStore], "list of vector stores")

    async def list_all_files(
        self, *, purpose: str = "assistants", page_size: int = 100
    ) -> list[FileObject]:
        pages = self.iter_file_pages(purpose=purpose, page_size=page_size)
        return [item async for page in pages for item in page.data]

    async def list_all_vector_stores(self, *, page_size: int = 100) -> list[VectorStore]:
        pages = self.iter_vector_store_pages(page_size=page_size)
        return [item async for page in pages for item in page.data]

    # -- conversation items and thread messages, as plain JSON -----------------------------

    async def get_item(self, conversation_id: str, item_id: str) -> dict[str, Any]:
        """`GET /conversations/{id}/items/{item_id}`: the item as the server sent it."""
        path = _child_path(conversation_id, ResourceKind.CONVERSATION, "items", item_id)
        data, exchange = await self._call("GET", path)
        from thread_tui.api.item_shapes import check_entry

        return check_entry(data, "item", exchange)

    async def add_items(
        self, conversation_id: str, items: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        """`POST /conversations/{id}/items {"items": [...]}`: the list of the created items.

        More than MAX_ITEMS_PER_CALL raises ValueError before anything is sent. Not repeated
        after a 409 or 5xx (a repeat would add the items twice).
        """
        path = _child_path(conversation_id, ResourceKind.CONVERSATION, "items")
        body = {"items": _item_list(items, allow_empty=False)}
        data, exchange = await self._call("POST", path, json_body=body, creates=True)
        from thread_tui.api.item_shapes import check_created

        return check_created(data, len(body["items"]), exchange)

    async def delete_item(self, conversation_id: str, item_id: str) -> dict[str, Any]:
        """`DELETE /conversations/{id}/items/{item_id}`: the conversation (not an item.deleted)."""
        path = _child_path(conversation_id, ResourceKind.CONVERSATION, "items", item_id)
        data, exchange = await self._call("DELETE", path)
        check_resource(ResourceKind.CONVERSATION, data, exchange)
        return dict(data)

    async def list_items_page(
        self,
        conversation_id: str,
        *,
        limit: int = 20,
        order: str = "desc",
        after: str | None = None,
    ) -> dict[str, Any]:
        """One page of a conversation's items: the list object as the server sent it."""
        path, params = _page_query(conversation_id, ResourceKind.CONVERSATION, limit, order, after)
        data, exchange = await self._call("GET", path, params=params)
        from thread_tui.api.item_shapes import check_list

        return check_list(data, "item", exchange)

    async def get_message(self, thread_id: str, message_id: str) -> dict[str, Any]:
        """`GET /threads/{id}/messages/{message_id}`."""
        path = _child_path(thread_id, ResourceKind.THREAD, "messages", message_id)
        data, exchange = await self._call("GET", path)
        from thread_tui.api.item_shapes import check_entry

        return check_entry(data, "message", exchange)

    async def update_message(
        self, thread_id: str, message_id: str, metadata: Mapping[str, str]
    ) -> dict[str, Any]:
        """`POST /threads/{id}/messages/{message_id} {"metadata": ...}`: the stored message (the
        server merges the map in; compare the returned metadata with what was intended)."""
        path = _child_path(thread_id, ResourceKind.THREAD, "messages", message_id)
        body = {"metadata": dict(metadata)}
        data, exchange = await self._call("POST", path, json_body=body)
        from thread_tui.api.item_shapes import check_entry

        return check_entry(data, "message", exchange)

    async def delete_message(self, thread_id: str, message_id: str) -> dict[str, Any]:
        """`DELETE /threads/{id}/messages/{message_id}`: `thread.message.deleted`."""
        path = _child_path(thread_id, ResourceKind.THREAD, "messages", message_id)
        data, exchange = await self._call("DELETE", path)
        check_object_shape(data, "thread.message.deleted", exchange)
        return dict(data)

    async def list_messages_page(
        self, thread_id: str, *, limit: int = 20, order: str = "desc", after: str | None = None
    ) -> dict[str, Any]:
        """One page of a thread's messages: the list object as the server sent it."""
        path, params = _page_query(thread_id, ResourceKind.THREAD, limit, order, after)
        data, exchange = await self._call("GET", path, params=params)
        from thread_tui.api.item_shapes import check_list

        return check_list(data, "message", exchange)

    async def create_conversation_with_items(
        self, metadata: Mapping[str, str], items: Sequence[Mapping[str, Any]] = ()
    ) -> dict[str, Any]:
        """`POST /conversations {"metadata", "items"}` with at most MAX_ITEMS_PER_CALL items
        (ValueError past it, before sending); the new conversation. Never repeated after a
        409 or 5xx."""
        body: dict[str, Any] = {"metadata": dict(metadata)}
        item_list = _item_list(items, allow_empty=True)
        if item_list:
            body["items"] = item_list
        data, exchange = await self._call("POST", "conversations", json_body=body, creates=True)
        check_resource(ResourceKind.CONVERSATION, data, exchange)
        return dict(data)

    # -- one file or vector store ---------------------------------------------------------

    async def get_file_detail(self, file_id: str) -> Detail:
        """`GET /files/{id}`, read without pydantic (the editor looks files up as it opens)."""
        return await self._detail("file", "files", file_id)

    async def get_vector_store_detail(self, store_id: str) -> Detail:
        """`GET /vector_stores/{id}`, read as `get_file_detail` reads a file."""
        return await self._detail("store", "vector_stores", store_id)

    async def _detail(self, kind: Kind, collection: str, item_id: str) -> Detail:
        from thread_tui.core.resource_details import DetailShapeError, parse_detail

        noun = "file" if kind == "file" else "vector store"
        if not re.fullmatch(_OBJECT_ID, item_id):
            raise ClientError(f"'{inert(item_id[:64])}' is not a valid {noun} ID.")
        # Not kept in the history: a lookup in the background must not become the "last
        # answer" that the editor reads after its own request.
        data, exchange = await self._call(
            "GET", f"{collection}/{quote(item_id, safe='')}", remember=False
        )
        try:
            return parse_detail(kind, data, item_id)
        except DetailShapeError as exc:
            raise ResponseFormatError(
                f"The server's answer is not a valid {noun}: {inert(str(exc))}.",
                request_id=exchange.request_id,
                exchange=exchange,
            ) from None

    async def _pages(
        self, path: str, params: dict[str, str], model: type[ModelT], what: str
    ) -> AsyncIterator[ModelT]:
        seen: set[str] = set()
        after: str | None = None
        while True:
            query = dict(params, after=after) if after else dict(params)
            data, exchange = await self._call("GET", path, params=query)
            page = validate(model, data, what, exchange)
            yield page
            last_id = getattr(page, "last_id", None) or _last_item_id(page)
            # A server that repeats a cursor would make this loop forever: stop instead.
            if not getattr(page, "has_more", False) or not last_id or last_id in seen:
                return
            seen.add(last_id)
            after = last_id

    # -- the request loop --------------------------------------------------------------------

    def _auth_headers(self, path: str) -> dict[str, str]:
        """Per-request headers; refuses to send when no key is set or the URL is unsafe."""
        refusal = plain_http_refusal(self.settings)
        if refusal:
            raise InsecureTransportError(refusal)
        headers: dict[str, str] = {}
        if self.settings.api_key is not None:
            key = self.settings.api_key.get_secret_value()
            problem = header_problem(key)
            if problem:
                # httpx would raise UnicodeEncodeError (or h11 refuse a control character).
                raise ClientError(
                    f"The API key ({self.settings.key_env_name}) contains a character that "
                    f"cannot be sent in a header ({problem}); check for a copy-paste error."
                )
            # Azure OpenAI takes the key in its own header; a Bearer there means an Entra ID token.
            if self.settings.azure:
                headers["api-key"] = key
            else:
                headers["Authorization"] = f"Bearer {key}"
        elif not self.settings.demo:
            raise MissingApiKeyError(self.settings.key_env_name)
        if path.split("/", 1)[0] == "threads":
            headers[BETA_HEADER[0]] = BETA_HEADER[1]
        return headers

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        creates: bool = False,
        remember: bool = True,
    ) -> tuple[Any, Exchange]:
        """Send with retries; return the JSON of a 2xx answer and its Exchange, or raise.

        `creates`: the call makes a new object, so sending it twice would make two. Only
        answers that say it was not processed (408, 429) are then retried, not 409 or 5xx.
        `remember=False`: the answer is not added to `history` (a background lookup).
        """
        if self.settings.api_version is not None:
            # Azure answers a call without it with a bare 404, so every call carries it: the
            # item, list, page and create calls all pass through here.
            params = {**(params or {}), "api-version": self.settings.api_version}
        request = self._http.build_request(
            method, path, params=params, json=json_body, headers=self._auth_headers(path)
        )
        started = time.time()
        deadline = self._clock() + self.settings.deadline
        attempt = 0
        while True:
            attempt += 1
            if self.before_send is not None:
                queued = self._clock()
                await self.before_send()
                # Waiting for a send slot is not the server's time: the deadline moves on.
                deadline += self._clock() - queued
            t0 = time.perf_counter()
            budget = min(self.settings.total_timeout, max(deadline - self._clock(), 0.0))
            outcome = await self._send_once(request, budget)
            elapsed_ms = (time.perf_counter() - t0) * 1000
            retry_left = attempt <= self.policy.max_retries
            if isinstance(outcome, NetworkError):
                if retry_left and is_retryable_network(outcome.reason, method):
                    reason = f"{_REASONS.get(outcome.reason, 'no answer')}; backing off"
                    delay = self.policy.delay(attempt, None, self._rng)
                    from thread_tui.api.waits import Wait  # created only before a retry

                    wait = Wait(reason, delay, attempt, deadline - self._clock())
                    outcome.not_retried = self._past_deadline(wait, None)
                    if not outcome.not_retried:
                        await self._pause(wait)
                        continue
                outcome.attempts = attempt
                raise self._redactor.error(outcome)
            response, text = outcome
            status = response.status_code
            if self.on_response is not None:
                self.on_response(status, response.headers)
            not_retried = ""
            if (
                retry_left
                and status >= 400
                and is_retryable_status(status, response.headers, creates=creates)
            ):
                delay = self.policy.delay(attempt, response.headers, self._rng)
                from thread_tui.api.waits import Wait

                wait = Wait(_status_reason(response), delay, attempt, deadline - self._clock())
                not_retried = self._past_deadline(wait, retry_after(response.headers))
                if not not_retried:
                    await self._pause(wait)
                    continue
            break
        exchange = self._record(
            response, text, elapsed_ms, json_body, attempt, started, remember=remember
        )
        if not 200 <= status < 300:
            error = self._api_error(exchange, attempt)
            error.not_retried = not_retried
            raise self._redactor.error(error)
        return decode_json(exchange), exchange

    def _past_deadline(self, wait: Wait, asked: float | None) -> str:
        """Why the wait is not made (it would pass the request's deadline), or ""."""
        left = wait.deadline_left if wait.deadline_left is not None else float("inf")
        if wait.seconds < left:
            return ""
        if asked is not None:
            what = f"The server asked to wait {_seconds(asked)} before another try"
        else:
            what = f"Another try after {wait.seconds:.1f} s"
        return (
            f"{what}, which would pass this request's deadline ({self.settings.deadline:g} s: "
            f"the timeout for each of {self.policy.max_retries + 1} tries); not retried"
        )

    async def _pause(self, wait: Wait) -> None:
        """The wait before the next try, told to `on_wait` first."""
        if self.on_wait is not None:
            self.on_wait(wait)
        await self._sleep(wait.seconds)

    async def _send_once(
        self, request: httpx.Request, budget: float
    ) -> tuple[httpx.Response, str] | NetworkError:
        """One try, with `budget` seconds for all of it: the answer and its body's text."""
        failure: httpx.RequestError | None = None
        try:
            async with asyncio.timeout(budget):
                response = await self._http.send(request, stream=True)
                try:
                    text = await self._read_body(response)
                finally:
                    await response.aclose()
        except TimeoutError:
            # Said only when the deadline, not the timeout, set the try's time.
            cut = f"{budget:.3g}" != f"{self.settings.total_timeout:.3g}"
            left = ", what was left of the request's deadline" if cut else ""
            return NetworkError(
                "read_timeout",
                f"{origin(str(request.url))} did not answer in time (read timeout after "
                f"{budget:.3g} s{left}; the timeout covers connecting and the whole answer).",
                method=request.method,
                url=self._redactor.text(str(request.url)),
            )
        except httpx.RequestError as exc:
            failure = exc
        if failure is None:
            return response, text
        # Built outside the except block so the error does not chain httpx's exception, whose
        # request still holds the Authorization header.
        error = network_error(
            failure,
            method=request.method,
            url=str(request.url),
            connect_timeout=self.settings.connect_timeout,
            read_timeout=self.settings.total_timeout,
        )
        del failure
        return error

    async def _read_body(self, response: httpx.Response) -> str:
        """The body as text, read up to the cap; ResponseTooLargeError past it (unread)."""
        limit = self.settings.max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise self._too_large(response, limit)
        chunks: list[bytes] = []
        size = 0
        # Decoded bytes are counted, so a small gzip body that unpacks to gigabytes is cut too.
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise self._too_large(response, limit)
            chunks.append(chunk)
        return b"".join(chunks).decode(response.encoding or "utf-8", errors="replace")

    def _too_large(self, response: httpx.Response, limit: int) -> ResponseTooLargeError:
        return self._redactor.error(
            ResponseTooLargeError(
                f"The server's answer (HTTP {response.status_code}) was larger than "
                f"{byte_size(limit)}, so it was not read; no API object is that large: check the "
                "base URL, or raise the cap with --max-response-bytes",
                limit=limit,
                request_id=response.headers.get("x-request-id"),
            )
        )

    def _record(
        self,
        response: httpx.Response,
        text: str,
        elapsed_ms: float,
        body: Any,
        attempts: int,
        started: float,
        *,
        remember: bool = True,
    ) -> Exchange:
        redact = self._redactor
        exchange = Exchange(
            method=response.request.method,
            url=redact.text(str(response.request.url)),
            status=response.status_code,
            elapsed_ms=elapsed_ms,
            request_id=redact.optional(response.headers.get("x-request-id")),
            request_headers=redact.headers(response.request.headers.items()),
            response_headers=redact.response_headers(response.headers.items()),
            request_body=redact.value(body),
            response_text=redact.text(text),
            attempts=attempts,
            started_at=started,
        )
        if remember:
            self._history.append(exchange)
        return exchange

    def _api_error(self, exchange: Exchange, attempts: int) -> ApiError:
        from thread_tui.api.error_body import read_error

        info = read_error(exchange.response_text)
        message = info.message
        if 300 <= exchange.status < 400:
            target = exchange.response_headers.get("location", "another URL")
            message = (
                f"the server redirected to {target}; redirects are not followed, so that the key "
                "goes nowhere else: check the base URL"
            )
        return error_class(exchange.status)(
            exchange.status,
            message,
            error_type=info.error_type,
            code=info.code,
            param=info.param,
            request_id=exchange.request_id,
            method=exchange.method,
            url=exchange.url,
            body=info.body,
            exchange=exchange,
            attempts=attempts,
        )


_REASONS: dict[str, str] = {
    "connect_timeout": "connecting timed out",
    "read_timeout": "no complete answer in time",
    "connect": "could not connect",
    "reset": "the connection was closed",
    "dns": "the host name did not resolve",
    "timeout": "timed out",
}


def _seconds(value: float) -> str:
    """`2.5 s`, `99999 s (more than a day)`: a wait as a server might give it, never
    `1e+05`; from a billion seconds on (1e308 would be 309 digits) only `more than a day`."""
    if value >= 1e9:
        return "more than a day"
    if value > 86400:
        return f"{value:.0f} s (more than a day)"
    return f"{value:.0f} s" if value >= 100 else f"{value:g} s"


def _status_reason(response: httpx.Response) -> str:
    """What a wait after an error answer is for, in a few words."""
    try:
        phrase = f" {HTTPStatus(response.status_code).phrase}"
    except ValueError:
        phrase = ""
    answered = f"HTTP {response.status_code}{phrase}"
    if retry_after(response.headers) is not None:
        return f"the server asked to wait ({answered})"
    return f"{answered}; backing off"


def _http_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None
) -> httpx.AsyncClient:
    """The one httpx client, or a ClientError saying which setting it cannot be built from:
    never httpx's own InvalidURL or ValueError (load_settings refuses these first; this is
    for settings built any other way, and for what only httpx knows to refuse)."""
    headers = {"User-Agent": f"thread-tui/{__version__}", "Accept": "application/json"}
    for name, what, value in (
        ("OpenAI-Organization", "organization", settings.organization),
        ("OpenAI-Project", "project", settings.project),
    ):
        if value:
            problem = header_problem(value)
            if problem:
                # httpx refuses non-ASCII here, h11 a control character on every request.
                raise ClientError(
                    f"The {what} contains a character that cannot be sent in a header ({problem})."
                )
            headers[name] = value
    try:
        if transport is None:
            # httpx builds a transport for every proxy variable up front, and one it cannot
            # use fails here or on every request (a port past 65535 only when connecting).
            check_proxy_variables()
        return httpx.AsyncClient(
            base_url=settings.base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
            transport=transport,
            # A redirect would carry the key to another URL: report it instead of following.
            follow_redirects=False,
            mounts=_no_proxy_for_loopback(settings.base_url),
        )
    except SettingsError as exc:
        raise ClientError(str(exc)) from None
    except (httpx.InvalidURL, ValueError, ImportError) as exc:
        raise ClientError(_why_no_client(settings, exc)) from None


def _why_no_client(settings: Settings, exc: Exception) -> str:
    """Which setting httpx refused, in a sentence that shows no secret."""
    try:
        httpx.URL(settings.base_url)
    except httpx.InvalidURL:
        return f"The base URL '{inert(settings.base_url)}' is not a valid URL."
    return (
        f"The HTTP client could not be set up from these settings ({type(exc).__name__}); "
        "check the base URL and the proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY)."
    )


def _no_proxy_for_loopback(base_url: str) -> dict[str, httpx.AsyncBaseTransport | None]:
    """Mounts that send requests for a loopback base URL straight to it, never through a
    proxy from the environment: over plain http:// the proxy would read the key."""
    if not is_loopback_url(base_url):
        return {}
    host = httpx.URL(base_url).host
    pattern = f"all://[{host}]" if ":" in host else f"all://{host}"
    return {pattern: None}


def _item_path(kind: ResourceKind, resource_id: str) -> str:
    # parse_id has already refused anything but [A-Za-z0-9_-]; quoting is defence in depth.
    return f"{kind.collection}/{quote(resource_id, safe='')}"


def _sub_list(
    resource_id: str, expected: ResourceKind, limit: int, order: str, after: str | None
) -> tuple[str, dict[str, str]]:
    """Path and query of a thread's messages or a conversation's items."""
    kind, rid = parse_id(resource_id)
    if kind is not expected:
        raise ClientError(
            "Messages can be listed for threads only; a conversation lists items."
            if expected is ResourceKind.THREAD
            else "Items can be listed for conversations only; a thread lists messages."
        )
    params = {"limit": str(limit), "order": order}
    if after:
        params["after"] = after
    leaf = "messages" if kind is ResourceKind.THREAD else "items"
    return f"{_item_path(kind, rid)}/{leaf}", params


def _last_item_id(page: Any) -> str | None:
    """The cursor when a server leaves `last_id` out: the ID of the page's last item."""
    data = getattr(page, "data", None)
    if data:
        last = data[-1]
        value = getattr(last, "id", None)
        return value if isinstance(value, str) else None
    return None


def _child_path(
    resource_id: str, expected: ResourceKind, leaf: str, child_id: str | None = None
) -> str:
    """`threads/{id}/messages[/{message_id}]` or `conversations/{id}/items[/{item_id}]`, every
    ID checked first: the parent with parse_id, the child against the API's ID alphabet."""
    kind, rid = parse_id(resource_id)
    if kind is not expected:
        raise ClientError(
            f"'{rid}' is a {kind.value}: {leaf} belong to "
            f"{'threads' if expected is ResourceKind.THREAD else 'conversations'}."
        )
    path = f"{_item_path(kind, rid)}/{leaf}"
    if child_id is None:
        return path
    if not re.fullmatch(_OBJECT_ID, child_id):
        noun = "message" if leaf == "messages" else "item"
        shown = inert(child_id[:64])
        raise InvalidIdError(
            f"'{shown}' is not a valid {noun} ID: at most 128 letters, digits, '_' and '-'."
            if child_id
            else f"The {noun} ID is empty."
        )
    return f"{path}/{quote(child_id, safe='')}"


def _page_query(
    resource_id: str, expected: ResourceKind, limit: int, order: str, after: str | None
) -> tuple[str, dict[str, str]]:
    """A list page's path and query, each part checked before sending."""
    if not 1 <= limit <= MAX_LIST_PAGE:
        raise ValueError(f"limit must be between 1 and {MAX_LIST_PAGE}, not {limit}")
    if order not in ("asc", "desc"):
        raise ValueError(f"order must be 'asc' or 'desc', not {order!r}")
    if after is not None and not re.fullmatch(_OBJECT_ID, after):
        raise InvalidIdError(f"'{inert(after[:64])}' is not a valid ID to list after.")
    return _sub_list(resource_id, expected, limit, order, after)


def _item_list(items: Sequence[Mapping[str, Any]], *, allow_empty: bool) -> list[dict[str, Any]]:
    """The items as JSON objects, or ValueError when there are too many (or none) to send."""
    from thread_tui.core.item_input import MAX_ITEMS_PER_CALL

    if isinstance(items, str | bytes | Mapping):
        raise TypeError("items must be a sequence of item objects")
    item_list = [dict(item) for item in items]
    if len(item_list) > MAX_ITEMS_PER_CALL:
        raise ValueError(
            f"{len(item_list)} items: at most {MAX_ITEMS_PER_CALL} can be sent in one call"
        )
    if not item_list and not allow_empty:
        raise ValueError("no items to add")
    import json

    try:
        # httpx would raise this while building the request, past the checks: say it here.
        json.dumps(item_list, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("an item holds a lone surrogate, which JSON cannot carry") from None
    except (ValueError, TypeError, RecursionError):
        raise ValueError("an item holds a value JSON cannot carry (NaN, infinity…)") from None
    return item_list
