"""The async API client: one `httpx.AsyncClient` for the app's life, typed results and errors,
retries, and an `Exchange` record of every answer for the response inspector."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from thread_tui import __version__
from thread_tui.api.errors import (
    ApiError,
    ClientError,
    InsecureTransportError,
    MissingApiKeyError,
    NetworkError,
    ResponseFormatError,
    error_class,
)
from thread_tui.api.exchange import KEY_PLACEHOLDER, Exchange
from thread_tui.api.retry import RetryPolicy, is_retryable_status
from thread_tui.core.ids import ResourceKind, parse_id
from thread_tui.core.models import (
    DeletedObject,
    FileObject,
    ListPage,
    Message,
    Resource,
    VectorStore,
    parse_resource,
)
from thread_tui.core.settings import Settings, plain_http_refusal

ModelT = TypeVar("ModelT", bound=BaseModel)
Sleep = Callable[[float], Awaitable[None]]
HISTORY_SIZE = 50


class ApiClient:
    """Calls the endpoints thread_tui uses. Safe to share between workers of one event loop."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.policy = RetryPolicy(max_retries=settings.max_retries)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.history: deque[Exchange] = deque(maxlen=HISTORY_SIZE)
        headers = {
            "User-Agent": f"thread-tui/{__version__}",
            "Accept": "application/json",
        }
        if settings.organization:
            headers["OpenAI-Organization"] = settings.organization
        if settings.project:
            headers["OpenAI-Project"] = settings.project
        self._http = httpx.AsyncClient(
            base_url=settings.base_url.rstrip("/") + "/",
            headers=headers,
            timeout=httpx.Timeout(settings.total_timeout, connect=settings.connect_timeout),
            transport=transport,
        )

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def last_exchange(self) -> Exchange | None:
        return self.history[-1] if self.history else None

    # -- threads and conversations --------------------------------------------------------

    async def get_resource(self, resource_id: str) -> Resource:
        kind, rid = parse_id(resource_id)
        data = await self._request("GET", _item_path(kind, rid))
        return self._parse_resource(kind, data)

    async def modify_resource(self, resource_id: str, body: dict[str, Any]) -> Resource:
        kind, rid = parse_id(resource_id)
        data = await self._request("POST", _item_path(kind, rid), json_body=body)
        return self._parse_resource(kind, data)

    async def create_resource(
        self, kind: ResourceKind, body: dict[str, Any] | None = None
    ) -> Resource:
        data = await self._request("POST", kind.collection, json_body=body or {})
        return self._parse_resource(kind, data)

    async def delete_resource(self, resource_id: str) -> DeletedObject:
        kind, rid = parse_id(resource_id)
        data = await self._request("DELETE", _item_path(kind, rid))
        return self._parse(DeletedObject, data)

    # -- lists --------------------------------------------------------------------------------

    async def list_messages(
        self, thread_id: str, *, limit: int = 20, order: str = "desc", after: str | None = None
    ) -> ListPage[Message]:
        kind, rid = parse_id(thread_id)
        if kind is not ResourceKind.THREAD:
            raise ClientError("Messages are listed for threads only.")
        params: dict[str, str] = {"limit": str(limit), "order": order}
        if after:
            params["after"] = after
        data = await self._request("GET", _item_path(kind, rid) + "/messages", params=params)
        return self._parse(ListPage[Message], data)

    def iter_file_pages(
        self, *, purpose: str = "assistants", page_size: int = 100
    ) -> AsyncIterator[ListPage[FileObject]]:
        params = {"purpose": purpose, "limit": str(page_size), "order": "desc"}
        return self._pages("files", params, ListPage[FileObject])

    def iter_vector_store_pages(
        self, *, page_size: int = 100
    ) -> AsyncIterator[ListPage[VectorStore]]:
        params = {"limit": str(min(page_size, 100)), "order": "desc"}
        return self._pages("vector_stores", params, ListPage[VectorStore])

    async def list_all_files(self, *, purpose: str = "assistants") -> list[FileObject]:
        return [item async for page in self.iter_file_pages(purpose=purpose) for item in page.data]

    async def list_all_vector_stores(self) -> list[VectorStore]:
        return [item async for page in self.iter_vector_store_pages() for item in page.data]

    async def _pages(
        self, path: str, params: dict[str, str], model: type[ModelT]
    ) -> AsyncIterator[ModelT]:
        after: str | None = None
        seen: set[str] = set()
        while True:
            query = dict(params)
            if after:
                query["after"] = after
            page = self._parse(model, await self._request("GET", path, params=query))
            yield page
            last_id = getattr(page, "last_id", None)
            # A server that repeats a cursor would make this loop forever: stop instead.
            if not getattr(page, "has_more", False) or not last_id or last_id in seen:
                return
            seen.add(last_id)
            after = last_id

    # -- the request loop --------------------------------------------------------------------

    def _auth_headers(self, path: str) -> dict[str, str]:
        if self.settings.api_key is None:
            raise MissingApiKeyError()
        refusal = plain_http_refusal(self.settings)
        if refusal:
            raise InsecureTransportError(refusal)
        headers = {"Authorization": f"Bearer {self.settings.api_key.get_secret_value()}"}
        if path.startswith("threads"):
            headers["OpenAI-Beta"] = "assistants=v2"
        return headers

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
    ) -> Any:
        headers = self._auth_headers(path)
        url = str(self._http.base_url.join(path))
        attempt = 0
        started = time.time()
        while True:
            attempt += 1
            t0 = time.perf_counter()
            try:
                response = await self._http.request(
                    method,
                    path,
                    params=params,
                    json=json_body if method != "GET" else None,
                    headers=headers,
                )
            except httpx.TransportError as exc:
                error = _network_error(exc, method, url, self.settings, attempt)
                retryable = error.reason in ("connect", "connect_timeout", "dns") or (
                    method == "GET" and error.reason in ("read_timeout", "reset", "timeout")
                )
                if retryable and attempt <= self.policy.max_retries:
                    await self._sleep(self.policy.delay(attempt, None, self._rng))
                    continue
                raise self._scrub(error) from None
            elapsed = (time.perf_counter() - t0) * 1000
            if is_retryable_status(response.status_code) and attempt <= self.policy.max_retries:
                await self._sleep(self.policy.delay(attempt, response.headers, self._rng))
                continue
            break
        exchange = self._record(method, url, response, elapsed, json_body, attempt, started)
        if response.status_code >= 400:
            raise self._scrub(self._api_error(response, exchange, method, url, attempt))
        text = response.text
        if not text.strip():
            raise ResponseFormatError(
                f"The server answered HTTP {response.status_code} with an empty body.",
                request_id=exchange.request_id,
                exchange=exchange,
            )
        try:
            return response.json()
        except ValueError:
            kind = response.headers.get("content-type", "unknown type")
            raise ResponseFormatError(
                f"The server answered HTTP {response.status_code} with a body that is not JSON "
                f"({kind}).",
                request_id=exchange.request_id,
                exchange=exchange,
            ) from None

    def _record(
        self,
        method: str,
        url: str,
        response: httpx.Response,
        elapsed_ms: float,
        body: Any,
        attempts: int,
        started: float,
    ) -> Exchange:
        request_headers = {k.lower(): v for k, v in response.request.headers.items()}
        if "authorization" in request_headers:
            request_headers["authorization"] = KEY_PLACEHOLDER
        exchange = Exchange(
            method=method,
            url=str(response.request.url),
            status=response.status_code,
            elapsed_ms=elapsed_ms,
            request_id=response.headers.get("x-request-id"),
            request_headers=request_headers,
            response_headers={k.lower(): v for k, v in response.headers.items()},
            request_body=body if method != "GET" else None,
            response_text=self._scrub_text(response.text),
            attempts=attempts,
            started_at=started,
        )
        self.history.append(exchange)
        return exchange

    def _api_error(
        self, response: httpx.Response, exchange: Exchange, method: str, url: str, attempts: int
    ) -> ApiError:
        detail: dict[str, Any] = {}
        body: Any = None
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            detail = body["error"]
        message = detail.get("message") if isinstance(detail.get("message"), str) else None
        if not message:
            snippet = " ".join(response.text.split())[:120]
            message = f"no error message (body: {snippet})" if snippet else "no error message"
        return error_class(response.status_code)(
            response.status_code,
            message,
            error_type=_str_or_none(detail.get("type")),
            code=_str_or_none(detail.get("code")),
            param=_str_or_none(detail.get("param")),
            request_id=exchange.request_id,
            method=method,
            url=url,
            body=body,
            exchange=exchange,
            attempts=attempts,
        )

    def _parse_resource(self, kind: ResourceKind, data: Any) -> Resource:
        try:
            return parse_resource(kind, data)
        except ValidationError as exc:
            raise self._format_error(kind.value, exc) from None

    def _parse(self, model: type[ModelT], data: Any) -> ModelT:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise self._format_error(model.__name__, exc) from None

    def _format_error(self, what: str, exc: ValidationError) -> ResponseFormatError:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        exchange = self.last_exchange
        return ResponseFormatError(
            f"The server's answer is not a valid {what}: {where}: {first['msg']}.",
            request_id=exchange.request_id if exchange else None,
            exchange=exchange,
        )

    def _scrub_text(self, text: str) -> str:
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return text.replace(key, "$OPENAI_API_KEY") if key else text

    def _scrub(self, error: ClientError) -> ClientError:
        """Belt and braces: a server that echoes the key must not make us display it."""
        for name in ("message",):
            value = getattr(error, name, None)
            if isinstance(value, str):
                setattr(error, name, self._scrub_text(value))
        error.args = tuple(self._scrub_text(a) if isinstance(a, str) else a for a in error.args)
        return error


