"""Checking an IR's assertions with z3: sat with example inputs, unsat with the conflicting
assertions, or unknown within the time limit.

Translation is done once per IR (cached by its JSON) and reused: the holes engine asks
"does the IR stay satisfiable with this candidate added?" many times, and each such call
only translates the candidate and runs the solver. z3's global context is not thread-safe,
so every use goes through one lock.
"""

from __future__ import annotations

import ast
import functools
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from lift_tui.ir import IR, ParameterKind

from .pytypes import PyType, describe, infer_from_usage, parse_hint
from .reports import CheckReport, Untranslated
from .translate import Translator, Untranslatable, Val

Z3_LOCK = threading.RLock()
_CACHE: OrderedDict[str, Translation] = OrderedDict()
_CACHE_SIZE = 64
F = TypeVar("F", bound=Any)


@dataclass
class Translation:
    """An IR's variables and its translated assertions (by expression text)."""

    z3: Any
    translator: Translator
    variables: dict[str, tuple[Any, PyType]]
    formulas: list[tuple[str, Any]] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)

    def formula(self, text: str) -> Any:
        """Translate one more expression over the same variables (raises Untranslatable)."""
        return self.translator.formula(text)


def _param_type(ir: IR, name: str, hint: str | None, kind: ParameterKind) -> PyType | None:
    texts = [a.expression for a in ir.assertions]
    base = parse_hint(hint)
    if base is None and (not hint or hint.lstrip().startswith("?")):  # missing or an open hole
        base = infer_from_usage(name, texts)
    if base is None:
        return None
    if kind is ParameterKind.var_positional:
        return ("list", base)  # *args: T arrives as a tuple of T
    if kind is ParameterKind.var_keyword:
        return None
    return base


def translate_ir(ir: IR) -> Translation:
    """The (cached) translation of ``ir``; the caller must hold :data:`Z3_LOCK` while using it."""
    key = ir.model_dump_json(include={"signature", "assertions"})
    with Z3_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        translation = _build(ir)
        _CACHE[key] = translation
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
        return translation


def _build(ir: IR) -> Translation:
    import z3

    env: dict[str, Val] = {}
    missing: dict[str, str] = {}
    translator = Translator(z3, env, missing)
    variables: dict[str, tuple[Any, PyType]] = {}
    for p in ir.signature.parameters:
        t = _param_type(ir, p.name, p.type_hint, p.kind)
        if t is None:
            why = (
                "has no type hint"
                if not p.type_hint or p.type_hint.lstrip().startswith("?")
                else f"has type {p.type_hint!r}, which is not modelled"
            )
            missing[p.name] = f"parameter {p.name!r} {why} and its type cannot be inferred"
            continue
        var = z3.Const(p.name, translator._sort(t))
        env[p.name] = Val(var, t)
        variables[p.name] = (var, t)
    if "result" not in env:
        returns = parse_hint(ir.signature.returns)
        if returns is not None:
            var = z3.Const("result", translator._sort(returns))
            env["result"] = Val(var, returns)
            variables["result"] = (var, returns)
        else:
            missing["result"] = f"the return type {ir.signature.returns!r} is not modelled"
    translation = Translation(z3, translator, variables)
    for a in ir.assertions:
        try:
            translation.formulas.append((a.expression, translator.formula(a.expression)))
        except Untranslatable as error:
            translation.untranslated.append(Untranslated(expression=a.expression, reason=str(error)))
    return translation


def check_ir(ir: IR, timeout_ms: int | None = None) -> CheckReport:
    """Are the IR's assertions satisfiable together? (pre- and postconditions and invariants)."""
    return check_assertions(ir, [], timeout_ms=timeout_ms)


