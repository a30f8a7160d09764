"""One worked example per signature, shown to the model before the real input.

A 135M model copies the shape of what it sees: with the schema alone it echoes placeholders
(``"..."``) or schema keywords; with one filled-in example it writes values of the right kind.
Seeds exist where they help; ``lift-tui optimize`` replaces them with examples bootstrapped from use.
"""

from __future__ import annotations

from typing import Any

from .outputs import (
    CandidateOut,
    ConstraintsOut,
    DependentConstraintOut,
    DependentConstraintsOut,
    HoleSuggestionOut,
    IntentOut,
)

_CODE = '''def percent(part: float, whole: float) -> float:
    """Return part as a percentage of whole."""
    if whole == 0:
        raise ValueError("whole must not be zero")
    return 100 * part / whole
'''

SEED_DEMOS: dict[str, dict[str, Any]] = {
    # nl_to_intent, intent_to_signature, constraint_extraction and ir_to_code have no seed: forward
    # mode measured its prompts without one (a seed's names, e.g. ``initials``, get copied), and
    # ir_to_code's demos are the retrieved idioms forward mode picks per candidate.
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
}


def seed_demos(name: str) -> list[Any]:
    """The seed example for program ``name`` as a ``dspy.Example`` list (empty if there is none)."""
    from .dspy_setup import import_dspy

    dspy = import_dspy()
    demo = SEED_DEMOS.get(name)
    return [dspy.Example(**demo)] if demo else []