def _item_path(kind: ResourceKind, resource_id: str) -> str:
    # parse_id has already refused anything but [A-Za-z0-9_-]; quoting is defence in depth.
    return f"{kind.collection}/{quote(resource_id, safe='')}"


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _network_error(
    exc: httpx.TransportError, method: str, url: str, settings: Settings, attempts: int
) -> NetworkError:
    host = httpx.URL(url).host
    text = str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        reason = "connect_timeout"
        message = f"Could not connect to {host}: timed out after {settings.connect_timeout:g} s."
    elif isinstance(exc, httpx.ReadTimeout):
        reason = "read_timeout"
        message = (
            f"{host} did not answer in time (read timeout after {settings.total_timeout:g} s)."
        )
    elif isinstance(exc, httpx.TimeoutException):
        reason = "timeout"
        message = f"The request to {host} timed out."
    elif isinstance(exc, httpx.ConnectError):
        lowered = text.lower()
        if (
            "name or service not known" in lowered
            or "nodename" in lowered
            or "getaddrinfo" in lowered
            or "name resolution" in lowered
        ):
            reason = "dns"
            message = f"Could not find the host {host} (DNS lookup failed)."
        else:
            reason = "connect"
            message = f"Could not connect to {host}: the connection was refused or failed."
    elif isinstance(exc, httpx.ReadError | httpx.RemoteProtocolError | httpx.WriteError):
        reason = "reset"
        message = f"The connection to {host} was reset before a full answer arrived."
    else:
        reason = "other"
        message = f"The request to {host} failed: {type(exc).__name__}."
    return NetworkError(reason, message, method=method, url=url, attempts=attempts)