def z3_locked(fn: F) -> F:
    """Run ``fn`` holding :data:`Z3_LOCK` until its frame, and every z3 object in it, is gone.

    z3 objects release their native references in ``__del__``; a solver freed after the lock
    is released races another thread's ``check`` on the shared context and crashes the process
    (seen here as a segfault in ``Z3_solver_dec_ref``). Returning from ``fn`` inside the lock
    frees its locals there; on an exception the traceback (which keeps the frame alive) is dropped
    before the lock is released.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with Z3_LOCK:
            try:
                return fn(*args, **kwargs)
            except Exception as error:
                raise error.with_traceback(None) from None

    return wrapper  # type: ignore[return-value]


def check_assertions(ir: IR, extra: list[str], timeout_ms: int | None = None) -> CheckReport:
    """Check the IR's assertions plus ``extra`` expressions (e.g. a candidate precondition).

    Untranslatable extras are listed in ``untranslated`` like the IR's own; they do not
    take part in the check.
    """
    start = time.perf_counter()
    report = _check_locked(ir, extra, timeout_ms)
    report.seconds = round(time.perf_counter() - start, 4)
    return report


@z3_locked
def _check_locked(ir: IR, extra: list[str], timeout_ms: int | None) -> CheckReport:
    tr = translate_ir(ir)
    z3 = tr.z3
    untranslated = list(tr.untranslated)
    items = list(tr.formulas)
    for text in extra:
        try:
            items.append((text, tr.formula(text)))
        except Untranslatable as error:
            untranslated.append(Untranslated(expression=text, reason=str(error)))
    solver = z3.Solver()
    solver.set("timeout", int(timeout_ms if timeout_ms is not None else _default_timeout()))
    labels: dict[str, str] = {}
    for index, (text, formula) in enumerate(items):
        label = f"__a{index}"
        labels[label] = text
        solver.assert_and_track(formula, z3.Bool(label))
    result = solver.check()
    report = CheckReport(status="unknown", untranslated=untranslated)
    if result == z3.sat:
        report.status = "sat"
        report.model = model_values(tr, solver.model(), used=[text for text, _ in items])
    elif result == z3.unsat:
        report.status = "unsat"
        tracked = {f"__a{i}": f for i, (_, f) in enumerate(items)}
        core = _minimal_core(z3, tracked, {str(c) for c in solver.unsat_core()})
        report.core = _dedupe(labels[label] for label in labels if label in core)
    else:
        report.reason = solver.reason_unknown()
    return report


def _minimal_core(z3: Any, tracked: dict[str, Any], core: set[str]) -> set[str]:
    """Drop core members that the conflict does not need (deletion-based, each try time-boxed).

    z3's own ``core.minimize`` was measured to spend the whole solver timeout on a trivial
    two-assertion conflict over strings, so cores are shrunk here with short checks instead.
    """
    solver = z3.Solver()
    solver.set("timeout", 100)
    for label in core:
        solver.add(z3.Implies(z3.Bool(label), tracked[label]))
    deadline = time.perf_counter() + 0.5
    for label in sorted(core):
        if label not in core or len(core) <= 1 or time.perf_counter() > deadline:
            continue
        trial = core - {label}
        if solver.check(*[z3.Bool(x) for x in sorted(trial)]) == z3.unsat:
            core = trial & {str(c) for c in solver.unsat_core()} or trial
    return core


def _dedupe(texts: Any) -> list[str]:
    return list(dict.fromkeys(texts))


_TIMEOUT_MS: int | None = None
"""The start-up settings' ``solver_timeout_ms`` (see :func:`configure`)."""


def configure(timeout_ms: int) -> None:
    """The default z3 time limit, handed down from the start-up settings."""
    global _TIMEOUT_MS
    _TIMEOUT_MS = int(timeout_ms)


def _default_timeout() -> int:
    if _TIMEOUT_MS is not None:
        return _TIMEOUT_MS
    from lift_tui.settings import get_settings  # library use without configure()

    return get_settings().solver_timeout_ms


def solve_inputs(
    ir: IR,
    require: list[str],
    forbid: list[str] = (),  # type: ignore[assignment]
    *,
    count: int = 1,
    timeout_ms: int | None = None,
) -> list[dict[str, str]]:
    """Up to ``count`` distinct input assignments (parameter -> literal) making every ``require``
    expression true and every ``forbid`` expression false. Untranslatable expressions raise
    :class:`Untranslatable`; an unsat or unknown problem gives fewer (or no) assignments."""
    return _solve_locked(ir, list(require), list(forbid), count, timeout_ms)


@z3_locked
def _solve_locked(
    ir: IR, require: list[str], forbid: list[str], count: int, timeout_ms: int | None
) -> list[dict[str, str]]:
    tr = translate_ir(ir)
    z3 = tr.z3
    solver = z3.Solver()
    solver.set("timeout", int(timeout_ms if timeout_ms is not None else _default_timeout()))
    for text in require:
        solver.add(tr.formula(text))
    for text in forbid:
        solver.add(z3.Not(tr.formula(text)))
    params = {n: v for n, v in tr.variables.items() if n != "result"}
    found: list[dict[str, str]] = []
    while len(found) < count and solver.check() == z3.sat:
        model = solver.model()
        values = {n: model.eval(var, model_completion=True) for n, (var, _) in params.items()}
        found.append({n: repr(to_python(z3, v)) for n, v in values.items()})
        if not values:
            break
        solver.add(z3.Or(*[var != values[n] for n, (var, _) in params.items()]))
    return found


def model_values(tr: Translation, model: Any, used: list[str]) -> dict[str, str]:
    """Parameter (and ``result``, if an assertion mentions it) values as Python literal text."""
    z3 = tr.z3
    names = {n.id for text in used for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    out: dict[str, str] = {}
    for name, (var, _t) in tr.variables.items():
        if name == "result" and name not in names:
            continue
        out[name] = repr(to_python(z3, model.eval(var, model_completion=True)))
    return out


def to_python(z3: Any, value: Any) -> Any:
    """A z3 model value as a Python value (reals become floats, sequences lists)."""
    if z3.is_true(value):
        return True
    if z3.is_false(value):
        return False
    if z3.is_int_value(value):
        return value.as_long()
    if z3.is_algebraic_value(value):
        value = value.approx(17)
    if z3.is_rational_value(value):
        frac = value.as_fraction()
        return float(frac)
    if z3.is_string_value(value):
        return value.as_string()
    if z3.is_app(value):
        kind = value.decl().kind()
        if kind == z3.Z3_OP_SEQ_EMPTY:
            return []
        if kind == z3.Z3_OP_SEQ_UNIT:
            return [to_python(z3, value.arg(0))]
        if kind == z3.Z3_OP_SEQ_CONCAT:
            items: list[Any] = []
            for child in value.children():
                items.extend(to_python(z3, child))
            return items
    raise ValueError(f"cannot turn the z3 value {value} into Python")


@z3_locked
def describe_variables(ir: IR) -> dict[str, str]:
    """Parameter -> the modelled type, for display (unmodelled parameters are left out)."""
    return {n: describe(t) for n, (_, t) in translate_ir(ir).variables.items()}
