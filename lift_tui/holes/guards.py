"""Model-free candidates for expression-shaped holes: preconditions, postconditions, values, text.

Guards are proposed from each parameter's type (numbers: sign; sized values: non-empty;
optionals: not None) and strengthened by what the body does with the parameter (divides by
it, indexes it, passes it to ``range``) and by the docstring's words ("positive", "non-empty").
"""

from __future__ import annotations

import ast
import re

from lift_tui.ir import IR, Hole

from .infer import Evidence, body_nodes
from .source import FunctionSource
from .typetext import normalize_type

_NUMERIC = {"int", "float"}
_SIZED_HEADS = (
    "str",
    "bytes",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "Sequence",
    "Mapping",
    "Collection",
    "Sized",
    "MutableSequence",
    "MutableMapping",
    "bytearray",
)
_WORDS = [
    (re.compile(r"\bnon-?negative\b|\b>= ?0\b|\bat least (0|zero)\b", re.I), "{p} >= 0", "numeric"),
    (re.compile(r"\bpositive\b|\bgreater than (0|zero)\b", re.I), "{p} > 0", "numeric"),
    (re.compile(r"\bnon-?empty\b|\bmust not be empty\b|\bat least one\b", re.I), "len({p}) > 0", "sized"),
    (re.compile(r"\bnot None\b|\bmust be given\b", re.I), "{p} is not None", "any"),
]


def _shape(hint: str | None) -> str:
    canon = normalize_type(hint) if hint else None
    if canon is None:
        return "unknown"
    if canon.endswith("| None"):
        return "optional"
    if canon in _NUMERIC or canon == "int | float" or canon == "float | int":
        return "numeric"
    if canon.split("[", 1)[0] in _SIZED_HEADS:
        return "sized"
    return "other"


def _scope_params(ir: IR, hole: Hole) -> list[str]:
    names = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
    mentioned = [
        n for n in names if re.search(rf"\b{re.escape(n)}\b", f"{hole.type_hint} {hole.description}")
    ]
    return mentioned or names


def _body_uses(fn: FunctionSource | None, name: str) -> list[Evidence]:
    if fn is None:
        return []
    found: list[Evidence] = []
    for item in body_nodes(fn.node):
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Div | ast.FloorDiv | ast.Mod):
            right = item.right
            if isinstance(right, ast.Name) and right.id == name:
                found.append(Evidence(f"{name} != 0", "divisor", f"the body divides by `{name}`", 0.55))
            if (
                isinstance(right, ast.Call)
                and isinstance(right.func, ast.Name)
                and right.func.id == "len"
                and right.args
                and isinstance(right.args[0], ast.Name)
                and right.args[0].id == name
            ):
                found.append(
                    Evidence(f"len({name}) > 0", "divisor", f"the body divides by `len({name})`", 0.55)
                )
        elif isinstance(item, ast.Subscript) and isinstance(item.value, ast.Name) and item.value.id == name:
            if isinstance(item.slice, ast.Constant | ast.UnaryOp) and not isinstance(item.ctx, ast.Store):
                found.append(
                    Evidence(f"len({name}) > 0", "index", f"the body reads `{ast.unparse(item)}`", 0.45)
                )
        elif isinstance(item, ast.Call) and isinstance(item.func, ast.Name):
            first = item.args[0] if item.args else None
            if isinstance(first, ast.Name) and first.id == name:
                if item.func.id in ("max", "min") and len(item.args) == 1 and not item.keywords:
                    found.append(
                        Evidence(f"len({name}) > 0", "max-min", f"`{item.func.id}({name})` needs items", 0.5)
                    )
                if item.func.id == "range":
                    found.append(Evidence(f"{name} >= 0", "range", f"`range({name})` counts up to it", 0.35))
        elif isinstance(item, ast.If) and any(isinstance(s, ast.Raise) for s in item.body):
            names = {n.id for n in ast.walk(item.test) if isinstance(n, ast.Name)}
            if name in names:
                found.append(
                    Evidence(
                        _negate(item.test), "guard", f"the body raises when `{ast.unparse(item.test)}`", 0.6
                    )
                )
        elif isinstance(item, ast.Assert):
            names = {n.id for n in ast.walk(item.test) if isinstance(n, ast.Name)}
            if name in names:
                found.append(Evidence(ast.unparse(item.test), "assert", "asserted in the body", 0.6))
    return found


_FLIP = {
    ast.Lt: ">=",
    ast.LtE: ">",
    ast.Gt: "<=",
    ast.GtE: "<",
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.Is: "is not",
    ast.IsNot: "is",
    ast.In: "not in",
    ast.NotIn: "in",
}


def _negate(test: ast.expr) -> str:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return ast.unparse(test.operand)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _FLIP:
        return f"{ast.unparse(test.left)} {_FLIP[type(test.ops[0])]} {ast.unparse(test.comparators[0])}"
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return " and ".join(_wrap(_negate(v)) for v in test.values)
    return (
        f"not ({ast.unparse(test)})"
        if not isinstance(test, ast.Name | ast.Call)
        else f"not {ast.unparse(test)}"
    )


def _wrap(text: str) -> str:
    return f"({text})" if " or " in text else text


