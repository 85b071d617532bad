"""The server-side checks of modify/create bodies, answering as the real API does (400s).

These mirror the server, not thread_tui's own checks in `thread_tui.core`: the tests rely on
the emulator catching what a client forgot to check.
"""

from __future__ import annotations

from typing import Any

from thread_tui.core import limits
from thread_tui.emulator.errors import ApiFailure, bad_request, invalid_type, json_type_name

THREAD_MODIFY_KEYS = frozenset({"metadata", "tool_resources"})
THREAD_CREATE_KEYS = frozenset({"metadata", "tool_resources", "messages"})
CONVERSATION_KEYS = frozenset({"metadata", "items"})


def require_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
            "but what was sent was not valid JSON.)"
        )
    return body


def reject_unknown_keys(body: dict[str, Any], allowed: frozenset[str]) -> None:
    for key in body:
        if key not in allowed:
            raise bad_request(f"Unrecognized request argument supplied: {key}", param=key)


def check_metadata(value: Any, current: dict[str, str] | None = None) -> dict[str, str] | None:
    """Validate a sent metadata map; returns it, or None when `null` was sent.

    The pair count is checked after merging into `current`, as the stored map can only grow.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_type("metadata", "an object", json_type_name(value))
    for key, item in value.items():
        param = f"metadata.{key}"
        if not isinstance(item, str):
            raise invalid_type(param, "a string", json_type_name(item) + "")
        if len(key) > limits.MAX_KEY_CHARS:
            raise bad_request(
                f"Invalid 'metadata': key '{key[:20]}…' is too long. Expected a key with "
                f"maximum length {limits.MAX_KEY_CHARS}, but got a key with length {len(key)} "
                "instead.",
                param="metadata",
                code="invalid_value",
            )
        if not key:
            raise bad_request(
                "Invalid 'metadata': keys must be non-empty strings.",
                param="metadata",
                code="invalid_value",
            )
        if len(item) > limits.MAX_VALUE_CHARS:
            raise bad_request(
                f"Invalid '{param}': string too long. Expected a string with maximum length "
                f"{limits.MAX_VALUE_CHARS}, but got a string with length {len(item)} instead.",
                param=param,
                code="string_above_max_length",
            )
    merged = dict(current or {})
    merged.update(value)
    if len(merged) > limits.MAX_METADATA_PAIRS:
        raise bad_request(
            "Invalid 'metadata': too many properties. Expected an object with at most "
            f"{limits.MAX_METADATA_PAIRS} properties, but got an object with {len(merged)} "
            "properties instead.",
            param="metadata",
            code="object_above_max_properties",
        )
    return value


def check_tool_resources(
    value: Any, known_files: set[str] | dict[str, Any], known_stores: set[str] | dict[str, Any]
) -> dict[str, Any] | None:
    """Validate a sent tool_resources object; returns the lists that were sent."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid_type("tool_resources", "an object", json_type_name(value))
    for key in value:
        if key not in ("code_interpreter", "file_search"):
            raise bad_request(
                f"Unrecognized request argument supplied: tool_resources.{key}",
                param=f"tool_resources.{key}",
            )
    result: dict[str, Any] = {}
    for section, field, limit, known, noun in (
        ("code_interpreter", "file_ids", limits.MAX_FILE_IDS, known_files, "File"),
        (
            "file_search",
            "vector_store_ids",
            limits.MAX_VECTOR_STORE_IDS,
            known_stores,
            "Vector store",
        ),
    ):
        if section not in value:
            continue
        sub = value[section]
        param = f"tool_resources.{section}"
        if not isinstance(sub, dict):
            raise invalid_type(param, "an object", json_type_name(sub))
        ids = sub.get(field, [])
        param = f"{param}.{field}"
        if not isinstance(ids, list):
            raise invalid_type(param, "an array", json_type_name(ids))
        if len(ids) > limit:
            raise bad_request(
                f"Invalid '{param}': array too long. Expected an array with maximum length "
                f"{limit}, but got an array with length {len(ids)} instead.",
                param=param,
                code="array_above_max_length",
            )
        for index, item in enumerate(ids):
            if not isinstance(item, str):
                raise invalid_type(f"{param}[{index}]", "a string", json_type_name(item))
            if item not in known:
                raise bad_request(f"{noun} {item} not found.", param=param)
        result[section] = {field: list(ids)}
    return result


def page_limit(raw: str | None, default: int, maximum: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid_type("limit", "an integer", "a string") from None
    if not 1 <= value <= maximum:
        raise ApiFailure(
            400,
            f"Invalid 'limit': integer out of range. Expected a value between 1 and {maximum}, "
            f"but got {value} instead.",
            param="limit",
            code="integer_out_of_range",
        )
    return value


def order(raw: str | None) -> str:
    value = raw or "desc"
    if value not in ("asc", "desc"):
        raise bad_request(
            f"Invalid value for 'order': expected one of 'asc' or 'desc', got '{value}'.",
            param="order",
        )
    return value
