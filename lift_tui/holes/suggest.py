"""``suggest``: candidates for one hole from every source, merged, checked and ranked."""

from __future__ import annotations

from typing import Any

from lift_tui.ir import IR, Hole, Source

from .apply import find_hole
from .calibration import calibrated, kind_of
from .candidates import static_candidates
from .history import history_candidates
from .models import Candidate, CandidateSource
from .ranking import combine, order_by_fit

DEFAULT_TOP = 6


def suggest(
    ir: IR,
    hole_id: str,
    *,
    use_model: bool = False,
    top: int | None = DEFAULT_TOP,
    store: Any = None,
    check: bool = True,
    run: bool = False,
    calibrate: bool = True,
) -> list[Candidate]:
    """Best-first candidates for ``hole_id``.

    Sources: this user's accepted resolutions (``store``), static evidence from the code,
    and with ``use_model`` the HoleSuggestion program on the local model. ``check`` runs
    z3 on each candidate; ``top=None`` returns all of them. ``run`` first runs the function's
    examples in the sandbox under a call tracer (:mod:`.observe`; slow, blocking, cached), so
    what the calls showed joins the evidence; without it only an earlier run's results are used.
    ``calibrate`` maps confidences through the fitted table (:mod:`.calibration`); the benchmark
    turns it off to see raw confidences.
    """
    hole = find_hole(ir, hole_id)
    if run:
        from .observe import observe

        observe(ir)
    groups: list[list[Candidate]] = []
    if store is not None:
        groups.append(history_candidates(store, ir, hole))
    groups.append(static_candidates(ir, hole))
    groups.append(stored_model_candidates(hole))
    if use_model:
        from .model_source import model_candidates

        groups.append(model_candidates(ir, hole, store=store))
    ranked = order_by_fit(ir, hole, combine(groups), check=check)
    if calibrate:
        kind = kind_of(hole.kind.value, hole.target)
        for candidate in ranked:
            if candidate.source is CandidateSource.static:
                candidate.confidence = calibrated(kind, candidate.confidence)
    return ranked[:top] if top else ranked


def stored_model_candidates(hole: Hole) -> list[Candidate]:
    """What the model proposed when the code was lifted (reverse enrichment), kept on the hole.

    Such a hole carries ``provenance.source == model``; its stored values rank with the rest
    like any model candidate, instead of being lost once the hole is shown.
    """
    if hole.provenance.source is not Source.model:
        return []
    detail = hole.provenance.detail or "proposed by the model when the code was lifted"
    return [
        Candidate(value=value, rationale=detail, confidence=hole.provenance.confidence,
                  source=CandidateSource.model, evidence=["lifted"])
        for value in hole.candidates
    ]
