"""The inputs candidates are run on: the IR's examples first, then inputs drawn from its types.

Drawn inputs come from the same Hypothesis strategies the property-test renderer uses
(:func:`lift_tui.ir.render.strategies.strategy_for`), drawn deterministically (``derandomize``)
so a re-run of the graph node draws the same inputs. Strategy text is built by the project
from type hints (never from model text), so it is evaluated here, in the parent; the
candidates only ever run in the sandbox. Where a type has no strategy, only examples are used.
"""

from __future__ import annotations

import ast
from typing import Any

from lift_tui.ir import IR, ParameterKind
from lift_tui.verify.batch import Probe

DRAWN = 16


def example_probes(ir: IR) -> list[Probe]:
    """Each example as a positional argument tuple and its expected text (keyword calls are left out)."""
    probes = []
    for example in ir.examples:
        try:
            call = ast.parse(example.call, mode="eval").body
        except SyntaxError:
            continue
        if isinstance(call, ast.Call) and not call.keywords:
            args = ", ".join(ast.unparse(a) for a in call.args)
            args += "," if len(call.args) == 1 else ""
            probes.append(Probe(args=f"({args})", expected=example.expected))
    return probes


def _strategies(ir: IR) -> list[Any] | None:
    import hypothesis.strategies as st

    from lift_tui.ir.render.strategies import NoStrategy, strategy_for

    found = []
    for p in ir.signature.parameters:
        if p.kind not in (ParameterKind.positional_only, ParameterKind.positional_or_keyword):
            if p.default is None and p.kind is not ParameterKind.var_positional:
                return None
            continue
        if p.default is not None:
            continue
        try:
            found.append(eval(strategy_for(p.type_hint), {"_st": st}))  # noqa: S307 - project-made text
        except (NoStrategy, Exception):  # noqa: BLE001 - no strategy: no drawn inputs
            return None
    return found


def drawn_probes(ir: IR, count: int = DRAWN) -> list[Probe]:
    """Up to ``count`` distinct argument tuples drawn from the parameter types; [] if a type has none."""
    strategies = _strategies(ir)
    if not strategies:
        return []
    import hypothesis.strategies as st
    from hypothesis import HealthCheck, Phase, given, settings

    seen: dict[str, None] = {}

    @settings(max_examples=count * 3, database=None, phases=[Phase.generate], deadline=None,
              derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.tuples(*strategies))
    def collect(values: tuple[Any, ...]) -> None:
        text = repr(values)
        if len(seen) < count and len(text) < 300:
            seen[text] = None

    try:
        collect()
    except Exception:  # noqa: BLE001 - a strategy that cannot draw leaves examples only
        return []
    return [Probe(args=text) for text in seen]
