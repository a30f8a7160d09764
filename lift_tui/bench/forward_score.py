"""Scoring one piece of generated code against one item's hidden check.

Three checks, each run in the project's sandbox (``lift_tui.verify.sandbox``) so looping or
hostile code is killed and cannot touch the machine:

* ``calls``: the item's ``call == expected`` pairs through ``forward.validation.run_calls``;
  for ``any_name`` items the placeholder ``{fn}`` is replaced by the function the code defines
  (:func:`entry_function`), so neither the name nor the parameter names are scored.
* ``humaneval``: the problem's prompt (its imports and helpers), the code, the problem's
  ``test`` source and ``check(ENTRY_POINT)``; see :mod:`.forward_humaneval`.
* ``differential``: the original function and the code on the same drawn inputs; see
  :mod:`.forward_reimpl`.

Also the two shape checks the bench reports: does the code parse, and does its function
match what the prompt states (name, parameter names or arity).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .forward_corpus import PLACEHOLDER, Facts, Item

CALL_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Outcome:
    """How code fared on one item: all passed or not, how many checks passed, why not."""

    passed: bool
    passed_checks: int
    checks: int
    detail: str = ""


def parses(code: str) -> bool:
    """Non-empty code that compiles as a module."""
    if not code.strip():
        return False
    try:
        ast.parse(code)
    except (SyntaxError, ValueError):
        return False
    return True


_DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                ast.Assign, ast.AnnAssign)


def definitions_only(code: str) -> str:
    """The code's imports, functions, classes and assignments; demo calls, prints, loops and
    ``if __name__ == "__main__":`` blocks are dropped (a function is scored, not a script that may
    wait on ``input()``). The same for the pipeline and the raw model; unparsable code is kept."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return code
    kept = [node for node in tree.body if isinstance(node, _DEFINITIONS)]
    if len(kept) == len(tree.body):
        return code
    return ast.unparse(ast.Module(body=kept, type_ignores=[]))


def _functions(code: str) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    return [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def entry_function(code: str, name: str | None = None) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function a test calls: the one called ``name``; or, with no name, the only top-level
    function, else the last top-level function that no other top-level function calls (helpers
    are called; the entry point is not)."""
    functions = _functions(code)
    if name is not None:
        return next((f for f in reversed(functions) if f.name == name), None)
    if len(functions) <= 1:
        return functions[0] if functions else None
    called = {
        n.func.id
        for f in functions
        for n in ast.walk(f)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id != f.name
    }
    roots = [f for f in functions if f.name not in called]
    return (roots or functions)[-1]


def signature_matches_facts(code: str, facts: Facts) -> bool | None:
    """Does the code's function have the stated name and parameters? None when nothing is stated.

    Parameters are the positional ones (``self`` is not expected at top level); a stated
    parameter list must match by name and order, a stated arity by count.
    """
    if not facts.stated:
        return None
    fn = entry_function(code, facts.name)
    if fn is None:
        return False
    params = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    if facts.params is not None and params != list(facts.params):
        return False
    return not (facts.arity is not None and len(params) != facts.arity)


def _from_sandbox_calls(code: str, calls: list[tuple[str, str]], timeout_s: float) -> Outcome:
    from lift_tui.forward.validation import run_calls

    outcomes = run_calls(code, calls, timeout_s=timeout_s)
    passed = sum(ok for ok, _ in outcomes)
    pairs = zip(calls, outcomes, strict=True)
    failed = next((f"{call} -> {got}" for (call, _), (ok, got) in pairs if not ok), "")
    return Outcome(bool(outcomes) and passed == len(outcomes), passed, len(calls), failed[:300])


def score_calls(item: Item, code: str, timeout_s: float = CALL_TIMEOUT_S) -> Outcome:
    """The item's reference calls against ``code``; the placeholder becomes the entry function."""
    calls = list(item.tests)
    code = definitions_only(code)
    if item.call_style == "any_name":
        fn = entry_function(code)
        if fn is None:
            return Outcome(False, 0, len(calls), "the code defines no top-level function")
        calls = [(c.replace(PLACEHOLDER, fn.name), e) for c, e in calls]
    if not parses(code):
        return Outcome(False, 0, len(calls), "the code does not parse")
    return _from_sandbox_calls(code, calls, timeout_s)


def score(item: Item, code: str) -> Outcome:
    """Dispatch on the item's scorer."""
    if item.scorer == "calls":
        return score_calls(item, code)
    if item.scorer == "humaneval":
        from .forward_humaneval import score_humaneval

        return score_humaneval(item, code)
    if item.scorer == "differential":
        from .forward_reimpl import score_differential

        return score_differential(item, code)
    raise ValueError(f"unknown scorer {item.scorer!r}")
