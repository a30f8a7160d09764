"""The one confidence scale of static lifting (``Provenance.confidence``, 0..1).

1.0 means "read verbatim from the code" (names, kinds, defaults, annotations). Lower
values say how much interpretation was needed to get from the code to the element:
the more a reader could disagree, the lower the number. Holes carry the confidence of
their best guess, which is low on purpose: they are questions, not answers.
"""

from __future__ import annotations

from typing import Any

SIGNATURE = 1.0
"""Names, parameter kinds, defaults, annotations, decorators, async-ness: exact."""
DOCTEST_EXAMPLE = 0.95
"""``>>> f(3)`` / ``9`` in the docstring: the author ran (or meant to run) it."""
ASSERT_PRECONDITION = 0.9
"""``assert cond`` at the start of the body."""
DOCSTRING = 0.9
"""Summary, rationale, parameter and return descriptions written by the author."""
ISINSTANCE_GUARD = 0.85
"""``if not isinstance(x, T): raise TypeError`` at the start of the body."""
GUARD_PRECONDITION = 0.8
"""``if cond: raise X`` at the start of the body, negated."""
ASSERT_POSTCONDITION = 0.8
"""``assert cond(name)`` right before ``return name``."""
RAISE_IN_BODY = 0.8
"""An exception named in a ``raise`` statement of the body."""
DOCSTRING_RAISES = 0.75
"""An exception named in the docstring's Raises section."""
EFFECT_KNOWN_CALL = 0.8
"""A call resolved (through the file's imports) to a known effectful function."""
EFFECT_STATE = 0.9
"""A write to a name declared ``global``/``nonlocal``."""
EFFECT_ARGUMENT_MUTATION = 0.7
"""A mutating method call, item or attribute assignment on a parameter."""
EFFECT_METHOD_NAME = 0.6
"""A method name that is typical of an effect (``write_text``, ``unlink``), receiver unknown."""
PROSE_EXAMPLE = 0.7
"""``f(3) == 9`` written in the docstring prose."""
HOLE_GUESS = 0.4
"""What a hole's candidates are worth: evidence, not a decision."""
MISSING = 0.0
"""An element that is absent (e.g. an intent with no docstring)."""


def provenance(
    value: float, path: str | None, line: int | None, end_line: int | None = None, detail: str | None = None
) -> Any:
    """A reverse-mode ``Provenance`` as plain data, for a model field typed ``Provenance``.

    Passing the dict (instead of a ``Provenance`` instance) lets pydantic-core validate it
    inside the enclosing model's validation, in Rust: lifting makes tens of these per
    function and a Python-level model constructor each was a third of the run time.
    """
    location = {"path": path, "line": line, "end_line": end_line} if line is not None else None
    return {"source": "reverse", "confidence": value, "location": location, "detail": detail}
