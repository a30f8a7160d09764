"""Learning from this user: accepted resolutions become examples and history candidates.

Examples are stored under the program name ``HoleSuggestion`` (the DSPy signature they train)
with the hole's description as inputs and the accepted value as output; the same rows feed
``lift-tui optimize`` and the "history" candidate source.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from lift_tui.ir import IR, Hole, HoleKind

from .describe import hole_text, param_of_target, signature_line, specification_text
from .models import Candidate, CandidateSource

PROGRAM = "HoleSuggestion"


def slot_key(ir: IR, hole: Hole) -> str:
    """What makes two holes "the same question": a parameter's name, a function's return, a kind."""
    param = param_of_target(hole.target)
    if param is not None:
        return f"type:param:{param}"
    if hole.target == "signature.returns":
        return f"type:returns:{ir.signature.name}"
    if hole.kind in (HoleKind.precondition, HoleKind.postcondition):
        scope = ",".join(sorted(f"{p.name}:{p.type_hint}" for p in ir.signature.parameters))
        return f"{hole.kind.value}:{scope}"
    return f"{hole.kind.value}:{hole.target}"


def hole_inputs(ir: IR, hole: Hole) -> dict[str, Any]:
    """The inputs of a HoleSuggestion example (also what the model sees)."""

    return {
        "specification": specification_text(ir),
        "hole": hole_text(hole),
        "slot": slot_key(ir, hole),
        "kind": hole.kind.value,
        "target": hole.target,
        "type_hint": hole.type_hint,
        "function": signature_line(ir),
        "summary": ir.intent.summary or "",
        "constraints": [*hole.constraints, *(a.expression for a in ir.preconditions)],
    }


def record_accepted(
    store: Any, ir: IR, hole: Hole, value: str, source: str, session_id: str | None = None
) -> None:
    """Keep an accepted resolution as a training example (``store`` is a ``lift_tui.store.Store``)."""
    store.add_example(
        PROGRAM,
        inputs=hole_inputs(ir, hole),
        outputs={"value": value, "source": source},
        score=1.0,
        session_id=session_id,
    )


def history_candidates(store: Any, ir: IR, hole: Hole) -> list[Candidate]:
    """Values this user accepted before for the same slot, most accepted first."""
    key = slot_key(ir, hole)
    counts: Counter[str] = Counter()
    for example in store.examples(program=PROGRAM):
        if example.inputs.get("slot") == key and isinstance(example.outputs.get("value"), str):
            counts[example.outputs["value"]] += 1
    return [
        Candidate(
            value=value,
            rationale=f"you accepted this {count} time(s) for the same slot",
            confidence=min(0.45 + 0.1 * count, 0.85),
            source=CandidateSource.history,
            evidence=["history"],
            accepted_before=count,
        )
        for value, count in counts.most_common(6)
    ]


MAX_DEMO_VALUE = 40
"""Longer accepted values make poor few-shot demos for a small model; they are left out."""


def accepted_demo(row: Any) -> Any | None:
    """One stored accepted resolution as a DSPy example of HoleSuggestion, or None if unusable.

    The one conversion used both for few-shot demos at suggestion time and for the
    ``optimize`` dataset, so the program is compiled on the same examples it is shown.
    """
    value = str(row.outputs.get("value", "")).strip()
    if not value or len(value) > MAX_DEMO_VALUE or not row.inputs.get("specification"):
        return None
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.outputs import CandidateOut, HoleSuggestionOut

    accepted = CandidateOut(value=value, rationale="accepted by the user", confidence=0.9)
    out = HoleSuggestionOut(candidates=[accepted])
    return (
        import_dspy()
        .Example(specification=row.inputs["specification"], hole=row.inputs["hole"], suggestions=out)
        .with_inputs("specification", "hole")
    )
