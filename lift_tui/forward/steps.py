"""The forward pipeline's steps as plain functions: each small, testable alone, idempotent.

The graph (``lift_tui.graphs.forward``) only moves values between these; a step that runs
twice (after a crash) gives the same answer because model calls are greedy and cached.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Any

from pydantic import BaseModel, Field

from lift_tui.ir import IR

from . import assemble, detect
from .model_calls import Engine, ask_constraints, ask_signature, ask_types
from .prompt_facts import PromptFacts, find_facts

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


def facts_hint(prompt: str, names: list[str | None] | None = None) -> str:
    """The facts in words, without placeholder names the model might copy; ``names`` fill unstated ones."""
    facts = find_facts(prompt)
    if facts.parameters is None and names:
        from .prompt_facts import StatedParameter

        facts = dataclasses.replace(facts, parameters=tuple(StatedParameter(n) for n in names))
    elif facts.parameters is not None and names and len(names) == len(facts.parameters):
        facts = dataclasses.replace(facts, parameters=tuple(
            dataclasses.replace(p, name=p.name or n) for p, n in zip(facts.parameters, names, strict=True)))
    parts = []
    if facts.name:
        parts.append(f"the function is named {facts.name}")
    if facts.parameters is not None:
        described = ", ".join(p.name or p.type_hint or "?" for p in facts.parameters)
        parts.append(f"takes {len(facts.parameters)} argument(s) ({described})")
    if facts.returns:
        parts.append(f"returns {facts.returns}")
    return " and ".join(parts)


def prompt_summary(prompt: str) -> str:
    """The prompt's first sentence of prose (a def line, doctests and code lines left out)."""
    lines = [line.strip().strip('"').strip("'").strip() for line in prompt.splitlines()]
    prose = " ".join(
        line for line in lines
        if line and not line.startswith((">>>", "def ", "from ", "import ", "#")) and not line.endswith(":")
    )
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", prose) if s.strip()]
    sentence = next((s for s in sentences if not _FACTS_ONLY.match(s)), sentences[0] if sentences else "")
    return sentence[:137] + "..." if len(sentence) > 140 else sentence


_FACTS_ONLY = re.compile(
    r"(?:name|function(?:\s+name)?|arguments?|parameters?|params?|inputs?|args?|signature)\s*:"
    r"|(?:the\s+function|it)\s+(?:is\s+)?(?:called|named)\b",
    re.I,
)
"""A sentence that only states the signature ("Name: f.", "The function is called f and takes (x)."):
the docstring's summary is the first one that says what the function does."""


def extract_intent(engine: Engine | None, prompt: str) -> ModelAnswer:
    """The intent is the user's own words: a 135M summary of a one-line prompt only loses detail."""
    return ModelAnswer(kind="intent", data={"summary": prompt_summary(prompt), "from_prompt": True})


def _needs_code(facts: PromptFacts) -> bool:
    return facts.parameters is None or any(p.name is None for p in facts.parameters)


def _needs_types(facts: PromptFacts, data: dict[str, Any]) -> bool:
    stated = list(facts.parameters or [])
    drafted = list(data.get("parameters") or [])
    count = len(stated) if facts.parameters is not None else len(drafted)
    for index in range(count):
        fact = stated[index].type_hint if index < len(stated) else None
        draft = drafted[index].get("type_hint") if index < len(drafted) else None
        if not (fact or draft):
            return True
    return not (facts.returns or data.get("returns"))


def signature_answer(
    engine: Engine, prompt: str, n: int, temperature: float, ask: Any = ask_signature, draft: Any = None
) -> dict[str, Any]:
    """What the model adds to the prompt's facts: arity and names from its own whole functions
    (when the facts do not state them), then types from a signature call (when still unknown)."""
    from .drafts import function_drafts, signature_from_drafts

    facts = find_facts(prompt)
    data: dict[str, Any] = {}
    if facts.def_line:
        return data
    if _needs_code(facts):
        drafts = (draft or function_drafts)(engine, prompt, facts.name, max(1, n // 2), temperature)
        data = {**signature_from_drafts(drafts, facts.name), "drafts": drafts}
    if _needs_types(facts, data):
        names = _known_names(facts, data)
        try:
            if names is not None:
                guess = ask_types(engine, prompt, _untyped_def(facts, data, names), names)
            else:
                guess = ask(engine, prompt, facts_hint(prompt))
        except Exception as error:  # noqa: BLE001 - the types stay holes
            data["signature_error"] = f"{type(error).__name__}: {error}"[:300]
            return data
        data = _merge_types(data, guess)
    return data


def _known_names(facts: PromptFacts, data: dict[str, Any]) -> list[str] | None:
    """Every parameter's name, from the facts or the drafts; None when the arity is unknown."""
    drafted = [p.get("name") for p in data.get("parameters") or []]
    if facts.parameters is None:
        return drafted if data.get("parameters") and all(drafted) else None
    names = [p.name or (drafted[i] if i < len(drafted) else None) or FALLBACK_PARAM.format(i)
             for i, p in enumerate(facts.parameters)]
    return names if len(set(names)) == len(names) else None


def _untyped_def(facts: PromptFacts, data: dict[str, Any], names: list[str]) -> str:
    return f"def {facts.name or data.get('name') or 'f'}({', '.join(names)})"


def _merge_types(data: dict[str, Any], guess: dict[str, Any]) -> dict[str, Any]:
    """The signature call's answer fills what the drafts left open; it never changes the arity they show."""
    out = dict(data)
    guessed = list(guess.get("parameters") or [])
    if "parameters" in data:
        params = []
        for index, p in enumerate(data["parameters"]):
            hint = p.get("type_hint") or (guessed[index].get("type_hint") if index < len(guessed) else None)
            params.append({**p, "type_hint": hint})
        out["parameters"] = params
    else:
        out["parameters"] = guessed
    out["returns"] = data.get("returns") or guess.get("returns")
    out.setdefault("name", guess.get("name"))
    return out


def generate_signature(
    engine: Engine | None, prompt: str, n: int = 8, temperature: float = 0.8
) -> ModelAnswer:
    if engine is None:
        return ModelAnswer(kind="signature", error="no model")
    return _ask("signature", signature_answer, engine, prompt, n, temperature)


def extract_constraints(engine: Engine | None, prompt: str) -> ModelAnswer:
    """Preconditions the model proposes, asked only when the prompt has example calls to check them on:
    an unchecked guess can only become a hole, and the hole's suggestions are asked for when a user
    opens it (``m``), so asking here would spend seconds on every prompt for nothing in the code."""
    if engine is None:
        return ModelAnswer(kind="constraints", error="no model")
    if not find_facts(prompt).calls():
        return ModelAnswer(kind="constraints", error="not asked: no example to check a precondition on")
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
