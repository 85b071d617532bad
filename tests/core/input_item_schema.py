"""Request items checked against the spec's `InputItem`, read as its discriminator means it.

`InputItem` is a `oneOf` with a `type` discriminator, and several branches share a type (a
user message is both an `EasyInputMessage` and an `InputMessage`): plain JSON Schema, which
ignores the discriminator, calls such an item valid under more than one branch and so invalid.
Here an item is valid when at least one branch accepts it, which is the discriminator's reading.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator


def input_item_errors(schemas: Any, item: Any) -> list[str]:
    """The problems of `item` as a request InputItem ([] when a branch accepts it)."""
    spec = schemas.registry.get_or_retrieve(schemas.uri).value.contents
    branches = spec["components"]["schemas"]["InputItem"]["oneOf"]
    schema = {"anyOf": [_absolute(schemas.uri, branch) for branch in branches]}
    validator = Draft202012Validator(schema, registry=schemas.registry)
    return [error.message for error in validator.iter_errors(item)]


def body_errors(schemas: Any, name: str, body: dict[str, Any]) -> list[str]:
    """A request body's problems: its `items` each as an InputItem, the rest against `name`."""
    rest = {key: value for key, value in body.items() if key != "items"}
    problems = schemas.errors(name, rest)
    for index, item in enumerate(body.get("items") or []):
        problems += [f"items[{index}]: {p}" for p in input_item_errors(schemas, item)]
    return problems


def _absolute(uri: str, branch: dict[str, Any]) -> dict[str, Any]:
    ref = branch.get("$ref")
    return {"$ref": f"{uri}{ref}"} if ref else branch
