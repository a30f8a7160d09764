"""What each model call returns: small Pydantic models a 135M model fills in a few dozen tokens.

They double as decoding constraints (their JSON Schema goes to llguidance), so every bound here
is a bound on generation: names must look like snake_case identifiers, strings are capped, a
precondition list holds at most two items. Types are open: any text shaped like a Python
annotation (``list[tuple[int, int]]``, ``dict[str, list[str]]``, ``str | None``, ``Any``);
forward mode then accepts only annotations that parse and name builtins, ``typing`` or
``collections.abc``. The parameter list has no small cap to pad up to (the issue measured a
135M model filling a four-item cap on every prompt), and forward mode takes the parameter
count from the prompt's facts or the model's own code before it asks for a signature.
Nothing here knows about IR; forward mode turns them into IR.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

TypeName = Annotated[str, StringConstraints(
    pattern=r"^(?:[A-Za-z_][A-Za-z0-9_.]{0,30}|\.\.\.)"
    r"(?:(?:\[|, ?| ?\| ?)(?:[A-Za-z_][A-Za-z0-9_.]{0,30}|\.\.\.)|\]){0,12}$",
    max_length=60,
)]
"""A Python annotation's text (``int``, ``dict[str, list[str]]``, ``str | None``); not prose."""
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


MAX_PARAMETERS = 12
"""A bound on generation only, far above what a function takes, so there is no cap to pad up to."""


class SignatureOut(_Out):
    """A function signature: snake_case name, typed parameters, return type."""

    name: FunctionName
    parameters: list[ParameterOut] = Field(max_length=MAX_PARAMETERS)
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
