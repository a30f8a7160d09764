"""Ranking candidates: fit to the hole's kind, z3 against the rest of the IR, then evidence
(code or history beats the model's word alone), then confidence and past acceptance.

A candidate that makes a satisfiable IR unsatisfiable is kept but marked
(``satisfiable=False``) and sorted last, so the user sees why it is not proposed first.
If the IR is already unsatisfiable without the candidate, the solver cannot blame the
candidate and every verdict is ``None``.
"""

from __future__ import annotations

import ast
import re

from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.typetext import normalize_type, parse_expr
from lift_tui.ir import IR, Hole, HoleKind

from .describe import param_of_target
from .models import Candidate, CandidateSource
from .validate import canonical, value_problem

_SOURCE_ORDER = {CandidateSource.history: 0, CandidateSource.static: 1, CandidateSource.model: 2}


def _verdict(report, text: str | None) -> bool | None:  # report: CheckReport
    if text is not None and any(u.expression == text for u in report.untranslated):
        return None
    if report.status == "sat":
        return True
    if report.status == "unsat":
        return False
    return None


def _with_type(ir: IR, hole: Hole, value: str) -> IR | None:
    """The IR with a type candidate in place, or ``None`` when no assertion could notice it."""
    param = param_of_target(hole.target)
    if param is not None:
        if not any(re.search(rf"\b{re.escape(param)}\b", a.expression) for a in ir.assertions):
            return None
        copy = ir.model_copy(deep=True)
        target = copy.signature.parameter(param)
        if target is None:
            return None
        target.type_hint = value
        return copy
    if hole.target == "signature.returns" and ir.postconditions:
        copy = ir.model_copy(deep=True)
        copy.signature.returns = value
        return copy
    return None


CHECKED = 8


def satisfiability(ir: IR, hole: Hole, candidates: list[Candidate]) -> None:
    """Set ``satisfiable`` (in place) with real z3 checks, strongest candidates first, until
    :data:`CHECKED` of them are not refuted: the weaker rest could not rise above those, so their
    verdict stays ``None`` (unchecked) and the solver's time goes to what is shown."""
    checkable = sorted((c for c in candidates if c.type_ok), key=lambda c: -score(c))
    if not checkable or hole.kind not in (HoleKind.type, HoleKind.precondition, HoleKind.postcondition):
        return
    from lift_tui.verify.solver import check_assertions, check_ir

    if ir.assertions and check_ir(ir).status == "unsat":
        return
    kept = 0
    for candidate in checkable:
        if kept >= CHECKED:
            break
        if hole.kind is HoleKind.type:
            trial = _with_type(ir, hole, candidate.value)
            if trial is not None:
                candidate.satisfiable = _verdict(check_ir(trial), None)
        else:
            text = canonical(hole, candidate.value)
            candidate.satisfiable = _verdict(check_assertions(ir, [text]), text)
        kept += candidate.satisfiable is not False


def _value_type_ok(hole: Hole, value: str) -> bool:
    if hole.kind not in (HoleKind.value, HoleKind.expression):
        return True
    wanted = normalize_type(hole.type_hint)
    node = parse_expr(value)
    got = literal_type(node) if node is not None else None
    if not wanted or not got:
        return True
    heads = {part.strip().split("[", 1)[0] for part in wanted.split("|")}
    return got in heads or (got == "int" and "float" in heads) or (got == "bool" and "int" in heads)


def score(candidate: Candidate) -> float:
    return candidate.confidence + 0.08 * min(candidate.accepted_before, 3)


def order_by_fit(ir: IR, hole: Hole, candidates: list[Candidate], *, check: bool = True) -> list[Candidate]:
    """Candidates with ``type_ok``/``satisfiable`` set, best first."""
    for candidate in candidates:
        candidate.type_ok = value_problem(ir, hole, candidate.value) is None and _value_type_ok(
            hole, candidate.value
        )
        if not candidate.type_ok:
            candidate.satisfiable = None
    if check:
        satisfiability(ir, hole, candidates)
    return sorted(
        candidates,
        key=lambda c: (
            c.satisfiable is False,
            not c.type_ok,
            not has_evidence(c),
            -score(c),
            _SOURCE_ORDER.get(c.source, 3),
        ),
    )


def has_evidence(candidate: Candidate) -> bool:
    """Backed by the code or by this user's history, not only by the model's say-so."""
    return candidate.source is not CandidateSource.model or any(e != "model" for e in candidate.evidence)


_FLIPPED: dict[type, ast.cmpop] = {
    ast.Lt: ast.GtE(),
    ast.LtE: ast.Gt(),
    ast.Gt: ast.LtE(),
    ast.GtE: ast.Lt(),
    ast.Eq: ast.NotEq(),
    ast.NotEq: ast.Eq(),
}


def guard_key(text: str) -> str | None:
    """One spelling for guards that say the same thing: ``not n <= 0`` and ``n > 0.0`` are ``n > 0``,
    ``len(s) >= 1`` and ``len(s) != 0`` are ``len(s) > 0``. ``None`` for anything else."""
    node = parse_expr(text)
    if node is None:
        return None
    negated = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    if negated and isinstance(node.operand, ast.Compare):
        inner = node.operand
        if len(inner.ops) != 1 or type(inner.ops[0]) not in _FLIPPED:
            return None
        node = ast.Compare(inner.left, [_FLIPPED[type(inner.ops[0])]], inner.comparators)
    if not isinstance(node, ast.Compare):
        return None
    node.comparators = [
        ast.Constant(int(c.value))
        if isinstance(c, ast.Constant) and type(c.value) is float and c.value.is_integer()
        else c
        for c in node.comparators
    ]
    left, ops, right = node.left, node.ops, node.comparators
    is_len = isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len"
    if is_len and len(ops) == 1 and isinstance(right[0], ast.Constant):
        if (isinstance(ops[0], ast.NotEq) and right[0].value == 0) or (
            isinstance(ops[0], ast.GtE) and right[0].value == 1
        ):
            node = ast.Compare(left, [ast.Gt()], [ast.Constant(0)])
    return ast.unparse(node)


def combine(groups: list[list[Candidate]]) -> list[Candidate]:
    """Merge candidates from several sources: one entry per value, the strongest source named first."""
    merged: dict[str, Candidate] = {}
    for group in groups:
        for candidate in group:
            key = normalize_type(candidate.value) or guard_key(candidate.value) or candidate.value.strip()
            if key not in merged:
                merged[key] = candidate.model_copy()
                continue
            kept = merged[key]
            miss = (1.0 - kept.confidence) * (1.0 - candidate.confidence)
            kept.confidence = round(min(1.0 - miss, 0.99), 3)
            kept.accepted_before = max(kept.accepted_before, candidate.accepted_before)
            kept.evidence = sorted(set(kept.evidence) | set(candidate.evidence) | {candidate.source.value})
            if candidate.rationale not in kept.rationale:
                kept.rationale = f"{kept.rationale}; {candidate.source.value}: {candidate.rationale}"
    return list(merged.values())
