"""Model-free candidates ("valid hole fits") for type holes: every registered rule (see
:mod:`lift_tui.holes.rules.registry`) run on the function's own code, plus what the signature
itself says (the default, the parameter's name, peers that also default to None).

A parameter compared with None, or defaulting to it, turns each proposed type ``T`` into
``T | None`` (and keeps ``T``, weaker).
"""

from __future__ import annotations

from collections import Counter

from lift_tui.analysis.imports import remember_path
from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import normalize_type, parse_expr, with_none
from lift_tui.ir import IR, Hole

from .describe import param_of_target  # noqa: F401 - writeback imports it from here
from .evidence import Evidence
from .observe import observed_type_evidence
from .rules import params as _params  # noqa: F401 - its rules register themselves on import
from .rules.conventions import name_prior
from .rules.registry import PARAMETER_RULES, Site
from .rules.related import related_evidence
from .rules.return_shapes import generic_class_evidence, spelled_evidence
from .rules.returns import return_evidence


def lifter_evidence(hole: Hole) -> list[Evidence]:
    """The candidates reverse mode kept on the hole: facts its own typing rules saw, which the
    rules here see again (so :func:`~lift_tui.holes.evidence.confidence` counts them only alone)."""
    return [
        Evidence(c, "lifter", "seen by the lifter", 0.3)
        for c in hole.candidates
        if c.strip() and c.strip() not in ("ellipsis", "Ellipsis")
    ]


def parameter_type_evidence(ir: IR, hole: Hole, fn: FunctionSource | None, name: str) -> list[Evidence]:
    evidence = lifter_evidence(hole)
    if fn is not None:
        remember_path(fn.module, ir.metadata.source_path)
    param = ir.signature.parameter(name)
    default = param.default if param else None
    default_type = literal_type(parse_expr(default)) if default else None  # type: ignore[arg-type]
    if default_type and default_type != "None":
        evidence.append(
            Evidence(default_type, "default", f"the default `{default}` is a {default_type}", 0.6)
        )
    evidence += observed_type_evidence(ir, hole)
    if fn is not None:
        site = Site(ir, hole, fn, name)
        for rule in PARAMETER_RULES.values():
            evidence += rule(site)
        evidence += spelled_evidence(fn, evidence) + generic_class_evidence(fn, evidence)
    evidence += name_prior(name)
    if default_type == "None":
        evidence += _optional_peers(ir, name)
    optional = default_type == "None" or any(e.tag == "none-check" for e in evidence)
    concrete = [e for e in evidence if e.value not in ("None",)]
    if not optional:
        return concrete
    reason = "the default is None" if default_type == "None" else f"`{name}` is compared with None"
    return [
        Evidence(
            with_none(e.value),
            e.tag,
            f"{e.rationale}; {reason}",
            e.weight if "None" in (normalize_type(e.value) or "") else e.weight * 0.9,
        )
        for e in concrete
    ] + [
        Evidence(e.value, e.tag, e.rationale, e.weight * 0.45)
        for e in concrete
        if "None" not in (normalize_type(e.value) or "")
    ]


def _optional_peers(ir: IR, name: str) -> list[Evidence]:
    """Other parameters of the signature that also default to None: how they are annotated is
    how this function's author spells an optional setting."""
    seen: Counter[str] = Counter(
        p.type_hint for p in ir.signature.parameters if p.name != name and p.default == "None" and p.type_hint
    )
    return [
        Evidence(
            hint,
            "peers",
            f"{count} other parameter(s) defaulting to None are {hint}",
            min(0.25 + 0.05 * count, 0.4),
        )
        for hint, count in seen.most_common(1)
    ]


def return_type_evidence(ir: IR, hole: Hole, fn: FunctionSource | None) -> list[Evidence]:
    evidence = return_evidence(ir, hole, fn, lifter_evidence(hole) + observed_type_evidence(ir, hole))
    return evidence + related_evidence(evidence)
