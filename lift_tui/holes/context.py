"""A hole's goal context: what it is, what is in scope, what constrains it, what it touches."""

from __future__ import annotations

import re

from lift_tui.ir import IR, Hole, HoleKind, PathError, get_path

from .candidates import _locals
from .describe import dependents, find_hole, signature_line
from .models import Binding, HoleContext
from .source import function_source


def _in_scope(expression: str, names: set[str]) -> bool:
    return any(re.search(rf"\b{re.escape(n)}\b", expression) for n in names)


def hole_context(ir: IR, hole_id: str) -> HoleContext:
    """Kind, expected type, bindings with types, constraints in scope, dependencies both ways."""
    hole: Hole = find_hole(ir, hole_id)
    bindings = [
        Binding(name=p.name, type_hint=p.type_hint, origin="parameter") for p in ir.signature.parameters
    ]
    if hole.kind in (HoleKind.value, HoleKind.expression):
        known = {b.name for b in bindings}
        for name, hint in _locals(ir, function_source(ir)).items():
            if name not in known:
                bindings.append(Binding(name=name, type_hint=hint, origin="local"))
    if hole.kind is HoleKind.postcondition:
        bindings.append(Binding(name="result", type_hint=ir.signature.returns, origin="return"))
    names = {b.name for b in bindings}
    constraints = list(hole.constraints)
    for assertion in ir.assertions:
        if _in_scope(assertion.expression, names) and assertion.expression not in constraints:
            constraints.append(f"{assertion.category.value}: {assertion.expression}")
    try:
        current = get_path(ir, hole.target)
    except PathError:
        current = None
    return HoleContext(
        identifier=hole.identifier,
        kind=hole.kind,
        target=hole.target,
        type_hint=hole.type_hint,
        description=hole.description,
        function=signature_line(ir),
        bindings=bindings,
        constraints=constraints,
        depends_on=list(hole.dependencies),
        dependents=[h.identifier for h in dependents(ir, hole)],
        current_value=current if isinstance(current, str) else None,
        status=hole.status.value,
    )
