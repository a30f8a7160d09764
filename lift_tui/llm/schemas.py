"""JSON Schemas as decoding constraints: bounded, closed, and checked again after decoding.

A schema handed to llguidance is made *closed* (no additional properties) and *bounded* (every
free string and list gets a ceiling), so a small model cannot ramble until it runs out of
tokens. The same schema validates the decoded text, which catches the one way constrained
output can still be wrong: being cut off by the token limit.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

DEFAULT_MAX_STRING = 240
DEFAULT_MAX_ITEMS = 8

Schema = dict[str, Any]


def _bound(node: Any, max_string: int, max_items: int) -> None:
    if isinstance(node, list):
        for item in node:
            _bound(item, max_string, max_items)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    free = not any(key in node for key in ("enum", "const", "format", "pattern"))
    if "string" in kinds and free and "maxLength" not in node:
        node["maxLength"] = max_string
    if "array" in kinds and "maxItems" not in node:
        node["maxItems"] = max_items
    if "object" in kinds and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    for value in node.values():
        if isinstance(value, (dict, list)):
            _bound(value, max_string, max_items)


def bounded_schema(
    schema: Schema, max_string: int = DEFAULT_MAX_STRING, max_items: int = DEFAULT_MAX_ITEMS
) -> Schema:
    """A copy of ``schema`` with ceilings on free strings and lists and closed objects."""
    result = copy.deepcopy(schema)
    _bound(result, max_string, max_items)
    return result


def sampling_constraint(constraint: Any) -> Any:
    """What ``sample`` decodes under, for every engine: a pydantic class becomes its schema and a
    schema is bounded and closed; a Lark grammar (str) or None passes through."""
    if isinstance(constraint, type) and issubclass(constraint, BaseModel):
        constraint = constraint.model_json_schema()
    return bounded_schema(constraint) if isinstance(constraint, dict) else constraint


def schema_of(spec: Schema | type[BaseModel]) -> Schema:
    if isinstance(spec, type) and issubclass(spec, BaseModel):
        return spec.model_json_schema()
    if isinstance(spec, dict):
        return spec
    raise TypeError(f"schema must be a dict or a pydantic model class, not {type(spec).__name__}")


def validator_for(spec: Schema | type[BaseModel]) -> Callable[[str], dict[str, Any]]:
    """A function turning decoded text into a validated dict, raising ``ValueError`` if it is not one."""
    if isinstance(spec, type) and issubclass(spec, BaseModel):

        def check_model(text: str) -> dict[str, Any]:
            try:
                return spec.model_validate_json(text).model_dump(mode="json")
            except ValidationError as error:
                raise ValueError(str(error).splitlines()[0]) from error

        return check_model

    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(spec)

    def check_schema(text: str) -> dict[str, Any]:
        data = json.loads(text)
        error = next(iter(validator.iter_errors(data)), None)
        if error is not None:
            raise ValueError(error.message)
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        return data

    return check_schema
