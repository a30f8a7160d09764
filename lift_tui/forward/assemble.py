"""Model outputs (plain mappings) and prompt facts → IR parts, each with honest provenance.

Nothing here calls a model. Every model value is checked before it enters the IR; a
value that fails its check is returned as a :class:`Rejected` so hole detection can turn
it into a typed hole instead of a guess presented as fact.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import keyword
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lift_tui.ir import (
    IR,
    Assertion,
    AssertionCategory,
    Example,
    Intent,
    Metadata,
    Origin,
    Parameter,
    ParameterKind,
    Provenance,
    Signature,
    Source,
)

from .prompt_facts import PromptExample, PromptFacts, type_of_value

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
MODEL_CONFIDENCE = 0.6
"""What a valid model value is worth when prompt facts back its shape; facts themselves are worth 0.95."""
UNCHECKED = 0.45
"""A model value nothing in the prompt confirms: kept as the hole's first candidate, not as fact."""
UNSURE = "unsure: the model's guess, not confirmed by the prompt"
RETURN_TYPE_DETAIL = "implied by the return type"

TYPE_NAMES = frozenset(
    {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)}
    | set(typing.__all__) | set(collections.abc.__all__) | {"None", "typing", "collections", "abc"}
)
"""What an annotation may name: any builtin type, anything in ``typing`` or ``collections.abc``."""
EXPR_BUILTINS = frozenset(
    "len isinstance all any abs min max sum sorted int float str bool list dict set tuple range "
    "round type None True False".split()
)


@dataclass(frozen=True)
class Rejected:
    """A model value that did not pass its check; ``target`` is the IR path it was meant for."""

    target: str
    value: str
    reason: str


def is_identifier(name: Any) -> bool:
    return isinstance(name, str) and bool(IDENTIFIER.match(name)) and not keyword.iskeyword(name)


def clean_type_hint(hint: Any) -> str | None:
    """The hint normalised by ``ast.unparse`` if it is a plausible annotation, else None."""
    if not isinstance(hint, str) or not hint.strip():
        return None
    try:
        tree = ast.parse(hint.strip(), mode="eval").body
    except SyntaxError:
        return None
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    allowed = (ast.Name, ast.Subscript, ast.Tuple, ast.List, ast.BinOp, ast.BitOr, ast.Constant, ast.Load,
               ast.Attribute)
    if not names or not names <= TYPE_NAMES or not all(isinstance(n, allowed) for n in ast.walk(tree)):
        return None
    return ast.unparse(tree) if _evaluates_to_a_type(tree) else None


def _type_namespace() -> dict[str, Any]:
    names = {n: getattr(builtins, n) for n in TYPE_NAMES if isinstance(getattr(builtins, n, None), type)}
    names |= {n: getattr(typing, n) for n in typing.__all__ if hasattr(typing, n)}
    names |= {n: getattr(collections.abc, n) for n in collections.abc.__all__}
    return names | {"None": None, "typing": typing, "collections": collections, "abc": collections.abc}


_TYPE_NAMESPACE = _type_namespace()


def _evaluates_to_a_type(tree: ast.expr) -> bool:
    """Whether the annotation is a type when Python evaluates it (the generated ``def`` line does):
    ``int[int]`` names only builtins but raises TypeError, so the whole module would fail to import."""
    try:
        value = eval(compile(ast.Expression(tree), "<annotation>", "eval"), {"__builtins__": {}},
                     dict(_TYPE_NAMESPACE))  # noqa: S307 - the tree holds only names from the namespace
    except Exception:  # noqa: BLE001 - any failure to evaluate means it is not a usable annotation
        return False
    return value is None or isinstance(value, type | types.GenericAlias | types.UnionType) or (
        type(value).__module__ == "typing")


def _model(confidence: float = MODEL_CONFIDENCE, detail: str | None = None) -> Provenance:
    return Provenance(source=Source.model, confidence=confidence, detail=detail)


def _fact(detail: str) -> Provenance:
    return Provenance(source=Source.forward, confidence=0.95, detail=detail)


def intent_from_output(out: Mapping[str, Any] | None, prompt: str) -> tuple[Intent, list[Rejected]]:
    out = out or {}
    summary = str(out.get("summary") or "").strip()
    criteria = [str(c).strip() for c in out.get("success_criteria") or [] if str(c).strip()]
    concepts = [str(c).strip() for c in out.get("domain_concepts") or [] if str(c).strip()]
    rejected = [] if summary else [Rejected("intent.summary", "", "the model gave no summary")]
    complete = summary.endswith((".", "!", "?"))
    if out.get("from_prompt"):
        provenance = Provenance(source=Source.human, confidence=0.9, detail="the prompt's first sentence")
    else:
        provenance = _model() if complete else _model(0.3, "the summary was cut off")
    intent = Intent(
        summary=summary or None,
        rationale=f"From the prompt: {prompt.strip()[:300]}",
        success_criteria=criteria[:5],
        domain_concepts=concepts[:5],
        provenance=provenance,
    )
    return intent, rejected


