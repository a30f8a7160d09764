"""DSPy adapters that build the short prompts a 135M model answers well.

DSPy's JSONAdapter writes a system prompt listing every field, its type and the output
structure, then repeats the requirements after the input (~250 tokens before the question).
Under constrained decoding the shape is enforced anyway, and SmolLM2-135M given that text
copies its words ("SignatureOut", "...") into the values. What forward mode measured to work
is one user message: the task sentence, then one ``Title: value`` line per input. So:

- :class:`CompactJSONAdapter` keeps JSONAdapter's response format (the signature's output
  types become the JSON Schema the engine decodes under) and its parsing, and formats each
  call (and each demo) as that one short user message; a demo's answer is compact JSON.
- :class:`GrammarAdapter` is for a signature with one ``str`` output decoded under a Lark
  grammar: the grammar travels in the call's ``metadata={"lark_grammar": ...}`` (the one
  pass-through slot DSPy's request format has), the answer is the raw text, nothing to parse.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .dspy_setup import import_dspy

dspy = import_dspy()

GRAMMAR_KEY = "lark_grammar"
N_KEY = "lift_n"
"""Metadata key carrying the call's ``n``: DSPy sends n identical requests and never says n."""
GREEDY_KEY = "lift_greedy_rows"
"""Metadata key: how many of the n rows are greedy (row 0 = the model's unprompted answer)."""


def label(info: Any, name: str) -> str:
    """The field's title as a label (``Request:``), or its name (DSPy's ``prefix`` is deprecated)."""
    title = getattr(info, "title", None)
    return f"{title or name.replace('_', ' ').capitalize()}:"


def _text(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return value if isinstance(value, str) else json.dumps(value)


def task_message(signature: Any, values: dict[str, Any]) -> str:
    """The task sentence and one ``Title: value`` line per input that has a value."""
    lines = [signature.instructions.strip()]
    for name, info in signature.input_fields.items():
        value = values.get(name)
        if value not in (None, ""):
            lines.append(f"{label(info, name)} {_text(value)}")
    return "\n".join(lines)


def single_model_output(signature: Any) -> tuple[str, type[BaseModel]] | None:
    """The one output field and its Pydantic type, when that is all the signature returns."""
    if len(signature.output_fields) != 1:
        return None
    ((name, info),) = signature.output_fields.items()
    annotation = info.annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return name, annotation
    return None


def answer_json(signature: Any, demo: dict[str, Any]) -> str:
    """A demo's outputs as the compact JSON the constraint makes the model write."""
    payload = {}
    for name in signature.output_fields:
        value = demo.get(name)
        payload[name] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    single = single_model_output(signature)
    return json.dumps(payload[single[0]] if single else payload)


class BatchHint:
    """Puts the call's ``n`` into the request metadata, so the engine can decode the n rows together.

    DSPy 3.4 turns ``config={"n": 8}`` into eight identical engine requests; with the hint the
    embedded engine decodes all eight in one batch on the first request and answers the rest
    from it (``lm.LocalEngine``). A served model ignores the key (it is not sent: the served
    engine reads it, see ``served.ServedEngine``).
    """

    def _call_preprocess(
        self, lm: Any, lm_kwargs: dict[str, Any], signature: Any, inputs: dict[str, Any]
    ) -> Any:
        n = lm_kwargs.get("n") or (getattr(lm, "kwargs", None) or {}).get("n") or 1
        if isinstance(n, int) and n > 1:
            lm_kwargs["metadata"] = {**(lm_kwargs.get("metadata") or {}), N_KEY: n}
        return super()._call_preprocess(lm, lm_kwargs, signature, inputs)  # type: ignore[misc]


class CompactJSONAdapter(BatchHint, dspy.JSONAdapter):
    """JSONAdapter's schema-constrained answers with one short user message per call.

    A signature whose one output is a Pydantic model is answered with that model's object at
    the top level (``{"summary": ...}``, not ``{"intent": {"summary": ...}}``): measured on
    SmolLM2-135M, the extra wrapper turned a good summary with no criteria into criteria of
    ``"1.0.0.1.0..."`` until the token limit (30 s instead of 4 s). ``parse`` puts it back.
    """

    def _prepare_response_format(self, lm: Any, lm_kwargs: dict[str, Any], signature: Any) -> None:
        super()._prepare_response_format(lm, lm_kwargs, signature)
        single = single_model_output(signature)
        current = lm_kwargs.get("response_format")
        if single and isinstance(current, type) and issubclass(current, BaseModel):
            # The model's own schema, not DSPy's strict rewrite (which makes every field required):
            # fields with defaults stay optional, so the model may stop after the summary.
            model = single[1]
            lm_kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": model.__name__, "schema": model.model_json_schema()},
            }

    def parse(self, signature: Any, completion: str) -> dict[str, Any]:
        single = single_model_output(signature)
        if single is not None:
            name, model = single
            try:
                data = json.loads(completion)
            except ValueError:
                data = None
            if isinstance(data, dict) and not (set(data) == {name} and name not in model.model_fields):
                completion = json.dumps({name: data})
        return super().parse(signature, completion)

    def format(
        self, signature: Any, demos: list[dict[str, Any]], inputs: dict[str, Any]
    ) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        for demo in demos:
            if all(demo.get(name) is not None for name in signature.output_fields):
                messages.append({"role": "user", "content": task_message(signature, demo)})
                messages.append({"role": "assistant", "content": answer_json(signature, demo)})
        messages.append({"role": "user", "content": task_message(signature, inputs)})
        return messages


class GrammarAdapter(BatchHint, dspy.Adapter):
    """One ``str`` output written as raw text under the Lark grammar the caller passes in ``metadata``.

    The signature's instructions are the system message; each demo is a user/assistant pair.
    The user message is made by ``render(inputs)`` (by default :func:`task_message` without the
    instructions), so a caller can show the model the format it writes best, e.g. a ``def``
    line and docstring under which the answer is the body.
    """

    def __init__(self, render: Any = None, system: bool = True) -> None:
        super().__init__()
        self.render = render
        self.system = system

    def _user(self, signature: Any, values: dict[str, Any]) -> str:
        if self.render is not None:
            return self.render(values)
        return task_message(signature.with_instructions(""), values).strip()

    def format(
        self, signature: Any, demos: list[dict[str, Any]], inputs: dict[str, Any]
    ) -> list[dict[str, Any]]:
        (output,) = signature.output_fields
        messages: list[dict[str, Any]] = []
        if self.system and signature.instructions.strip():
            messages.append({"role": "system", "content": signature.instructions.strip()})
        for demo in demos:
            if demo.get(output):
                messages.append({"role": "user", "content": self._user(signature, demo)})
                messages.append({"role": "assistant", "content": str(demo[output]).rstrip("\n") + "\n"})
        messages.append({"role": "user", "content": self._user(signature, inputs)})
        return messages

    def parse(self, signature: Any, completion: str) -> dict[str, Any]:
        (output,) = signature.output_fields
        return {output: completion}


def grammar_config(grammar: str, max_tokens: int, greedy_rows: int = 0) -> dict[str, Any]:
    """The call config that makes the embedded LM decode under ``grammar`` with ``max_tokens``
    (and, when sampling n rows, the first ``greedy_rows`` of them greedy)."""
    metadata: dict[str, Any] = {GRAMMAR_KEY: grammar}
    if greedy_rows:
        metadata[GREEDY_KEY] = greedy_rows
    return {"max_tokens": max_tokens, "metadata": metadata}
