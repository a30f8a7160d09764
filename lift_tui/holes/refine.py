"""``refine``: split one open hole into smaller holes (the TUI's "refine" key).

Like refining a goal in Agda, the user commits to the outer shape and leaves the inside open:

- a type hole becomes a generic shape with holes inside, chosen from the evidence: the best
  structured candidate decides (``list[?x_item]``, ``dict[?x_key, ?x_value]``,
  ``tuple[?x_0, ?x_1]``, ``?x_inner | None``); with no structured evidence, an optional
  (default ``None``) or else a union of two holes;
- a precondition or postcondition hole becomes the conjunction of two holes;
- a text hole becomes a one-line summary hole plus a success-criteria hole.

The parent stays open with a ``shape:`` constraint (see :mod:`lift_tui.holes.parts`) and
depends on its parts; holes that depended on the parent now also depend on the parts, so
resolving a part propagates to them.
"""

from __future__ import annotations

import ast

from lift_tui.analysis.typetext import normalize_type, parse_expr
from lift_tui.ir import IR, Hole, HoleKind, HoleStatus, Provenance, Source

from .apply import find_hole
from .models import HoleError
from .parts import SHAPE_PREFIX, shape_of

_ONE_ARG = {"list", "set", "frozenset", "Iterable", "Iterator", "Sequence", "Collection", "Generator"}
_TWO_ARGS = {"dict", "Mapping", "MutableMapping"}


def _fresh(ir: IR, taken: set[str], wanted: str) -> str:
    name, n = wanted, 2
    while ir.hole(name) is not None or name in taken:
        name, n = f"{wanted}{n}", n + 1
    taken.add(name)
    return name


def _args(node: ast.Subscript) -> list[ast.expr]:
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]


def _type_shape(canon: str) -> tuple[str, list[tuple[str, list[str]]]] | None:
    """(template with ``{0}``, ``{1}``... slots, [(slot suffix, candidates for the slot)]) for a
    structured type, or ``None`` for an atom like ``int`` that cannot be split."""
    node = parse_expr(canon)
    if node is None:
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        members = [m.strip() for m in canon.split("|")]
        rest = [m for m in members if m != "None"]
        if "None" in members and rest:
            return "{0} | None", [("inner", [" | ".join(rest)])]
        return "{0} | {1}", [("left", [members[0]]), ("right", [" | ".join(members[1:])])]
    head = ast.unparse(node.value if isinstance(node, ast.Subscript) else node)
    inner = [ast.unparse(a) for a in _args(node)] if isinstance(node, ast.Subscript) else []
    if head in _ONE_ARG:
        return f"{head}[{{0}}]", [("item", inner[:1])]
    if head in _TWO_ARGS:
        return f"{head}[{{0}}, {{1}}]", [("key", inner[:1]), ("value", inner[1:2])]
    if head == "tuple":
        if len(inner) == 2 and inner[1] == "...":
            return "tuple[{0}, ...]", [("item", inner[:1])]
        if 2 <= len(inner) <= 4:
            slots = ", ".join(f"{{{i}}}" for i in range(len(inner)))
            return f"tuple[{slots}]", [(str(i), [t]) for i, t in enumerate(inner)]
        return "tuple[{0}, ...]", [("item", [])]
    return None


def _type_parts(ir: IR, hole: Hole) -> tuple[str, list[tuple[str, list[str]]], str]:
    from .candidates import static_candidates

    candidates = static_candidates(ir, hole)
    for candidate in candidates:
        canon = normalize_type(candidate.value)
        shape = _type_shape(canon) if canon else None
        if shape is not None:
            return *shape, f"shaped like the candidate `{canon}` ({candidate.rationale})"
    atoms = [c.value for c in candidates if normalize_type(c.value)][:3]
    param = ir.signature.parameter(hole.target.split(".")[2]) if ".parameters." in hole.target else None
    if param is not None and param.default == "None":
        return "{0} | None", [("inner", atoms)], "the default is None"
    return "{0} | {1}", [("left", atoms), ("right", atoms)], "no structured evidence: a union of two types"


