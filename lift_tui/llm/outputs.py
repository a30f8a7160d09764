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

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


def _type_vocabulary() -> list[str]:
    """Every name an annotation may use: builtin types, ``typing`` and ``collections.abc`` (also dotted)."""
    import builtins
    import collections.abc
    import typing

    names = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type) and not n.startswith("_")}
    names |= {"None", *typing.__all__, *(f"typing.{n}" for n in typing.__all__)}
    names |= {*collections.abc.__all__, *(f"collections.abc.{n}" for n in collections.abc.__all__)}
    return sorted(names, key=lambda n: (-len(n), n))


_TYPE_WORD = "(?:" + "|".join(re.escape(n) for n in _type_vocabulary()) + r"|\.\.\.)"
TypeName = Annotated[str, StringConstraints(
    pattern=rf"^{_TYPE_WORD}(?:(?:\[|, ?| \| )(?:{_TYPE_WORD})|\]){{0,12}}$", max_length=80,
)]
"""A Python annotation's text over builtins, ``typing`` and ``collections.abc`` (``dict[str, list[str]]``,
``str | None``, ``Any``): open in shape, closed only to names that exist without an import of the user's."""
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


class ParameterTypesOut(_Out):
    """Typed parameters and the result's type; :func:`parameter_types_model` fixes the names per call."""

    parameters: list[ParameterOut] = Field(max_length=MAX_PARAMETERS)
    returns: TypeName


def parameter_types_model(names: list[str]) -> type[BaseModel]:
    """:class:`ParameterTypesOut` for exactly these parameters, in order, their names fixed: the count
    is fixed by the schema itself, so a model asked for types cannot add or drop a parameter (the
    names are forced tokens; the model writes only the types)."""
    from pydantic import create_model

    items = tuple(
        create_model(f"Parameter{index}", __base__=_Out, name=(Literal[name], ...), type_hint=(TypeName, ...))
        for index, name in enumerate(names)
    )
    return create_model(
        "ParameterTypesOut", __base__=_Out, parameters=(tuple[items] if items else tuple[()], ...),  # type: ignore[valid-type]
        returns=(TypeName, ...),
    )


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
