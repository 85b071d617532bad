"""Error answers become typed errors with one plain sentence and the request id; the key never
appears in any of them, even when a server echoes it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from thread_tui.api import (
    ApiClient,
    ApiError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    GoneError,
    InsecureTransportError,
    MissingApiKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseFormatError,
    ServerError,
    UnprocessableEntityError,
)
from thread_tui.api.errors import THREADS_RETIRED

RID = {"x-request-id": "req_123"}


def error_body(message: str, **extra: Any) -> dict[str, Any]:
    detail = {"message": message, "type": "invalid_request_error", "param": None, "code": None}
    detail.update(extra)
    return {"error": detail}


@pytest.mark.parametrize(
    ("status", "cls", "title"),
    [
        (400, BadRequestError, "The request was refused"),
        (401, AuthenticationError, "The API key was rejected"),
        (403, PermissionDeniedError, "Permission denied"),
        (404, NotFoundError, "Not found"),
        (409, ConflictError, "Conflict"),
        (410, GoneError, "This endpoint is gone"),
        (422, UnprocessableEntityError, "The request could not be processed"),
        (429, RateLimitError, "Rate limited"),
        (500, ServerError, "The server failed"),
        (503, ServerError, "The server failed"),
        (418, ApiError, "The API answered with an error"),
    ],
)
async def test_status_maps_to_type_and_sentence(
    router: respx.MockRouter, make_settings: Any, status: int, cls: type[ApiError], title: str
) -> None:
    router.get("/threads/thread_x").respond(status, json=error_body("Something."), headers=RID)
    async with ApiClient(make_settings(max_retries=0)) as client:
        with pytest.raises(cls) as info:
            await client.get_resource("thread_x")
    error = info.value
    assert type(error) is cls
    assert isinstance(error, ClientError)
    assert error.status == status
    assert error.request_id == "req_123"
    assert error.method == "GET"
    assert error.url == "https://api.example.test/v1/threads/thread_x"
    assert error.exchange is not None and error.exchange.status == status
    # A self-hosted server still serves /threads: no word of OpenAI's retirement here.
    assert error.user_message() == f"{title} (HTTP {status}): Something. (request id req_123)"


@pytest.mark.parametrize(
    "base_url",
    [
        "https://api.openai.com/v1",
        "https://mine.openai.azure.com/openai",
    ],
)
async def test_not_found_sentence_names_the_retirement_where_it_applies(
    make_settings: Any, base_url: str
) -> None:
    with respx.mock(base_url=base_url) as router:
        router.get("/threads/thread_x").respond(
            404,
            json=error_body("No thread found with id 'thread_x'.", param=None, code=None),
            headers=RID,
        )
        settings = make_settings(base_url=base_url, max_retries=0, insecure=True)
        async with ApiClient(settings) as client:
            with pytest.raises(NotFoundError) as info:
                await client.get_resource("thread_x")
    assert info.value.user_message() == (
        "Not found (HTTP 404): No thread found with id 'thread_x'. OpenAI retired the "
        "Assistants API, threads included, on 2026-08-26; on api.openai.com open a conversation "
        "(conv_… ID) instead. (request id req_123)"
    )
    assert THREADS_RETIRED in info.value.user_message()
    assert info.value.reason_phrase == "Not Found"


async def test_only_reading_a_thread_mentions_the_retirement(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    missing = error_body("Not found.", param=None, code=None)
    router.get("/conversations/conv_x").respond(404, json=missing, headers=RID)
    router.get("/threads/thread_x/messages").respond(404, json=missing, headers=RID)
    router.post("/threads/thread_x").respond(404, json=missing, headers=RID)
    calls = [
        rx_client.get_resource("conv_x"),
        rx_client.list_messages("thread_x"),
        rx_client.modify_resource("thread_x", {"metadata": {}}),
    ]
    for call in calls:
        with pytest.raises(NotFoundError) as info:
            await call
        assert "retired" not in info.value.user_message()
        assert info.value.user_message().endswith("(request id req_123)")


async def test_error_fields_are_carried(router: respx.MockRouter, rx_client: ApiClient) -> None:
    body = error_body(
        "Invalid type for 'metadata.k': expected a string, but got null instead.",
        param="metadata.k",
        code="invalid_type",
    )
    router.post("/threads/thread_x").respond(400, json=body, headers=RID)
    with pytest.raises(BadRequestError) as info:
        await rx_client.modify_resource("thread_x", {"metadata": {"k": None}})
    error = info.value
    assert (error.error_type, error.code, error.param) == (
        "invalid_request_error",
        "invalid_type",
        "metadata.k",
    )
    assert error.body == body
    assert error.attempts == 1
    # The param is already in the server's sentence: not repeated.
    assert error.user_message().count("metadata.k") == 1


async def test_param_is_named_when_the_message_does_not(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    router.post("/threads/thread_x").respond(400, json=error_body("Too many.", param="metadata"))
    with pytest.raises(BadRequestError) as info:
        await rx_client.modify_resource("thread_x", {"metadata": {}})
    assert info.value.user_message() == (
        "The request was refused (HTTP 400): Too many. (parameter: metadata)"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<html><body>Bad gateway</body></html>", "<html><body>Bad gateway</body></html>"),
        (b"", "no error message"),
        (b'{"error": "plain string"}', "plain string"),
        (b'{"message": "top-level message"}', "top-level message"),
        (b'{"error": {"code": 5}}', "no error message"),
        (b"[1, 2]", "[1, 2]"),
    ],
)
async def test_odd_error_bodies_still_give_a_sentence(
    router: respx.MockRouter, rx_client: ApiClient, content: bytes, expected: str
) -> None:
    router.get("/threads/thread_x").respond(404, content=content, headers=RID)
    with pytest.raises(NotFoundError) as info:
        await rx_client.get_resource("thread_x")
    message = info.value.user_message()
    assert expected in message
    assert message.startswith("Not found (HTTP 404): ")
    assert message.endswith(" (request id req_123)")


async def test_an_echoed_key_is_scrubbed_everywhere(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    body = error_body(f"Incorrect API key provided: {secret}.", code="invalid_api_key")
    router.get("/threads/thread_x").respond(
        401, json=body, headers={**RID, "x-echo": f"Bearer {secret}"}
    )
    with pytest.raises(AuthenticationError) as info:
        await rx_client.get_resource("thread_x")
    error = info.value
    assert secret not in error.user_message()
    assert "$OPENAI_API_KEY" in error.user_message()
    assert error.user_message().startswith("The API key was rejected (HTTP 401): ")
    assert error.user_message().endswith("(request id req_123)")
    for text in (str(error), repr(error), repr(error.args), repr(error.body), repr(vars(error))):
        assert secret not in text
    assert all(secret not in repr(exchange) for exchange in rx_client.history)


async def test_missing_key_message_is_plain(router: respx.MockRouter, make_settings: Any) -> None:
    route = router.route().respond(200, json={})
    async with ApiClient(make_settings(api_key=None)) as client:
        with pytest.raises(MissingApiKeyError) as info:
            await client.get_resource("thread_abc")
    assert "OPENAI_API_KEY" in info.value.user_message()
    assert not route.called


@pytest.mark.parametrize(
    ("base_url", "insecure", "refused"),
    [
        ("http://api.example.test/v1", False, True),
        ("http://api.example.test/v1", True, False),
        ("http://127.0.0.1:8080/v1", False, False),
        ("http://localhost:8080/v1", False, False),
    ],
)
async def test_plain_http_to_a_remote_host_is_refused(
    make_settings: Any, base_url: str, insecure: bool, refused: bool
) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.route().respond(200, json={"id": "conv_a", "created_at": 1})
        async with ApiClient(make_settings(base_url=base_url, insecure=insecure)) as client:
            if refused:
                with pytest.raises(InsecureTransportError) as info:
                    await client.get_resource("conv_a")
                assert "--insecure" in info.value.user_message()
                assert not route.called
            else:
                await client.get_resource("conv_a")
                assert route.called


async def test_a_redirect_is_reported_not_followed(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    router.get("/threads/thread_x").respond(301, headers={"location": "https://evil.test/"})
    with pytest.raises(ApiError) as info:
        await rx_client.get_resource("thread_x")
    assert info.value.status == 301
    assert "https://evil.test/" in info.value.user_message()
    assert len(router.calls) == 1


@pytest.mark.parametrize(
    ("response", "fragment"),
    [
        (httpx.Response(200, content=b""), "empty body"),
        (httpx.Response(200, content=b"   \n"), "empty body"),
        (
            httpx.Response(200, text="<html>hi</html>", headers={"content-type": "text/html"}),
            "not JSON (text/html)",
        ),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object, got a list"),
        (
            httpx.Response(200, json={"object": "thread"}),
            "'id' is missing; 'created_at' is missing",
        ),
        (httpx.Response(200, json={"id": "thread_x", "created_at": "soon"}), "'created_at': input"),
        (
            httpx.Response(200, json={"id": "thread_x", "created_at": 1, "metadata": {"a": 1}}),
            "'metadata.a': input should be a valid string",
        ),
        (
            httpx.Response(200, json={"id": "c", "object": "conversation", "created_at": 1}),
            "'object'",
        ),
    ],
)
async def test_unreadable_2xx_is_a_response_format_error(
    router: respx.MockRouter, rx_client: ApiClient, response: httpx.Response, fragment: str
) -> None:
    response.headers["x-request-id"] = "req_fmt"
    router.get("/threads/thread_x").mock(return_value=response)
    with pytest.raises(ResponseFormatError) as info:
        await rx_client.get_resource("thread_x")
    message = info.value.user_message()
    assert fragment in message
    assert message.endswith(" (request id req_fmt)")
    assert "pydantic" not in message and "Traceback" not in message
    assert info.value.exchange is rx_client.last_exchange


async def test_validation_lists_three_problems_at_most(
    router: respx.MockRouter, rx_client: ApiClient
) -> None:
    page = {"object": "list", "data": [{"x": 1}, {"x": 2}, {"x": 3}, {"x": 4}], "has_more": False}
    router.get("/files").respond(200, json=page)
    with pytest.raises(ResponseFormatError) as info:
        await rx_client.list_all_files()
    message = info.value.user_message()
    assert "not a valid list of files" in message
    assert "'data[0].id' is missing" in message
    assert "(and 1 more)" in message


async def test_messages_are_for_threads_only(rx_client: ApiClient) -> None:
    with pytest.raises(ClientError, match="threads only"):
        await rx_client.list_messages("conv_abc")
