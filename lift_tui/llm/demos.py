"""One worked example per signature, shown to the model before the real input.

A 135M model copies the shape of what it sees: with the schema alone it echoes placeholders
(``"..."``) or schema keywords; with one filled-in example it writes values of the right kind.
These are seeds; ``lift-tui optimize`` replaces them with examples bootstrapped from use.
"""

from __future__ import annotations

from typing import Any

from .outputs import (
    CandidateOut,
    CodeOut,
    ConstraintsOut,
    DependentConstraintOut,
    DependentConstraintsOut,
    HoleSuggestionOut,
    IntentOut,
    ParameterOut,
    SignatureOut,
)

_CODE = '''def percent(part: float, whole: float) -> float:
    """Return part as a percentage of whole."""
    if whole == 0:
        raise ValueError("whole must not be zero")
    return 100 * part / whole
'''

SEED_DEMOS: dict[str, dict[str, Any]] = {
    "nl_to_intent": {
        "request": "a function that returns the initials of a full name",
        "intent": IntentOut(
            summary="Return the upper-case initials of each word in a person's full name.",
            success_criteria=["'Ada Lovelace' gives 'AL'", "an empty name gives ''"],
        ),
    },
    "intent_to_signature": {
        "intent": "return the upper-case initials of each word in a full name",
        "function": SignatureOut(
            name="initials",
            parameters=[ParameterOut(name="full_name", type_hint="str")],
            returns="str",
        ),
    },
    "constraint_extraction": {
        "intent": "return part as a percentage of whole",
        "def_line": "def percent(part: float, whole: float) -> float:",
        "constraints": ConstraintsOut(preconditions=["whole != 0", "part >= 0"]),
    },
    "code_to_intent": {
        "code": _CODE,
        "intent": IntentOut(
            summary="Return part as a percentage of whole.",
            success_criteria=["percent(1, 4) == 25.0", "a zero whole raises ValueError"],
        ),
    },
    "code_to_constraints": {
        "code": _CODE,
        "constraints": ConstraintsOut(preconditions=["whole != 0"]),
    },
    "hole_suggestion": {
        "specification": "def initials(full_name: str) -> ?return_type",
        "hole": "?return_type: type, what initials returns",
        "suggestions": HoleSuggestionOut(
            candidates=[
                CandidateOut(value="str", rationale="initials are joined into one string", confidence=0.8),
                CandidateOut(value="list[str]", rationale="one initial per word", confidence=0.2),
            ]
        ),
    },
    "infer_dependent_constraints": {
        "resolved": "?min_length = 3",
        "dependents": "?max_length: int, the longest allowed password",
        "implied": DependentConstraintsOut(
            constraints=[DependentConstraintOut(hole="max_length", expression="max_length >= 3")]
        ),
    },
    "ir_to_code": {
        "specification": "Return part as a percentage of whole. Precondition: whole != 0.",
        "def_line": "def percent(part: float, whole: float) -> float:",
        "code": CodeOut(
            body='if whole == 0:\n    raise ValueError("whole must not be zero")\nreturn 100 * part / whole'
        ),
    },
}


def seed_demos(name: str) -> list[Any]:
    """The seed example for program ``name`` as a ``dspy.Example`` list (empty if there is none)."""
    from .dspy_setup import import_dspy

    dspy = import_dspy()
    demo = SEED_DEMOS.get(name)
    return [dspy.Example(**demo)] if demo else []
