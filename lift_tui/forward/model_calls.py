"""The forward pipeline's questions to the model, each under a JSON-schema or Lark constraint.

Outputs are small and closed (enums for types, identifier patterns for names, short
bounded lists) so a 135M model fills them in a few dozen tokens and cannot produce a value
of the wrong shape; whether the *content* is right is decided later, by the checks in
:mod:`lift_tui.forward.assemble` and by running the code.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

TypeName = Literal[
    "int", "float", "str", "bool", "list[int]", "list[float]", "list[str]", "dict[str, int]",
    "tuple[int, int]",
]


class IntentAnswer(BaseModel):
    summary: str = Field(max_length=140)
    success_criteria: list[str] = Field(default_factory=list, max_length=2)


class ParamAnswer(BaseModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,15}$")
    type_hint: TypeName


class SignatureAnswer(BaseModel):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,30}$")
    parameters: list[ParamAnswer] = Field(max_length=4)
    returns: TypeName


class ConstraintsAnswer(BaseModel):
    preconditions: list[str] = Field(default_factory=list, max_length=2)


class Engine(Protocol):
    def generate_json(
        self, messages: list[dict[str, str]], schema: Any, max_tokens: int | None = None
    ) -> dict: ...

    def generate_grammar(
        self, messages: list[dict[str, str]], lark_grammar: str, max_tokens: int | None = None,
        check: Any = None,
    ) -> str: ...


def _user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def ask_intent(engine: Engine, prompt: str) -> dict[str, Any]:
    return engine.generate_json(
        _user(f"Summarise in one sentence what this Python function must do.\nRequest: {prompt}"),
        IntentAnswer,
        max_tokens=80,
    )


def ask_signature(engine: Engine, prompt: str, hint: str = "") -> dict[str, Any]:
    extra = f"\nKnown: {hint}" if hint else ""
    return engine.generate_json(
        _user(
            "Give the Python function signature (name, parameters with types, return type) for this "
            f"request.\nRequest: {prompt}{extra}"
        ),
        SignatureAnswer,
        max_tokens=90,
    )


def ask_constraints(engine: Engine, prompt: str, header: str) -> dict[str, Any]:
    return engine.generate_json(
        _user(
            "List at most two preconditions on the inputs of this function, each a Python boolean "
            f"expression over its parameters.\nRequest: {prompt}\nFunction: {header}"
        ),
        ConstraintsAnswer,
        max_tokens=70,
    )


def write_body(engine: Engine, messages: list[dict[str, str]], grammar: str, max_tokens: int = 48) -> str:
    return engine.generate_grammar(messages, grammar, max_tokens=max_tokens)
