"""Validating generated code against its IR.

Checks, in order: ``parses``, ``signature_matches`` (exact names, kinds, defaults and
annotation text), ``preconditions_kept``, ``examples_pass``, ``postconditions_hold``.

How a precondition counts as kept: z3 finds an input that satisfies the other
(translatable) preconditions but violates this one, and calling the function with it in the
sandbox must raise (the IR's ``raises`` type, when it names one). When z3 cannot produce such
an input (the precondition is untranslated, or implied by the others), the code must contain
an equivalent ``assert`` or ``if <negation>: raise``; otherwise the check is undecided.

Postconditions are evaluated after calls on the examples' inputs and on up to three inputs
z3 derives from the preconditions. All calls run in one sandboxed process.
"""

from __future__ import annotations

import ast
import json
import time
from dataclasses import dataclass, field
from typing import Any

from lift_tui.ir import IR

from .harness import HARNESS, call_text
from .reports import Check, SandboxResult, ValidationReport
from .sandbox import run_python
from .signature_check import find_function, has_static_check, signature_mismatches
from .solver import Z3_LOCK, solve_inputs, translate_ir
from .translate import Untranslatable

VALID_INPUTS = 3


@dataclass
class _Plan:
    tasks: list[dict[str, Any]] = field(default_factory=list)
    pre_static: dict[int, str] = field(default_factory=dict)  # index -> undecided/static detail
    pre_static_ok: dict[int, bool | None] = field(default_factory=dict)


def validate_code(ir: IR, code: str, *, timeout_s: float | None = None) -> ValidationReport:
    """Run every check; never raises for bad code (a failed check says what went wrong)."""
    start = time.perf_counter()
    report = ValidationReport(function=ir.signature.name)
    dynamic = ("preconditions_kept", "examples_pass", "postconditions_hold")
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        report.checks.append(Check(name="parses", passed=False, detail=f"line {error.lineno}: {error.msg}"))
        report.checks.append(Check(name="signature_matches", passed=None, detail="code does not parse"))
        report.checks += [Check(name=n, passed=None, detail="code does not parse") for n in dynamic]
        return _done(report, start)
    report.checks.append(Check(name="parses", passed=True))
    fn = find_function(tree, ir.signature.name)
    if fn is None:
        detail = f"no function named {ir.signature.name!r}"
        report.checks.append(Check(name="signature_matches", passed=False, detail=detail))
        report.checks += [Check(name=n, passed=None, detail=detail) for n in dynamic]
        return _done(report, start)
    problems = signature_mismatches(ir, fn)
    report.checks.append(Check(name="signature_matches", passed=not problems, detail="; ".join(problems)))

    plan = _plan(ir, fn)
    outcome = _run(ir, code, plan.tasks, timeout_s)
    report.checks.append(_preconditions(ir, plan, outcome))
    report.checks.append(_examples(ir, outcome))
    report.checks.append(_postconditions(ir, plan, outcome))
    return _done(report, start)


def _done(report: ValidationReport, start: float) -> ValidationReport:
    report.seconds = round(time.perf_counter() - start, 4)
    return report


