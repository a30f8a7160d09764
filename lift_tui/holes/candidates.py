"""Static candidates for any hole: dispatch on the hole's kind and target."""

from __future__ import annotations

import ast

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.index import body_nodes, owner_classes
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import normalize_type
from lift_tui.ir import IR, Hole, HoleKind

from .describe import param_of_target
from .evidence import Evidence, merge
from .models import Candidate
from .observe import observed_guard_evidence
from .parts import parent_of, part_names, project, shape_of
from .rules.conventions import module_aliases
from .rules.guards import postcondition_evidence, precondition_evidence, summary_evidence, value_evidence
from .rules.module_guards import module_guard_evidence
from .rules.state_guards import state_guard_evidence
from .rules.typed_guards import optional_state_evidence
from .source import function_source
from .static import parameter_type_evidence, return_type_evidence


def _locals(ir: IR, fn: FunctionSource | None) -> dict[str, str | None]:
    if fn is None:
        return {}
    typer = ExprTyper(fn.node, fn.module, {p.name: p.type_hint for p in ir.signature.parameters}, None)
    names: dict[str, str | None] = {}
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Assign):
            for target in item.targets:
                if isinstance(target, ast.Name):
                    names.setdefault(target.id, typer.type_of(item.value))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names[item.target.id] = ast.unparse(item.annotation)
    return names


def _with_aliases(evidence: list[Evidence], fn: FunctionSource | None) -> list[Evidence]:
    """Where the module names a type (``Pos = int``), offer the alias next to the type it names."""
    if fn is None:
        return evidence
    aliases = module_aliases(fn.module)
    extra = []
    for item in evidence:
        for alias in aliases.get(normalize_type(item.value) or "", [])[:2]:
            extra.append(
                Evidence(
                    alias,
                    item.tag,
                    f"{item.rationale}; the module calls {item.value} `{alias}`",
                    item.weight * 0.95,
                )
            )
    return evidence + extra


def _inferred_types(ir: IR, hole: Hole, fn: FunctionSource | None) -> dict[str, str]:
    """Best static guess of each unannotated parameter's type, when the evidence is decent."""
    guesses: dict[str, str] = {}
    for param in ir.signature.parameters:
        if param.type_hint or param.name in ("self", "cls"):
            continue
        probe = Hole(
            identifier=f"{param.name}_type",
            kind=HoleKind.type,
            target=f"signature.parameters.{param.name}.type_hint",
            type_hint="type",
        )
        ranked = [
            c
            for c in merge(parameter_type_evidence(ir, probe, fn, param.name))
            if c.value.split("[", 1)[0] not in ("Sized", "Iterable", "Callable", "Any", "object")
        ]
        if ranked and ranked[0].confidence >= 0.2:
            guesses[param.name] = ranked[0].value
    return guesses


def _part_evidence(ir: IR, hole: Hole, parent: Hole, fn: FunctionSource | None) -> list[Evidence]:
    """A part of a refined hole: the parent's evidence seen through the parent's shape."""
    template = shape_of(parent) or ""
    found: list[Evidence] = []
    for item in evidence_for(ir, parent, fn):
        if hole.kind is HoleKind.type:
            inner = project(template, hole.identifier, item.value)
            if inner and inner != "...":
                found.append(Evidence(inner, item.tag, f"{item.rationale} (as {item.value})", item.weight))
        else:
            found.append(item)
    taken = {
        h.resolution.value
        for h in ir.holes
        if h.identifier in part_names(template) and h.resolution is not None
    }
    stored = [Evidence(c, "refined", "kept when the hole was refined", 0.3) for c in hole.candidates]
    return [e for e in found + stored if e.value not in taken]


def evidence_for(ir: IR, hole: Hole, fn: FunctionSource | None) -> list[Evidence]:
    """Every static fact that proposes a value for ``hole``."""
    parent = parent_of(ir, hole)
    if parent is not None:
        return _part_evidence(ir, hole, parent, fn)
    if hole.kind is HoleKind.type:
        param = param_of_target(hole.target)
        if param is not None:
            return _with_aliases(parameter_type_evidence(ir, hole, fn, param), fn)
        if hole.target == "signature.returns":
            return _with_aliases(return_type_evidence(ir, hole, fn), fn)
        return [Evidence(c, "lifter", "seen by the lifter", 0.3) for c in hole.candidates]
    if hole.kind is HoleKind.precondition:
        doc = (ast.get_docstring(fn.node) or "") if fn is not None else ""
        existing = {a.expression for a in ir.assertions}
        found = precondition_evidence(ir, hole, fn, doc, _inferred_types(ir, hole, fn))
        found += observed_guard_evidence(ir)
        if fn is not None:
            owner = owner_classes(fn.module).get(id(fn.node))
            found += optional_state_evidence(fn.module, fn.node, owner)
            names = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
            found += [e for e in state_guard_evidence(ir, fn, names, doc) if e.value not in existing]
        return found + [e for e in module_guard_evidence(ir, fn) if e.value not in existing]
    if hole.kind is HoleKind.postcondition:
        return postcondition_evidence(ir)
    if hole.kind in (HoleKind.value, HoleKind.expression):
        return value_evidence(ir, hole, _locals(ir, fn))
    if hole.kind is HoleKind.text and hole.target == "intent.summary":
        return summary_evidence(ir)
    return [Evidence(c, "lifter", "seen by the lifter", 0.3) for c in hole.candidates]


def static_candidates(ir: IR, hole: Hole, fn: FunctionSource | None = None) -> list[Candidate]:
    """Merged, unranked model-free candidates; ``fn`` defaults to re-parsing ``metadata.source_path``."""
    if fn is None:
        fn = function_source(ir)
    return merge(evidence_for(ir, hole, fn))
