"""Scoring for ``bench holes``: does a ranked candidate state the hidden value, and how well do
the candidates' confidences predict that (calibration)?

Types compare in canonical form, a bare generic being its all-``Any`` parameterisation (PEP 484:
``list`` is ``list[Any]``); guards by text, or when z3 can decide it, by logical equivalence, a
container's truth value being its length's (``regions`` and ``len(regions) > 0``).

Calibration follows the usual reliability diagram: candidates are put in ten
equal-width confidence bands, each band's accuracy is set beside its mean confidence, and the
expected calibration error is the item-weighted mean gap.
"""

from __future__ import annotations

import ast
from typing import Any

BANDS = 10


def equivalent(a: str, b: str, ir: Any) -> bool:
    """Whether two guards admit the same inputs (by text, or by z3 under plausible types)."""
    from lift_tui.analysis.typetext import normalize_expr

    if normalize_expr(a) == normalize_expr(b) or _unordered(a) == _unordered(b):
        return True
    from lift_tui.verify.solver import check_assertions

    # Untyped parameters are tried as int, then float: "equivalent" means for numeric inputs.
    # One measured with len() in either guard is tried as a str (a sized value), so `len(seq)`
    # and `len(seq) > 0` can be compared at all.
    sized = _measured(a) | _measured(b)
    for hint in (None, "int", "float", "sized"):
        if hint == "sized" and not sized:
            continue
        params = [
            p.model_copy(update={"type_hint": _stand_in(p.name, p.type_hint, hint, sized)})
            for p in ir.signature.parameters
        ]
        bare = ir.model_copy(
            update={"assertions": [], "signature": ir.signature.model_copy(update={"parameters": params})}
        )
        # A precondition is a truth value (`len(seq)` and `len(seq) > 0` state the same guard), but
        # only with the declared types: under a guessed int, `s != 0` would "equal" a truthy `s`.
        # A sized value cannot be mistaken for a number, so truth values compare there too.
        truthy = hint in (None, "sized")
        differ = f"bool({a}) != bool({b})" if truthy else f"({a}) != ({b})"
        report = check_assertions(bare, [differ], timeout_ms=500)
        if report.status == "unsat" and not report.untranslated:
            return True
    return False


def _unordered(expression: str) -> str | None:
    """The guard with ``isinstance``'s class tuples sorted: ``(str, Text)`` and ``(Text, str)``
    admit the same values."""
    from lift_tui.analysis.ast_match import plain_call

    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if plain_call(node, "isinstance", 2) and isinstance(node.args[1], ast.Tuple):
            node.args[1].elts.sort(key=ast.unparse)
    return ast.unparse(tree)


