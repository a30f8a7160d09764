"""The forward pipeline's steps as plain functions: each small, testable alone, idempotent.

The graph (``lift_tui.graphs.forward``) only moves values between these; a step that runs
twice (after a crash) gives the same answer because model calls are greedy and cached.
"""

from __future__ import annotations

import ast
from typing import Any

from pydantic import BaseModel, Field

from lift_tui.ir import IR

from . import assemble, detect
from .model_calls import Engine, ask_constraints, ask_intent, ask_signature
from .prompt_facts import find_facts

FALLBACK_PARAM = "arg{}"


class ModelAnswer(BaseModel):
    """One branch's output; ``kind`` tells the merge which branch it came from."""

    kind: str
    data: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None


def _ask(kind: str, call: Any, *args: Any) -> ModelAnswer:
    """A failed model call is recorded, not raised: its fields become holes downstream."""
    try:
        return ModelAnswer(kind=kind, data=call(*args))
    except Exception as error:  # noqa: BLE001 - any engine failure degrades to holes
        return ModelAnswer(kind=kind, error=f"{type(error).__name__}: {error}"[:300])


def facts_header(prompt: str) -> str:
    """What the prompt's facts fix, as a def line; unknown parameter names are placeholders ``arg0``."""
    facts = find_facts(prompt)
    if facts.def_line:
        return facts.def_line.rstrip(":")
    if facts.parameters is None:
        return ""
    params = ", ".join(
        f"{p.name or FALLBACK_PARAM.format(i)}: {p.type_hint or 'object'}"
        for i, p in enumerate(facts.parameters)
    )
    return f"def {facts.name or 'f'}({params})" + (f" -> {facts.returns}" if facts.returns else "")


def facts_hint(prompt: str) -> str:
    """The same facts in words, without placeholder names the model might copy."""
    facts = find_facts(prompt)
    parts = []
    if facts.name:
        parts.append(f"the function is named {facts.name}")
    if facts.parameters is not None:
        described = ", ".join(p.name or p.type_hint or "?" for p in facts.parameters)
        parts.append(f"takes {len(facts.parameters)} argument(s) ({described})")
    if facts.returns:
        parts.append(f"returns {facts.returns}")
    return " and ".join(parts)


def extract_intent(engine: Engine | None, prompt: str) -> ModelAnswer:
    if engine is None:
        return ModelAnswer(kind="intent", error="no model")
    return _ask("intent", ask_intent, engine, prompt)


def generate_signature(engine: Engine | None, prompt: str) -> ModelAnswer:
    if engine is None:
        return ModelAnswer(kind="signature", error="no model")
    return _ask("signature", ask_signature, engine, prompt, facts_hint(prompt))


def extract_constraints(engine: Engine | None, prompt: str) -> ModelAnswer:
    if engine is None:
        return ModelAnswer(kind="constraints", error="no model")
    header = facts_header(prompt) or "(parameters unknown)"
    return _ask("constraints", ask_constraints, engine, prompt, header)


class _Rename(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.copy_location(ast.Name(self.mapping.get(node.id, node.id), node.ctx), node)


def _rename_placeholders(preconditions: list[Any], names: list[str]) -> list[Any]:
    """The constraints branch ran before names were known: ``arg0`` → the real first parameter."""
    mapping = {FALLBACK_PARAM.format(i): name for i, name in enumerate(names)}
    renamed = []
    for text in preconditions:
        try:
            tree = _Rename(mapping).visit(ast.parse(str(text), mode="eval"))
            renamed.append(ast.unparse(tree))
        except SyntaxError:
            renamed.append(text)
    return renamed


def merge_to_ir(prompt: str, intent: ModelAnswer, answers: list[ModelAnswer]) -> tuple[IR, list[Any]]:
    """The IR from the three answers and the prompt's facts, and the rejected values (for holes)."""
    by_kind = {a.kind: a for a in answers}
    facts = find_facts(prompt)
    intent_ir, r1 = assemble.intent_from_output(intent.data, prompt)
    signature_data = by_kind.get("signature", ModelAnswer(kind="")).data
    signature, r2 = assemble.signature_from_output(signature_data, facts)
    examples = [e for e in facts.examples if e.name == signature.name]
    constraints = dict(by_kind.get("constraints", ModelAnswer(kind="")).data)
    names = [p.name for p in signature.parameters]
    constraints["preconditions"] = _rename_placeholders(list(constraints.get("preconditions") or []), names)
    assertions, r3 = assemble.assertions_from_output(constraints, signature, examples)
    ir = assemble.merge_to_ir(
        prompt, intent_ir, signature, assertions, assemble.examples_from_prompt(examples, signature)
    )
    return ir, [*r1, *r2, *r3]


def detect_holes(ir: IR, rejected: list[Any]) -> IR:
    return detect.detect_holes(ir, [assemble.Rejected(**r) if isinstance(r, dict) else r for r in rejected])


def validate_ir(ir: IR) -> tuple[IR, dict[str, Any]]:
    """z3 over the assertions; model-proposed assertions in an unsat core become holes."""
    try:
        from lift_tui.verify import check_ir
    except ImportError as error:
        return ir, {"status": "unknown", "reason": f"verify layer unavailable: {error}"}
    report = check_ir(ir)
    data = report.model_dump(mode="json")
    if report.status == "unsat":
        ir = detect.holes_for_conflict(ir, report.core)
        data["after_conflict_holes"] = check_ir(ir).model_dump(mode="json")
    return ir, data
