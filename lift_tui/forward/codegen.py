"""IR → code: the deterministic skeleton plus a model-written body, best of N by validation.

Each candidate body is decoded under :func:`grammar.body_grammar` (so it always parses and
names only parameters, builtins and short locals) after a few retrieved idioms shown as
worked examples; candidates differ by the idioms they see. Candidates are validated in the
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
from .grammar import body_grammar, normalise_body
from .idioms import Idiom, retrieve
from .model_calls import Engine, write_body

Validator = Callable[[IR, str], dict[str, Any]]
SHOTS = 3


class Candidate(BaseModel):
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


def model_header(ir: IR) -> str:
    """What the model sees of the target: the exact signature and the user's own words."""
    text = (ir.metadata.prompt or ir.intent.summary or "").strip().replace('"""', "'''")
    return f'{skeleton.signature_source(ir.signature)}\n    """{text}"""'


def _shot(idiom: Idiom) -> list[dict[str, str]]:
    return [
        {"role": "user", "content": f'Write the body.\n{idiom.header}\n    """{idiom.doc}"""'},
        {"role": "assistant", "content": idiom.body + "\n"},
    ]


def body_messages(ir: IR, idioms: list[Idiom]) -> list[dict[str, str]]:
    messages = [
        {"role": "system", "content": "You write short, correct Python function bodies. Code only."}
    ]
    for idiom in idioms:
        messages += _shot(idiom)
    messages.append({"role": "user", "content": f"Write the body.\n{model_header(ir)}"})
    return messages


def shot_sets(ir: IR, n: int) -> list[list[Idiom]]:
    """N different few-shot sets, nearest idiom last (closest to the question)."""
    ranked = retrieve(ir.metadata.prompt or ir.intent.summary or "", model_header(ir), k=SHOTS + n)
    return [list(reversed(ranked[i : i + SHOTS])) for i in range(n)]


def _summarise(report: dict[str, Any]) -> tuple[list[str], list[str]]:
    checks = report.get("checks", [])
    return (
        [c["name"] for c in checks if c.get("passed") is True],
        [c["name"] for c in checks if c.get("passed") is False],
    )


def generate_code(
    ir: IR,
    engine: Engine,
    validate: Validator,
    *,
    n: int = 4,
    on_candidate: Callable[[Candidate], None] | None = None,
) -> CodegenResult:
    """Best of ``n`` candidates: stop at the first that passes validation, else keep the one passing most."""
    grammar = body_grammar([p.name for p in ir.signature.parameters])
    best: tuple[int, str, dict[str, Any]] | None = None
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for shots in shot_sets(ir, n):
        started = time.perf_counter()
        try:
            body = normalise_body(write_body(engine, body_messages(ir, shots), grammar))
            ast.parse(body)
        except Exception as error:  # noqa: BLE001 - a failed candidate (cut off, unparsable) is skipped
            candidates.append(Candidate(body="", passed=False, error=str(error)[:200]))
            continue
        if body in seen:
            continue
        seen.add(body)
        code = skeleton.render(ir, body)
        report = validate(ir, code)
        ok, failed = _summarise(report)
        candidate = Candidate(
            body=body, passed=bool(report.get("passed")), checks_passed=ok, checks_failed=failed,
            seconds=round(time.perf_counter() - started, 3),
        )
        candidates.append(candidate)
        if on_candidate:
            on_candidate(candidate)
        if best is None or len(ok) - len(failed) > best[0]:
            best = (len(ok) - len(failed), code, report)
        if candidate.passed:
            break
    if best is None:
        code = skeleton.render(ir, None)
        return CodegenResult(code=code, validation=validate(ir, code), candidates=candidates)
    return CodegenResult(code=best[1], validation=best[2], candidates=candidates)
