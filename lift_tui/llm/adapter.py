"""A JSONAdapter that shows the model a compact example shape instead of the full JSON Schema.

DSPy's JSONAdapter pastes each output field's JSON Schema into the system prompt. Under
constrained decoding the schema is enforced anyway, and a 135M model given the schema text
copies its keywords ("maxLength", "preconditions") into the values it writes; the schema also
costs ~400 prompt tokens per call. A skeleton such as ``{"intent": {"summary": "...",
"success_criteria": ["..."]}}`` says the same to the model in a tenth of the tokens.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

from pydantic import BaseModel

from .dspy_setup import import_dspy

dspy = import_dspy()


def skeleton(annotation: Any) -> Any:
    """An example value of the annotated type, with placeholders for free text."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return skeleton(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return skeleton(options[0]) if options else None
    if origin in (list, tuple, set, frozenset):
        args = typing.get_args(annotation)
        return [skeleton(args[0]) if args else "..."]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {name: skeleton(info.annotation) for name, info in annotation.model_fields.items()}
    if annotation is bool:
        return True
    if annotation in (int, float):
        return 0.5 if annotation is float else 1
    return "..."


class CompactJSONAdapter(dspy.JSONAdapter):
    """JSONAdapter with skeleton examples of the outputs in place of their schemas."""

    def format_field_structure(self, signature: Any) -> str:
        inputs = "\n\n".join(f"[[ ## {name} ## ]]\n{{{name}}}" for name in signature.input_fields)
        outputs = {name: skeleton(info.annotation) for name, info in signature.output_fields.items()}
        return "\n\n".join(
            [
                "Inputs will have the following structure:",
                inputs,
                "Answer with one JSON object of this shape:",
                json.dumps(outputs, indent=1),
            ]
        )