_FALLBACK_NAMES = {
    "str": "text", "int": "n", "float": "x", "bool": "flag", "list": "items", "dict": "mapping",
}


_RESERVED = frozenset({"result", "self", *dir(builtins)})


def _fallback_name(hint: str | None, index: int, taken: set[str]) -> str:
    base = _FALLBACK_NAMES.get((hint or "").split("[")[0], f"arg{index}")
    name = base if base not in taken else f"{base}{index}"
    return name


def _kind(text: str) -> ParameterKind:
    return ParameterKind(text) if text in ParameterKind.__members__ else ParameterKind.positional_or_keyword


def signature_from_output(
    out: Mapping[str, Any] | None, facts: PromptFacts
) -> tuple[Signature, list[Rejected]]:
    """A signature where the prompt's facts fix what they state; the model fills the rest, as unsure guesses.

    The parameter count is the facts' whenever they state it; otherwise it is the model's
    (``out["parameters"]``, which forward mode takes from the model's own code).
    """
    out = out or {}
    rejected: list[Rejected] = []
    model_name = out.get("name")
    if facts.name:
        name, name_prov = facts.name, _fact(facts.name_source)
    elif is_identifier(model_name):
        name, name_prov = str(model_name), _model(UNCHECKED, "model's guess; the prompt names no function")
        rejected.append(Rejected("signature.name", name, UNSURE))
    else:
        name, name_prov = "generated_function", _model(0.1, "placeholder")
        rejected.append(Rejected("signature.name", str(model_name), "not a Python identifier"))

    model_params = [p for p in out.get("parameters") or [] if isinstance(p, Mapping)]
    stated = list(facts.parameters) if facts.parameters is not None else None
    count = len(stated) if stated is not None else len(model_params)
    params: list[Parameter] = []
    taken: set[str] = {name} | {p.name for p in stated or [] if p.name}
    for index in range(count):
        raw = model_params[index] if index < len(model_params) else {}
        fact = stated[index] if stated is not None else None
        model_type = clean_type_hint(raw.get("type_hint"))
        if raw.get("type_hint") and model_type is None:
            bad = str(raw.get("type_hint"))
            rejected.append(Rejected(f"parameters.{index}.type_hint", bad, "not a type"))
        fact_type = clean_type_hint(fact.type_hint) if fact is not None else None
        hint = fact_type or model_type
        if fact is not None and fact.name:
            pname = fact.name
        elif is_identifier(raw.get("name")) and raw.get("name") not in taken | _RESERVED:
            pname = str(raw["name"])
        else:
            pname = _fallback_name(hint, index, taken)
        taken.add(pname)
        if fact_type:
            prov = _fact(f"type from {facts.parameters_source or 'the prompt'}")
        elif model_type:
            prov = _model(UNCHECKED, "model's guess; the prompt states no type")
        else:
            prov = _model(0.3, "no type known")
        params.append(Parameter(
            name=pname, type_hint=hint, provenance=prov,
            default=fact.default if fact is not None else None,
            kind=_kind(fact.kind) if fact is not None else ParameterKind.positional_or_keyword,
        ))

    fact_return = clean_type_hint(facts.returns)
    model_return = clean_type_hint(out.get("returns"))
    if out.get("returns") and model_return is None:
        rejected.append(Rejected("signature.returns", str(out.get("returns")), "not a type"))
    returns = fact_return or model_return
    if model_return and not fact_return:
        rejected.append(Rejected("signature.returns", model_return, UNSURE))
    return_prov = _fact(facts.returns_source) if fact_return else _model(UNCHECKED) if model_return else None
    signature = Signature(
        name=name,
        parameters=params,
        returns=returns,
        provenance=name_prov if return_prov is None else name_prov.model_copy(
            update={"confidence": min(name_prov.confidence, return_prov.confidence)}
        ),
    )
    return signature, rejected


