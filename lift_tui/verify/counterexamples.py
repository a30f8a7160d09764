"""Searching for inputs that break an IR's postconditions, with CrossHair, inside the sandbox.

The generated code is written beside a wrapper whose PEP 316 docstring carries the IR's
pre- and postconditions (``result`` becomes CrossHair's ``__return__``) and whose
signature is the IR's; ``crosshair check --analysis_kind=PEP316`` explores the wrapper
symbolically. CrossHair runs in the sandbox process (same limits, temp directory, no
network); it needs z3's native library, so that run allows ctypes (``allow_native``),
and CrossHair's own side-effect blocking guards the code under analysis.
"""

from __future__ import annotations

import ast
import re

from pydantic import BaseModel

from lift_tui.ir import IR, Example, ParameterKind, Provenance, Source

from .sandbox import run_python

WRAPPER = "_lift_check"

_RUN = r"""
import sys
with open("generated_module.py", "w", encoding="utf-8") as f:
    f.write(INPUT["module"])
sys.path.insert(0, ".")
sys.argv = ["crosshair", "check", "--analysis_kind=PEP316", *INPUT["options"], "generated_module.py"]
from crosshair.main import main
main()
"""

_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$")
_CALL = re.compile(
    r"when calling (?P<call>" + WRAPPER + r"\(.*?\))(?: \(which returns (?P<returned>.*)\))?\s*$"
)


class CounterexampleSearch(BaseModel):
    """The outcome of one search: ``found`` with an example, ``none`` within the budget, or ``failed``."""

    status: str
    example: Example | None = None
    message: str = ""
    returned: str | None = None
    seconds: float = 0.0
    output: str = ""


def _rename_result(expression: str) -> str:
    tree = ast.parse(expression.strip(), mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "result":
            node.id = "__return__"
    return ast.unparse(tree)


def build_module(ir: IR, code: str) -> str:
    """The generated code followed by a contracted wrapper with the IR's signature."""
    sig = ir.signature
    params: list[str] = []
    forwarded: list[str] = []
    star_seen = False
    for p in sig.parameters:
        text = p.name + (f": {p.type_hint}" if p.type_hint else "") + (f" = {p.default}" if p.default else "")
        if p.kind is ParameterKind.var_positional:
            params.append(f"*{text}")
            forwarded.append(f"*{p.name}")
            star_seen = True
        elif p.kind is ParameterKind.var_keyword:
            params.append(f"**{text}")
            forwarded.append(f"**{p.name}")
        elif p.kind is ParameterKind.keyword_only:
            if not star_seen:
                params.append("*")
                star_seen = True
            params.append(text)
            forwarded.append(f"{p.name}={p.name}")
        else:
            params.append(text)
            forwarded.append(p.name)
        if p.kind is ParameterKind.positional_only and (
            p is sig.parameters[-1] or sig.parameters[sig.parameters.index(p) + 1].kind is not p.kind
        ):
            params.append("/")
    lines = [f"pre: {a.expression.strip()}" for a in ir.preconditions]
    lines += [f"post: {_rename_result(a.expression)}" for a in ir.postconditions]
    if sig.raises:
        lines.append("raises: " + ", ".join(sig.raises))
    doc = "\n".join(f"    {line}" for line in lines)
    returns = f" -> {sig.returns}" if sig.returns else ""
    return (
        f"{code.rstrip()}\n\n\n"
        f"def {WRAPPER}({', '.join(params)}){returns}:\n"
        f'    """\n{doc}\n    """\n'
        f"    return {sig.name}({', '.join(forwarded)})\n"
    )


def search_counterexample(ir: IR, code: str, budget_s: float = 10.0) -> CounterexampleSearch:
    """Run CrossHair on ``code`` against the IR's contracts for about ``budget_s`` seconds."""
    if not ir.postconditions:
        return CounterexampleSearch(status="none", message="the IR has no postconditions")
    if ir.signature.is_async:
        return CounterexampleSearch(status="failed", message="async functions are not searched")
    try:
        module = build_module(ir, code)
        ast.parse(module)
    except SyntaxError as error:
        return CounterexampleSearch(status="failed", message=f"cannot build the module: {error.msg}")
    per_path = max(0.5, min(2.0, budget_s / 4))
    options = [f"--per_condition_timeout={budget_s:g}", f"--per_path_timeout={per_path:g}"]
    run = run_python(
        _RUN,
        timeout_s=budget_s + 15,
        memory_mb=2048,
        input_json={"module": module, "options": options},
        allow_native=True,
    )
    output = run.stdout
    for line in output.splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        message = match["message"]
        call = _CALL.search(message)
        if call is None:
            continue
        example_call = ir.signature.name + call["call"][len(WRAPPER) :]
        returned = call["returned"]
        example = Example(
            call=example_call,
            expected=returned if returned is not None else "None",
            provenance=Provenance(
                source=Source.solver,
                confidence=0.0,
                detail=f"CrossHair counterexample: {message}. The expected value is what the code "
                "returned; replace it with the right one.",
            ),
        )
        return CounterexampleSearch(
            status="found",
            example=example,
            message=message,
            returned=returned,
            seconds=run.seconds,
            output=output,
        )
    if run.status == "ok" or (run.status == "error" and "SystemExit: 1" not in run.detail and not run.stderr):
        return CounterexampleSearch(
            status="none", message="no counterexample within the budget", seconds=run.seconds
        )
    detail = run.detail or run.stderr[-300:]
    return CounterexampleSearch(
        status="failed",
        message=f"CrossHair run {run.status}: {detail}",
        seconds=run.seconds,
        output=output + run.stderr,
    )


def find_counterexample(ir: IR, code: str, budget_s: float = 10.0) -> Example | None:
    """An input breaking a postcondition, as an Example (expected = what the code returned), or None."""
    return search_counterexample(ir, code, budget_s).example