def precondition_evidence(
    ir: IR, hole: Hole, fn: FunctionSource | None, doc_text: str, inferred: dict[str, str] | None = None
) -> list[Evidence]:
    evidence: list[Evidence] = []
    existing = {a.expression for a in ir.assertions}
    for name in _scope_params(ir, hole):
        param = ir.signature.parameter(name)
        declared = param.type_hint if param else None
        hint = declared or (inferred or {}).get(name)
        shape = _shape(hint)
        scale = 1.0 if declared else 0.8  # a guessed type is weaker evidence than a declared one
        head = (normalize_type(hint) or "").split("[", 1)[0] if hint else ""
        if re.fullmatch(r"[A-Za-z_][\w.]*", head) and head not in ("Any", "object", "None"):
            evidence.append(
                Evidence(
                    f"isinstance({name}, {head})",
                    "isinstance",
                    f"`{name}` is {'declared' if declared else 'probably'} a {head}",
                    0.3 * scale if not declared else 0.12,
                )
            )
        if shape == "numeric":
            evidence.append(Evidence(f"{name} >= 0", "type", f"`{name}` is a number", 0.25))
            evidence.append(Evidence(f"{name} > 0", "type", f"`{name}` is a number", 0.2))
        elif shape == "sized":
            evidence.append(Evidence(f"len({name}) > 0", "type", f"`{name}` has a length", 0.25))
        elif shape == "optional":
            evidence.append(Evidence(f"{name} is not None", "type", f"`{name}` may be None", 0.25))
        elif shape == "unknown":
            evidence.append(Evidence(f"{name} is not None", "type", f"`{name}` has no known type", 0.1))
        evidence += _body_uses(fn, name)
        described = " ".join(filter(None, [param.description if param else None]))
        for pattern, template, needs in _WORDS:
            if pattern.search(described) and (needs in (shape, "any") or shape == "unknown"):
                evidence.append(
                    Evidence(
                        template.format(p=name),
                        "docstring",
                        f"the docstring says `{name}` is {pattern.search(described).group(0)}",
                        0.6,
                    )
                )
        if len(_scope_params(ir, hole)) == 1 and doc_text:
            for pattern, template, needs in _WORDS:
                if pattern.search(doc_text) and needs in (shape, "any"):
                    evidence.append(
                        Evidence(template.format(p=name), "docstring", "the docstring's wording", 0.35)
                    )
    return [e for e in evidence if e.value not in existing]


def postcondition_evidence(ir: IR) -> list[Evidence]:
    returns = ir.signature.returns
    shape = _shape(returns)
    evidence: list[Evidence] = []
    if returns and normalize_type(returns) not in (None, "None"):
        evidence.append(Evidence("result is not None", "type", "the function returns a value", 0.3))
        head = (normalize_type(returns) or "").split("[", 1)[0]
        if re.fullmatch(r"[A-Za-z_][\w]*", head) and head not in ("Any", "object"):
            evidence.append(
                Evidence(f"isinstance(result, {head})", "type", f"the return type is {returns}", 0.3)
            )
    if shape == "numeric":
        evidence.append(Evidence("result >= 0", "type", "a numeric result", 0.2))
    if shape == "sized":
        evidence.append(Evidence("len(result) >= 0", "type", "a sized result", 0.1))
    return evidence


def value_evidence(ir: IR, hole: Hole, locals_typed: dict[str, str | None]) -> list[Evidence]:
    wanted = normalize_type(hole.type_hint)
    evidence: list[Evidence] = []
    scope = {p.name: p.type_hint for p in ir.signature.parameters} | locals_typed
    for name, hint in scope.items():
        if hint and wanted and normalize_type(hint) == wanted:
            evidence.append(Evidence(name, "scope", f"`{name}` is in scope with type {hint}", 0.55))
    literals = {
        "int": ["0", "1"],
        "float": ["0.0"],
        "str": ['""'],
        "bool": ["False", "True"],
        "bytes": ['b""'],
        "list": ["[]"],
        "dict": ["{}"],
        "set": ["set()"],
        "tuple": ["()"],
    }
    head = (wanted or "").split("[", 1)[0]
    for literal in literals.get(head, []):
        evidence.append(Evidence(literal, "literal", f"a {head} literal", 0.2))
    if wanted and wanted.endswith("| None") or wanted == "None":
        evidence.append(Evidence("None", "literal", "the type admits None", 0.3))
    return evidence


def summary_evidence(ir: IR) -> list[Evidence]:
    words = [w for w in re.split(r"_+|(?<=[a-z])(?=[A-Z])", ir.signature.name) if w]
    if not words:
        return []
    verb, rest = words[0].lower(), " ".join(w.lower() for w in words[1:])
    params = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
    if verb in ("is", "has", "can", "should"):
        text = f"Return True if {' '.join(['the object' if not params else params[0], verb, rest]).strip()}."
    elif verb in ("get", "to", "as"):
        text = f"Return the {rest or 'value'}" + (f" of {params[0]}." if params else ".")
    else:
        text = f"{verb.capitalize()} {rest}".strip() + "."
    return [Evidence(text, "name", "read from the function's name", 0.3)]
