"""A hole and its IR spelled for people and for the model, and the holes' dependency graph:
find a hole, the holes that depend on it, the parameter a type hole is about, the signature as
one line with open holes shown.
"""

from __future__ import annotations

import re

from lift_tui.ir import IR, Hole, HoleKind

from .models import HoleError


def param_of_target(target: str) -> str | None:
    match = re.fullmatch(r"signature\.parameters\.([A-Za-z_]\w*)\.type_hint", target)
    return match.group(1) if match else None


def find_hole(ir: IR, hole_id: str) -> Hole:
    hole = ir.hole(hole_id)
    if hole is None:
        known = ", ".join(h.reference for h in ir.holes) or "none"
        raise HoleError(f"no hole ?{hole_id.removeprefix('?')} in {ir.signature.name}; holes: {known}")
    return hole


def scope_text(ir: IR, names: list[str] | None = None) -> str:
    params = [p for p in ir.signature.parameters if p.name not in ("self", "cls")]
    if names is not None:
        params = [p for p in params if p.name in names] or params
    return ", ".join(f"{p.name}: {p.type_hint}" if p.type_hint else p.name for p in params)


def dependents(ir: IR, hole: Hole) -> list[Hole]:
    """Holes that declare a dependency on ``hole``, plus expression holes over its parameter."""
    param = param_of_target(hole.target)
    found: list[Hole] = []
    for other in ir.holes:
        if other.identifier == hole.identifier:
            continue
        mentions = (
            param is not None
            and other.kind in (HoleKind.precondition, HoleKind.postcondition)
            and (
                re.search(rf"\b{re.escape(param)}\b", f"{other.type_hint} {other.description}") is not None
                or "over (" in other.type_hint
                or not other.type_hint.strip()
            )
        )
        returns = hole.target == "signature.returns" and other.kind is HoleKind.postcondition
        if hole.identifier in other.dependencies or mentions or returns:
            found.append(other)
    return found


def signature_line(ir: IR) -> str:
    """``name(a: int, b: ?b_type) -> ?return_type`` with open holes shown where values are missing."""
    open_targets = {h.target: h.reference for h in ir.open_holes()}
    parts = []
    for p in ir.signature.parameters:
        hint = p.type_hint or open_targets.get(f"signature.parameters.{p.name}.type_hint")
        prefix = {"var_positional": "*", "var_keyword": "**"}.get(p.kind.value, "")
        text = f"{prefix}{p.name}" + (f": {hint}" if hint else "")
        parts.append(text + (f" = {p.default}" if p.default is not None else ""))
    returns = ir.signature.returns or open_targets.get("signature.returns")
    prefix = "async def " if ir.signature.is_async else "def "
    return f"{prefix}{ir.signature.name}({', '.join(parts)})" + (f" -> {returns}" if returns else "")


def specification_text(ir: IR) -> str:
    lines = [signature_line(ir)]
    if ir.intent.summary:
        lines.append(f"# {ir.intent.summary}")
    lines += [f"# requires {a.expression}" for a in ir.preconditions[:4]]
    return "\n".join(lines)


def hole_text(hole: Hole) -> str:
    text = f"{hole.reference}: {hole.type_hint}, {hole.description or hole.target}"
    if hole.constraints:
        text += "; known: " + "; ".join(hole.constraints[:3])
    return text