def _condition_parts(ir: IR, hole: Hole) -> tuple[str, list[tuple[str, list[str]]], str]:
    from .candidates import static_candidates

    values = [c.value for c in static_candidates(ir, hole)][:6] or list(hole.candidates)[:6]
    return "{0} and {1}", [("a", values), ("b", values[1:] + values[:1])], "a conjunction of two conditions"


def refine(ir: IR, hole_id: str) -> IR:
    """A copy of ``ir`` where the open hole ``hole_id`` is split into smaller holes.

    :class:`HoleError` if the hole is unknown, not open, already refined, or of a kind that
    has no smaller shape (value and expression holes).
    """
    hole = find_hole(ir, hole_id)
    if hole.status is not HoleStatus.open:
        raise HoleError(f"{hole.reference} is {hole.status.value}; only an open hole can be refined")
    if shape_of(hole) is not None:
        raise HoleError(f"{hole.reference} is already refined into {shape_of(hole)}; refine one of its parts")
    if hole.kind is HoleKind.type:
        template, slots, why = _type_parts(ir, hole)
        kind, type_hint = HoleKind.type, "type"
    elif hole.kind in (HoleKind.precondition, HoleKind.postcondition):
        template, slots, why = _condition_parts(ir, hole)
        kind, type_hint = hole.kind, hole.type_hint
    elif hole.kind is HoleKind.text:
        return _refine_text(ir, hole)
    else:
        raise HoleError(
            f"{hole.reference} is a {hole.kind.value} hole; only type, condition and text holes split"
        )
    taken: set[str] = set()
    base = hole.identifier.removesuffix("_type")
    names = [_fresh(ir, taken, f"{base}_{suffix}") for suffix, _ in slots]
    shape = template.format(*[f"?{n}" for n in names])
    parts = [
        Hole(
            identifier=name,
            kind=kind,
            target=hole.target,
            type_hint=type_hint,
            description=f"part of {hole.reference} = {shape}",
            constraints=[f"{hole.reference} = {shape}"],
            candidates=[c for c in dict.fromkeys(values) if c][:6],
            provenance=Provenance(source=Source.human, confidence=hole.provenance.confidence, detail=why),
        )
        for name, (_, values) in zip(names, slots, strict=True)
    ]
    return _attach(ir, hole, shape, parts, why)


def _refine_text(ir: IR, hole: Hole) -> IR:
    taken: set[str] = set()
    summary = _fresh(ir, taken, f"{hole.identifier}_line")
    criteria = _fresh(ir, taken, f"{hole.identifier}_criteria")
    parts = [
        Hole(
            identifier=summary,
            kind=HoleKind.text,
            target=hole.target,
            type_hint="one-line summary",
            description=f"what {ir.signature.name} does, in one sentence (fills {hole.reference})",
            candidates=list(hole.candidates)[:6],
        ),
        Hole(
            identifier=criteria,
            kind=HoleKind.text,
            target="intent.success_criteria",
            type_hint="success criteria, one per line",
            description=f"how to tell {ir.signature.name} worked (depends on ?{summary})",
            dependencies=[summary],
        ),
    ]
    return _attach(ir, hole, f"?{summary}", parts, "a summary and its success criteria")


def _attach(ir: IR, hole: Hole, shape: str, parts: list[Hole], why: str) -> IR:
    copy = ir.model_copy(deep=True)
    parent = copy.hole(hole.identifier)
    assert parent is not None
    ids = [p.identifier for p in parts]
    parent.constraints.append(f"{SHAPE_PREFIX}{shape}")
    parent.dependencies = list(dict.fromkeys([*parent.dependencies, *(i for i in ids if f"?{i}" in shape)]))
    parent.description = f"{parent.description} (refined: {why})".strip()
    for other in copy.holes:
        if other.identifier != parent.identifier and parent.identifier in other.dependencies:
            other.dependencies = list(dict.fromkeys([*other.dependencies, *ids]))
    index = copy.holes.index(parent)
    copy.holes[index:index] = parts  # parts first: they are resolved before the parent
    return copy
