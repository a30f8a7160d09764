"""An icontract-decorated stub: pre- and postconditions enforced at every call.

icontract binds a condition's lambda arguments by name to the call's arguments (and
``result`` for postconditions), so each lambda takes exactly the parameters its
expression reads, in signature order.
"""

from __future__ import annotations

from ..models import IR, Assertion
from ._code import check_module, comment, names_in, usable_assertions
from .stub import function_source


def _lambda(assertion: Assertion, available: list[str]) -> str:
    used = names_in(assertion.expression)
    arguments = [name for name in available if name in used]
    expression = " ".join(assertion.expression.split())
    head = f"lambda {', '.join(arguments)}" if arguments else "lambda"
    return f"{head}: {expression}"


def _decorator(kind: str, assertion: Assertion, available: list[str]) -> str:
    condition = _lambda(assertion, available)
    if assertion.message:
        return f"@icontract.{kind}({condition}, {assertion.message!r})"
    return f"@icontract.{kind}({condition})"


def contract_decorators(ir: IR) -> list[str]:
    """``@icontract.require``/``ensure`` lines; assertions that cannot be enforced become comments."""
    parameters = [p.name for p in ir.signature.parameters]
    lines: list[str] = []
    preconditions, bad_pre = usable_assertions(ir.preconditions)
    for assertion in preconditions:
        if "result" in names_in(assertion.expression) and "result" not in parameters:
            lines.append(f"# precondition reads 'result': {comment(assertion.expression)}")
            continue
        lines.append(_decorator("require", assertion, parameters))
    postconditions, bad_post = usable_assertions(ir.postconditions)
    for assertion in postconditions:
        lines.append(_decorator("ensure", assertion, ["result", *parameters]))
    lines += [f"# not valid Python: {comment(a.expression)}" for a in bad_pre + bad_post]
    lines += [
        f"# invariant (not enforced on a function): {comment(a.expression)}"
        for a in ir.assertions
        if a.category.value == "invariant"
    ]
    return lines


def render_contracts(ir: IR, body: str | None = None) -> str:
    """A module: ``import icontract`` and the function wrapped in its contracts.

    The body has no hand-written precondition checks: the contracts enforce them
    (violations raise ``icontract.ViolationError``).
    """
    header = "from __future__ import annotations\n\nimport icontract\n\n\n"
    decorators = "".join(line + "\n" for line in contract_decorators(ir))
    source = header + decorators + function_source(ir, body, checks=False)
    return check_module(source, f"contracts for {ir.signature.name}")
