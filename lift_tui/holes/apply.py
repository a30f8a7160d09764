"""Filling a hole and narrowing the holes that depend on it.

``apply_resolution`` validates the value for the hole's kind, writes it to the hole's
target field and marks the hole resolved. ``propagate`` then tells every dependent hole
what became known (a constraint line, a refreshed ``type_hint``) and re-orders its stored
candidates so the ones consistent with the new fact come first.
"""

from __future__ import annotations

import re

from lift_tui.ir import (
    IR,
    Assertion,
    AssertionCategory,
    Hole,
    HoleKind,
    HoleStatus,
    PathError,
    Provenance,
    Resolution,
    Source,
    get_path,
    set_path,
)

from .describe import dependents, find_hole, param_of_target, scope_text
from .models import CandidateSource, HoleError
from .parts import fill, parent_of, shape_of
from .validate import canonical, value_problem

_SLOT = re.compile(r"assertions\.(precondition|postcondition|invariant)\.(\d+)")


def _ir_source(source: Source | CandidateSource | str) -> Source:
    text = str(source)
    if text in Source.__members__:
        return Source(text)
    return {"static": Source.reverse, "model": Source.model, "history": Source.human}.get(text, Source.human)


def _set_assertion(ir: IR, hole: Hole, category: str, index: int, value: str, source: Source) -> IR:
    copy = ir.model_copy(deep=True)
    same = [a for a in copy.assertions if a.category.value == category]
    provenance = Provenance(source=source, confidence=1.0, detail=f"resolution of {hole.reference}")
    if index < len(same):
        same[index].expression = value
        same[index].provenance = provenance
    else:
        copy.assertions.append(
            Assertion(
                category=AssertionCategory(category),
                expression=value,
                message=f"{category}: {value}",
                provenance=provenance,
            )
        )
    return copy


def apply_resolution(
    ir: IR,
    hole_id: str,
    value: str,
    source: Source | CandidateSource | str = Source.human,
    note: str | None = None,
) -> IR:
    """A copy of ``ir`` with the hole filled; :class:`HoleError` if the value does not fit the hole."""
    hole = find_hole(ir, hole_id)
    problem = value_problem(ir, hole, value)
    if problem:
        raise HoleError(problem)
    text = canonical(hole, value)
    ir_source = _ir_source(source)
    parent = parent_of(ir, hole)
    if parent is not None and parent.status is HoleStatus.open:
        return _resolve_part(ir, hole, parent, text, ir_source, note or f"from {source}")
    slot = _SLOT.fullmatch(hole.target)
    try:
        if slot:
            updated = _set_assertion(ir, hole, slot.group(1), int(slot.group(2)), text, ir_source)
        else:
            current = get_path(ir, hole.target) if "." in hole.target else None
            if isinstance(current, list):  # e.g. intent.success_criteria: one item a line
                items = [line.strip().lstrip("-*• ").strip() for line in text.splitlines()]
                updated = set_path(ir, hole.target, [*current, *(i for i in items if i)])
            else:
                updated = set_path(ir, hole.target, text)
            owner_path = hole.target.rsplit(".", 1)[0]
            owner = get_path(updated, owner_path) if "." in hole.target else None
            if owner is not None and hasattr(owner, "provenance"):
                owner.provenance = Provenance(
                    source=ir_source, confidence=1.0, detail=f"resolution of {hole.reference}"
                )
    except (PathError, ValueError) as error:
        raise HoleError(f"?{hole.identifier}: cannot write to {hole.target}: {error}") from error
    filled = updated.hole(hole.identifier)
    assert filled is not None
    filled.status = HoleStatus.resolved
    filled.resolution = Resolution(value=text, source=ir_source, note=note or f"from {source}")
    return updated


def _resolve_part(ir: IR, hole: Hole, parent: Hole, text: str, source: Source, note: str) -> IR:
    """A part only records its value; the parent is filled (and writes its field) with the last part."""
    updated = ir.model_copy(deep=True)
    part = updated.hole(hole.identifier)
    assert part is not None
    part.status = HoleStatus.resolved
    part.resolution = Resolution(value=text, source=source, note=note)
    filled, complete = fill(updated, shape_of(parent) or "")
    if not complete:
        return updated
    return apply_resolution(
        updated, parent.identifier, filled, source, note=f"assembled from its parts ({note})"
    )


def skip_hole(ir: IR, hole_id: str) -> IR:
    """A copy with the hole marked skipped (still visible, no longer asked about)."""
    find_hole(ir, hole_id)
    copy = ir.model_copy(deep=True)
    hole = copy.hole(hole_id)
    assert hole is not None
    hole.status = HoleStatus.skipped
    return copy


def _narrow(ir: IR, resolved: Hole, other: Hole) -> None:
    """Deterministic narrowing of ``other`` (in place, on a copy owned by the caller)."""
    value = resolved.resolution.value if resolved.resolution else ""
    param = param_of_target(resolved.target)
    fact = (
        f"{param}: {value}"
        if param
        else (
            f"result: {value}"
            if resolved.target == "signature.returns"
            else f"{resolved.reference} = {value}"
        )
    )
    if fact not in other.constraints:
        other.constraints.append(fact)
    if other.kind in (HoleKind.precondition, HoleKind.postcondition) and other.type_hint.startswith("bool"):
        over = scope_text(ir)
        if other.kind is HoleKind.postcondition and ir.signature.returns:
            over = f"{over}, result: {ir.signature.returns}" if over else f"result: {ir.signature.returns}"
        other.type_hint = f"bool expr over ({over})"


def propagate(ir: IR, resolved_hole_id: str, *, use_model: bool = False) -> IR:
    """A copy where the holes depending on the resolved one are narrowed and their candidates re-ranked.

    Narrowing is deterministic (the resolved fact becomes a constraint line, precondition holes
    see the parameter's new type); with ``use_model`` the InferDependentConstraints program adds
    the constraints it infers (kept only if they parse and read only parameters).
    """
    from .candidates import static_candidates
    from .ranking import order_by_fit

    resolved = find_hole(ir, resolved_hole_id)
    if resolved.status is not HoleStatus.resolved:
        raise HoleError(f"{resolved.reference} is not resolved yet; resolve it before propagating")
    copy = ir.model_copy(deep=True)
    targets = [h for h in dependents(copy, resolved) if h.status is HoleStatus.open]
    inferred: dict[str, list[str]] = {}
    if use_model and targets:
        from .model_source import dependent_constraints

        inferred = dependent_constraints(copy, resolved, targets)
    parent = parent_of(copy, resolved)
    source = parent if parent is not None and parent.status is HoleStatus.resolved else resolved
    for other in targets:
        if other.identifier == source.identifier:
            continue
        if parent is not None and source is resolved:
            # a part of a still-open hole: say only what the part is, not what the field is
            fact = f"{resolved.reference} = {resolved.resolution.value if resolved.resolution else ''}"
            if fact not in other.constraints:
                other.constraints.append(fact)
            if other.identifier == parent.identifier:
                continue
        else:
            _narrow(copy, source, other)
        for expression in inferred.get(other.identifier, []):
            if expression not in other.constraints:
                other.constraints.append(expression)
        fresh = order_by_fit(copy, other, static_candidates(copy, other))
        ordered = [c.value for c in fresh if c.type_ok and c.satisfiable is not False]
        kept = [c for c in other.candidates if c not in ordered]
        other.candidates = (ordered + kept)[:12]
    return copy