def _measured(expression: str) -> set[str]:
    """Names passed to ``len()`` in a guard."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return set()
    from lift_tui.analysis.ast_match import plain_call, subject

    measured = {subject(node) for node in ast.walk(tree) if plain_call(node, "len")}
    return {name for name in measured if name is not None}


def _guess(name: str, hint: str | None, sized: set[str]) -> str | None:
    if hint == "sized":
        return "str" if name in sized else None
    return hint


# Declared types whose truth value is their length's (Python's truth protocol: a container
# without ``__bool__`` is false exactly when ``len()`` is 0).
_SIZED_HEADS = frozenset(
    {
        "str", "bytes", "bytearray", "list", "tuple", "dict", "set", "frozenset", "Sequence",
        "MutableSequence", "Mapping", "MutableMapping", "Collection", "Sized", "AbstractSet",
        "MutableSet", "deque", "Deque", "List", "Tuple", "Dict", "Set", "FrozenSet",
    }
)


def _stand_in(name: str, declared: str | None, hint: str | None, sized: set[str]) -> str | None:
    """The type z3 reasons with for a parameter: its declared one, else the guess; in the sized
    pass, a string for a parameter measured with ``len()`` that is declared a container, since
    for ``bool(x)``/``len(x)`` comparisons every container behaves as a string of its length."""
    if hint == "sized" and name in sized and declared is not None:
        head = declared.split("[", 1)[0].strip().split(".")[-1]
        return "str" if head in _SIZED_HEADS else declared
    return declared or _guess(name, hint, sized)


def correct(kind: str, value: str, hidden: list[str], ir: Any) -> bool:
    from lift_tui.analysis.typetext import same_type

    if kind == "guard":
        return any(equivalent(value, h, ir) for h in hidden)
    return any(same_type(value, h) or _implicit_any(value) == _implicit_any(h) is not None for h in hidden)


class _DropAnyArguments(ast.NodeTransformer):
    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if all(ast.unparse(a) in ("Any", "...") for a in args):
            return node.value
        return node


def _implicit_any(hint: str) -> str | None:
    """The type with every all-``Any`` argument list dropped: PEP 484 reads a bare generic as
    parameterised by ``Any`` (``list`` is ``list[Any]``, ``tuple`` is ``tuple[Any, ...]``), so
    the two spellings state the same type."""
    from lift_tui.analysis.typetext import normalize_type

    canon = normalize_type(hint)
    if canon is None:
        return None
    dropped = ast.unparse(_DropAnyArguments().visit(ast.parse(canon, mode="eval")))
    return normalize_type(dropped)


def calibration(points: list[tuple[float, bool]]) -> dict[str, Any]:
    """Per confidence band: how many candidates, their mean confidence, how often they were right;
    and the expected calibration error over all of them."""
    bands: list[list[tuple[float, bool]]] = [[] for _ in range(BANDS)]
    for confidence, right in points:
        bands[min(int(confidence * BANDS), BANDS - 1)].append((confidence, right))
    rows = []
    gap = 0.0
    for index, band in enumerate(bands):
        if not band:
            continue
        mean = sum(c for c, _ in band) / len(band)
        accuracy = sum(1 for _, r in band if r) / len(band)
        gap += len(band) * abs(accuracy - mean)
        rows.append(
            {
                "band": f"{index / BANDS:.1f}-{(index + 1) / BANDS:.1f}",
                "candidates": len(band),
                "mean_confidence": round(mean, 3),
                "right": round(accuracy, 3),
            }
        )
    return {"candidates": len(points), "ece": round(gap / len(points), 3) if points else None, "bands": rows}


def summary(ranks: list[int | None], seconds: list[float], lost: int) -> dict[str, Any]:
    n = len(ranks)
    ordered = sorted(seconds)
    return {
        "items": n,
        "top1": round(sum(1 for r in ranks if r == 1) / n, 3) if n else None,
        "top3": round(sum(1 for r in ranks if r is not None and r <= 3) / n, 3) if n else None,
        "found_at_all": round(sum(1 for r in ranks if r is not None) / n, 3) if n else None,
        "no_hole_after_hiding": lost,
        "median_suggest_ms": round(1000 * ordered[len(ordered) // 2], 2) if ordered else None,
    }


def fit_table(outcomes: list[Any]) -> dict[str, Any]:
    """The calibration table (as ``lift_tui/holes/calibration.json`` holds it) fitted on ``outcomes``."""
    from lift_tui.holes.calibration import fit

    kinds = {}
    for kind in ("param", "return", "guard"):
        points = [(c, r) for o in outcomes if o.item.kind == kind for _, c, r in o.shown]
        if len(points) >= 20:
            kinds[kind] = fit(points)
    return {
        "fitted_on": "dev split of lift-tui bench holes",
        "candidates": sum(1 for o in outcomes for _ in o.shown),
        "kinds": kinds,
    }


def mapped(points: list[tuple[str, float, bool]], table: dict[str, Any] | None) -> list[tuple[float, bool]]:
    """(confidence, right) after the calibration map: ``table`` if given, else the shipped one."""
    from lift_tui.holes.calibration import apply_steps, calibrated

    if table is None:
        return [(calibrated(kind, c), r) for kind, c, r in points]
    steps = table["kinds"]
    return [(apply_steps([tuple(s) for s in steps.get(kind, [])], c), r) for kind, c, r in points]