def expression_problem(expression: str, allowed: set[str]) -> str | None:
    """Why ``expression`` cannot be an assertion over ``allowed`` names, or None if it can."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        return f"not a Python expression ({error.msg})"
    bound = {
        n.id
        for comp in ast.walk(tree)
        if isinstance(comp, ast.comprehension)
        for n in ast.walk(comp.target)
        if isinstance(n, ast.Name)
    }
    bound |= {a.arg for lam in ast.walk(tree) if isinstance(lam, ast.Lambda) for a in lam.args.args}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in allowed | bound | EXPR_BUILTINS:
            return f"uses {node.id!r}, which is neither a parameter nor a known builtin"
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            return "uses a private attribute"
    if isinstance(tree.body, ast.Constant):
        return "a constant says nothing"
    if not {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} & allowed:
        return "mentions no parameter"
    return None


def _holds_on(expression: str, names: list[str], calls: Sequence[PromptExample], result: bool) -> bool | None:
    """True/False if every/any prompt example satisfies the expression; None if it cannot be evaluated."""
    code = compile(ast.parse(expression, mode="eval"), "<assertion>", "eval")
    outcomes = []
    for example in calls:
        scope: dict[str, Any] = dict(zip(names, example.args, strict=False))
        if result:
            scope["result"] = example.result
        try:
            outcomes.append(bool(eval(code, {"__builtins__": __builtins__}, scope)))  # noqa: S307 - literals only
        except Exception:  # noqa: BLE001 - a failing evaluation is an answer, not a crash
            return None
    return all(outcomes) if outcomes else None


_EDGES: dict[str, Any] = {"list": [], "str": "", "int": 0, "float": 0.0, "dict": {}, "set": set(),
                          "tuple": (), "bool": False, "bytes": b"", "Sequence": [], "Iterable": []}


def _raises_on_edges(expression: str, signature: Signature) -> str | None:
    """Where a precondition is undefined: every parameter at its type's empty or zero value at
    once. A precondition must say yes or no for every input of the declared
    types: ``nums[0] > 0`` raises on ``[]`` instead of rejecting it (``len(nums) > 0 and …`` would not)."""
    scope: dict[str, Any] = {}
    for param in signature.parameters:
        base = (param.type_hint or "").split("[")[0].strip()
        if base not in _EDGES:
            return None  # a type with no known edge value: nothing to try
        scope[param.name] = _EDGES[base]
    code = compile(ast.parse(expression, mode="eval"), "<assertion>", "eval")
    try:
        eval(code, {"__builtins__": __builtins__}, scope)  # noqa: S307 - checked names, literal values
    except Exception as error:  # noqa: BLE001 - the failure is the finding
        shown = ", ".join(f"{k}={v!r}" for k, v in scope.items())
        return f"undefined on {shown} ({type(error).__name__}): a precondition must decide every input"
    return None


def assertions_from_output(
    out: Mapping[str, Any] | None, signature: Signature, examples: Sequence[PromptExample]
) -> tuple[list[Assertion], list[Rejected]]:
    """Checked preconditions from the model, plus the result-type postcondition the signature implies."""
    out = out or {}
    names = [p.name for p in signature.parameters]
    calls = [e for e in examples if e.name == signature.name and len(e.args) == len(names)]
    assertions: list[Assertion] = []
    rejected: list[Rejected] = []
    raw = out.get("preconditions") or []
    for index, item in enumerate(raw[:6]):
        text = item.get("expression") if isinstance(item, Mapping) else item
        text = str(text or "").strip()
        target = f"assertions.precondition.{index}"
        problem = expression_problem(text, set(names)) if text else "empty"
        if problem:
            rejected.append(Rejected(target, text, problem))
            continue
        text = ast.unparse(ast.parse(text, mode="eval").body)
        if any(a.expression == text for a in assertions):
            continue
        holds = _holds_on(text, names, calls, result=False)
        if holds is False:
            rejected.append(Rejected(target, text, "the prompt's own example violates it"))
            continue
        if holds is None:  # nothing in the prompt backs it: a hole with the guess as its candidate
            rejected.append(Rejected(target, text, f"{UNSURE} (no example to check it on)"))
            continue
        if (undefined := _raises_on_edges(text, signature)) is not None:
            rejected.append(Rejected(target, text, undefined))
            continue
        confidence = 0.8
        assertions.append(
            Assertion(
                category=AssertionCategory.precondition,
                expression=text,
                message=f"precondition violated: {text}",
                raises="ValueError",
                provenance=_model(confidence, "checked on the prompt's examples"),
            )
        )
    base = (signature.returns or "").split("[")[0]
    if base in {"int", "float", "str", "bool", "list", "dict", "set", "tuple"}:
        expr = "isinstance(result, (int, float))" if base == "float" else f"isinstance(result, {base})"
        if base == "int":
            expr = "isinstance(result, int) and not isinstance(result, bool)"
        assertions.append(
            Assertion(
                category=AssertionCategory.postcondition,
                expression=expr,
                message=f"the result is a {base}",
                provenance=signature.provenance.model_copy(update={"detail": RETURN_TYPE_DETAIL}),
            )
        )
    return assertions, rejected


def examples_from_prompt(examples: Sequence[PromptExample], signature: Signature) -> list[Example]:
    return [
        Example(call=e.call, expected=e.expected, provenance=Provenance(source=Source.human, detail="prompt"))
        for e in examples
        if e.name == signature.name and len(e.args) == len(signature.parameters)
    ]


def merge_to_ir(
    prompt: str,
    intent: Intent,
    signature: Signature,
    assertions: list[Assertion],
    examples: list[Example],
) -> IR:
    return IR(
        intent=intent,
        signature=signature,
        assertions=assertions,
        examples=examples,
        metadata=Metadata(origin=Origin.forward, qualname=signature.name, prompt=prompt),
    )


def example_types(examples: Sequence[PromptExample]) -> list[str | None]:
    """Types of the first example's arguments; used to describe the prompt to the model."""
    return [type_of_value(a) for a in examples[0].args] if examples else []
