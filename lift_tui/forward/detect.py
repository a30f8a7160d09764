"""Hole detection: every unknown, rejected or low-confidence element becomes a typed hole.

Runs after the merge, so it sees the whole IR and can state each hole's type and the holes
it depends on (a precondition over ``s`` depends on the type of ``s`` while that is open).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from lift_tui.ir import IR, Hole, HoleKind, Provenance, Source

from .assemble import Rejected

LOW_CONFIDENCE = 0.5
_NON_EMPTY = re.compile(r"\b(non-?empty|not empty|at least one)\b", re.IGNORECASE)
_SIZED = ("list", "str", "dict", "set", "tuple")


def _is_len_of(node: ast.AST, name: str) -> bool:
    return (
        isinstance(node, ast.Call) and getattr(node.func, "id", None) == "len" and len(node.args) == 1
        and isinstance(node.args[0], ast.Name) and node.args[0].id == name
    )


def _says_non_empty(expression: str, name: str) -> bool:
    """Whether ``expression`` states ``name`` is non-empty: ``name``, ``len(name)``, ``len(name) > 0``, ..."""
    try:
        tree = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return False
    if (isinstance(tree, ast.Name) and tree.id == name) or _is_len_of(tree, name):
        return True
    if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and _is_len_of(tree.left, name)):
        return False
    bound = tree.comparators[0]
    if not (isinstance(bound, ast.Constant) and isinstance(bound.value, int)):
        return False
    op = tree.ops[0]
    return (
        (isinstance(op, ast.Gt) and bound.value >= 0) or (isinstance(op, ast.GtE) and bound.value >= 1)
        or (isinstance(op, ast.NotEq) and bound.value == 0)
    )


def non_empty_holes(ir: IR) -> list[Hole]:
    """The prompt says "non-empty" but no precondition says so: z3 would pick ``[]`` as an example input.

    One precondition hole per sized parameter (``len(items) > 0`` as its candidate) when there is
    exactly one such parameter, so the words cannot be pinned on the wrong one silently.
    """
    if not _NON_EMPTY.search(ir.metadata.prompt or ""):
        return []
    sized = [p for p in ir.signature.parameters if (p.type_hint or "").split("[")[0] in _SIZED]
    if len(sized) != 1 or any(_says_non_empty(a.expression, sized[0].name) for a in ir.preconditions):
        return []
    name = sized[0].name
    return [Hole(
        identifier=f"precondition_{name}_non_empty",
        kind=HoleKind.precondition,
        target=f"assertions.precondition.{len(ir.preconditions)}",
        type_hint=f"bool expr over {_over(ir)}",
        description=f"the prompt says {name!r} is non-empty; no precondition says so yet",
        candidates=[f"len({name}) > 0"],
        provenance=Provenance(source=Source.forward, confidence=0.0),
    )]


def _over(ir: IR) -> str:
    params = ", ".join(f"{p.name}: {p.type_hint or '?'}" for p in ir.signature.parameters)
    return f"({params})"


def _param_type_id(name: str) -> str:
    return f"{name}_type"


def detect_holes(ir: IR, rejected: Sequence[Rejected] = ()) -> IR:
    """A copy of ``ir`` whose ``holes`` list every element that is missing, rejected or weak."""
    holes: dict[str, Hole] = {h.identifier: h for h in ir.holes}
    prov = Provenance(source=Source.forward, confidence=0.0)

    def add(hole: Hole) -> None:
        holes.setdefault(hole.identifier, hole)

    open_types = [
        _param_type_id(p.name)
        for p in ir.signature.parameters
        if p.type_hint is None or p.provenance.confidence < LOW_CONFIDENCE
    ]
    for param in ir.signature.parameters:
        if _param_type_id(param.name) in open_types:
            add(Hole(
                identifier=_param_type_id(param.name),
                kind=HoleKind.type,
                target=f"signature.parameters.{param.name}.type_hint",
                type_hint="type",
                description=f"the type of parameter {param.name!r}",
                candidates=[param.type_hint] if param.type_hint else [],
                provenance=prov,
            ))
    if ir.signature.returns is None:
        add(Hole(
            identifier="return_type",
            kind=HoleKind.type,
            target="signature.returns",
            type_hint="type",
            description=f"what {ir.signature.name} returns",
            dependencies=open_types,
            provenance=prov,
        ))
    if not ir.intent.summary or ir.intent.provenance.confidence < LOW_CONFIDENCE:
        add(Hole(
            identifier="summary",
            kind=HoleKind.text,
            target="intent.summary",
            type_hint="str",
            description="one sentence saying what the function does",
            candidates=[ir.intent.summary] if ir.intent.summary else [],
            provenance=prov,
        ))
    taken = len(ir.preconditions)
    for item in rejected:
        if item.target.startswith("assertions.precondition"):
            unsure = item.reason.startswith("unsure")
            add(Hole(
                identifier=f"precondition_{taken}",
                kind=HoleKind.precondition,
                target=f"assertions.precondition.{taken}",
                type_hint=f"bool expr over {_over(ir)}",
                description=(f"a precondition the model proposed: {item.reason}" if unsure else
                             f"a precondition the model proposed but that failed: {item.reason}"),
                candidates=[item.value] if unsure and item.value else [],
                constraints=[f"rejected: {item.value}"] if item.value and not unsure else [],
                dependencies=open_types,
                provenance=prov,
            ))
            taken += 1
        elif item.target == "signature.name":
            unsure = item.reason.startswith("unsure")
            add(Hole(
                identifier="function_name",
                kind=HoleKind.value,
                target="signature.name",
                type_hint="identifier",
                description="the function's name",
                constraints=[] if unsure else [f"rejected: {item.value} ({item.reason})"],
                candidates=[item.value] if unsure else [],
                provenance=prov,
            ))
        elif item.target == "signature.returns" and item.reason.startswith("unsure"):
            add(Hole(
                identifier="return_type",
                kind=HoleKind.type,
                target="signature.returns",
                type_hint="type",
                description=f"what {ir.signature.name} returns",
                candidates=[item.value],
                dependencies=open_types,
                provenance=prov,
            ))
    for index, assertion in enumerate(ir.preconditions):
        if assertion.provenance.confidence < LOW_CONFIDENCE:
            add(Hole(
                identifier=f"precondition_{index}_check",
                kind=HoleKind.precondition,
                target=f"assertions.precondition.{index}",
                type_hint=f"bool expr over {_over(ir)}",
                description="a low-confidence precondition: keep, change or drop it",
                candidates=[assertion.expression],
                dependencies=open_types,
                provenance=prov,
            ))
    for hole in non_empty_holes(ir):
        add(hole)
    copy = ir.model_copy(deep=True)
    copy.holes = list(holes.values())
    return copy


def holes_for_conflict(ir: IR, core: Sequence[str]) -> IR:
    """Model-proposed assertions in an unsat core leave the IR and come back as holes."""
    weak = {
        a.expression for a in ir.assertions if a.expression in core and a.provenance.source is Source.model
    }
    if not weak:
        return ir
    copy = ir.model_copy(deep=True)
    copy.assertions = [a for a in copy.assertions if a.expression not in weak]
    start = len(copy.preconditions)
    for offset, expression in enumerate(sorted(weak)):
        copy.holes.append(Hole(
            identifier=f"precondition_{start + offset}_conflict",
            kind=HoleKind.precondition,
            target=f"assertions.precondition.{start + offset}",
            type_hint=f"bool expr over {_over(copy)}",
            description="this precondition contradicts the others (unsat core); restate it",
            constraints=[f"unsat with: {', '.join(core)}"],
            candidates=[expression],
            provenance=Provenance(source=Source.solver, confidence=0.0),
        ))
    return copy
