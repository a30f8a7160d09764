"""Checking generated code: the verify layer's ``validate_code``, plus a call runner for tests.

``run_calls`` runs ``call == expected`` pairs against code in the sandbox in one process;
the benchmark uses it for the hidden reference tests and the IR's own examples.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Sequence
from typing import Any

from lift_tui.ir import IR

from .skeleton import signature_source

_HARNESS = """
import json
outcomes = []
for call, expected in json.loads(INPUT):
    try:
        got = eval(call)
        outcomes.append([got == eval(expected), repr(got)[:200]])
    except BaseException as error:
        outcomes.append([False, type(error).__name__ + ": " + str(error)[:200]])
RESULT = outcomes
"""


def run_calls(code: str, calls: Sequence[tuple[str, str]], timeout_s: float = 5.0) -> list[tuple[bool, str]]:
    """For each ``(call, expected)``: did ``call == expected`` hold, and what came back."""
    from lift_tui.verify.sandbox import run_python

    if not calls:
        return []
    result = run_python(code + "\n" + _HARNESS, timeout_s=timeout_s, input_json=json.dumps(list(calls)))
    if not result.ok or result.result_json is None:
        reason = f"{result.status}: {(result.detail or result.stderr)[-200:]}"
        return [(False, reason)] * len(calls)
    return [(bool(ok), str(got)) for ok, got in json.loads(result.result_json)]


def signature_matches(ir: IR, code: str) -> tuple[bool, str]:
    tree = ast.parse(code)
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == ir.signature.name), None)
    if fn is None:
        return False, f"no function named {ir.signature.name}"
    want = ast.parse(signature_source(ir.signature) + " pass").body[0]
    none = ast.Constant(None)
    same = ast.dump(fn.args) == ast.dump(want.args) and ast.dump(fn.returns or none) == ast.dump(
        want.returns or none
    )
    return same, "" if same else "the generated signature differs from the IR's"


def validate(ir: IR, code: str, timeout_s: float | None = None) -> dict[str, Any]:
    """The validation report as JSON-able data with a top-level ``passed``."""
    from lift_tui.verify import validate_code

    report = validate_code(ir, code, timeout_s=timeout_s)
    return {**report.model_dump(mode="json"), "passed": report.passed, "summary": report.summary()}


def counterexample_report(ir: IR, code: str, budget_s: float) -> dict[str, Any] | None:
    """CrossHair's search for an input that breaks a postcondition, as JSON-able data.

    None when the IR states no postconditions (there is nothing to break); otherwise
    ``{status: found|none|failed, call, got, message}`` so a report says what was tried.
    """
    from lift_tui.verify import search_counterexample

    if not ir.postconditions:
        return None
    search = search_counterexample(ir, code, budget_s=budget_s)
    example = search.example
    return {
        "status": search.status,
        "call": example.call if example is not None else None,
        "got": search.returned if example is not None else None,
        "message": search.message,
    }


def with_counterexample(validation: dict[str, Any], ir: IR, code: str, budget_s: float) -> dict[str, Any]:
    """The validation report plus the counterexample search; a found one fails the report.

    Pure in its inputs (a new dict), so a re-run of the graph node gives the same shape.
    """
    report = counterexample_report(ir, code, budget_s)
    out = dict(validation)
    if report is None:
        out.pop("counterexample", None)
        return out
    out["counterexample"] = report
    if report["status"] == "found":
        out["passed"] = False
        note = f"counterexample: {report['call']} returned {report['got']}"
        out["summary"] = f"{out['summary']}; {note}" if out.get("summary") else note
    return out


def failed_checks(validation: dict[str, Any]) -> list[str]:
    """One line per check that failed or could not be decided, with its detail, for showing beside code."""
    lines = []
    for check in validation.get("checks", []):
        if check.get("passed") is True:
            continue
        mark = "✗" if check.get("passed") is False else "?"
        detail = str(check.get("detail") or "").strip()
        lines.append(f"{mark} {check.get('name')}" + (f": {detail[:160]}" if detail else ""))
    counter = validation.get("counterexample") or {}
    if counter.get("status") == "found":
        lines.append(f"✗ counterexample: {counter.get('call')} returned {counter.get('got')}")
    return lines


def code_with_checks(code: str, validation: dict[str, Any]) -> str:
    """The code, then its failed and undecided checks as comments: the answer and what is wrong with it."""
    lines = failed_checks(validation)
    if not lines:
        return code
    comments = "\n".join(f"# {line}" for line in lines)
    return f"{code.rstrip()}\n\n# checks that did not pass:\n{comments}\n"


def verdict_mark(validation: dict[str, Any]) -> str:
    """``✗`` when a check failed, ``✓`` when it passed and the examples showed the behaviour, ``?``
    when it passed only what could be checked without examples (parses, signature, types): a tick
    there would claim a behaviour nobody checked."""
    if not validation.get("passed"):
        return "✗"
    examples = next((c for c in validation.get("checks", []) if c.get("name") == "examples_pass"), None)
    return "✓" if examples is not None and examples.get("passed") is True else "?"
