"""What each model call returns: small, closed Pydantic models a 135M model fills in a few dozen tokens.

They double as decoding constraints (their JSON Schema goes to llguidance), so every bound here
is a bound on generation: types come from a closed list, names must look like snake_case
identifiers, lists hold two to four items, strings are capped. Measured in forward mode
(``lift-tui bench forward``): with open type strings and six-item lists the model wandered
(``"type_hint": "list of numbers"``, padded lists); with these it answers in 30–90 tokens and
every answer is usable. Nothing here knows about IR; forward mode turns them into IR.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TypeName = Literal[
    "int", "float", "str", "bool", "list[int]", "list[float]", "list[str]", "dict[str, int]",
    "tuple[int, int]",
]
"""The types a generated function may take or return: the ones its checks and z3 understand."""
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")]
"""A Python identifier of at most 40 characters."""
FunctionName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,30}$")]
ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,15}$")]
Summary = Annotated[str, StringConstraints(max_length=140)]
Criterion = Annotated[str, StringConstraints(max_length=120)]
# An expression must start with a name, digit, quote, parenthesis or minus: without that a small
# model fills list items with JSON punctuation (``", "``) copied from the surrounding structure.
Expression = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_('0-9-][^\n]{0,119}$")]
"""A Python expression as source text; checked with ``ast`` by whoever uses it."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntentOut(_Out):
    """What a function is for: one sentence and up to two success criteria."""

    summary: Summary
    success_criteria: list[Criterion] = Field(default_factory=list, max_length=2)


class ParameterOut(_Out):
    name: ParameterName
    type_hint: TypeName


class SignatureOut(_Out):
    """A function signature: snake_case name, up to four typed parameters, return type."""

    name: FunctionName
    parameters: list[ParameterOut] = Field(max_length=4)
    returns: TypeName


class ConstraintsOut(_Out):
    """At most two preconditions, as Python boolean expressions over the parameters."""

    preconditions: list[Expression] = Field(default_factory=list, max_length=2)


class CandidateOut(_Out):
    """One proposed value for a typed hole."""

    value: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    rationale: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9'(][^\n]{0,79}$")]
    confidence: float = Field(ge=0.0, le=1.0)


class HoleSuggestionOut(_Out):
    candidates: list[CandidateOut] = Field(min_length=1, max_length=4)


class DependentConstraintOut(_Out):
    """A constraint a resolved hole implies for another hole."""

    hole: Identifier
    expression: Expression


class DependentConstraintsOut(_Out):
    constraints: list[DependentConstraintOut] = Field(max_length=4)
