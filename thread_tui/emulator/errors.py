"""The emulator's error answers, shaped like the real API's `{"error": {...}}` bodies."""

from __future__ import annotations

from typing import Any


class ApiFailure(Exception):
    """Raised by a handler to answer with an error status and body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error_type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_type = error_type
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": self.param,
                "code": self.code,
            }
        }


class GatewayFailure(ApiFailure):
    """An error answered in another body shape than the API's own: Azure's gateway answers
    `{"error": {"code": "401", "message": ...}}` or `{"statusCode": 401, "message": ...}`."""

    def __init__(self, status: int, payload: dict[str, Any]) -> None:
        inner = payload.get("error", payload)
        super().__init__(status, str(inner.get("message", "")))
        self.payload = payload

    def body(self) -> dict[str, Any]:
        return self.payload


def bad_request(message: str, param: str | None = None, code: str | None = None) -> ApiFailure:
    return ApiFailure(400, message, param=param, code=code)


def invalid_type(param: str, expected: str, got: str) -> ApiFailure:
    return ApiFailure(
        400,
        f"Invalid type for '{param}': expected {expected}, but got {got} instead.",
        param=param,
        code="invalid_type",
    )


def json_type_name(value: object) -> str:
    """The API's words for a JSON value's type in `invalid_type` messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a decimal"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