# -- planning -----------------------------------------------------------------------------------
def _plan(ir: IR, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> _Plan:
    plan = _Plan()
    with Z3_LOCK:
        untranslated = {u.expression for u in translate_ir(ir).untranslated}
    pres = [a.expression for a in ir.preconditions]
    usable = [p for p in pres if p not in untranslated]
    for index, pre in enumerate(pres):
        call = None
        if pre not in untranslated:
            others = [p for p in usable if p != pre]
            try:
                found = solve_inputs(ir, others, [pre], count=1)
            except Untranslatable:
                found = []
            call = call_text(ir, found[0]) if found else None
        if call is not None:
            plan.tasks.append({"id": f"pre{index}", "call": call})
            continue
        static = has_static_check(fn, pre)
        plan.pre_static_ok[index] = True if static else None
        plan.pre_static[index] = (
            "the code checks it explicitly" if static else "no violating input found and no explicit check"
        )
    posts = [a.expression for a in ir.postconditions]
    for index, example in enumerate(ir.examples):
        plan.tasks.append(
            {
                "id": f"ex{index}",
                "call": example.call,
                "expected": example.expected,
                "posts": posts,
                "pres": pres,
            }
        )
    if posts:
        try:
            inputs = solve_inputs(ir, usable, [], count=VALID_INPUTS)
        except Untranslatable:
            inputs = []
        for index, values in enumerate(inputs):
            call = call_text(ir, values)
            if call is not None:
                plan.tasks.append({"id": f"in{index}", "call": call, "posts": posts, "pres": pres})
    return plan


@dataclass
class _Outcome:
    sandbox: SandboxResult | None
    results: dict[str, dict[str, Any]]
    calls: dict[str, str]

    def failure(self) -> str | None:
        """Why no per-call results exist (the module itself failed), or None."""
        if self.sandbox is None or self.sandbox.status == "ok":
            return None
        detail = self.sandbox.detail or self.sandbox.stderr[-300:]
        return f"sandbox {self.sandbox.status}: {detail}"


def _run(ir: IR, code: str, tasks: list[dict[str, Any]], timeout_s: float | None) -> _Outcome:
    calls = {t["id"]: t["call"] for t in tasks}
    if not tasks:
        return _Outcome(None, {}, calls)
    if timeout_s is None:
        from .sandbox import _settings_defaults

        timeout_s = _settings_defaults()[0]
    payload = {"code": code, "function": ir.signature.name, "tasks": tasks, "call_timeout_s": timeout_s}
    result = run_python(HARNESS, timeout_s=timeout_s + 10, input_json=payload)
    results: dict[str, dict[str, Any]] = {}
    if result.status == "ok" and result.result_json:
        results = {r["id"]: r for r in json.loads(result.result_json)}
    return _Outcome(result, results, calls)


# -- judging ------------------------------------------------------------------------------------
def _verdict(name: str, passes: list[bool | None], notes: list[str], empty: str) -> Check:
    if not passes:
        return Check(name=name, passed=None, detail=empty)
    passed = False if False in passes else (True if all(passes) else None)
    return Check(name=name, passed=passed, detail="; ".join(notes))


def _preconditions(ir: IR, plan: _Plan, outcome: _Outcome) -> Check:
    if outcome.failure() and any(t["id"].startswith("pre") for t in plan.tasks):
        return Check(name="preconditions_kept", passed=False, detail=outcome.failure() or "")
    passes: list[bool | None] = []
    notes: list[str] = []
    for index, pre in enumerate(ir.preconditions):
        key = f"pre{index}"
        if index in plan.pre_static_ok:
            passes.append(plan.pre_static_ok[index])
            notes.append(f"{pre.expression}: {plan.pre_static[index]}")
            continue
        r = outcome.results.get(key)
        call = outcome.calls[key]
        if r is None:
            passes.append(False)
            notes.append(f"{pre.expression}: {outcome.failure() or 'no result'}")
        elif "raised" in r:
            expected = (pre.raises or "").split(".")[-1].split("(")[0]
            ok = not expected or r["raised"] == expected
            passes.append(ok)
            notes.append(
                f"{pre.expression}: {call} raised {r['raised']}" + ("" if ok else f", expected {expected}")
            )
        elif r.get("timeout") or r.get("skipped"):
            passes.append(False)
            notes.append(f"{pre.expression}: {call} did not finish")
        elif "bad_call" in r:
            passes.append(None)
            notes.append(f"{pre.expression}: could not call {call} ({r['bad_call']})")
        else:
            passes.append(False)
            notes.append(f"{pre.expression}: {call} returned {r.get('repr')} instead of raising")
    return _verdict("preconditions_kept", passes, notes, "no preconditions")


def _raised_as_expected(r: dict[str, Any], expected: str) -> bool:
    """A doctest-style expectation of an exception: its type name appears in the expected text."""
    return "raised" in r and r["raised"] in expected


def _examples(ir: IR, outcome: _Outcome) -> Check:
    if outcome.failure() and ir.examples:
        return Check(name="examples_pass", passed=False, detail=outcome.failure() or "")
    passes: list[bool | None] = []
    notes: list[str] = []
    for index, example in enumerate(ir.examples):
        r = outcome.results.get(f"ex{index}")
        if r is None:
            passes.append(False)
            notes.append(f"{example.call}: {outcome.failure() or 'no result'}")
        elif r.get("equal"):
            passes.append(True)
        elif _raised_as_expected(r, example.expected):
            passes.append(True)
        else:
            passes.append(False)
            got = (
                f"raised {r['raised']}: {r.get('message', '')}"
                if "raised" in r
                else "did not finish"
                if (r.get("timeout") or r.get("skipped"))
                else f"could not call: {r['bad_call']}"
                if "bad_call" in r
                else f"got {r.get('repr')}"
            )
            notes.append(f"{example.call}: {got}, expected {example.expected}")
    if passes and all(passes):
        notes.append(f"{len(passes)} example(s) pass")
    return _verdict("examples_pass", passes, notes, "no examples")


def _postconditions(ir: IR, plan: _Plan, outcome: _Outcome) -> Check:
    posts = [a.expression for a in ir.postconditions]
    if not posts:
        return Check(name="postconditions_hold", passed=None, detail="no postconditions")
    with Z3_LOCK:
        all_translated = not any(
            u.expression in {a.expression for a in ir.preconditions} for u in translate_ir(ir).untranslated
        )
    if outcome.failure() and any("posts" in t for t in plan.tasks):
        return Check(name="postconditions_hold", passed=False, detail=outcome.failure() or "")
    declared = {r.split(".")[-1] for r in ir.signature.raises}
    passes: list[bool | None] = []
    notes: list[str] = []
    checked = 0
    for task in plan.tasks:
        if "posts" not in task:
            continue
        r = outcome.results.get(task["id"])
        if r is None:
            continue
        if r.get("skipped"):
            passes.append(None)
            notes.append(f"{task['call']} not run: {r['skipped']}")
            continue
        if "raised" in r:
            if task["id"].startswith("in") and all_translated and r["raised"] not in declared:
                passes.append(False)
                notes.append(f"{task['call']} raised {r['raised']} on an input meeting the preconditions")
            continue
        if r.get("timeout"):
            passes.append(False)
            notes.append(f"{task['call']} did not finish")
            continue
        if not r.get("pres_hold", True):
            continue  # an example outside the preconditions: postconditions promise nothing
        if "posts" not in r:
            continue
        checked += 1
        for post, value in zip(posts, r["posts"], strict=True):
            if value is True:
                passes.append(True)
            elif value is False:
                passes.append(False)
                notes.append(f"{post} is false for {task['call']} -> {r.get('repr')}")
            else:
                passes.append(None)
                notes.append(f"{post} could not be evaluated for {task['call']}: {value}")
    if checked and all(p is True for p in passes):
        notes.append(f"hold on {checked} input(s)")
    return _verdict("postconditions_hold", passes, notes, "no inputs to check them on")
