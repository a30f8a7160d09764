"""What each model call returns: small, bounded Pydantic models a 135M model can fill in ~100 tokens.

They double as decoding constraints (their JSON Schema goes to llguidance), so every bound here
is a bound on generation: identifiers must look like identifiers, lists are short, strings are
capped. The forward-mode code turns them into IR; nothing here knows about IR.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")]
"""A Python identifier of at most 40 characters."""
TypeHint = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.\[\], |]{0,47}$")]
"""A type annotation as source text, e.g. ``list[int] | None``."""
# Text must start with a word, digit, quote or parenthesis: without that a small model fills
# list items with JSON punctuation (``", "``) copied from the surrounding structure.
Phrase = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9'(][^\n]{0,119}$")]
Sentence = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9'(][^\n]{0,199}$")]
Expression = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_('0-9-][^\n]{0,119}$")]
"""A Python expression as source text; checked with ``ast`` by whoever uses it."""


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntentOut(_Out):
    """What a function is for."""

    summary: Sentence
    success_criteria: list[Phrase] = Field(max_length=3)


class ParameterOut(_Out):
    name: Identifier
    type_hint: TypeHint


class SignatureOut(_Out):
    """A function signature: name, typed parameters, return type."""

    name: Identifier
    parameters: list[ParameterOut] = Field(max_length=6)
    returns: TypeHint


class ConstraintsOut(_Out):
    """Preconditions as Python boolean expressions over the parameters."""

    preconditions: list[Expression] = Field(max_length=4)


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


class CodeOut(_Out):
    """The body of a Python function (the statements under the ``def`` line)."""

    body: Annotated[str, StringConstraints(min_length=1, max_length=800)]
