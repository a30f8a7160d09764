"""IR → code: the deterministic skeleton plus a model-written body, chosen by running every candidate.

Candidates are the model's drafts (:mod:`.drafts`): whole functions, their parameters mapped
onto the IR's by position, and bodies written under the IR's def line. Each is rendered under
the skeleton (exact signature, docstring, precondition checks), lifted back with reverse mode
(:mod:`.roundtrip`) and run — all of them in one sandboxed process — on the IR's examples and
on inputs drawn from its types (:mod:`.probes`); :mod:`.selection` ranks them. The best one
is validated in full and returned with its failed checks listed: forward mode returns a stub
only when the model wrote nothing usable at all.
"""

from __future__ import annotations

import ast
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from lift_tui.ir import IR

from . import skeleton
from .drafts import body_drafts, function_drafts, request_text
from .grammar import function_body, own_parameters
from .model_calls import Engine
from .probes import drawn_probes, example_probes
from .rename import better_names, rename_parameters
from .roundtrip import compare
from .selection import Scored, ranked, score

Validator = Callable[[IR, str], dict[str, Any]]


class Candidate(BaseModel):
    """One candidate as ranked: its body, score and the parts of it, and what went wrong."""

    kind: str = "body"
    body: str
    passed: bool = False
    score: float = 0.0
    parts: dict[str, float] = Field(default_factory=dict)
    examples_passed: int = 0
    examples_total: int = 0
    chosen: bool = False
    checks_passed: list[str] = Field(default_factory=list)
    checks_failed: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


class CodegenResult(BaseModel):
    code: str
    validation: dict[str, Any]
    candidates: list[Candidate]
    ir: IR | None = None
    """The IR the code was made for when it differs from the input's (parameters renamed)."""


def uses_every_parameter(ir: IR, body: str) -> str | None:
    """Why a body cannot be right whatever it returns: it ignores a parameter (e.g. returns a literal)."""
    used = {n.id for n in ast.walk(ast.parse(body)) if isinstance(n, ast.Name)}
    missing = [p.name for p in ir.signature.parameters if p.name not in used]
    return f"ignores parameter(s) {', '.join(missing)}" if missing else None


def _summarise(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    checks = report.get("checks", [])
    return (
        [c["name"] for c in checks if c.get("passed") is True],
        [c["name"] for c in checks if c.get("passed") is False],
    )


@dataclass
class _Made:
    kind: str
    body: str
    target: IR
    source: str
    """What reverse mode lifts for the bidirectional check: the model's own text."""


def _from_function(ir: IR, text: str) -> _Made:
    target = rename_parameters(ir, better_names(ir, own_parameters(text, ir.signature.name)))
    body = function_body(text, ir.signature.name, [p.name for p in target.signature.parameters])
    return _Made(kind="function", body=body, target=target, source=text)


def make_candidates(
    ir: IR, engine: Engine, n: int, temperature: float, functions: list[str] | None = None
) -> tuple[list[_Made], list[Candidate]]:
    """Runnable candidates and the drafts that could not become one (with why)."""
    half = max(1, n // 2)
    if functions is None:
        functions = function_drafts(engine, ir.metadata.prompt or request_text(ir), ir.signature.name, half,
                                    temperature, ir=ir)
    made: list[_Made] = []
    failed: list[Candidate] = []
    for text in functions:
        try:
            made.append(_from_function(ir, text))
        except (SyntaxError, ValueError) as error:
            failed.append(Candidate(kind="function", body=text, error=str(error)[:200]))
    try:
        bodies = body_drafts(engine, ir, max(1, n - half), temperature)
    except Exception as error:  # noqa: BLE001 - a failed call (cut off) leaves the function drafts
        bodies = []
        failed.append(Candidate(kind="body", body="", error=str(error)[:200]))
    for body in bodies:
        try:
            ast.parse(body)
        except SyntaxError as error:
            failed.append(Candidate(kind="body", body=body, error=f"does not parse: {error.msg}"))
            continue
        made.append(_Made(kind="body", body=body, target=ir, source=skeleton.render(ir, body)))
    unique: dict[str, _Made] = {}
    for m in made:
        unique.setdefault(skeleton.render(m.target, m.body), m)
    return list(unique.values()), failed


def rank_candidates(ir: IR, made: list[_Made]) -> list[tuple[Scored, _Made]]:
    """Every candidate run on the examples and drawn inputs in one sandbox process, best first."""
    from lift_tui.verify.batch import run_each

    probes = example_probes(ir)
    n_examples = len(probes)
    probes += drawn_probes(ir)
    ids = [f"c{i}" for i in range(len(made))]
    runs = [(cid, skeleton.render(m.target, m.body), m.target.signature.name) for cid, m in zip(ids, made,
                                                                                             strict=True)]
    outcome = run_each(
        runs, probes, preconditions=[a.expression for a in ir.preconditions],
        postconditions=[a.expression for a in ir.postconditions],
    )
    roundtrip = {cid: compare(m.target, m.source).agreement for cid, m in zip(ids, made, strict=True)}
    ignores = {cid: uses_every_parameter(m.target, m.body) for cid, m in zip(ids, made, strict=True)}
    scored = score(ir, ids, outcome.rows, n_examples, roundtrip, ignores)
    by_id = dict(zip(ids, made, strict=True))
    return [(s, by_id[s.id]) for s in ranked(scored, ids)]


def generate_code(
    ir: IR,
    engine: Engine,
    validate: Validator,
    *,
    n: int = 8,
    temperature: float = 0.8,
    functions: list[str] | None = None,
    on_candidate: Callable[[Candidate], None] | None = None,
) -> CodegenResult:
    """The best of the candidates by execution, validated in full; a stub only when there is none."""
    started = time.perf_counter()
    made, failed = make_candidates(ir, engine, n, temperature, functions)
    order = rank_candidates(ir, made) if made else []
    candidates: list[Candidate] = []
    for index, (s, m) in enumerate(order):
        candidates.append(Candidate(
            kind=m.kind, body=m.body, score=s.total, parts={k: round(v, 3) for k, v in s.parts.items()},
            examples_passed=s.examples_passed, examples_total=s.examples_total, chosen=index == 0,
            passed=s.examples_total > 0 and s.examples_passed == s.examples_total, notes=s.notes,
        ))
    candidates += failed
    if not order:
        code = skeleton.render(ir, None)
        return CodegenResult(code=code, validation=validate(ir, code), candidates=candidates)
    best = order[0][1]
    code = skeleton.render(best.target, best.body)
    report = validate(best.target, code)
    ok, bad = _summarise(report)
    candidates[0] = candidates[0].model_copy(update={
        "passed": bool(report.get("passed")), "checks_passed": ok, "checks_failed": bad,
        "seconds": round(time.perf_counter() - started, 3),
    })
    if on_candidate:
        for c in candidates:
            on_candidate(c)
    renamed = best.target if best.target is not ir else None
    return CodegenResult(code=code, validation=report, candidates=candidates, ir=renamed)
