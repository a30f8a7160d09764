"""The bidirectional check: a candidate lifted back with reverse mode, compared with the prompt's IR.

Forward mode turns the prompt into an IR and the IR into code; reverse mode turns code into
an IR. Where the two IRs agree — arity, parameter names, the types both state, the examples
the code's docstring shows — the candidate is about the function that was asked for. The
model's own text is lifted (a whole function as the model wrote it, before its parameters
are mapped onto the IR's), so the check says something the skeleton did not fix by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lift_tui.ir import IR


@dataclass
class Roundtrip:
    """Agreement in [0, 1] and the differences found."""

    agreement: float
    differences: list[str] = field(default_factory=list)


def _norm(hint: str | None) -> str | None:
    if hint is None:
        return None
    text = hint.replace(" ", "")
    for old, new in (("List[", "list["), ("Dict[", "dict["), ("Tuple[", "tuple["), ("Set[", "set[")):
        text = text.replace(old, new)
    return text


def compare(ir: IR, source: str, function: str | None = None) -> Roundtrip:
    """Lift ``source`` and compare its function (``function`` or the IR's name) with ``ir``."""
    from lift_tui.reverse import lift_source

    report = lift_source(source)
    name = function or ir.signature.name
    lifted = next((f for f in report.functions if f.signature.name == name), None)
    if lifted is None:
        return Roundtrip(0.0, [f"reverse mode finds no function {name!r}"])
    want, got = ir.signature, lifted.signature
    checks: list[bool] = []
    differences: list[str] = []
    same_arity = len(want.parameters) == len(got.parameters)
    checks.append(same_arity)
    if not same_arity:
        differences.append(f"takes {len(got.parameters)} parameter(s), the IR {len(want.parameters)}")
    for mine, theirs in zip(want.parameters, got.parameters, strict=False):
        checks.append(mine.name == theirs.name)
        if mine.name != theirs.name:
            differences.append(f"parameter {theirs.name!r} where the IR has {mine.name!r}")
        if mine.type_hint and theirs.type_hint:
            same = _norm(mine.type_hint) == _norm(theirs.type_hint)
            checks.append(same)
            if not same:
                differences.append(f"{theirs.name}: {theirs.type_hint}, the IR {mine.type_hint}")
    if want.returns and got.returns:
        same = _norm(want.returns) == _norm(got.returns)
        checks.append(same)
        if not same:
            differences.append(f"returns {got.returns}, the IR {want.returns}")
    stated = {(e.call, e.expected) for e in ir.examples}
    shown = {(e.call, e.expected) for e in lifted.examples}
    if shown:
        checks.append(shown <= stated)
        if not shown <= stated:
            differences.append("its docstring shows examples the prompt does not")
    return Roundtrip(round(sum(checks) / len(checks), 3) if checks else 1.0, differences)
