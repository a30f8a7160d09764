"""The registry of parameter-type rules: each rule family registers the functions that find
evidence for a parameter's type, under a name that says which family it is. (A return type's
rules depend on what the body returns, so :mod:`.returns` runs them in its own order.)

A rule sees one ``Site`` (the IR, the hole, the function's code, the parameter) and returns
evidence; it never calls another rule. The dispatcher (:mod:`lift_tui.holes.static`) runs every
registered rule, and a test runs each rule on its own example, so a broken rule is named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from lift_tui.analysis.exprtype import ExprTyper
from lift_tui.analysis.index import owner_classes
from lift_tui.analysis.literals import literal_type
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import parse_expr
from lift_tui.ir import IR, Hole

from ..evidence import Evidence


@dataclass
class Site:
    """Where a type hole is: ``name`` is the parameter, ``None`` for the return type."""

    ir: IR
    hole: Hole
    fn: FunctionSource
    name: str | None

    @cached_property
    def owner(self) -> str | None:
        return owner_classes(self.fn.module).get(id(self.fn.node))

    @cached_property
    def typer(self) -> ExprTyper:
        params = {p.name: p.type_hint or _default_type(p.default) for p in self.ir.signature.parameters}
        for special in ("self", "cls"):
            if special in params and params[special] is None and self.owner:
                params[special] = self.owner if special == "self" else f"type[{self.owner}]"
        return ExprTyper(self.fn.node, self.fn.module, params, self.owner)


def _default_type(default: str | None) -> str | None:
    """An unannotated parameter's type as its literal default spells it (``rate=0.1``: a float),
    so expressions over it can be typed; ``None`` defaults say nothing about the type."""
    if not default:
        return None
    kind = literal_type(parse_expr(default)) if parse_expr(default) is not None else None
    return kind if kind not in (None, "None") else None


Rule = Callable[[Site], list[Evidence]]
PARAMETER_RULES: dict[str, Rule] = {}


def parameter_rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule proposing types for a parameter (``site.name``)."""

    def register(rule: Rule) -> Rule:
        assert name not in PARAMETER_RULES, name
        PARAMETER_RULES[name] = rule
        return rule

    return register
