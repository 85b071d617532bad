"""The key is scrubbed from everything the client records or raises, whatever form it takes:
an object key of a JSON body, an exception argument or attribute, a response header, and
text a server sent JSON-escaped (`\\u0073k-…`), which only appears once the body is parsed."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

from thread_tui.api import ApiClient, ApiError, BadRequestError, ClientError
from thread_tui.api.redact import KEY_NAME, Redactor
from thread_tui.core.secret import SecretStr


def escaped(secret: str) -> str:
    """The key as a JSON string body would carry it with its first letter escaped."""
    return f"\\u{ord(secret[0]):04x}{secret[1:]}"


def everything(error: BaseException) -> str:
    """Every place a caller, a log line or a traceback could read an error's text from."""
    return "\n".join(
        [
            str(error),
            repr(error),
            repr(error.args),
            repr(vars(error)),
            *getattr(error, "__notes__", []),
        ]
    )


def test_json_object_keys_are_scrubbed_at_any_depth(secret: str) -> None:
    redactor = Redactor(SecretStr(secret))
    data = {secret: "v", "list": [{f"x-{secret}": {secret: [secret]}}], "n": 1, "none": None}
    scrubbed = redactor.value(data)
    assert secret not in json.dumps(scrubbed)
    assert scrubbed == {
        KEY_NAME: "v",
        "list": [{f"x-{KEY_NAME}": {KEY_NAME: [KEY_NAME]}}],
        "n": 1,
        "none": None,
    }
    assert data[secret] == "v"  # the caller's object is left as it was


def test_a_deep_json_value_is_scrubbed_without_recursion(secret: str) -> None:
    # As deep as json.loads itself accepts: scrubbing a parsed body must not be what fails.
    deep: Any = secret
    for _ in range(5_000):
        deep = {"a": [deep]}
    scrubbed = Redactor(SecretStr(secret)).value(deep)
    for _ in range(5_000):
        scrubbed = scrubbed["a"][0]
    assert scrubbed == KEY_NAME


async def test_a_metadata_key_holding_the_key_is_recorded_scrubbed(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    thread = {"id": "thread_x", "object": "thread", "created_at": 1, "metadata": {}}
    router.post("/threads/thread_x").respond(200, json=thread)
    await rx_client.modify_resource("thread_x", {"metadata": {secret: "pasted by mistake"}})
    [exchange] = rx_client.history
    assert exchange.request_body == {"metadata": {KEY_NAME: "pasted by mistake"}}
    assert secret not in repr(exchange)


def test_every_argument_and_attribute_of_an_error_is_scrubbed(secret: str) -> None:
    error = ApiError(
        400,
        f"bad key {secret}",
        error_type=secret,
        code=secret,
        param=f"metadata.{secret}",
        request_id=f"req_{secret}",
        url=f"https://example.test/v1/threads?key={secret}",
        body={"error": {secret: [secret]}},
    )
    error.args = (*error.args, {"nested": (secret, [secret])}, 3)
    error.add_note(f"while sending {secret}")
    scrubbed = Redactor(SecretStr(secret)).error(error)
    assert scrubbed is error
    assert secret not in everything(error)
    assert secret not in error.user_message()
    assert error.args[0] == f"bad key {KEY_NAME}"
    assert error.args[1:] == ({"nested": (KEY_NAME, [KEY_NAME])}, 3)
    assert error.status == 400  # what is not text is left alone


async def test_an_escaped_key_in_an_error_body_reaches_no_error_text(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    # The raw text holds no key (it is escaped), so only what is parsed from it can.
    hidden = escaped(secret)
    body = (
        f'{{"error": {{"message": "Incorrect API key provided: {hidden}.", '
        f'"type": "invalid_request_error", "param": "{hidden}", "code": null, '
        f'"{hidden}": "{hidden}"}}}}'
    )
    assert secret not in body
    router.get("/threads/thread_x").respond(
        400, content=body, headers={"content-type": "application/json"}
    )
    with pytest.raises(BadRequestError) as info:
        await rx_client.get_resource("thread_x")
    error = info.value
    assert secret not in everything(error)
    assert secret not in error.user_message()
    assert f"Incorrect API key provided: {KEY_NAME}." in error.user_message()


async def test_a_request_id_echoing_the_key_is_scrubbed(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    router.get("/threads/thread_x").respond(
        404,
        json={"error": {"message": "No thread found.", "type": "invalid_request_error"}},
        headers={"x-request-id": f"req_{secret}"},
    )
    with pytest.raises(ClientError) as info:
        await rx_client.get_resource("thread_x")
    error = info.value
    assert secret not in error.user_message()
    assert f"req_{KEY_NAME}" in error.user_message()
    assert secret not in everything(error)
    assert all(secret not in repr(exchange) for exchange in rx_client.history)


async def test_an_escaped_key_in_a_resource_is_scrubbed_from_what_is_returned(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    hidden = escaped(secret)
    body = (
        '{"id": "thread_x", "object": "thread", "created_at": 1, '
        f'"metadata": {{"{hidden}": "{hidden}", "note": "key {hidden}"}}}}'
    )
    router.get("/threads/thread_x").respond(
        200, content=body, headers={"content-type": "application/json"}
    )
    thread = await rx_client.get_resource("thread_x")
    assert thread.metadata == {KEY_NAME: KEY_NAME, "note": f"key {KEY_NAME}"}
    assert secret not in repr(thread)
    [exchange] = rx_client.history
    assert secret[1:] not in exchange.response_text  # nor its escaped form, for the inspector


def test_each_escaped_form_of_the_key_is_scrubbed(secret: str) -> None:
    redactor = Redactor(SecretStr(secret))
    every_char = "".join(f"\\u{ord(c):04X}" for c in secret)  # upper-case hex too
    mixed = secret[:5] + escaped(secret[5:])
    for form in (escaped(secret), every_char, mixed):
        assert redactor.text(f"a {form} b") == f"a {KEY_NAME} b"
    assert redactor.text("\\u0041 stays") == "\\u0041 stays"


async def test_a_header_named_after_the_key_is_scrubbed(
    router: respx.MockRouter, rx_client: ApiClient, secret: str
) -> None:
    # Header names come lower-cased, so the key must be found in them without case.
    thread = {"id": "thread_x", "object": "thread", "created_at": 1, "metadata": {}}
    router.get("/threads/thread_x").respond(
        200, json=thread, headers={f"x-{secret}": f"v {secret}"}
    )
    await rx_client.get_resource("thread_x")
    [exchange] = rx_client.history
    assert exchange.response_headers[f"x-{KEY_NAME.lower()}"] == f"v {KEY_NAME}"
    assert secret.lower() not in repr(exchange).lower()
