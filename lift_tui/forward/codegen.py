"""IR → code: the deterministic skeleton plus a model-written body, best of N by validation.

The first candidate is the function as the model writes it unprompted, with the exact
``def`` line forced by :func:`grammar.function_grammar`; the others are bodies decoded under
:func:`grammar.body_grammar` (they always parse and name only parameters, builtins and
short locals) after a few retrieved idioms shown as worked examples, differing by the
idioms they see. Every body goes under the deterministic skeleton, and a body that ignores
a parameter (a memorised example answer) is refused before it is run. Candidates are validated in the
sandbox until one passes every check or N is spent; the best one is kept either way, and
the result says which checks passed.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from lift_tui.ir import IR

from . import skeleton
from .grammar import body_grammar, function_body, function_grammar, normalise_body, own_parameters
from .idioms import retrieve
from .model_calls import Engine, write_body, write_function
from .rename import better_names, rename_parameters

Validator = Callable[[IR, str], dict[str, Any]]
SHOTS = 3


class Candidate(BaseModel):
    kind: str = "idioms"
    body: str
    passed: bool
    checks_passed: list[str] = Field(default_factory=list)
    checks_failed: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


class CodegenResult(BaseModel):
    code: str
    validation: dict[str, Any]
    candidates: list[Candidate]
    ir: IR | None = None
    """The IR the code was made for when it differs from the input's (parameters renamed)."""


def request_text(ir: IR) -> str:
    """The user's own words (or the intent), safe inside a docstring."""
    return (ir.metadata.prompt or ir.intent.summary or "").strip().replace('"""', "'''")


def model_header(ir: IR) -> str:
    """What the model sees of the target: the exact signature and the user's own words."""
    return f'{skeleton.signature_source(ir.signature)}\n    """{request_text(ir)}"""'


def shot_sets(ir: IR, n: int) -> list[list[Any]]:
    """N different few-shot sets, nearest idiom last (closest to the question)."""
    ranked = retrieve(ir.metadata.prompt or ir.intent.summary or "", model_header(ir), k=SHOTS + n)
    return [list(reversed(ranked[i : i + SHOTS])) for i in range(n)]


def _summarise(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    checks = report.get("checks", [])
    return (
        [c["name"] for c in checks if c.get("passed") is True],
        [c["name"] for c in checks if c.get("passed") is False],
    )


def uses_every_parameter(ir: IR, body: str) -> str | None:
    """Why a body cannot be right whatever it returns: it ignores a parameter (e.g. returns a literal)."""
    used = {n.id for n in ast.walk(ast.parse(body)) if isinstance(n, ast.Name)}
    missing = [p.name for p in ir.signature.parameters if p.name not in used]
    return f"ignores parameter(s) {', '.join(missing)}" if missing else None


def _free_body(ir: IR, engine: Engine) -> tuple[str, IR]:
    """The whole function as the model writes it unprompted (name forced), mapped onto the IR's parameters.

    Where the IR has only placeholder names (``text``, ``n``) and the model's own are good, the
    IR takes the model's names instead (:mod:`.rename`), so the body keeps its own.
    """
    prompt = (ir.metadata.prompt or ir.intent.summary or "").strip()
    text = write_function(engine, prompt, function_grammar(ir.signature.name))
    target = rename_parameters(ir, better_names(ir, own_parameters(text, ir.signature.name)))
    return function_body(text, ir.signature.name, [p.name for p in target.signature.parameters]), target


def _plans(ir: IR, engine: Engine, n: int) -> list[tuple[str, Callable[[], tuple[str, IR]]]]:
    """Candidate makers in the order tried: the free-form function first, then idiom-guided bodies."""
    grammar = body_grammar([p.name for p in ir.signature.parameters])
    plans: list[tuple[str, Callable[[], tuple[str, IR]]]] = [("free", lambda: _free_body(ir, engine))]
    for shots in shot_sets(ir, max(n - 1, 0)):
        plans.append(("idioms", lambda shots=shots: (normalise_body(write_body(
            engine, request_text(ir), skeleton.signature_source(ir.signature), shots, grammar)), ir)))
    return plans[:n]


def generate_code(
    ir: IR,
    engine: Engine,
    validate: Validator,
    *,
    n: int = 4,
    on_candidate: Callable[[Candidate], None] | None = None,
) -> CodegenResult:
    """Best of ``n`` candidates: stop at the first that passes validation, else keep the one passing most."""
    best: tuple[int, str, dict[str, Any], IR] | None = None
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for kind, make in _plans(ir, engine, n):
        started = time.perf_counter()
        try:
            body, target = make()
            problem = uses_every_parameter(target, body)
        except Exception as error:  # noqa: BLE001 - a failed candidate (cut off, unparsable) is skipped
            candidates.append(Candidate(kind=kind, body="", passed=False, error=str(error)[:200]))
            continue
        if body in seen:
            continue
        seen.add(body)
        if problem:
            candidates.append(Candidate(kind=kind, body=body, passed=False, error=problem))
            continue
        code = skeleton.render(target, body)
        report = validate(target, code)
        ok, failed = _summarise(report)
        candidate = Candidate(
            kind=kind, body=body, passed=bool(report.get("passed")), checks_passed=ok, checks_failed=failed,
            seconds=round(time.perf_counter() - started, 3),
        )
        candidates.append(candidate)
        if on_candidate:
            on_candidate(candidate)
        if best is None or len(ok) - len(failed) > best[0]:
            best = (len(ok) - len(failed), code, report, target)
        if candidate.passed:
            break
    if best is None:
        code = skeleton.render(ir, None)
        return CodegenResult(code=code, validation=validate(ir, code), candidates=candidates)
    renamed = best[3] if best[3] is not ir else None
    return CodegenResult(code=best[1], validation=best[2], candidates=candidates, ir=renamed)
